import type { Change } from '@ralf/shared';
import type { DbClient } from '../../adapters/db/client';
import { CHANGE_CHANNEL, changeLog as changes } from '../../lib/change-log';

/** Called with each batch of changes read, in order. */
type Listener = (changes: Change[]) => void;

/**
 * One per BFF process: LISTENs for the change log's NOTIFY and reads what is new once, for all
 * of this process's live browsers. Every replica runs one, so each streams every change made
 * through any of them (DESIGN.md §7). It keeps no state another replica needs: the log is the truth.
 */
export class LiveHub {
  private readonly listeners = new Set<Listener>();
  private last = 0;
  private pulling: Promise<void> | null = null;
  private again = false;
  private stopListening: (() => Promise<void>) | null = null;

  constructor(private readonly client: DbClient) {}

  async start(): Promise<void> {
    this.last = (await changes.bounds(this.client.db)).latest;
    this.stopListening = await this.client.listen(
      CHANGE_CHANNEL,
      () => void this.pull(),
      () => void this.pull(),
    );
  }

  /** The newest sequence number this process has passed on. */
  get position(): number {
    return this.last;
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Reads every change after the last one passed on, in order; one reader at a time. */
  pull(): Promise<void> {
    if (this.pulling) {
      this.again = true;
      return this.pulling;
    }
    this.pulling = (async () => {
      try {
        do {
          this.again = false;
          for (;;) {
            const batch = await changes.listAfter(this.client.db, this.last, 1000);
            if (batch.length === 0) break;
            this.last = batch[batch.length - 1]!.seq;
            for (const l of this.listeners) l(batch);
            if (batch.length < 1000) break;
          }
        } while (this.again);
      } catch {
        // The database is away; the next NOTIFY or the listener's reconnect pulls again.
      } finally {
        this.pulling = null;
      }
    })();
    return this.pulling;
  }

  async stop(): Promise<void> {
    await this.stopListening?.();
    this.listeners.clear();
  }
}
