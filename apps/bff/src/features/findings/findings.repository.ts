import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../adapters/db/client';
import type { FindingTable } from '../../adapters/db/tables-records';

export type FindingRow = Selectable<FindingTable>;

/** Compliance findings, one row per policy and target (table ralf.finding). */
export const findingsRepository = Object.freeze({
  listAll: (db: Db): Promise<FindingRow[]> => db.selectFrom('ralf.finding').selectAll().execute(),
  /** Seen again, unchanged. */
  async touch(db: Db, key: string, source: string, at: Date): Promise<void> {
    await db.updateTable('ralf.finding').set({ last_seen: at, source }).where('key', '=', key).execute();
  },
  /** A new result for a key; `reopened` starts its first-seen again. */
  async save(db: Db, row: Insertable<FindingTable>, reopened: boolean): Promise<void> {
    const { key: _key, first_seen: _first, ...update } = row;
    await db
      .insertInto('ralf.finding')
      .values(row)
      .onConflict((oc) => oc.column('key').doUpdateSet({ ...update, ...(reopened && { first_seen: row.first_seen }) }))
      .execute();
  },
  async resolve(db: Db, key: string, at: Date, reason: string): Promise<void> {
    await db
      .updateTable('ralf.finding')
      .set({ resolved_at: at, resolved_reason: reason })
      .where('key', '=', key)
      .execute();
  },
});
