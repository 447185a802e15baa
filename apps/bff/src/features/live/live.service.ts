import type { Change, LiveMessage } from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import { changesRepository as changes } from './changes.repository';
import type { LiveHub } from './live-hub';

/** More missed changes than this, and the browser is told to read everything again instead. */
const MAX_BACKLOG = 5000;

export interface LiveItem {
  seq: number;
  message: LiveMessage;
}

/**
 * A browser's stream of changes (issue 4). With `after` (its resume position, the last seq it
 * saw) it first gets what it missed, from the database, then what arrives; without, only what
 * arrives. Nothing is sent twice or skipped: the live ones are held back until the backlog is out.
 */
export function createLiveService({ db, hub }: { db: Db; hub: LiveHub }) {
  return {
    async *stream(after: number | null, signal: AbortSignal | undefined): AsyncGenerator<LiveItem> {
      const queue: Change[] = [];
      let wake: (() => void) | null = null;
      const unsubscribe = hub.subscribe((c) => {
        queue.push(c);
        wake?.();
      });
      const onAbort = () => wake?.();
      signal?.addEventListener('abort', onAbort);
      try {
        let last = after ?? hub.position;
        if (after !== null) {
          const { oldest, latest } = await changes.bounds(db);
          if (latest - after > MAX_BACKLOG || (oldest !== null && after < oldest - 1)) {
            yield { seq: latest, message: { type: 'resync', seq: latest } };
            last = latest;
          } else {
            for (;;) {
              const batch = await changes.listAfter(db, last, 1000);
              for (const c of batch) yield { seq: c.seq, message: { type: 'change', change: c } };
              if (batch.length) last = batch[batch.length - 1]!.seq;
              if (batch.length < 1000) break;
            }
          }
        }
        while (!signal?.aborted) {
          while (queue.length) {
            const c = queue.shift()!;
            if (c.seq <= last) continue;
            last = c.seq;
            yield { seq: c.seq, message: { type: 'change', change: c } };
          }
          await new Promise<void>((r) => (wake = r));
          wake = null;
        }
      } finally {
        unsubscribe();
        signal?.removeEventListener('abort', onAbort);
      }
    },
    subscribers: () => hub.subscribers,
  };
}

export type LiveService = ReturnType<typeof createLiveService>;
