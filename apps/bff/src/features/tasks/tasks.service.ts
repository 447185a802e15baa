import {
  type BulkActionInput,
  BulkActionInputSchema,
  type BulkResult,
  CONFIRMED_ACTIONS,
  type Guest,
  type GuestActionInput,
  GuestActionInputSchema,
  type GuestActionParsed,
  type Language,
  msg,
  PLAN_ONLY_ACTIONS,
  problem,
  type Task,
} from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import type { Clock } from '../../adapters/ports';
import type { GuestRef, PveControl } from '../../adapters/proxmox/pve-control';
import { AppError, isAppError } from '../../lib/app-error';
import { eachLimited } from '../../lib/each-limited';
import { actorOf, type Principal, type RequestMeta } from '../../lib/principal';
import type { AuditLog } from '../audit/audit.service';
import type { FleetService } from '../fleet/fleet.service';
import type { ProxmoxControls } from './controls';
import { TYPE_OF } from './task-trail';
import { taskRecords } from './task-records';
import { tasksRepository as repo, toTask } from './tasks.repository';
import { createTaskViews } from './task-views';
import { createTaskFollower } from './task-follower';

export interface TasksDeps {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  controls: ProxmoxControls;
  fleet: Pick<FleetService, 'inventory'>;
  /** Guests the profile names as core services (names or ids), beside those with the role or tag `core`. */
  coreGuests: readonly string[];
  /** RALF_LANGUAGE: the words of the tasks' trails (issue 18). */
  language?: Language;
}

/** A core service: the seed's core state (role or tag `core`) or one the profile names. */
export const isCore = (g: Pick<Guest, 'id' | 'name' | 'role' | 'tags'>, named: readonly string[]) =>
  g.role === 'core' || g.tags.includes('core') || named.includes(g.name) || named.includes(g.id);

const refOf = (g: Guest): GuestRef => ({ node: g.nodeId.slice(5), type: g.type, vmid: g.vmid });

/** The Proxmox call an action makes; each answers with the UPID of the task it started. */
function ask(c: PveControl, g: Guest, a: GuestActionParsed): Promise<string> {
  const ref = refOf(g);
  switch (a.action) {
    case 'backup':
      return c.backup(ref, a.storage, a.mode);
    case 'snapshot':
      return c.createSnapshot(ref, a.name, a.description, a.withRam && g.status === 'running');
    case 'rollback':
      return c.rollback(ref, a.name);
    case 'delete-snapshot':
      return c.deleteSnapshot(ref, a.name);
    case 'shutdown':
      return c.power(ref, 'shutdown', a.timeoutSeconds);
    default:
      return c.power(ref, a.action);
  }
}

const targetOf = (a: GuestActionParsed) => (a.action === 'backup' ? a.storage : 'name' in a ? a.name : null);

/**
 * Acting on Proxmox under ralf-ui's rules (issue 20): who may (the `deploy` permission), what a
 * core service may get only through a plan, what asks for confirmation, and a record of every
 * action before it is asked, so that a repeated request starts no second task and a crash loses
 * none (task-follower.ts follows each to its end).
 */
export function createTasksService(deps: TasksDeps) {
  const { db, audit, clock, controls, coreGuests, fleet } = deps;
  const records = taskRecords({ db, clock, language: deps.language });

  /** The guest, its cluster and the control that acts on it, or why none can. */
  async function locate(guestId: string) {
    const inv = await fleet.inventory();
    const guest = inv.guests.find((g) => g.id === guestId);
    if (!guest) throw new AppError('NOT_FOUND', { msg: msg('err.noGuest', { id: guestId }) });
    const node = inv.nodeById.get(guest.nodeId);
    const cluster = node?.cluster ?? '';
    const control = controls.size ? await controls.forCluster(cluster) : null;
    return { guest, cluster, control };
  }

  const noControl = (cluster: string) =>
    new AppError('CONFLICT', {
      message: controls.size
        ? `no Proxmox cluster answers as ${cluster || '(no cluster)'} now: ralf-ui cannot act on its guests until it does`
        : 'no Proxmox cluster is configured to act on: set PROXMOX_URL and a token (README "Acting on Proxmox")',
      reason: controls.size ? 'tasks.cluster-away' : 'tasks.no-executor',
      params: { cluster },
    });

  /** The rules before anything is recorded: plan-only for core services, confirmation, VM-only actions. */
  function check(guest: Guest, a: GuestActionParsed) {
    if (PLAN_ONLY_ACTIONS.includes(a.action) && isCore(guest, coreGuests))
      throw new AppError('FORBIDDEN', {
        message: `${guest.name} is a core service: a ${a.action} goes through a plan with approval (propose one)`,
        reason: 'tasks.plan-only',
        params: { guest: guest.name, action: a.action },
      });
    if (CONFIRMED_ACTIONS.includes(a.action) && a.confirm !== guest.name)
      throw AppError.invalid(`confirm the ${a.action} of ${guest.name}`, [
        problem('confirm', msg('problem.confirmName', { name: guest.name })),
      ]);
    if ((a.action === 'suspend' || a.action === 'resume') && guest.type === 'lxc')
      throw AppError.invalid('suspend and resume are for VMs', [
        problem('action', msg('problem.container', { name: guest.name })),
      ]);
  }

  async function act(by: Principal, raw: GuestActionInput, meta: RequestMeta): Promise<Task> {
    const a = GuestActionInputSchema.parse(raw);
    const actor = actorOf(by);
    const again = async () => {
      const row = await repo.findByKey(db, a.idempotencyKey);
      if (!row) return null;
      if (row.guest_id !== a.guestId || row.action !== a.action || row.actor !== actor)
        throw new AppError('CONFLICT', { msg: msg('err.actionKeyReused', { key: a.idempotencyKey }) });
      return toTask(row);
    };
    const seen = await again();
    if (seen) return seen;
    const { guest, cluster, control } = await locate(a.guestId);
    check(guest, a);
    if (!control) throw noControl(cluster);
    const row = await db.transaction().execute(async (trx) => {
      const inserted = await repo.insert(trx, {
        idempotency_key: a.idempotencyKey,
        cluster,
        node: guest.nodeId.slice(5),
        guest_id: guest.id,
        guest_name: guest.name,
        action: a.action,
        type: TYPE_OF(a.action, guest.type),
        target: targetOf(a),
        params: a.action === 'shutdown' ? { timeoutSeconds: a.timeoutSeconds } : {},
        actor,
        source_ip: meta.ip,
        reason: a.reason || null,
        created_at: clock.now(),
      });
      if (!inserted) return null;
      await audit.record(trx, {
        actor,
        action: `guest.${a.action}`,
        subject: guest.id,
        sourceIp: meta.ip,
        details: { cluster, node: inserted.node, target: inserted.target, reason: inserted.reason, task: inserted.id },
      });
      await records.trail.asked(trx, inserted);
      return inserted;
    });
    // Two requests with one key at once: the other recorded it first, and asks.
    if (!row) return (await again()) as Task;
    // A refusal ends the record failed and reaches the caller; no answer in time leaves it for the follower.
    const refusal = await records.ask(row, () => ask(control, guest, a));
    if (refusal) throw refusal;
    return toTask((await repo.findById(db, row.id))!);
  }

  const views = createTaskViews({ db, controls, fleet, locate, isCore: (g) => isCore(g, coreGuests) });

  const endedListeners = new Set<() => void>();
  const follower = createTaskFollower({
    db,
    clock,
    controls,
    language: deps.language,
    onEnded: () => endedListeners.forEach((f) => f()),
  });

  return {
    act,
    /** One turn of following the open tasks (background.ts, every second); how many were open. */
    follow: () => follower.turn(),
    /** Hears each task the follower saw end (the inventory pollers read again at once). */
    onTaskEnded: (f: () => void) => void endedListeners.add(f),

    /** Several guests, one request each, each answered alone: one refusal does not stop the others. */
    async bulk(by: Principal, raw: BulkActionInput, meta: RequestMeta): Promise<BulkResult> {
      const b = BulkActionInputSchema.parse(raw);
      const ids = [...new Set(b.guestIds)];
      if (b.action === 'stop' && b.confirm !== String(ids.length))
        throw AppError.invalid(`confirm stopping ${ids.length} guests`, [
          problem('confirm', msg('problem.confirmCount', { n: ids.length })),
        ]);
      const out: BulkResult = [];
      await eachLimited([...ids.entries()], 4, async ([i, guestId]) => {
        out[i] = await one(guestId);
      });
      return out;
      async function one(guestId: string): Promise<BulkResult[number]> {
        try {
          const name =
            b.action === 'stop' ? (await fleet.inventory()).guests.find((g) => g.id === guestId)?.name : undefined;
          const base = { guestId, idempotencyKey: `${b.idempotencyKey}:${guestId}`, reason: b.reason, confirm: name };
          const task = await act(by, { ...base, action: b.action }, meta);
          return { guestId, task, error: null };
        } catch (err) {
          const e = isAppError(err) ? err : null;
          return { guestId, task: null, error: { message: (err as Error).message, reason: e?.reason ?? null } };
        }
      }
    },

    ...views,
  };
}

export type TasksService = ReturnType<typeof createTasksService>;
