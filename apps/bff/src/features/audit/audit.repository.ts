import type { AuditEvent } from '@ralf/shared';
import type { Selectable } from 'kysely';
import type { Db } from '../../adapters/db/client';
import { iso } from '../../adapters/db/iso';
import type { AuditEventTable } from '../../adapters/db/tables-records';

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

export const auditRepository = Object.freeze({
  async findLastHash(db: Db): Promise<string | null> {
    const row = await db
      .selectFrom('ralf.audit_event')
      .select('hash')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.hash ?? null;
  },
  async insertEvent(db: Db, e: Omit<AuditEvent, 'seq' | 'id'>): Promise<AuditEvent> {
    const row = await db
      .insertInto('ralf.audit_event')
      .values({
        at: e.at,
        actor: e.actor,
        action: e.action,
        subject: e.subject,
        outcome: e.outcome,
        source_ip: e.sourceIp,
        before: json(e.before),
        after: json(e.after),
        details: json(e.details),
        prev_hash: e.prevHash,
        hash: e.hash,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toEvent(row);
  },
  /** The stored hash of one row (null when it is gone). */
  async findHash(db: Db, seq: number): Promise<string | null> {
    const row = await db.selectFrom('ralf.audit_event').select('hash').where('seq', '=', seq).executeTakeFirst();
    return row?.hash ?? null;
  },
  /** Events in chain order after `afterSeq`, at most `limit`. */
  async listAfter(db: Db, afterSeq: number, limit: number): Promise<AuditEvent[]> {
    const rows = await db
      .selectFrom('ralf.audit_event')
      .selectAll()
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toEvent);
  },
  /** Newest first, filtered as on the audit page; `cursor` pages back by sequence number. */
  async list(db: Db, f: AuditFilter, limit: number): Promise<AuditEvent[]> {
    let q = db.selectFrom('ralf.audit_event').selectAll();
    if (f.actor) q = q.where('actor', 'ilike', `%${escapeLike(f.actor)}%`);
    if (f.action) q = q.where('action', 'ilike', `${escapeLike(f.action)}%`);
    if (f.subject) q = q.where('subject', 'ilike', `%${escapeLike(f.subject)}%`);
    if (f.who) q = q.where('actor', 'like', `${WHO_PREFIX[f.who]}%`);
    if (f.from) q = q.where('at', '>=', new Date(f.from));
    if (f.to) q = q.where('at', '<', new Date(f.to));
    if (f.cursor) q = q.where('seq', '<', f.cursor);
    const rows = await q.orderBy('seq', 'desc').limit(limit).execute();
    return rows.map(toEvent);
  },
});

const WHO_PREFIX = { people: 'user:', agents: 'token:', system: 'system:' } as const;

export interface AuditFilter {
  who?: keyof typeof WHO_PREFIX | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  subject?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: number | null | undefined;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function toEvent(r: Selectable<AuditEventTable>): AuditEvent {
  return {
    seq: Number(r.seq),
    id: r.id,
    at: iso(r.at),
    actor: r.actor,
    action: r.action,
    subject: r.subject,
    outcome: r.outcome as AuditEvent['outcome'],
    sourceIp: r.source_ip,
    before: r.before ?? null,
    after: r.after ?? null,
    details: r.details ?? null,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
