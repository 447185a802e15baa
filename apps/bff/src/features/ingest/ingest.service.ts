import type {
  DeploymentEventsBody,
  DeploymentStatus,
  PlanEventsBody,
  InventoryEvent,
  InventorySnapshotBody,
  IngestResult,
  IngestTraffic,
} from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import type { Clock } from '../../adapters/ports';
import { AppError } from '../../lib/app-error';
import { inputErrorOf } from '../../lib/db-errors';
import type { AuditLog } from '../audit/audit.service';
import { holdWriteLock } from '../../lib/write-lock';
import type { Principal } from '../../lib/principal';
import type { FleetService } from '../fleet/fleet.service';
import { changeLog as changes, type NewChange } from '../../lib/change-log';
import { ingestRepository as repo, type IngestRequestEntry } from './ingest.repository';
import { SIGNATURE_WINDOW_S } from '../../lib/signing';

/** The agent behind a request: its token, and the address the request came from (for the audit trail). */
type Token = Principal & { kind: 'token'; ip: string | null };

/** How long ingest traffic, event ids and the change log are kept. */
export const RETENTION_MS = 7 * 86_400_000;

/**
 * The agents' way in (issue 4). Every request is one transaction: the events it has not seen
 * before are applied, recorded by id, audited and appended to the change log, or none is. An
 * event id seen before is not applied again and is answered with the change it made then.
 */
/** What reports for a deployment or a plan are handed to: the feature that owns it. */
interface ReportTarget<S> {
  exists(id: string): Promise<boolean>;
  reportIn(trx: Db, id: string, status: S, message: string, error: string | null): Promise<boolean>;
}

export function createIngestService({
  db,
  audit,
  clock,
  fleet,
}: {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  fleet: Pick<FleetService, 'applyEvents' | 'applySnapshot' | 'invalidate'>;
}) {
  async function idempotent(
    token: Token,
    events: { id: string; kind: string; at?: string | undefined }[],
    write: (trx: Db, fresh: Set<string>) => Promise<NewChange[]>,
  ): Promise<IngestResult> {
    const ids = events.map((e) => e.id);
    const twice = ids.find((id, i) => ids.indexOf(id) !== i);
    if (twice) throw new AppError('BAD_INPUT', { message: `event id ${twice} appears twice in this request` });
    const now = clock.now();
    try {
      const result = await db.transaction().execute(async (trx) => {
        // One ingest at a time: the duplicate check and the write cannot interleave with another's.
        await holdWriteLock(trx);
        const seen = await repo.findSeen(trx, token.id, ids);
        const fresh = events.filter((e) => !seen.has(e.id));
        if (fresh.length === 0)
          return { results: ids.map((id) => ({ id, status: 'applied' as const, seq: seen.get(id)! })) };
        const made = await write(trx, new Set(fresh.map((e) => e.id)));
        await audit.record(trx, {
          actor: `token:${token.name}`,
          action: fresh[0]!.kind.startsWith('deployment.') ? 'deployment.report' : 'inventory.ingest',
          sourceIp: token.ip,
          details: {
            events: fresh.length,
            duplicates: seen.size,
            kinds: [...new Set(fresh.map((e) => e.kind))],
            ids: fresh.slice(0, 20).map((e) => e.id),
          },
        });
        const seqs = await changes.insertMany(trx, now, made);
        await repo.insertEvents(
          trx,
          fresh.map((e, i) => ({
            id: e.id,
            tokenId: token.id,
            kind: e.kind,
            eventAt: e.at ?? null,
            receivedAt: now,
            seq: seqs[Math.min(i, seqs.length - 1)]!,
          })),
        );
        const freshSeq = new Map(fresh.map((e, i) => [e.id, seqs[Math.min(i, seqs.length - 1)]!]));
        return {
          results: ids.map((id) => ({ id, status: 'applied' as const, seq: seen.get(id) ?? freshSeq.get(id)! })),
        };
      });
      fleet.invalidate();
      return result;
    } catch (err) {
      throw inputErrorOf(err);
    }
  }

  return {
    inventoryEvents(token: Token, events: InventoryEvent[]): Promise<IngestResult> {
      return idempotent(
        token,
        events.map((e) => ({ id: e.id, kind: e.type, at: e.at })),
        (trx, fresh) =>
          fleet.applyEvents(
            trx,
            events.filter((e) => fresh.has(e.id)),
          ),
      );
    },

    /** An executor's progress reports for one deployment; each moves it forward or is absorbed. */
    async deploymentEvents(
      token: Token,
      deploymentId: string,
      events: DeploymentEventsBody['events'],
      to: ReportTarget<DeploymentStatus>,
    ): Promise<IngestResult> {
      if (!(await to.exists(deploymentId)))
        throw new AppError('NOT_FOUND', { message: `no deployment ${deploymentId}` });
      return idempotent(
        token,
        events.map((e) => ({ id: e.id, kind: `deployment.${e.status}`, at: e.at })),
        async (trx, fresh) => {
          const todo = events.filter((e) => fresh.has(e.id));
          for (const e of todo)
            await to.reportIn(
              trx,
              deploymentId,
              e.status,
              e.message,
              e.error ?? (e.status === 'failed' ? e.message : null),
            );
          return todo.map(() => ({ topic: 'deployments' as const, kind: 'deployment.report', subject: deploymentId }));
        },
      );
    },

    /** An executor's progress reports for one plan being applied. */
    async planEvents(
      token: Token,
      planId: string,
      events: PlanEventsBody['events'],
      to: ReportTarget<'applying' | 'applied' | 'failed'>,
    ): Promise<IngestResult> {
      if (!(await to.exists(planId))) throw new AppError('NOT_FOUND', { message: `no plan ${planId}` });
      return idempotent(
        token,
        events.map((e) => ({ id: e.id, kind: `plan.${e.status}`, at: e.at })),
        async (trx, fresh) => {
          const todo = events.filter((e) => fresh.has(e.id));
          for (const e of todo)
            await to.reportIn(trx, planId, e.status, e.message, e.error ?? (e.status === 'failed' ? e.message : null));
          return todo.map(() => ({ topic: 'plans' as const, kind: 'plan.report', subject: planId }));
        },
      );
    },

    inventorySnapshot(token: Token, body: InventorySnapshotBody): Promise<IngestResult> {
      return idempotent(token, [{ id: body.id, kind: 'inventory.snapshot', at: body.at }], (trx) =>
        fleet.applySnapshot(trx, body.snapshot),
      );
    },

    /** Every request, accepted or not, for the admin's traffic page. */
    /**
     * A signed request is accepted once (issue 15): its signature is claimed before it is handled,
     * so a replay inside the timestamp window is refused instead of undoing later changes (an old
     * plan revision, a finding reopened). A request that failed releases its claim, so the agent
     * may send it again.
     */
    async claimSignature(tokenId: string, signature: string): Promise<void> {
      const now = clock.now();
      if (!(await repo.claimSignature(db, tokenId, signature, now))) {
        throw new AppError('CONFLICT', {
          message: 'this signed request was accepted before (a replay); sign every request anew, with the current time',
        });
      }
    },
    releaseSignature: (tokenId: string, signature: string) => repo.releaseSignature(db, tokenId, signature),

    async recordRequest(entry: IngestRequestEntry): Promise<void> {
      await repo.insertRequest(db, clock.now(), entry);
    },

    /**
     * Forgets what is older than `RETENTION_MS`: traffic, event ids (a replay that late is a new
     * event; signatures allow 5 minutes) and the change log (a browser away that long resyncs).
     * Every replica may run it; it is idempotent.
     */
    async housekeeping(): Promise<void> {
      const before = new Date(clock.now().getTime() - RETENTION_MS);
      await repo.pruneRequests(db, before);
      await repo.pruneEvents(db, before);
      await repo.pruneSignatures(db, new Date(clock.now().getTime() - 2 * SIGNATURE_WINDOW_S * 1000));
      await changes.pruneBefore(db, before);
    },

    hasIngested: () => repo.any(db),

    async traffic(): Promise<IngestTraffic> {
      const since = new Date(clock.now().getTime() - 86_400_000);
      return { tokens: await repo.summary(db, since), recent: await repo.recent(db, 50) };
    },
  };
}

export type IngestService = ReturnType<typeof createIngestService>;
