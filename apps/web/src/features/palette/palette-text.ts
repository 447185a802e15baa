import type { OT, OwnText } from '../../lib/own-text';
import de from './text.de.json';
import en from './text.en.json';

/** The palette's own words, loaded with its code (lib/own-text.ts). */
export type PaletteKey = keyof typeof en;
export const PALETTE_TEXT: OwnText<PaletteKey> = { en, de };
export type PT = OT<PaletteKey>;
