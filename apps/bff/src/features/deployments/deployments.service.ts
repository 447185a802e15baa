import {
  DeployInputSchema, DeploymentListInputSchema, FINAL_STATUSES, PHASES, PreflightInputSchema, TRANSITIONS,
  type Catalog, type Deployment, type DeploymentListInput, type DeploymentRow, type DeploymentStatus, type DeployInput, type DeployParams, type Placement, type Preflight, type PreflightInput, type Template,
} from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import type { Clock, Executor } from '../../adapters/ports';
import { iso } from '../../adapters/db/iso';
import { AppError } from '../../lib/app-error';
import { canonicalJson } from '../../lib/canonical-json';
import { DEFAULT_RETRY, deliver, deliveryNote, type RetryPolicy } from '../../lib/delivery';
import { enqueue, type JobResult, type OutboxJob } from '../../lib/outbox';
import type { AuditLog } from '../audit/audit.service';
import { actorOf, type Principal, type RequestMeta } from '../../lib/principal';
import type { FleetService } from '../fleet/fleet.service';
import { changeLog as changes } from '../../lib/change-log';
import { maskSecrets, settingsProblems } from './catalog-files';
import { appendOwn } from '../trails/trails.service';
import { randomUUID } from 'node:crypto';
import { deploymentsRepository as repo, toRow } from './deployments.repository';

/** Memory a node keeps free after a new guest (a tenth): below it, the node is not eligible. */
const MEM_RESERVE = 0.1;
const GiB = 1024 ** 3;

const isFinal = (s: DeploymentStatus) => FINAL_STATUSES.includes(s);

/**
 * Nodes ranked by memory free after the new guest, then by free CPU: the placement suggestion.
 * `mem` and `cpu` are the used fractions, as the fleet's headroom carries them.
 */
export function rankNodes(nodes: { id: string; name: string; status: string; memoryBytes: number; mem: number | null; cpu: number | null; guests: number }[], memoryMiB: number): Placement[] {
  return nodes
    .map((n) => {
      const memFreeAfter = n.mem === null || n.memoryBytes <= 0 ? null : ((1 - n.mem) * n.memoryBytes - memoryMiB * 1024 * 1024) / n.memoryBytes;
      const cpuFree = n.cpu === null ? null : Math.round((1 - n.cpu) * 1000) / 1000;
      const blocker: Placement['blocker'] = n.status !== 'online' ? 'offline' : memFreeAfter !== null && memFreeAfter < MEM_RESERVE ? 'memory' : 'none';
      return { nodeId: n.id as Placement['nodeId'], name: n.name, eligible: blocker === 'none', memFreeAfter: memFreeAfter === null ? null : Math.round(memFreeAfter * 1000) / 1000, cpuFree, guests: n.guests, blocker };
    })
    .sort((a, b) => Number(b.eligible) - Number(a.eligible) || (b.memFreeAfter ?? -1) - (a.memFreeAfter ?? -1) || (b.cpuFree ?? -1) - (a.cpuFree ?? -1));
}

export interface DeploymentsDeps {
  /** How long a dispatched deployment may stay silent before it needs attention. */
  callbackWaitMs?: number;
  /** How a failing executor is retried (lib/delivery.ts); timeouts do not count: they wait. */
  retry?: RetryPolicy;
  /** How long a new deployment waits before dispatch (RALF_DISPATCH_DELAY). */
  dispatchDelayMs?: number;
  db: Db;
  audit: AuditLog;
  clock: Clock;
  fleet: FleetService;
  executor: Executor;
}

/**
 * Click-to-deploy (issue 5). A deployment is created in one transaction with its audit event,
 * its first log lines, a change for live pages and an outbox job; the outbox (lib/outbox.ts)
 * hands it to the executor. Every status change goes through `advance`, which the database
 * checks against the transition table.
 */
export function createDeploymentsService({ db, audit, clock, fleet, executor, callbackWaitMs = 10 * 60_000, retry = DEFAULT_RETRY, dispatchDelayMs = 0 }: DeploymentsDeps) {
  async function advance(trx: Db, id: string, to: DeploymentStatus, message: string, extra: { error?: string | null; guestId?: string | null } = {}): Promise<void> {
    const at = clock.now();
    await repo.setStatus(trx, id, to, at, { ...extra, final: isFinal(to) });
    await repo.log(trx, id, at, to, message);
    await changes.insertMany(trx, at, [{ topic: 'deployments', kind: `deployment.${to}`, subject: id }]);
    await explain(trx, id, to, message, extra);
  }

  /** The deployment's explainability trail (issue 7): what it did at dispatch and how it ended, in the same transaction. */
  async function explain(trx: Db, id: string, to: DeploymentStatus, message: string, extra: { error?: string | null; guestId?: string | null }): Promise<void> {
    const trail = `deployment/${id}`;
    const eid = () => `${trail}:${to}:${randomUUID().slice(0, 8)}`;
    const at = clock.now().toISOString();
    const subjects = [trail, ...(extra.guestId ? [extra.guestId] : [])];
    if (to === 'queued') await appendOwn(trx, trail, [{ id: eid(), kind: 'action', at, agent: 'ralf-ui', title: message, subjects }], clock.now());
    if (!isFinal(to)) return;
    const outcome = to === 'succeeded' ? 'succeeded' : to === 'cancelled' ? 'cancelled' : 'failed';
    const events: Parameters<typeof appendOwn>[2] = [{ id: eid(), kind: 'outcome', outcome, at, agent: 'ralf-ui', title: to === 'succeeded' ? `${message}${extra.guestId ? ` (${extra.guestId})` : ''}` : `${to}: ${message}`, subjects }];
    if (to === 'failed') events.push({ id: `${eid()}:lesson`, kind: 'lesson', at, agent: 'ralf-ui', title: 'Read the failing phase before retrying', body: `${extra.error ?? message}. A retry with the same settings fails the same way; change what the error names (a template setting, the node's room), then retry.` });
    await appendOwn(trx, trail, events, clock.now());
  }

  async function full(id: string): Promise<Deployment> {
    const r = await repo.findById(db, id);
    if (!r) throw new AppError('NOT_FOUND', { message: `no deployment ${id}` });
    const log = await repo.listLog(db, id);
    const template = await repo.findTemplate(db, r.template_id);
    const params = r.params as DeployParams;
    return {
      ...toRow(r),
      params: { ...params, settings: maskSecrets(template ?? undefined, params.settings) as DeployParams['settings'] },
      phases: log.filter((l) => l.status !== null).map((l) => ({ status: l.status as DeploymentStatus, at: iso(l.at) })),
      log: log.map((l) => ({ at: iso(l.at), status: l.status as DeploymentStatus | null, message: l.message })),
    };
  }

  async function preflight(raw: PreflightInput): Promise<Preflight & { template: Template | null }> {
    const { templateId, params } = PreflightInputSchema.parse(raw);
    const checks: Preflight['checks'] = [];
    const template = await repo.findTemplate(db, templateId);
    checks.push({ check: 'template', ok: template !== null, message: template ? `${template.name} ${template.version}` : `no template ${templateId}` });
    if (template) {
      const problems = settingsProblems(template, params.settings);
      if (problems.length) checks.push({ check: 'template', ok: false, message: problems.join('; ') });
    }
    const inv = await fleet.inventory();
    const clashGuest = inv.guests.find((g) => g.name === params.name);
    const clashDeploy = await repo.findActiveByName(db, params.name);
    checks.push({
      check: 'name',
      ok: !clashGuest && !clashDeploy,
      message: clashGuest ? `a guest named ${params.name} exists (${clashGuest.id})` : clashDeploy ? `a deployment of ${params.name} is running (${clashDeploy.id})` : `${params.name} is free`,
    });
    const placement = rankNodes(await fleet.headroom(), params.memoryMiB);
    let nodeId: Preflight['nodeId'] = null;
    if (params.node === 'auto') {
      nodeId = placement.find((p) => p.eligible)?.nodeId ?? null;
      checks.push({ check: 'node', ok: nodeId !== null, message: nodeId ? `automatic: ${nodeId}` : 'no node has room for this guest' });
    } else {
      const chosen = placement.find((p) => p.nodeId === params.node);
      nodeId = chosen ? params.node : null;
      checks.push({ check: 'node', ok: chosen !== undefined && chosen.blocker !== 'offline', message: !chosen ? `no node ${params.node}` : chosen.blocker === 'offline' ? `${params.node} is offline` : `${params.node} chosen` });
    }
    const target = placement.find((p) => p.nodeId === nodeId);
    checks.push({
      check: 'resources',
      ok: target !== undefined && target.blocker !== 'memory',
      message: !target ? 'no target node' : target.memFreeAfter === null ? 'no metrics: free memory unknown' : `${Math.round(target.memFreeAfter * 100)}% memory free after deploy (${params.memoryMiB} MiB, ${params.cores} cores, ${params.diskGiB} GiB)`,
    });
    if (template?.policies.length) checks.push({ check: 'policies', ok: true, message: `required: ${template.policies.join(', ')}` });
    return { ok: checks.every((c) => c.ok), checks, placement, nodeId, template };
  }

  return {
    preflight: async (raw: PreflightInput): Promise<Preflight> => {
      const { template: _t, ...p } = await preflight(raw);
      return p;
    },

    async catalog(): Promise<Catalog> {
      const templates = await repo.listTemplates(db);
      // A default name is always free, so the form can deploy as it opens (issue 26).
      const taken = new Set([...(await fleet.inventory()).guests.map((g) => g.name), ...(await repo.listActiveNames(db))]);
      const free = (base: string) => [base, ...Array.from({ length: 98 }, (_, i) => `${base.slice(0, 59)}-${i + 2}`)].find((n) => !taken.has(n)) ?? base;
      return { templates, errors: await repo.listCatalogErrors(db), freeNames: Object.fromEntries(templates.map((t) => [t.id, free(t.id)])) };
    },

    /** Starts a deployment, or answers with the one this idempotency key already started. */
    async create(by: Principal, raw: DeployInput, meta: RequestMeta): Promise<DeploymentRow> {
      const input = DeployInputSchema.parse(raw);
      const requester = actorOf(by);
      // The same key again is the same request (a double click, a retried request): its answer,
      // if it asked for the same; the same key for something else is a mistake worth saying.
      const same = (row: NonNullable<Awaited<ReturnType<typeof repo.findById>>>) => {
        if (row.template_id === input.templateId && canonicalJson(row.params) === canonicalJson(input.params) && row.retry_of === (input.retryOf ?? null)) return toRow(row);
        throw new AppError('CONFLICT', { message: `the idempotency key ${input.idempotencyKey} was used for another deployment request; send a new key` });
      };
      const existing = await repo.findByKey(db, requester, input.idempotencyKey);
      if (existing) return same(existing);
      if (input.retryOf) {
        const before = await repo.findById(db, input.retryOf);
        if (!before) throw new AppError('NOT_FOUND', { message: `no deployment ${input.retryOf} to retry` });
        if (!['failed', 'cancelled'].includes(before.status)) throw new AppError('CONFLICT', { message: `only a failed or cancelled deployment can be retried; this one is ${before.status}` });
      }
      const check = await preflight({ templateId: input.templateId, params: input.params });
      if (!check.template) throw new AppError('NOT_FOUND', { message: `no template ${input.templateId}` });
      const clash = check.checks.find((c) => c.check === 'name' && !c.ok);
      if (clash) {
        // The running deployment of this name may be this very request, sent twice at once.
        const mine = await repo.findByKey(db, requester, input.idempotencyKey);
        if (mine) return same(mine);
        throw new AppError('CONFLICT', { message: clash.message });
      }
      if (!check.ok || !check.nodeId) throw new AppError('BAD_INPUT', { message: `pre-flight failed: ${check.checks.filter((c) => !c.ok).map((c) => c.message).join('; ')}` });
      const template = check.template;
      const nodeId = check.nodeId;
      try {
        // The answer is read inside the transaction: after the commit nothing is left that could
        // fail (a pool at its limit), so a request never reports failure for work it committed.
        return await db.transaction().execute(async (trx) => {
          const d = await repo.insert(trx, { idempotencyKey: input.idempotencyKey, template, params: input.params, nodeId, createdBy: requester, at: clock.now(), retryOf: input.retryOf });
          await audit.record(trx, {
            actor: actorOf(by), action: input.retryOf ? 'deployment.retry' : 'deployment.create', subject: `deployment/${d.id}`, sourceIp: meta.ip,
            after: { template: template.id, ...input.params, node: nodeId, settings: maskSecrets(template, input.params.settings) }, details: input.retryOf ? { retryOf: input.retryOf } : null,
          });
          await repo.log(trx, d.id, clock.now(), 'checking', `pre-flight passed: ${check.checks.map((c) => c.message).join('; ')}`);
          const trail = `deployment/${d.id}`;
          const now = clock.now().toISOString();
          await appendOwn(trx, trail, [
            { id: `${trail}:requested`, kind: 'trigger', trigger: 'operator_request', at: now, agent: actorOf(by), title: `${actorOf(by)} asked to deploy ${template.name} as ${input.params.name}`, subjects: [trail, `service/${input.params.name}`] },
            {
              id: `${trail}:placed`, kind: 'decision', at: now, agent: 'ralf-ui', title: `Place ${input.params.name} on ${nodeId.slice(5)}`, subjects: [trail, nodeId],
              body: `Pre-flight: ${check.checks.map((c) => c.message).join('; ')}.`,
              alternatives: check.placement.filter((p) => p.nodeId !== nodeId).slice(0, 10).map((p) => ({ option: p.name, whyNot: p.blocker !== 'none' ? (p.blocker === 'offline' ? 'offline' : 'not enough memory') : `less room: ${p.memFreeAfter === null ? 'memory unknown' : `${Math.round(p.memFreeAfter * 100)}% memory free after`}` })),
              inputs: [{ kind: 'metric', label: 'node headroom now (memory free after the new guest, CPU free)', ref: nodeId }],
            },
          ], clock.now());
          await changes.insertMany(trx, clock.now(), [{ topic: 'deployments', kind: 'deployment.checking', subject: d.id }]);
          await advance(trx, d.id, 'queued', `queued for ${executor.label} on ${nodeId}`);
          await enqueue(trx, { kind: 'deployment.dispatch', deploymentId: d.id, payload: { since: new Date(Date.now() + dispatchDelayMs).toISOString() }, dueAt: new Date(Date.now() + dispatchDelayMs) });
          return toRow((await repo.findById(trx, d.id))!);
        });
      } catch (err) {
        const code = (err as { code?: string }).code;
        const constraint = String((err as { constraint?: string; message?: string }).constraint ?? (err as Error).message);
        if (code === '23505' && constraint.includes('deployment_requester_key')) return same((await repo.findByKey(db, requester, input.idempotencyKey))!);
        if (code === '23505' && constraint.includes('deployment_active_name')) {
          const mine = await repo.findByKey(db, requester, input.idempotencyKey);
          if (mine) return same(mine);
          const running = await repo.findActiveByName(db, input.params.name);
          throw new AppError('CONFLICT', { message: `a deployment of ${input.params.name} is running (${running?.id ?? 'just started'})` });
        }
        throw err;
      }
    },

    async cancel(by: Principal, id: string, meta: RequestMeta): Promise<DeploymentRow> {
      return db.transaction().execute(async (trx) => {
        const d = await repo.lockById(trx, id);
        if (!d) throw new AppError('NOT_FOUND', { message: `no deployment ${id}` });
        if (isFinal(d.status as DeploymentStatus)) throw new AppError('CONFLICT', { message: `the deployment is ${d.status}; only a queued or running one can be cancelled` });
        await advance(trx, id, 'cancelled', `cancelled by ${actorOf(by)}`);
        await audit.record(trx, { actor: actorOf(by), action: 'deployment.cancel', subject: `deployment/${id}`, sourceIp: meta.ip, before: { status: d.status }, after: { status: 'cancelled' } });
        return toRow((await repo.findById(trx, id))!);
      });
    },

    get: full,

    async list(raw: DeploymentListInput): Promise<DeploymentRow[]> {
      const { limit, ...f } = DeploymentListInputSchema.parse(raw);
      return (await repo.list(db, f, limit)).map(toRow);
    },

    /**
     * Moves a deployment as its executor reports; only forward (through any phases it skipped),
     * so a duplicate or late report is absorbed (answered false) instead of applied twice or
     * backwards.
     */
    report: (id: string, to: DeploymentStatus, message: string, extra: { error?: string | null } = {}) => db.transaction().execute((trx) => reportIn(trx, id, to, message, extra)),
    reportIn,
    /** The catalog as the files say now (built-in, then the operator's folder), with the files that were skipped. */
    replaceCatalog: (catalog: { templates: { template: Template; source: string }[]; errors: { file: string; message: string }[] }) =>
      db.transaction().execute((trx) => repo.replaceCatalog(trx, catalog.templates, catalog.errors, clock.now())),
    exists: async (id: string) => (await repo.findById(db, id)) !== undefined,

    /** The outbox job that hands a deployment to the executor. */
    async dispatchJob(job: OutboxJob): Promise<JobResult> {
      const d = await repo.findById(db, job.deploymentId!);
      if (!d || d.status !== 'queued') return { done: true };
      const template = await repo.findTemplate(db, d.template_id);
      const params = d.params as DeployParams;
      // A demo template fails where it says, unless its `fail` setting is switched off.
      const failAt = params.settings.fail === false ? null : (template?.demo.failAt ?? null);
      // The executor's key is the deployment's own: browsers' keys are only unique per requester.
      const idempotencyKey = `deployment:${d.id}`;
      const watch = (trx: Db) => enqueue(trx, { kind: 'deployment.watch', deploymentId: d.id, payload: {}, dueAt: new Date(Date.now() + callbackWaitMs) });
      return deliver(job, { remote: executor.remote, policy: retry, since: new Date(d.created_at), now: () => clock.now() }, {
        recordAttempt: () => db.transaction().execute(async (trx) => repo.log(trx, d.id, clock.now(), null, deliveryNote(executor.label, await repo.countDelivery(trx, d.id), idempotencyKey))),
        send: () => executor.dispatch({ deploymentId: d.id, idempotencyKey, templateId: d.template_id, name: d.name, nodeId: d.node_id!, params, failAt }),
        accepted: async () => {
          if (!executor.remote) return;
          await db.transaction().execute(async (trx) => {
            await repo.log(trx, d.id, clock.now(), null, `handed to ${executor.label}; waiting for its progress`);
            await watch(trx);
          });
        },
        // A timeout is not a failure: n8n may have started it. A callback or the watch settles it.
        unknown: (error) => db.transaction().execute(async (trx) => {
          await advance(trx, d.id, 'dispatch_unknown', `no answer from the executor: ${error}`);
          await watch(trx);
        }),
        failed: (error) => db.transaction().execute((trx) => advance(trx, d.id, 'failed', error, { error })),
        retrying: (line) => repo.log(db, d.id, clock.now(), null, line),
      });
    },

    /** A deployment handed to n8n that has not moved since: the operator must look (needs attention). */
    async watchJob(job: OutboxJob): Promise<JobResult> {
      await db.transaction().execute(async (trx) => {
        const d = await repo.lockById(trx, job.deploymentId!);
        if (!d || (d.status !== 'queued' && d.status !== 'dispatch_unknown')) return;
        if (d.status === 'queued') await advance(trx, d.id, 'dispatch_unknown', 'the executor took it but has not reported since');
        await advance(trx, d.id, 'needs_attention', `no progress from the executor within ${Math.round(callbackWaitMs / 1000)} s: check n8n, then cancel or wait`);
      });
      return { done: true };
    },
  };

  async function reportIn(trx: Db, id: string, to: DeploymentStatus, message: string, extra: { error?: string | null } = {}): Promise<boolean> {
    const d = await repo.lockById(trx, id);
    if (!d || d.status === to || isFinal(d.status as DeploymentStatus)) return false;
    let from = d.status as DeploymentStatus;
    // A later phase than the next one: walk the phases between, so each step is a legal one.
    const order: readonly DeploymentStatus[] = PHASES;
    if (!TRANSITIONS[from].includes(to) && order.includes(from) && order.indexOf(to) > order.indexOf(from)) {
      for (const step of order.slice(order.indexOf(from) + 1, order.indexOf(to))) {
        await advance(trx, id, step, `${step} (reported by the executor together with ${to})`);
        from = step;
      }
    }
    if (!TRANSITIONS[from].includes(to)) return false;
    let guestId: string | null | undefined;
    if (to === 'succeeded') guestId = await createGuest(trx, d);
    await advance(trx, id, to, message, { ...extra, ...(guestId !== undefined && { guestId }) });
    return true;
  }

  /** The guest a successful deployment made, in the inventory (and so in the fleet, live). */
  async function createGuest(trx: Db, d: { id: string; name: string; node_id: string | null; params: unknown; template_id: string }): Promise<string> {
    const p = d.params as DeployParams;
    const template = await repo.findTemplate(trx, d.template_id);
    const kind = template?.service.kind ?? 'app';
    const made = await fleet.recordGuest(
      trx,
      { type: p.kind, nodeId: d.node_id as never, name: d.name, status: 'running', cores: p.cores, memoryBytes: p.memoryMiB * 1024 * 1024, diskBytes: p.diskGiB * GiB, tags: ['deployed'], role: d.template_id },
      { id: `${d.name}/${kind}`, name: template?.name ?? d.template_id, kind, healthJob: null, healthInstance: null, httpCheckUrl: null, graphNode: null },
    );
    await changes.insertMany(trx, clock.now(), made.changes);
    return made.id;
  }
}

export type DeploymentsService = ReturnType<typeof createDeploymentsService>;
