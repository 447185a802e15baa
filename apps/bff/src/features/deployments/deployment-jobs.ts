import { type DeploymentStatus, type DeployParams, englishText, msg, type Template } from '@ralf/shared';
import { PHASES, TRANSITIONS } from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import { changeLog as changes } from '../../lib/change-log';
import { DEFAULT_RETRY, deliver, deliveryNote } from '../../lib/delivery';
import { enqueue, type JobResult, type OutboxJob } from '../../lib/outbox';
import type { LogText } from '../../lib/log-line';
import { isFinal, type DeploymentsDeps, type DeploymentSteps } from './deployment-steps';
import { deploymentsRepository as repo } from './deployments.repository';

const GiB = 1024 ** 3;

/** What the Proxmox clone of a deployment is made of: the template's clone, the form's sizes and cloud-init settings. */
function cloneOrder(p: NonNullable<Template['proxmox']>, name: string, nodeId: string, params: DeployParams) {
  const setting = (k: string, fallback: string) =>
    typeof params.settings[k] === 'string' ? params.settings[k] : fallback;
  return {
    template: p.clone.template,
    full: p.clone.full,
    ...(p.clone.storage && { storage: p.clone.storage }),
    user: p.cloudInit.user,
    name,
    node: nodeId.slice(5),
    cores: params.cores,
    memoryMiB: params.memoryMiB,
    diskGiB: params.diskGiB,
    sshKeys: setting('sshKeys', ''),
    ipConfig: setting('ipConfig', 'ip=dhcp'),
  };
}

/**
 * A deployment on its way through the executor (issue 5), as outbox jobs: hand it over, watch
 * for its silence, and take in its reports; only forward (through any phases it skipped), so a
 * duplicate or late report is absorbed (answered false) instead of applied twice or backwards.
 */
export function deploymentJobs(deps: DeploymentsDeps, { advance }: DeploymentSteps) {
  const { db, clock, fleet, executor, callbackWaitMs = 10 * 60_000, retry = DEFAULT_RETRY } = deps;

  /** The outbox job that hands a deployment to the executor. */
  async function dispatchJob(job: OutboxJob): Promise<JobResult> {
    const d = await repo.findById(db, job.deploymentId!);
    if (!d || d.status !== 'queued') return { done: true };
    const template = await repo.findTemplate(db, d.template_id);
    const params = d.params as DeployParams;
    // A template that clones a Proxmox VM template goes through Proxmox where ralf-ui acts on the
    // node's cluster (issue 20): its own job walks clone, configure, start; nothing is delivered.
    if (template?.proxmox && (await deps.proxmox?.covers(true, d.node_id))) {
      const order = cloneOrder(template.proxmox, d.name, d.node_id!, params);
      await db.transaction().execute(async (trx) => {
        await repo.log(trx, d.id, clock.now(), null, msg('deploylog.toProxmox', { template: String(order.template) }));
        await enqueue(trx, {
          kind: 'proxmox.deploy-step',
          deploymentId: d.id,
          payload: { ...order },
          dueAt: clock.now(),
        });
      });
      return { done: true };
    }
    // A demo template fails where it says, unless its `fail` setting is switched off.
    const failAt = params.settings.fail === false ? null : (template?.demo.failAt ?? null);
    // The executor's key is the deployment's own: browsers' keys are only unique per requester.
    const idempotencyKey = `deployment:${d.id}`;
    const watch = (trx: Db) =>
      enqueue(trx, {
        kind: 'deployment.watch',
        deploymentId: d.id,
        payload: {},
        dueAt: new Date(Date.now() + callbackWaitMs),
      });
    return deliver(
      job,
      { remote: executor.remote, policy: retry, since: new Date(d.created_at), now: () => clock.now() },
      {
        recordAttempt: () =>
          db
            .transaction()
            .execute(async (trx) =>
              repo.log(
                trx,
                d.id,
                clock.now(),
                null,
                deliveryNote(executor.label, await repo.countDelivery(trx, d.id), idempotencyKey),
              ),
            ),
        send: () =>
          executor.dispatch({
            deploymentId: d.id,
            idempotencyKey,
            templateId: d.template_id,
            name: d.name,
            nodeId: d.node_id!,
            params,
            failAt,
          }),
        accepted: async () => {
          if (!executor.remote) return;
          await db.transaction().execute(async (trx) => {
            await repo.log(trx, d.id, clock.now(), null, msg('deploylog.handedTo', { executor: executor.label }));
            await watch(trx);
          });
        },
        // A timeout is not a failure: n8n may have started it. A callback or the watch settles it.
        unknown: (error) =>
          db.transaction().execute(async (trx) => {
            await advance(trx, d.id, 'dispatch_unknown', msg('deploylog.noAnswer', { error }));
            await watch(trx);
          }),
        failed: (error) =>
          db.transaction().execute((trx) => advance(trx, d.id, 'failed', error, { error: englishText(error) })),
        retrying: (line) => repo.log(db, d.id, clock.now(), null, line),
      },
    );
  }

  /** A deployment handed to n8n that has not moved since: the operator must look (needs attention). */
  async function watchJob(job: OutboxJob): Promise<JobResult> {
    await db.transaction().execute(async (trx) => {
      const d = await repo.lockById(trx, job.deploymentId!);
      if (!d || (d.status !== 'queued' && d.status !== 'dispatch_unknown')) return;
      if (d.status === 'queued') await advance(trx, d.id, 'dispatch_unknown', msg('deploylog.silent'));
      await advance(
        trx,
        d.id,
        'needs_attention',
        msg('deploylog.noProgress', { seconds: Math.round(callbackWaitMs / 1000) }),
      );
    });
    return { done: true };
  }

  async function reportIn(
    trx: Db,
    id: string,
    to: DeploymentStatus,
    message: LogText,
    extra: { error?: string | null; vmid?: number } = {},
  ): Promise<boolean> {
    const d = await repo.lockById(trx, id);
    if (!d || d.status === to || isFinal(d.status as DeploymentStatus)) return false;
    let from = d.status as DeploymentStatus;
    // A later phase than the next one: walk the phases between, so each step is a legal one.
    const order: readonly DeploymentStatus[] = PHASES;
    if (!TRANSITIONS[from].includes(to) && order.includes(from) && order.indexOf(to) > order.indexOf(from)) {
      for (const step of order.slice(order.indexOf(from) + 1, order.indexOf(to))) {
        await advance(trx, id, step, msg('deploylog.implied', { step, to }));
        from = step;
      }
    }
    if (!TRANSITIONS[from].includes(to)) return false;
    let guestId: string | null | undefined;
    if (to === 'succeeded') guestId = await createGuest(trx, d, extra.vmid);
    await advance(trx, id, to, message, { error: extra.error, ...(guestId !== undefined && { guestId }) });
    return true;
  }

  /** The guest a successful deployment made, in the inventory (and so in the fleet, live). */
  async function createGuest(
    trx: Db,
    d: { id: string; name: string; node_id: string | null; params: unknown; template_id: string },
    vmid?: number,
  ): Promise<string> {
    const p = d.params as DeployParams;
    const template = await repo.findTemplate(trx, d.template_id);
    const kind = template?.service.kind ?? 'app';
    const made = await fleet.recordGuest(
      trx,
      {
        // A guest Proxmox numbered is the clone of a VM template (issue 20): a VM whatever the form said.
        type: vmid !== undefined ? 'qemu' : p.kind,
        nodeId: d.node_id as never,
        name: d.name,
        status: 'running',
        cores: p.cores,
        memoryBytes: p.memoryMiB * 1024 * 1024,
        diskBytes: p.diskGiB * GiB,
        tags: ['deployed'],
        role: d.template_id,
      },
      {
        id: `${d.name}/${kind}`,
        name: template?.name ?? d.template_id,
        kind,
        healthJob: null,
        healthInstance: null,
        httpCheckUrl: null,
        graphNode: null,
      },
      vmid,
    );
    await changes.insertMany(trx, clock.now(), made.changes);
    return made.id;
  }

  return {
    dispatchJob,
    watchJob,
    reportIn,
    report: (
      id: string,
      to: DeploymentStatus,
      message: LogText,
      extra: { error?: string | null; vmid?: number } = {},
    ) => db.transaction().execute((trx) => reportIn(trx, id, to, message, extra)),
  };
}
