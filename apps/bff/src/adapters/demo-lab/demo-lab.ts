import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { DeploymentStatus, LoopEventsBody } from '@ralf/shared';
import type { Config } from '../../config';
import type { DeploymentsService } from '../../features/deployments/deployments.service';
import type { FleetService } from '../../features/fleet/fleet.service';
import type { LoopsService } from '../../features/loops/loops.service';
import type { PlansService } from '../../features/plans/plans.service';
import type { TrailsService } from '../../features/trails/trails.service';
import { enqueue, enqueueOnce, type JobResult, type OutboxJob } from '../../lib/outbox';
import type { Profile } from '../../profile';
import { STARTUP_LOCK, type DbClient } from '../db/client';
import type { BackupSource, BotHealthSource, Clock, Executor, InventorySource, MetricsSource } from '../ports';
import { PbsBackups, PveBackups } from '../proxmox/backup-readers';
import { ProxmoxInventory } from '../proxmox/proxmox-inventory';
import { PveControl } from '../proxmox/pve-control';
import { changeLog } from '../../lib/change-log';
import type { LabEffect } from './pve-actions';
import { LabTasks } from './pve-tasks';
import { DemoLabBots } from './demo-lab-bots';
import { DemoLabExecutor } from './demo-lab-executor';
import { rotateDemoFinding, writeDemoPolicyFiles } from './demo-lab-findings';
import { DemoLabLoops, seedLoopHistory } from './demo-lab-loops';
import { DemoLabMetrics } from './demo-lab-metrics';
import { DemoLabPlanner } from './demo-lab-planner';
import { demoTrails } from './demo-lab-trails';
import { renderExposition } from './exposition';
import { DEMO_PVE_TOKEN, installPveApi } from './pve-api';
import { DEMO_PBS_TOKEN, installPbsApi } from './pbs-api';
import { createLabModel, followInventory, type LabModel } from './lab-model';

/** How often the demo lab's adaptive loop looks for a plan to propose. */
const PLAN_EVERY_MS = 5 * 60_000;
/** How often its agents look for a loop run that is due. */
const LOOPS_EVERY_MS = 30_000;
const AGENT = 'system:demo-lab';

/** What the demo lab drives once the features exist: it plays their agents and executor. */
export interface DemoLabServices {
  fleet: FleetService;
  deployments: DeploymentsService;
  plans: PlansService;
  loops: LoopsService;
  trails: TrailsService;
}

export interface DemoLabOptions {
  db: DbClient;
  clock: Clock;
  log: FastifyBaseLogger;
  profile: Profile;
  /** The executor's pace: 1 is realistic, tests go faster. */
  speed?: number;
  /** Its adaptive loop proposes plans and its agents run loops (tests that count plans turn it off). */
  agents?: boolean;
}

export type DemoLab = ReturnType<typeof createDemoLab>;

/** The lab's own API as a Proxmox endpoint (plain http: it is read on loopback). */
const endpoint = (url: string, token: { tokenId: string; secret: string }) => ({
  name: 'demo lab',
  url,
  ...token,
  fingerprint: null,
  ca: null,
  timeoutMs: 5000,
  pollMs: 10_000,
});

/**
 * The embedded default's lab (DESIGN.md §2): a simulated Proxmox cluster behind the same ports as
 * the real adapters. It fills the metrics, executor and bots ports, serves its metrics in
 * Prometheus' format, and once the features exist (`start`) reports its inventory and past, runs
 * its agents' loops and proposes plans, all through the features' own services.
 */
export function createDemoLab(config: Config, { db, clock, log, profile, speed = 1, agents = true }: DemoLabOptions) {
  const model: LabModel = createLabModel({ guests: config.demoLab?.guests ?? null });
  const frozen = config.demoLab?.frozenAt;
  const labClock: Clock = frozen ? { now: () => frozen } : clock;
  const executor = new DemoLabExecutor(db.db, speed, config.agentLanguage);
  const metrics = new DemoLabMetrics(model, labClock, config.scrapeIntervalMs, config.agentLanguage);
  let planner: DemoLabPlanner | null = null;
  let loops: DemoLabLoops | null = null;
  const policyDir = config.policyResultsDemo ? config.policyResultsDir : null;
  /** Brings the model up to date with the stored inventory (set once the features exist). */
  let follow: (() => Promise<void>) | null = null;
  // Its Proxmox's tasks (issue 20), at the executor's pace; what they change is stored (start()).
  const tasks = new LabTasks(labClock, speed);
  let effect: LabEffect | null = null;

  return {
    model,
    metrics: metrics as MetricsSource,
    executor: executor as Executor,
    bots: new DemoLabBots() as BotHealthSource,

    /** Its outbox jobs: the executor's steps, reported as an executor reports, and its agents' turns. */
    jobs(s: DemoLabServices): Record<string, (job: OutboxJob) => Promise<JobResult>> {
      return {
        'demo.step': async (job) => {
          const p = job.payload as { to: DeploymentStatus; message: string; error?: string };
          await s.deployments.report(job.deploymentId!, p.to, p.message, { error: p.error ?? null });
          return { done: true };
        },
        'demo.plan-step': async (job) => {
          const p = job.payload as { status: 'applying' | 'applied'; message: string };
          await s.plans.report(job.planId!, p.status, p.message);
          return { done: true };
        },
        'demo.loop-step': async (job) => {
          const p = job.payload as {
            loopId: string;
            runId: string;
            trigger: string;
            type: 'started' | 'phase' | 'finished';
            phase?: string;
            status?: 'succeeded' | 'failed';
          };
          const id = `${p.runId}:${p.type}:${p.phase ?? ''}`.slice(0, 128).replace(/[^A-Za-z0-9._:@/-]/g, '-');
          const event: LoopEventsBody['events'][number] = {
            id,
            loopId: p.loopId,
            runId: p.runId,
            type: p.type,
            at: new Date().toISOString(),
            trigger: p.trigger,
            ...(p.phase && { phase: p.phase }),
            ...(p.status && { status: p.status }),
          };
          await s.loops.events(AGENT, [event], null);
          return { done: true };
        },
        'demo.loops': async () => {
          if (!loops) return { done: true };
          await loops.tick().catch((err: unknown) => log.warn({ err }, 'the demo lab loops failed'));
          if (policyDir) rotateDemoFinding(policyDir, new Date(), config.agentLanguage);
          await enqueue(db.db, { kind: 'demo.loops', payload: {}, dueAt: new Date(Date.now() + LOOPS_EVERY_MS) });
          return { done: true };
        },
        'demo.adaptive': async () => {
          if (!planner) return { done: true };
          await planner.tick().catch((err: unknown) => log.warn({ err }, 'the demo lab planner failed'));
          await enqueue(db.db, { kind: 'demo.adaptive', payload: {}, dueAt: new Date(Date.now() + PLAN_EVERY_MS) });
          return { done: true };
        },
      };
    },

    /**
     * Its metrics in Prometheus' text format, for a real Prometheus to scrape (`/demo-lab/metrics`),
     * and its cluster through Proxmox VE's API (`/demo-lab/pve/api2/json/…`, pve-api.ts).
     */
    install(app: FastifyInstance): void {
      installPveApi(app, model, labClock, {
        beforeRead: () => follow?.() ?? Promise.resolve(),
        metrics,
        tasks,
        effect: () => effect,
      });
      app.addHook('onClose', async () => tasks.stop());
      installPbsApi(app, model, labClock);
      // Its services' health endpoints: up while their guest runs, 503 otherwise (HTTP checks, issue 21).
      app.get<{ Params: { vmid: string } }>(
        '/demo-lab/http/:vmid',
        { config: { access: 'public' } },
        async (req, reply) => {
          const g = model.guests.find((x) => String(x.vmid) === req.params.vmid);
          if (!g) return reply.code(404).send('no such guest\n');
          return g.status === 'running' ? 'ok\n' : reply.code(503).send(`${g.name} is ${g.status}\n`);
        },
      );
      app.get('/demo-lab/metrics', { config: { access: 'public' } }, async (_req, reply) => {
        reply.header('content-type', 'text/plain; version=0.0.4; charset=utf-8');
        const step = config.scrapeIntervalMs;
        return renderExposition(model, Math.floor(labClock.now().getTime() / step) * (step / 1000));
      });
    },

    /** Where its services answer their HTTP checks (issue 21): this server's /demo-lab/http/<vmid>. */
    serviceCheckUrls(base: string): Map<string, string> {
      return new Map(
        model.inventory.services.flatMap((s) =>
          s.guestId ? [[s.id, `${base}/demo-lab/http/${s.guestId.split('/')[1]}`] as const] : [],
        ),
      );
    },

    /**
     * Its Proxmox VE API as the embedded default reads it: through the same adapter as a real
     * cluster (`base` is where this server answers on loopback).
     */
    inventorySource(base: string): InventorySource {
      return new ProxmoxInventory(endpoint(`${base}/demo-lab/pve`, DEMO_PVE_TOKEN));
    },

    /** Its Proxmox VE API as the Proxmox executor acts on it (issue 20): the same adapter as a real cluster's. */
    control(base: string): PveControl {
      return new PveControl({ ...endpoint(`${base}/demo-lab/pve`, DEMO_PVE_TOKEN), console: false });
    },

    /** Its backups, through the same readers as a real cluster's and PBS's. */
    backupSources(base: string): BackupSource[] {
      return [
        new PveBackups(endpoint(`${base}/demo-lab/pve`, DEMO_PVE_TOKEN)),
        new PbsBackups({ ...endpoint(`${base}/demo-lab/pbs`, DEMO_PBS_TOKEN), name: 'demo lab PBS' }),
      ];
    },

    /**
     * Brings the lab to life once the features exist. `runsLoops`: only with its own executor do
     * its agents run the profile's loops (with n8n configured, loops run when n8n runs them).
     * Seeding is idempotent (each step looks first at what is there) and one replica at a time.
     */
    async start(
      s: DemoLabServices,
      { runsLoops, onInventoryChange }: { runsLoops: boolean; onInventoryChange: (f: () => void) => void },
    ): Promise<void> {
      // The lab follows its inventory (a migrated guest's load moves with it), from the start on,
      // and before each answer of its Proxmox API: what a deployment or plan stored, the lab has,
      // so a reading of it never undoes a change (the stored inventory is the lab's memory).
      // An inventory whose fingerprint is the one followed last is not read again: at 5,000 guests
      // the lab read all of them before each of its API's answers, 4 times every 10 s (issue 24).
      // One follow at a time, in order: two at once could finish out of order, the older reading last.
      let followed = '';
      let following: Promise<void> = Promise.resolve();
      const followOnce = async () => {
        const version = await s.fleet.fingerprint(db.db);
        if (version === followed) return;
        followInventory(model, await s.fleet.read(db.db), Math.floor(labClock.now().getTime() / 1000));
        followed = version;
      };
      follow = () => (following = following.catch(() => {}).then(followOnce));
      const followNow = () => follow!();
      // A task's effect is stored as an agent's report would store it, then the lab follows it.
      effect = async (guestId, change, create) => {
        await db.db.transaction().execute(async (trx) => {
          const at = clock.now().toISOString();
          const changes = create
            ? await s.fleet.applyEvents(trx, [
                { id: `lab:${guestId}:created`, at, type: 'guest.upsert', guest: create },
              ])
            : await s.fleet.updateGuests(trx, [guestId], (g) => void Object.assign(g, change));
          await changeLog.insertMany(trx, clock.now(), changes);
        });
        s.fleet.invalidate();
        await followNow();
      };
      onInventoryChange(
        () =>
          void followNow().catch((err: unknown) => log.warn({ err }, 'the demo lab could not follow the inventory')),
      );
      if (policyDir) writeDemoPolicyFiles(policyDir, config.agentLanguage);
      await db.exclusively(STARTUP_LOCK, async () => {
        if (agents && runsLoops) {
          loops = new DemoLabLoops({ loops: s.loops, profile, clock });
          if ((await s.loops.lastStarts()).size === 0)
            await seedLoopHistory(s.loops, profile, clock.now(), config.agentLanguage);
          await enqueueOnce(db.db, { kind: 'demo.loops', payload: {}, dueAt: new Date(Date.now() + 1000) });
        }
        // Its adaptive loop: one turn now (unless one is already waiting), then every few minutes.
        if (agents) {
          planner = new DemoLabPlanner({
            plans: s.plans,
            fleet: s.fleet,
            trails: s.trails,
            clock,
            language: config.agentLanguage,
          });
          await enqueueOnce(db.db, { kind: 'demo.adaptive', payload: {}, dueAt: new Date(Date.now() + 2000) });
        }
        // It reports its inventory at the first start, as an agent's snapshot would; after that the
        // database's inventory stands (what agents, deployments and plans changed), and the lab
        // takes its guests' places from it, so a restart undoes nothing.
        if ((await s.fleet.read(db.db)).nodes.length === 0) await s.fleet.applyInventory(model.inventory, AGENT);
        else await followNow();
        // Its past, as trails: a restart that healed, a host discovered, a PBS found, a failed deployment.
        if (!(await s.trails.hasAny()))
          await s.trails.ingest(AGENT, demoTrails(clock.now(), config.agentLanguage), null);
      });
    },
  };
}
