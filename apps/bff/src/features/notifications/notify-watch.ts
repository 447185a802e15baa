import type { Db } from '../../adapters/db/client';
import type { Clock } from '../../adapters/ports';
import type { NotifyEvent } from './notifications.service';

/** Something the watcher sees now: its key (what makes it the same thing next time) and its news. */
export interface Seen {
  key: string;
  event: NotifyEvent;
  /** Told when it is gone (an alert's end); nothing when left out. */
  gone?: NotifyEvent;
}

/** A family of things to watch: its key prefix, and whether what exists at the first look is news. */
export interface Watched {
  prefix: string;
  /** At the first look ever, record what is there without telling (old findings are not news). */
  baseline?: boolean;
  read: () => Promise<Seen[]>;
}

/** A source counts as unavailable for notifications after this long (RALF_NOTIFY_SOURCE_AFTER). */
export const SOURCE_AFTER_MS = 10 * 60_000;

/**
 * The news ralf-ui finds by looking (issue 23): alerts firing and resolving, loops overdue or
 * missed, new critical and high findings, stale and failed backups, a broken audit chain, a source
 * away too long. Each look compares what is there with what was told (`notify_seen`): what is new is
 * told once (the key is inserted in the transaction that queues the news, so two replicas tell it
 * once), what is gone is forgotten (and its end told, for alerts). A family that cannot be read
 * this time is left as it was.
 */
export function createNotifyWatch(deps: {
  db: Db;
  clock: Clock;
  emit: (trx: Db, e: NotifyEvent) => Promise<void>;
  /** The families to look at, made anew for each look (so they can share what one look reads). */
  families: () => readonly Watched[];
}) {
  const { db, clock } = deps;

  async function look(f: Watched): Promise<number> {
    const now = clock.now();
    const current = await f.read();
    const rows = await db
      .selectFrom('ralf.notify_seen')
      .select(['key', 'gone'])
      .where('key', 'like', `${f.prefix}:%`)
      .execute();
    const told = new Map(rows.map((r) => [r.key, r.gone as NotifyEvent | null]));
    const marker = `${f.prefix}:~baseline`;
    const first = f.baseline && !told.has(marker);
    let sent = 0;
    await db.transaction().execute(async (trx) => {
      if (first)
        await trx
          .insertInto('ralf.notify_seen')
          .values({ key: marker, since: now })
          .onConflict((oc) => oc.doNothing())
          .execute();
      const keys = new Set(current.map((s) => s.key));
      for (const s of current) {
        if (told.has(s.key)) continue;
        const added = await trx
          .insertInto('ralf.notify_seen')
          .values({ key: s.key, since: now, gone: s.gone ? JSON.stringify(s.gone) : null })
          .onConflict((oc) => oc.column('key').doNothing())
          .returning('key')
          .executeTakeFirst();
        if (added && !first) {
          await deps.emit(trx, s.event);
          sent++;
        }
      }
      const gone = [...told.keys()].filter((k) => k !== marker && !keys.has(k));
      if (!gone.length) return;
      const removed = await trx
        .deleteFrom('ralf.notify_seen')
        .where('key', 'in', gone)
        .returning(['key', 'gone'])
        .execute();
      for (const r of removed)
        if (r.gone) {
          await deps.emit(trx, r.gone as NotifyEvent);
          sent++;
        }
    });
    return sent;
  }

  return {
    /** One look at every family; one that cannot be read is skipped this time. */
    async check(onError?: (prefix: string, err: unknown) => void): Promise<number> {
      let n = 0;
      for (const f of deps.families()) {
        try {
          n += await look(f);
        } catch (err) {
          onError?.(f.prefix, err);
        }
      }
      return n;
    },
  };
}
