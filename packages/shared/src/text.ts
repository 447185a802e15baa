import { z } from 'zod';
import type { MessageCode } from './i18n/messages';

/**
 * Text that PostgreSQL can store exactly as it was sent (issue 15). A NUL is refused by a text
 * column, and a lone UTF-16 surrogate cannot be encoded as UTF-8: the driver stores U+FFFD in its
 * place, so what was hashed or compared is not what was stored. Such text is refused at the door.
 */
const ILL_FORMED = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isWellFormedText = (s: string): boolean => !ILL_FORMED.test(s);

/** The same text with every NUL and lone surrogate replaced by U+FFFD, as PostgreSQL would keep it. */
export const wellFormed = (s: string): string =>
  isWellFormedText(s) ? s : s.replace(new RegExp(ILL_FORMED.source, 'g'), '\uFFFD');

/** Length in code points: an emoji is one character, as the user counts it. */
export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** The first `max` code points: a cut never splits a surrogate pair. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = '';
  let n = 0;
  for (const c of s) {
    if (n++ === max) break;
    out += c;
  }
  return out;
}

export const ILL_FORMED_MESSAGE = 'input.illFormed';

/**
 * The one text type of every input (tRPC, REST ingest, profile, catalog and policy files): no NUL,
 * no lone surrogates, and `min`/`max` counted in code points. `trim` trims first. Messages are
 * codes of the catalog (issue 18), so a refusal reads in the reader's language.
 */
export function text(
  opts: { min?: number; max?: number; trim?: boolean; minMessage?: MessageCode; maxMessage?: MessageCode } = {},
) {
  let s = z.string();
  if (opts.trim) s = s.trim();
  s = s.refine(isWellFormedText, ILL_FORMED_MESSAGE);
  const { min, max } = opts;
  if (min !== undefined)
    s = s.refine((v) => codePoints(v) >= min, {
      message: opts.minMessage ?? (min === 1 ? 'input.required' : 'input.minChars'),
      params: { min },
    });
  if (max !== undefined)
    s = s.refine((v) => codePoints(v) <= max, { message: opts.maxMessage ?? 'input.maxChars', params: { max } });
  return s;
}

/**
 * The path of the first string (a value or an object key) in a JSON value that is not
 * well-formed, or null. For inputs whose shape is free (facts, details, inputs of a trail). It runs
 * on every request body, so it walks without allocating and builds the path only when it finds one.
 */
export function illFormedPath(value: unknown): (string | number)[] | null {
  const path: (string | number)[] = [];
  const walk = (v: unknown, depth: number): boolean => {
    if (typeof v === 'string') return !isWellFormedText(v);
    if (v === null || typeof v !== 'object' || depth > 64) return false;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        if (walk(v[i], depth + 1)) return (path.unshift(i), true);
      }
      return false;
    }
    for (const k in v) {
      if (!isWellFormedText(k)) return (path.unshift(k), true);
      if (walk((v as Record<string, unknown>)[k], depth + 1)) return (path.unshift(k), true);
    }
    return false;
  };
  return walk(value, 0) ? path : null;
}

/** The refusal of a value that holds ill-formed text, naming where (`events.0.title: …`), or null. */
export function illFormedProblem(value: unknown, whole: string): string | null {
  const path = illFormedPath(value);
  return path ? `${path.join('.') || whole}: contains a NUL character or a broken UTF-16 surrogate` : null;
}
