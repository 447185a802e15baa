import {
  englishText,
  type Guest,
  type Language,
  type GuestPlanAction,
  isGuestAction,
  type Message,
  msg,
  type PlanAction,
} from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import type { Clock } from '../../adapters/ports';
import type { GuestRef, PveControl } from '../../adapters/proxmox/pve-control';
import type { JobResult, OutboxJob } from '../../lib/outbox';
import type { FleetService } from '../fleet/fleet.service';
import type { LogText } from '../../lib/log-line';
import type { ProxmoxControls } from './controls';
import { TYPE_OF } from './task-trail';
import { taskRecords } from './task-records';
import { tasksRepository as repo } from './tasks.repository';

export interface PlanRunnerDeps {
  db: Db;
  clock: Clock;
  /** RALF_LANGUAGE: the words of the tasks' trails (issue 18). */
  language?: Language;
  controls: ProxmoxControls;
  fleet: Pick<FleetService, 'inventory'>;
  /** The plans feature hears each step and the end (plans.report). */
  report: (
    planId: string,
    status: 'applying' | 'applied' | 'failed',
    message: LogText,
    error?: string | null,
  ) => Promise<unknown>;
}

const STEP_MS = 1000;

const done = (a: GuestPlanAction, upid: string | null | undefined) =>
  msg('planlog.stepDone', { action: describeStep(a), upid: upid ?? 'none' });

/** A step as its log lines name it: "migration of qemu/204 pve3 → pve1" (a message, issue 18). */
export function describeStep(a: GuestPlanAction): Message {
  if (a.type === 'migrate') return msg('step.migrate', { guest: a.guestId, from: a.from.slice(5), to: a.to.slice(5) });
  if (a.type === 'resize')
    return msg('step.resize', { guest: a.guestId, resource: a.resource, from: String(a.from), to: String(a.to) });
  if (a.type === 'rollback') return msg('step.rollback', { guest: a.guestId, snapshot: a.snapshot });
  return msg('step.power', { type: a.type, guest: a.guestId });
}
const describeAction = (a: GuestPlanAction) => englishText(describeStep(a));

/**
 * An approved plan's actions carried out through Proxmox (issue 20), one at a time, each a task
 * recorded under the key `plan:<id>:<revision>:<index>` before it is asked: the outbox job that
 * asks, follows and goes on survives a restart, and a step asked before a crash is followed,
 * never asked again. Resizes carry the config `digest` ralf-ui last
 * read, so a guest changed by hand since is refused by Proxmox itself; a later change of the same
 * guest in the plan goes without (the plan's own change moved the digest).
 */
export function createPlanRunner({ db, clock, controls, fleet, report, language }: PlanRunnerDeps) {
  const records = taskRecords({ db, clock, language });

  /** Which plans Proxmox carries out: guest actions only (a service's scale, a node's joining are an installer's). */
  async function covers(actions: readonly PlanAction[]): Promise<boolean> {
    if (!controls.size || !actions.every(isGuestAction)) return false;
    const inv = await fleet.inventory();
    for (const a of actions as GuestPlanAction[]) {
      const g = inv.guests.find((x) => x.id === a.guestId);
      const cluster = g ? inv.nodeById.get(g.nodeId)?.cluster : undefined;
      if (!cluster || !(await controls.forCluster(cluster))) return false;
    }
    return true;
  }

  function ask(c: PveControl, g: Guest, a: GuestPlanAction, digest: string | null): Promise<string | null> {
    const ref: GuestRef = { node: g.nodeId.slice(5), type: g.type, vmid: g.vmid };
    if (a.type === 'migrate') return c.migrate(ref, a.to.slice(5), g.status === 'running');
    if (a.type === 'start' || a.type === 'stop') return c.power(ref, a.type);
    if (a.type === 'rollback') return c.rollback(ref, a.snapshot);
    if (a.resource === 'cores') return c.setConfig(ref, { cores: a.to }, digest);
    if (a.resource === 'memoryMiB') return c.setConfig(ref, { memory: a.to }, digest);
    const disk = g.pve?.disks[0]?.name ?? (g.type === 'lxc' ? 'rootfs' : 'scsi0');
    return c.resizeDisk(ref, disk, `${a.to}G`, digest);
  }

  /** Records and asks the step; what to do next: follow it, or the plan failed. */
  async function start(planId: string, revision: number, index: number, a: GuestPlanAction, touched: string[]) {
    const inv = await fleet.inventory();
    const g = inv.guests.find((x) => x.id === a.guestId);
    const cluster = g ? (inv.nodeById.get(g.nodeId)?.cluster ?? '') : '';
    const c = g ? await controls.forCluster(cluster) : null;
    if (!g) return { failed: `${a.guestId} is no longer in the inventory` };
    if (!c) return { wait: `the Proxmox cluster ${cluster} does not answer now` };
    const row = await records.record({
      idempotency_key: `plan:${planId}:${revision}:${index}`,
      cluster,
      node: g.nodeId.slice(5),
      guest_id: g.id,
      guest_name: g.name,
      action: a.type === 'resize' ? 'resize' : a.type,
      type:
        a.type === 'resize' && a.resource === 'diskGiB'
          ? 'resize'
          : TYPE_OF(a.type === 'resize' ? 'resize' : a.type, g.type),
      target:
        a.type === 'migrate'
          ? a.to.slice(5)
          : a.type === 'resize'
            ? `${a.resource} ${a.to}`
            : a.type === 'rollback'
              ? a.snapshot
              : null,
      params: { plan: planId, revision, index },
      actor: 'system:ralf-ui',
      source_ip: null,
      reason: `plan ${planId}, revision ${revision}, action ${index + 1}`,
      created_at: clock.now(),
    });
    if (!row) return {};
    const digest = touched.includes(g.id) ? null : (g.pve?.digest ?? null);
    // A refusal ends the record failed: the next turn fails the plan with its reason.
    await records.ask(row, () => ask(c, g, a, digest));
    return {};
  }

  /**
   * The outbox job (`proxmox.plan-step`, one per plan revision): walks the actions in order; the
   * first without a record is asked (after the one before it is told done), an open one is
   * waited for, a failed or unknown one fails the plan; when all are OK the plan is applied.
   */
  async function stepJob(job: OutboxJob): Promise<JobResult> {
    const planId = job.planId!;
    const p = job.payload as { revision: number; actions: GuestPlanAction[] };
    let before: string | null = null;
    for (const [i, a] of p.actions.entries()) {
      const row = await repo.findByKey(db, `plan:${planId}:${p.revision}:${i}`);
      if (!row) {
        if (i > 0) await report(planId, 'applying', done(p.actions[i - 1]!, before));
        const touched = p.actions.slice(0, i).flatMap((x) => (x.type === 'resize' ? [x.guestId] : []));
        const r = await start(planId, p.revision, i, a, touched);
        if (r.failed) {
          await report(
            planId,
            'failed',
            msg('planlog.stepFailed', { action: describeStep(a), error: r.failed }),
            r.failed,
          );
          return { done: true };
        }
        return {
          done: false,
          retryInMs: r.wait ? 5 * STEP_MS : STEP_MS,
          error: r.wait ?? `asked: ${describeAction(a)}`,
        };
      }
      if (row.status === 'starting' || row.status === 'running')
        return { done: false, retryInMs: STEP_MS, error: `waiting for ${describeAction(a)}` };
      if (row.status !== 'ok') {
        const why = msg('planlog.stepEnded', {
          action: describeStep(a),
          state: row.status,
          why: row.exit_status ?? 'no reason given',
        });
        await report(planId, 'failed', why, row.exit_status);
        return { done: true };
      }
      before = row.upid;
    }
    const last = p.actions.at(-1);
    if (last) await report(planId, 'applying', done(last, before));
    await report(planId, 'applied', msg('planlog.allDone', { n: p.actions.length }));
    return { done: true };
  }

  return { covers, stepJob };
}
