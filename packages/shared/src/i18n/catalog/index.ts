import type { Language } from '../format';
import { deployMessages } from './deploy';
import { errorMessages } from './errors';
import { healthMessages } from './health';
import { inputMessages } from './input';
import { loopMessages } from './loops';
import { planMessages } from './plans';
import { statusMessages } from './status';
import { alertMessages } from './alerts';
import { serviceMessages } from './services';
import { trailMessages } from './trails';
import { notifyMessages } from './notify';

/** One entry per code, with its text in every language: a code without both fails the build. */
export type Catalog = Record<string, Record<Language, string>>;

export const CATALOG = {
  text: { en: '{text}', de: '{text}' },
  ...inputMessages,
  ...deployMessages,
  ...planMessages,
  ...loopMessages,
  ...statusMessages,
  ...healthMessages,
  ...errorMessages,
  ...trailMessages,
  ...serviceMessages,
  ...alertMessages,
  ...notifyMessages,
} satisfies Catalog;

export type MessageCode = Extract<keyof typeof CATALOG, string>;
