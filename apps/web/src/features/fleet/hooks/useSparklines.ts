import { useQueries } from '@tanstack/react-query';
import { trpc } from '../../../lib/trpc';

const PAGE = 100;

/**
 * CPU sparklines for the rows on screen only: rows are asked for in pages of 100, so scrolling
 * through 5,000 guests asks for a few small pages, and the BFF slices one cached fleet query.
 */
export function useSparklines(ids: string[], visible: { first: number; last: number }): Map<string, (number | null)[]> {
  const pages = sparklinePages(ids, visible);
  const results = useQueries({
    queries: pages.map((page) => ({
      ...trpc.fleet.sparklines.queryOptions({ ids: page }),
      staleTime: 60_000,
      refetchInterval: 60_000,
    })),
  });
  const out = new Map<string, (number | null)[]>();
  for (const r of results) if (r.data) for (const [id, line] of Object.entries(r.data.lines)) out.set(id, line);
  return out;
}

/** The pages of 100 ids that hold the rows from `first` to `last`. */
export function sparklinePages(ids: string[], visible: { first: number; last: number }): string[][] {
  const pages: string[][] = [];
  for (let p = Math.floor(visible.first / PAGE); p <= Math.floor(visible.last / PAGE) && p * PAGE < ids.length; p++)
    pages.push(ids.slice(p * PAGE, (p + 1) * PAGE));
  return pages;
}
