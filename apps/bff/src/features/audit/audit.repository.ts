import type { AuditEvent } from '@ralf/shared';
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../adapters/db/client';
import type { AuditEventTable } from '../../adapters/db/tables';

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

export const auditRepository = Object.freeze({
  /** Serializes appends to the chain until the transaction ends (every replica, one database). */
  async lockChain(db: Db): Promise<void> {
    await sql`select pg_advisory_xact_lock(7261707)`.execute(db);
  },
  async findLastHash(db: Db): Promise<string | null> {
    const row = await db.selectFrom('ralf.audit_event').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return row?.hash ?? null;
  },
  async insertEvent(db: Db, e: Omit<AuditEvent, 'seq' | 'id'>): Promise<AuditEvent> {
    const row = await db
      .insertInto('ralf.audit_event')
      .values({
        at: e.at, actor: e.actor, action: e.action, subject: e.subject, outcome: e.outcome, source_ip: e.sourceIp,
        before: json(e.before), after: json(e.after), details: json(e.details), prev_hash: e.prevHash, hash: e.hash,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toEvent(row);
  },
  /** Events in chain order after `afterSeq`, at most `limit`. */
  async listAfter(db: Db, afterSeq: number, limit: number): Promise<AuditEvent[]> {
    const rows = await db.selectFrom('ralf.audit_event').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
    return rows.map(toEvent);
  },
});

function toEvent(r: Selectable<AuditEventTable>): AuditEvent {
  return {
    seq: Number(r.seq), id: r.id, at: new Date(r.at).toISOString(), actor: r.actor, action: r.action, subject: r.subject,
    outcome: r.outcome as AuditEvent['outcome'], sourceIp: r.source_ip, before: r.before ?? null, after: r.after ?? null,
    details: r.details ?? null, prevHash: r.prev_hash, hash: r.hash,
  };
}
