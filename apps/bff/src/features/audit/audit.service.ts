import type { AuditEntry, AuditEvent, AuditVerification } from '@ralf/shared';
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
      await repo.lockChain(trx);
      const prevHash = (await repo.findLastHash(trx)) ?? GENESIS;
      const event = {
        at: clock.now().toISOString(), actor: entry.actor, action: entry.action, subject: entry.subject ?? null, outcome: entry.outcome ?? 'success',
        sourceIp: entry.sourceIp ?? null, before: entry.before ?? null, after: entry.after ?? null, details: entry.details ?? null,
      };
      return repo.insertEvent(trx, { ...event, prevHash, hash: chainHash(prevHash, content(event)) });
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
