import { z } from 'zod';
import { text } from './text';

// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included
const ASCII = /^[\x00-\x7f]*$/;

/**
 * Text as search compares it: lower case, accents and ligatures folded ("Küchen-Pi" → "kuchen-pi",
 * "Straße" → "strasse"), so an operator types what their keyboard has.
 */
export function fold(s: string): string {
  // Most names are plain ASCII: lower case is all they need (the fleet filters 5,000 of them per request).
  if (ASCII.test(s)) return s.toLowerCase();
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/œ/g, 'oe')
    .replace(/ł/g, 'l')
    .replace(/đ/g, 'd');
}

const WORD_START = /[\s\-_./:@,()[\]]/;

/**
 * How well one folded query word matches one folded field: a whole match scores highest, then a
 * prefix, a word's start, anywhere inside, and last the letters in order with gaps (fuzzy; "jlfn"
 * finds "jellyfin"). Null: no match. Gaps cost, letters at word starts earn.
 */
export function wordScore(word: string, field: string): number | null {
  if (!word) return 0;
  if (field === word) return 100;
  const at = field.indexOf(word);
  if (at === 0) return 90 - Math.min(10, field.length - word.length) / 2;
  if (at > 0) {
    const startsWord = WORD_START.test(field[at - 1]!);
    return (startsWord ? 75 : 55) - Math.min(10, at) / 2;
  }
  // Letters in order: at most two letters skipped per letter matched, or it is noise.
  if (word.length < 2) return null;
  let score = 30;
  let from = 0;
  let gaps = 0;
  for (const ch of word) {
    const i = field.indexOf(ch, from);
    if (i < 0) return null;
    if (i > from) gaps += i - from;
    if (i === 0 || WORD_START.test(field[i - 1]!)) score += 2;
    from = i + 1;
  }
  if (gaps > word.length * 2) return null;
  return score - gaps;
}

/**
 * A record's score for a query: every word of the query must match one of its fields (folded
 * first); the best field per word counts, the first field (its name) a little more. Null: no match.
 */
export function matchScore(words: readonly string[], fields: readonly string[]): number | null {
  let total = 0;
  for (const w of words) {
    let best: number | null = null;
    for (let i = 0; i < fields.length; i++) {
      const s = wordScore(w, fields[i]!);
      if (s !== null) {
        const weighted = i === 0 ? s + 5 : s;
        if (best === null || weighted > best) best = weighted;
      }
    }
    if (best === null) return null;
    total += best;
  }
  return total / Math.max(1, words.length);
}

/** The query's words, folded. */
export const queryWords = (q: string): string[] => fold(q).split(/\s+/).filter(Boolean);

export const SEARCH_KINDS = [
  'node',
  'guest',
  'service',
  'template',
  'plan',
  'deployment',
  'loop',
  'finding',
  'trail',
] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const SearchInputSchema = z
  .object({
    q: text({ trim: true, min: 1, max: 100 }),
    limit: z.number().int().min(1).max(50).default(20),
  })
  .strict();
export type SearchInput = z.input<typeof SearchInputSchema>;

/** One thing found. `status` lets the palette offer what fits (start a stopped guest). */
export const SearchHitSchema = z.object({
  kind: z.enum(SEARCH_KINDS),
  /** Its id (a guest's `qemu/204`, a node's `node/pve1`, a plan's uuid); the page follows from kind and id. */
  id: z.string(),
  title: z.string(),
  /** What tells two hits apart: a guest's vmid, node and address; a plan's status. */
  detail: z.string(),
  status: z.string().nullable(),
  /** A service's guest (its page until services have their own). */
  guestId: z.string().nullable(),
  /** A guest's node (the palette offers to migrate it to the others). */
  nodeId: z.string().nullable(),
  score: z.number(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

export const SearchResultSchema = z.object({ hits: z.array(SearchHitSchema) });
export type SearchResult = z.infer<typeof SearchResultSchema>;
