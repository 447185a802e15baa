import { type DeploymentStatus, englishText, type Language, type Message, msg, type TaskAction } from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import type { Clock } from '../../adapters/ports';
import type { GuestRef, PveControl } from '../../adapters/proxmox/pve-control';
import type { JobResult, OutboxJob } from '../../lib/outbox';
import type { FleetService } from '../fleet/fleet.service';
import type { LogText } from '../../lib/log-line';
import type { ProxmoxControls } from './controls';
import { TYPE_OF } from './task-trail';
import { taskRecords } from './task-records';
import { tasksRepository as repo, type TaskRow } from './tasks.repository';

/** What a clone deployment needs, fixed when it is handed over (the job's payload). */
export interface CloneOrder {
  template: number;
  full: boolean;
  storage?: string | undefined;
  user: string;
  name: string;
  node: string;
  cores: number;
  memoryMiB: number;
  diskGiB: number;
  sshKeys: string;
  ipConfig: string;
}

export interface DeployRunnerDeps {
  db: Db;
  clock: Clock;
  /** RALF_LANGUAGE: the words of the tasks' trails (issue 18). */
  language?: Language;
  controls: ProxmoxControls;
  fleet: Pick<FleetService, 'inventory'>;
  report: (
    id: string,
    to: DeploymentStatus,
    message: LogText,
    extra: { error?: string | null; vmid?: number },
  ) => Promise<unknown>;
}

const STEP_MS = 1000;
const GiB = 1024 ** 3;
type Step = 'clone' | 'configure' | 'resize' | 'start';

/**
 * Click-to-deploy through Proxmox (issue 20): a catalog template that names a Proxmox VM template
 * is cloned (`/cluster/nextid`, then `clone`), sized and given its cloud-init user, SSH keys and
 * address, its disk grown, and started, each a task recorded under `deploy:<id>:<step>` before it
 * is asked. The outbox job (`proxmox.deploy-step`) walks the steps, reports the deployment's
 * phases (provisioning, configuring, verifying) and ends it with the new VM's VMID; after a crash
 * a step asked is followed, never asked again.
 */
export function createDeployRunner({ db, clock, controls, fleet, report, language }: DeployRunnerDeps) {
  const records = taskRecords({ db, clock, language });

  /** Proxmox deploys it when its template is a clone and the target node's cluster is one ralf-ui acts on. */
  async function covers(clone: boolean, nodeId: string | null): Promise<boolean> {
    if (!clone || !nodeId || !controls.size) return false;
    const cluster = (await fleet.inventory()).nodeById.get(nodeId)?.cluster;
    return !!cluster && (await controls.forCluster(cluster)) !== null;
  }

  async function record(id: string, step: Step, c: { cluster: string; node: string }, o: CloneOrder, vmid: number) {
    const action: TaskAction = step === 'resize' ? 'resize' : step;
    return records.record({
      idempotency_key: `deploy:${id}:${step}`,
      cluster: c.cluster,
      node: c.node,
      guest_id: `qemu/${vmid}`,
      guest_name: o.name,
      action,
      type: step === 'resize' ? 'resize' : TYPE_OF(action, 'qemu'),
      target: step === 'clone' ? `template ${o.template}` : null,
      // A clone's task names the template it copies, not the new VM: the follower looks for that.
      params: { deployment: id, vmid, ...(step === 'clone' && { taskId: String(o.template) }) },
      actor: 'system:ralf-ui',
      source_ip: null,
      reason: `deployment ${id}`,
      created_at: clock.now(),
    });
  }

  async function stepJob(job: OutboxJob): Promise<JobResult> {
    const id = job.deploymentId!;
    const o = job.payload as unknown as CloneOrder;
    const inv = await fleet.inventory();
    const cluster = inv.nodeById.get(`node/${o.node}`)?.cluster ?? '';
    const c = await controls.forCluster(cluster);
    const wait = (why: string): JobResult => ({ done: false, retryInMs: STEP_MS, error: why });
    if (!c) return { done: false, retryInMs: 5 * STEP_MS, error: `the Proxmox cluster ${cluster} does not answer now` };
    const fail = async (why: Message): Promise<JobResult> => {
      await report(id, 'failed', why, { error: englishText(why) });
      return { done: true };
    };

    const cloned = await repo.findByKey(db, `deploy:${id}:clone`);
    if (!cloned) return provision(id, o, c, cluster, fail, wait);
    const vmid = Number((cloned.params as { vmid: number }).vmid);
    const ref: GuestRef = { node: o.node, type: 'qemu', vmid };
    const steps: { step: Step; phase: DeploymentStatus; say: Message; call: () => Promise<string | null> }[] = [
      {
        step: 'configure',
        phase: 'configuring',
        say: msg('deploylog.configuring', {
          vmid: String(vmid),
          cores: o.cores,
          memory: o.memoryMiB,
          user: o.user,
          ip: o.ipConfig,
        }),
        call: () => c.configureClone(ref, o),
      },
      {
        step: 'resize',
        phase: 'configuring',
        say: msg('deploylog.growing', { disk: o.diskGiB }),
        call: () => c.resizeDisk(ref, 'scsi0', `${o.diskGiB}G`, null),
      },
      {
        step: 'start',
        phase: 'verifying',
        say: msg('deploylog.starting', { vmid: String(vmid) }),
        call: () => c.power(ref, 'start'),
      },
    ];
    let before: TaskRow = cloned;
    for (const s of steps) {
      if (before.status === 'starting' || before.status === 'running') return wait(`waiting for ${before.type}`);
      if (before.status !== 'ok')
        return fail(
          msg('deploylog.stepFailed', {
            step: before.type,
            vmid: String(vmid),
            status: before.exit_status ?? before.status,
          }),
        );
      const row = await repo.findByKey(db, `deploy:${id}:${s.step}`);
      if (row) {
        before = row;
        continue;
      }
      if (s.step === 'resize' && (await c.find(o.template))!.diskBytes >= o.diskGiB * GiB) {
        // The template's disk is as large already: nothing to grow (recorded, so the walk goes on).
        const r = await record(id, 'resize', { cluster, node: o.node }, o, vmid);
        if (r) await records.end(r.id, 'ok', `the disk is ${o.diskGiB} GiB or larger already`);
        return wait('next step');
      }
      await report(id, s.phase, s.say, {});
      const r = await record(id, s.step, { cluster, node: o.node }, o, vmid);
      if (r) await records.ask(r, s.call);
      return wait(`asked: ${s.step}`);
    }
    if (before.status === 'starting' || before.status === 'running') return wait('waiting for the start');
    if (before.status !== 'ok')
      return fail(
        msg('deploylog.stepFailed', {
          step: 'qmstart',
          vmid: String(vmid),
          status: before.exit_status ?? before.status,
        }),
      );
    await report(
      id,
      'succeeded',
      msg('deploylog.cloned', { vmid: String(vmid), name: o.name, node: o.node, template: String(o.template) }),
      { vmid },
    );
    return { done: true };
  }

  async function provision(
    id: string,
    o: CloneOrder,
    c: PveControl,
    cluster: string,
    fail: (why: Message) => Promise<JobResult>,
    wait: (why: string) => JobResult,
  ): Promise<JobResult> {
    const where = await c.find(o.template);
    if (!where) return fail(msg('deploylog.noTemplate', { cluster, template: String(o.template) }));
    const vmid = await c.nextId();
    await report(
      id,
      'provisioning',
      msg('deploylog.cloning', { template: String(o.template), vmid: String(vmid), node: o.node }),
      {},
    );
    const row = await record(id, 'clone', { cluster, node: where.node }, o, vmid);
    if (row)
      await records.ask(row, () =>
        c.clone(
          { node: where.node, type: 'qemu', vmid: o.template },
          { newid: vmid, name: o.name, target: o.node, full: o.full, storage: o.storage },
        ),
      );
    return wait('cloning');
  }

  return { covers, stepJob };
}
