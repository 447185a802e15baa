import type { Change } from '@ralf/shared';
import { sql } from 'kysely';
import type { Db } from '../adapters/db/client';
import { iso } from '../adapters/db/iso';
import { holdWriteLock } from './write-lock';

export const CHANGE_CHANNEL = 'ralf_change';

export type NewChange = Pick<Change, 'topic' | 'kind' | 'subject'>;

/** The change log (table ralf.change) every feature appends to and the live feed reads. */
export const changeLog = Object.freeze({
  /**
   * Appends changes in the caller's transaction and announces them on commit (NOTIFY is
   * transactional: written, then published). The write lock orders the appends, so
   * sequence numbers commit in order and a reader resuming after seq N never misses one below it.
   */
  async insertMany(trx: Db, at: Date, changes: NewChange[]): Promise<number[]> {
    if (changes.length === 0) return [];
    await holdWriteLock(trx);
    const rows = await trx
      .insertInto('ralf.change')
      .values(changes.map((c) => ({ at, topic: c.topic, kind: c.kind, subject: c.subject })))
      .returning('seq')
      .execute();
    const seqs = rows.map((r) => Number(r.seq));
    await sql`select pg_notify(${CHANGE_CHANNEL}, ${String(Math.max(...seqs))})`.execute(trx);
    return seqs;
  },
  async listAfter(db: Db, seq: number, limit: number): Promise<Change[]> {
    const rows = await db
      .selectFrom('ralf.change')
      .selectAll()
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      seq: Number(r.seq),
      at: iso(r.at),
      topic: r.topic as Change['topic'],
      kind: r.kind,
      subject: r.subject,
    }));
  },
  async bounds(db: Db): Promise<{ oldest: number | null; latest: number }> {
    const r = await db
      .selectFrom('ralf.change')
      .select((eb) => [eb.fn.min('seq').as('oldest'), eb.fn.max('seq').as('latest')])
      .executeTakeFirstOrThrow();
    return { oldest: r.oldest === null ? null : Number(r.oldest), latest: r.latest === null ? 0 : Number(r.latest) };
  },
  async pruneBefore(db: Db, before: Date): Promise<void> {
    await db.deleteFrom('ralf.change').where('at', '<', before).execute();
  },
});
