import { SEARCH_KINDS, type SearchHit } from '@ralf/shared';

const KEY = 'ralf.palette.recent';
const KEEP = 8;

/** What was opened from the palette last, newest first (this browser only). */
export function recentHits(): SearchHit[] {
  try {
    const v: unknown = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? '[]');
    // Written by an older build or by hand: keep only what still reads as a hit.
    return Array.isArray(v)
      ? (v as SearchHit[]).filter(
          (h) =>
            h &&
            typeof h.id === 'string' &&
            typeof h.title === 'string' &&
            (SEARCH_KINDS as readonly string[]).includes(h.kind),
        )
      : [];
  } catch {
    return [];
  }
}

export function rememberHit(h: SearchHit): void {
  const rest = recentHits().filter((r) => !(r.kind === h.kind && r.id === h.id));
  // Its status then is not its status later: a remembered hit shows none.
  globalThis.localStorage?.setItem(KEY, JSON.stringify([{ ...h, status: null }, ...rest].slice(0, KEEP)));
}
