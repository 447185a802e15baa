import type { Language } from '@ralf/shared';
import type { Db } from '../db/client';
import { enqueue } from '../../lib/outbox';
import type { DispatchRequest, Executor, LoopRunRequest, PlanApplyRequest } from '../ports';
import { hashString } from './lab-model';

/** The demo lab's phases and how long each takes (ms), as a small LXC takes on a real node. */
export const DEMO_STEPS = [
  {
    to: 'provisioning',
    afterMs: 300,
    en: 'cloning the template and allocating the disk',
    de: 'klone die Vorlage und lege die Disk an',
  },
  {
    to: 'configuring',
    afterMs: 1200,
    en: 'guest started; running the Ansible role',
    de: 'Gast gestartet; die Ansible-Rolle läuft',
  },
  {
    to: 'verifying',
    afterMs: 1000,
    en: 'service up; checking health and backups',
    de: 'Dienst läuft; prüfe Gesundheit und Sicherungen',
  },
  {
    to: 'succeeded',
    afterMs: 700,
    en: 'healthy; registered in the inventory and in Prometheus',
    de: 'gesund; im Inventar und in Prometheus eingetragen',
  },
] as const;

/**
 * The embedded mode's executor (DESIGN.md §2): it walks the phases with realistic timings as
 * outbox jobs (`demo.step`), so a restart of the BFF loses no step, and fails on demand at the
 * phase a template names (`demo.failAt`) so the failure path can be seen.
 */
export class DemoLabExecutor implements Executor {
  readonly label = 'demo-lab';
  readonly remote = false;
  /** Its progress reads like an executor's in the operators' language: RALF_AGENT_LANGUAGE (issue 18). */
  constructor(
    private readonly db: Db,
    private readonly speed = 1,
    private readonly language: Language = 'de',
  ) {}

  private say(en: string, de: string): string {
    return this.language === 'de' ? de : en;
  }

  async dispatch(req: DispatchRequest) {
    await this.db.transaction().execute(async (trx) => {
      let at = Date.now();
      for (const step of DEMO_STEPS) {
        at += step.afterMs * this.speed;
        await enqueue(trx, {
          kind: 'demo.step',
          deploymentId: req.deploymentId,
          dueAt: new Date(at),
          payload: { to: step.to, message: step[this.language] },
        });
        if (req.failAt !== step.to) continue;
        // It enters the phase, then fails in it, as a real executor reports (the page marks that phase).
        at += (step.afterMs / 2) * this.speed;
        await enqueue(trx, {
          kind: 'demo.step',
          deploymentId: req.deploymentId,
          dueAt: new Date(at),
          payload: {
            to: 'failed',
            message: this.say(
              `${step.to} failed: the demo template is set to fail here (demo.failAt)`,
              `${step.to} fehlgeschlagen: die Demo-Vorlage soll hier scheitern (demo.failAt)`,
            ),
            error: `${step.to} failed (demo.failAt)`,
          },
        });
        break;
      }
    });
    return { outcome: 'accepted' as const };
  }

  async runLoop(req: LoopRunRequest) {
    await scheduleLoopRun(this.db, req, this.speed);
    return { outcome: 'accepted' as const };
  }

  /**
   * Applies a plan as A_INFRA would, in at most 10 steps (a live migration takes longer than a
   * start). The inventory changes only at the last step, all at once: nothing half-applied.
   */
  async applyPlan(req: PlanApplyRequest) {
    const per = Math.max(1, Math.ceil(req.actions.length / 9));
    await this.db.transaction().execute(async (trx) => {
      let at = Date.now();
      for (let i = 0; i < req.actions.length; i += per) {
        const part = req.actions.slice(i, i + per);
        at += part.reduce((ms, a) => ms + (a.type === 'migrate' ? 1500 : 500), 0) * this.speed;
        const what =
          part.length === 1
            ? describe(part[0]!, this.language)
            : this.say(
                `actions ${i + 1}–${i + part.length} of ${req.actions.length}`,
                `Aktionen ${i + 1}–${i + part.length} von ${req.actions.length}`,
              );
        await enqueue(trx, {
          kind: 'demo.plan-step',
          planId: req.planId,
          dueAt: new Date(at),
          payload: {
            revision: req.revision,
            status: 'applying',
            message: this.say(`done: ${what}`, `erledigt: ${what}`),
          },
        });
      }
      await enqueue(trx, {
        kind: 'demo.plan-step',
        planId: req.planId,
        dueAt: new Date(at + 300 * this.speed),
        payload: {
          revision: req.revision,
          status: 'applied',
          message: this.say('all actions done; the inventory follows', 'alle Aktionen erledigt; das Inventar folgt'),
        },
      });
    });
    return { outcome: 'accepted' as const };
  }
}

/**
 * The demo lab's loop runs: started, each phase, finished. The adaptive loop fails in its second
 * phase now and then (one run in four), so a failed run is there to be seen.
 */
export async function scheduleLoopRun(db: Db, req: LoopRunRequest, speed: number): Promise<void> {
  const failAt = req.loopId === 'adaptive' && hashString(req.runId) % 4 === 0 ? 1 : -1;
  await db.transaction().execute(async (trx) => {
    let at = Date.now();
    const step = (payload: Record<string, unknown>) =>
      enqueue(trx, {
        kind: 'demo.loop-step',
        dueAt: new Date(at),
        payload: {
          chain: `loop-run:${req.runId}`,
          loopId: req.loopId,
          runId: req.runId,
          trigger: req.trigger,
          ...payload,
        },
      });
    await step({ type: 'started' });
    for (const [i, phase] of req.phases.entries()) {
      at += 1500 * speed;
      await step({ type: 'phase', phase });
      if (i === failAt) {
        at += 500 * speed;
        await step({ type: 'finished', status: 'failed', phase });
        return;
      }
    }
    at += 500 * speed;
    await step({ type: 'finished', status: 'succeeded' });
  });
}

function describe(a: PlanApplyRequest['actions'][number], language: Language): string {
  const de = language === 'de';
  if (a.type === 'migrate')
    return `${de ? 'Live-Migration von' : 'live migration of'} ${a.guestId} ${a.from} → ${a.to}`;
  if (a.type === 'resize') return `${a.guestId} ${a.resource} ${a.from} → ${a.to}`;
  if (a.type === 'scale') return `${a.serviceId} ${de ? 'skaliert' : 'scaled'} ${a.from} → ${a.to}`;
  if (a.type === 'add-node')
    return de
      ? `${a.mac} mit Proxmox VE installiert, als ${a.node} in ${a.cluster} aufgenommen`
      : `${a.mac} installed with Proxmox VE, joined to ${a.cluster} as ${a.node}`;
  return `${a.type} ${a.guestId}`;
}
