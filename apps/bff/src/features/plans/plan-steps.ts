import {
  type Language,
  type Message,
  msg,
  type PlanAction,
  type PlanContent,
  type PlanRow,
  type PlanStatus,
  type Problem,
  verbatim,
} from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import { iso } from '../../adapters/db/iso';
import type { Clock, Executor } from '../../adapters/ports';
import { AppError } from '../../lib/app-error';
import { changeLog as changes } from '../../lib/change-log';
import type { RetryPolicy } from '../../lib/delivery';
import type { AuditLog } from '../audit/audit.service';
import type { FleetService } from '../fleet/fleet.service';
import type { InventoryView } from './plan-rules';
import type { LogText } from '../../lib/log-line';
import { planTrail } from './plan-trail';
import { plansRepository as repo, toRow } from './plans.repository';
import { planNotices } from './plan-notices';
import type { NotifyEvent } from '../notifications/notifications.service';

export interface PlansDeps {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  fleet: FleetService;
  executor: Executor;
  /** How a failing executor is retried (lib/delivery.ts). */
  retry?: RetryPolicy;
  /** How long a plan handed to a remote executor may stay silent before it needs attention. */
  callbackWaitMs?: number;
  /**
   * Plans whose actions Proxmox can carry out go through the Proxmox executor (issue 20): `covers`
   * says whether it can (every guest on a cluster ralf-ui acts on, no service scaling).
   */
  proxmox?: { covers(actions: readonly PlanAction[]): Promise<boolean> };
  /** RALF_LANGUAGE: the words of the plans and trail events ralf-ui writes itself (issue 18). */
  language?: Language;
  /** Tells the operators' channels, in the transaction of the change (issue 23). */
  notify?: (trx: Db, e: NotifyEvent) => Promise<void>;
}

export type PlanRecord = NonNullable<Awaited<ReturnType<typeof repo.findById>>>;

export const isOpen = (s: string) => s === 'proposed' || s === 'approved';

/** A 400 that lists every problem, each with its path (ingest answers them as `issues`). */
export function refuse(problems: Problem[]): never {
  throw AppError.invalid(
    `the plan was refused (${problems.length} problem${problems.length === 1 ? '' : 's'})`,
    problems,
  );
}

/**
 * The steps every part of the plans feature takes: read the inventory as the rules see it, move a
 * plan to a status (logged, announced), note a line in its log, answer it, read its current
 * revision, tell it in its trail, and say why someone cannot approve it.
 */
export function planSteps({
  db,
  clock,
  fleet,
  language,
  notify,
}: Pick<PlansDeps, 'db' | 'clock' | 'fleet' | 'language' | 'notify'>) {
  async function inventoryView(trx: Db = db): Promise<InventoryView> {
    const { nodes, guests, services } = await fleet.read(trx);
    return {
      nodes: new Map(nodes.map((n) => [n.id, n])),
      guests: new Map(guests.map((g) => [g.id, g])),
      services: new Set(services.map((s) => s.id)),
    };
  }

  async function move(
    trx: Db,
    id: string,
    to: PlanStatus,
    message: LogText,
    extra: Parameters<typeof repo.setStatus>[4] = {},
  ): Promise<void> {
    const at = clock.now();
    await repo.setStatus(trx, id, to, at, extra);
    await repo.log(trx, id, at, to, message);
    await changes.insertMany(trx, at, [{ topic: 'plans', kind: `plan.${to}`, subject: id }]);
    if (notify && (to === 'applied' || to === 'failed')) {
      const p = await repo.findById(trx, id);
      if (p) await notify(trx, planNotices.ended(id, p.summary, to, message, extra.error ?? null));
    }
  }

  async function note(trx: Db, id: string, message: LogText): Promise<void> {
    await repo.log(trx, id, clock.now(), null, message);
    await changes.insertMany(trx, clock.now(), [{ topic: 'plans', kind: 'plan.log', subject: id }]);
  }

  /** The plan as answered; inside the transaction of a change, so nothing is left to fail after the commit (issue 16). */
  async function row(id: string, trx: Db = db): Promise<PlanRow> {
    const r = await repo.findById(trx, id);
    if (!r) throw new AppError('NOT_FOUND', { msg: msg('plan.notFound', { id }) });
    return toRow(r, (await repo.liveApprovals(trx, id, r.revision)).length);
  }

  async function current(trx: Db, p: { id: string; revision: number }): Promise<PlanContent> {
    const r = await repo.findRevision(trx, p.id, p.revision);
    if (!r) throw new AppError('INTERNAL', { message: `plan ${p.id} lacks revision ${p.revision}` });
    return r.content;
  }

  /** Why `actor` cannot approve the plan's current revision now; empty when they can. */
  function blockers(p: PlanRecord, content: PlanContent, actor: string, approvers: string[]): Message[] {
    const out: Message[] = [];
    if (p.status !== 'proposed') out.push(msg('blocker.status', { status: p.status }));
    if (p.submitted_by === actor) out.push(msg('blocker.own'));
    else if (p.submitted_for === actor) out.push(msg('blocker.ownToken', { token: p.submitted_by.slice(6) }));
    if (approvers.includes(actor)) out.push(msg('blocker.twice', { revision: p.revision }));
    if (new Date(p.expires_at).getTime() <= clock.now().getTime())
      out.push(msg('blocker.expired', { at: iso(p.expires_at) }));
    if (p.stale_reason)
      out.push(msg('blocker.stale', { reason: (p.stale_msg as Message | null) ?? verbatim(p.stale_reason) }));
    const failed = content.policyChecks.filter((c) => c.result === 'failed' && c.blocking);
    if (failed.length && !p.policy_override) out.push(msg('blocker.policy', { policies: failed.map((c) => c.policy) }));
    return out;
  }

  return { inventoryView, move, note, row, current, blockers, explain: planTrail(clock, language), notify };
}

export type PlanSteps = ReturnType<typeof planSteps>;
