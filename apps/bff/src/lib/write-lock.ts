import { sql } from 'kysely';
import type { Db } from '../adapters/db/client';

/**
 * The one lock every recorded change takes until its transaction ends, on every replica of one
 * database: audit events link into one chain, change-log sequence numbers commit in order (a
 * reader resuming after seq N never misses one below it), and an ingest event id is claimed once.
 */
export async function holdWriteLock(trx: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(7261707)`.execute(trx);
}
