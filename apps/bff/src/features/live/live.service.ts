import type { Change, LiveMessage } from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import { changeLog as changes } from '../../lib/change-log';
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
  let closing = false;
  const wakers = new Set<() => void>();
  return {
    /**
     * Ends every open stream with a `reconnect` message (SIGTERM, issue 16): the browsers come
     * back to another replica or to this one restarted, and the process can exit at once.
     */
    close(): void {
      closing = true;
      for (const w of wakers) w();
    },

    async *stream(after: number | null, signal: AbortSignal | undefined): AsyncGenerator<LiveItem> {
      const queue: Change[] = [];
      let wake: (() => void) | null = null;
      const wakeOnClose = () => wake?.();
      wakers.add(wakeOnClose);
      const unsubscribe = hub.subscribe((batch) => {
        queue.push(...batch);
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
              if (batch.length === 0) break;
              last = batch[batch.length - 1]!.seq;
              yield { seq: last, message: { type: 'changes', changes: batch } };
              if (batch.length < 1000) break;
            }
          }
        }
        while (!signal?.aborted) {
          if (closing) {
            yield { seq: last, message: { type: 'reconnect' } };
            return;
          }
          // Everything that arrived since the last message goes out as one.
          const fresh = queue.splice(0).filter((c) => c.seq > last);
          if (fresh.length) {
            last = fresh[fresh.length - 1]!.seq;
            yield { seq: last, message: { type: 'changes', changes: fresh } };
            continue;
          }
          await new Promise<void>((r) => (wake = r));
          wake = null;
        }
      } finally {
        wakers.delete(wakeOnClose);
        unsubscribe();
        signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

export type LiveService = ReturnType<typeof createLiveService>;
