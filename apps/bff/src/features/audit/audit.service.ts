import { AuditListInputSchema, type AuditEntry, type AuditEvent, type AuditListInput, type AuditPage, type AuditVerification } from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import type { Clock } from '../../adapters/ports';
import { AppError } from '../../lib/app-error';
import { chainHash, GENESIS, type HashedContent } from './audit-hash';
import { auditRepository as repo } from './audit.repository';

const content = (e: Omit<AuditEvent, 'seq' | 'id' | 'prevHash' | 'hash'>): HashedContent => ({
  at: e.at, actor: e.actor, action: e.action, subject: e.subject, outcome: e.outcome, sourceIp: e.sourceIp, before: e.before, after: e.after, details: e.details,
});

/**
 * The audit trail every change goes through (issue 3): `record` appends an event inside the
 * caller's transaction, so the change and its record commit together or not at all (fail
 * closed); `verify` recomputes the chain and names the first row that does not match.
 */
export function createAuditLog({ clock }: { clock: Clock }) {
  return {
    async record(trx: Db, entry: AuditEntry): Promise<AuditEvent> {
      if (!trx.isTransaction) throw new AppError('INTERNAL', { message: 'audit events are recorded inside the transaction of the change they record' });
      const event = {
        at: clock.now().toISOString(), actor: entry.actor, action: entry.action, subject: entry.subject ?? null, outcome: entry.outcome ?? 'success',
        sourceIp: entry.sourceIp ?? null, before: entry.before ?? null, after: entry.after ?? null, details: entry.details ?? null,
      };
      try {
        await repo.lockChain(trx);
        const prevHash = (await repo.findLastHash(trx)) ?? GENESIS;
        return await repo.insertEvent(trx, { ...event, prevHash, hash: chainHash(prevHash, content(event)) });
      } catch (err) {
        // The caller's transaction rolls back with it: no change without its record (fail closed).
        throw new AppError('INTERNAL', { message: `the audit event for ${entry.action} could not be written, so the change was not made`, cause: err });
      }
    },

    /** For an event that accompanies no other change (a failed sign-in, a refused request). */
    async recordAlone(db: Db, entry: AuditEntry): Promise<AuditEvent> {
      return db.transaction().execute((trx) => this.record(trx, entry));
    },

    async list(db: Db, input: AuditListInput): Promise<AuditPage> {
      const f = AuditListInputSchema.parse(input);
      const events = await repo.list(db, f, f.limit + 1);
      const more = events.length > f.limit;
      if (more) events.pop();
      return { events, nextCursor: more ? events[events.length - 1]!.seq : null };
    },

    /** Every event matching the filter, newest first, a page at a time (for the export). */
    async *all(db: Db, filter: Omit<AuditListInput, 'limit' | 'cursor'>): AsyncGenerator<AuditEvent> {
      let cursor: number | null = null;
      for (;;) {
        const page = await this.list(db, { ...filter, cursor, limit: 500 });
        yield* page.events;
        if (page.nextCursor === null) return;
        cursor = page.nextCursor;
      }
    },

    async verify(db: Db, pageSize = 1000): Promise<AuditVerification> {
      let prev = GENESIS;
      let after = 0;
      let checked = 0;
      for (;;) {
        const page = await repo.listAfter(db, after, pageSize);
        for (const e of page) {
          if (e.prevHash !== prev) return { ok: false, checked, firstBroken: { seq: e.seq, id: e.id, reason: 'does not link to the event before it' } };
          if (chainHash(e.prevHash, content(e)) !== e.hash) return { ok: false, checked, firstBroken: { seq: e.seq, id: e.id, reason: 'its content does not match its hash' } };
          prev = e.hash;
          checked++;
        }
        if (page.length < pageSize) return { ok: true, checked, firstBroken: null };
        after = page[page.length - 1]!.seq;
      }
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;

/** The audit page's reads and the records of refused requests, bound to the database. */
export function createAuditService({ db, log }: { db: Db; log: AuditLog }) {
  return {
    list: (input: AuditListInput) => log.list(db, input),
    all: (filter: Omit<AuditListInput, 'limit' | 'cursor'>) => log.all(db, filter),
    verify: () => log.verify(db),
    recordDenied: (entry: Omit<AuditEntry, 'outcome'>) => log.recordAlone(db, { ...entry, outcome: 'denied' }),
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
