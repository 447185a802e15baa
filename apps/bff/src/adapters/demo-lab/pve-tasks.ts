import type { FastifyInstance } from 'fastify';
import type { Clock } from '../ports';
import type { LabModel } from './lab-model';

/** One step of a lab task: after `afterMs` (at speed 1) the line is logged. */
export interface LabStep {
  afterMs: number;
  line: string;
}

interface LabTask {
  upid: string;
  node: string;
  type: string;
  id: string;
  user: string;
  starttime: number;
  endtime: number | null;
  /** `OK`, or the error; null while running. */
  exit: string | null;
  lines: string[];
}

const hex = (n: number, w = 8) => n.toString(16).toUpperCase().padStart(w, '0');
const KEEP = 200;

/**
 * The demo lab's task runner (issue 20): an action answers with a UPID at once and its work runs
 * on, logging line by line as Proxmox's workers do (`TASK OK` or `TASK ERROR: …` last). Its tasks
 * live in this process, as a Proxmox host's live on the host: after a restart of ralf-ui the lab's
 * Proxmox has forgotten them, and ralf-ui shows such a task as unknown.
 */
export class LabTasks {
  private readonly tasks: LabTask[] = [];
  private pid = 0x1f00;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly clock: Clock,
    private readonly speed: number,
  ) {}

  /**
   * Starts a task; `end` runs after the last step (its effect on the lab) and says how it ended:
   * `OK` or the error. A task's effect is done before its status says it ended.
   */
  run(
    o: { node: string; type: string; id: string; user: string },
    steps: LabStep[],
    end: () => Promise<string> | string,
  ): string {
    const starttime = Math.floor(this.clock.now().getTime() / 1000);
    const pid = ++this.pid;
    const upid = `UPID:${o.node}:${hex(pid)}:${hex(pid * 977)}:${hex(starttime)}:${o.type}:${o.id}:${o.user}:`;
    const task: LabTask = { upid, ...o, starttime, endtime: null, exit: null, lines: [] };
    this.tasks.push(task);
    if (this.tasks.length > KEEP) this.tasks.splice(0, this.tasks.length - KEEP);
    let i = 0;
    const next = () => {
      const step = steps[i++];
      if (step) return this.after(step.afterMs, () => (task.lines.push(step.line), next()));
      void (async () => {
        let exit: string;
        try {
          exit = await end();
        } catch (err) {
          exit = (err as Error).message;
        }
        task.lines.push(exit === 'OK' ? 'TASK OK' : `TASK ERROR: ${exit}`);
        task.exit = exit;
        task.endtime = Math.floor(this.clock.now().getTime() / 1000);
      })();
    };
    next();
    return upid;
  }

  private after(ms: number, f: () => void) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      f();
    }, ms * this.speed);
    timer.unref();
    this.timers.add(timer);
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  find(upid: string): LabTask | null {
    return this.tasks.find((t) => t.upid === upid) ?? null;
  }

  /** Tasks as `/cluster/tasks` lists them: the exit status in `status` once ended, newest first. */
  list(): Record<string, unknown>[] {
    return [...this.tasks].reverse().map((t) => ({
      upid: t.upid,
      node: t.node,
      pid: parseInt(t.upid.split(':')[2]!, 16),
      pstart: parseInt(t.upid.split(':')[3]!, 16),
      starttime: t.starttime,
      type: t.type,
      id: t.id,
      user: t.user,
      ...(t.endtime !== null && { endtime: t.endtime, status: t.exit }),
    }));
  }

  /** `/nodes/{node}/tasks/{upid}/status`: `running`, or `stopped` with its `exitstatus`. */
  status(t: LabTask): Record<string, unknown> {
    const [, , pid, pstart] = t.upid.split(':');
    return {
      upid: t.upid,
      node: t.node,
      pid: parseInt(pid!, 16),
      pstart: parseInt(pstart!, 16),
      starttime: t.starttime,
      type: t.type,
      id: t.id,
      user: t.user,
      status: t.endtime === null ? 'running' : 'stopped',
      ...(t.endtime !== null && { exitstatus: t.exit }),
    };
  }

  lines(t: LabTask): string[] {
    return t.lines;
  }
}

/**
 * The nightly backup job's tasks of the last days, as root@pam's scheduler leaves them in
 * `/cluster/tasks`: there beside what anyone started through ralf-ui (issue 20's "tasks started
 * elsewhere").
 */
function jobTasks(model: LabModel, t: number): Record<string, unknown>[] {
  const day = 86_400;
  const out: Record<string, unknown>[] = [];
  for (let d = 0; d < 3; d++) {
    const start = Math.floor(t / day) * day - d * day + 2 * 3600;
    if (start > t) continue;
    for (const [i, n] of model.nodes.filter((x) => x.status === 'online').entries()) {
      const s = start + i * 240;
      if (n.bornAt !== undefined && s < n.bornAt) continue;
      const upid = `UPID:${n.name}:${hex(0x3a00 + d * 7 + i)}:${hex(0x9000 + i)}:${hex(s)}:vzdump::root@pam:`;
      out.push({
        upid,
        node: n.name,
        starttime: s,
        endtime: s + 1200,
        type: 'vzdump',
        id: '',
        user: 'root@pam',
        status: 'OK',
      });
    }
  }
  return out;
}

/** The task paths of Proxmox VE's API, answered from the lab's runner and its backup job's history. */
export function installPveTaskRoutes(scope: FastifyInstance, model: LabModel, tasks: LabTasks, now: () => number) {
  const pub = { config: { access: 'public' } } as const;
  scope.get('/cluster/tasks', pub, async () => ({
    data: [...tasks.list(), ...jobTasks(model, now())].sort(
      (a, b) => (b.starttime as number) - (a.starttime as number),
    ),
  }));
  scope.get<{ Params: { node: string }; Querystring: { vmid?: string; limit?: string } }>(
    '/nodes/:node/tasks',
    pub,
    async (req) => {
      const limit = Math.min(Number(req.query.limit ?? 50) || 50, 500);
      const mine = tasks
        .list()
        .filter((t) => t.node === req.params.node && (!req.query.vmid || t.id === req.query.vmid));
      const job = req.query.vmid ? [] : jobTasks(model, now()).filter((t) => t.node === req.params.node);
      // A node's list says running tasks' status as `running`.
      const data = [...mine, ...job].slice(0, limit).map((t) => ({ ...t, status: t.status ?? 'running' }));
      return { data, total: data.length };
    },
  );
  type TaskParams = { Params: { node: string; upid: string }; Querystring: { start?: string; limit?: string } };
  const found = (
    upid: string,
    reply: { code(n: number): { send(b: unknown): unknown }; raw: { statusMessage: string } },
  ) => {
    const t = tasks.find(upid);
    if (!t) {
      reply.raw.statusMessage = `no such task`;
      reply.code(500).send({ data: null, message: 'no such task\n' });
    }
    return t;
  };
  scope.get<TaskParams>('/nodes/:node/tasks/:upid/status', pub, async (req, reply) => {
    const t = found(req.params.upid, reply);
    return t ? { data: tasks.status(t) } : reply;
  });
  scope.get<TaskParams>('/nodes/:node/tasks/:upid/log', pub, async (req, reply) => {
    const t = found(req.params.upid, reply);
    if (!t) return reply;
    const start = Math.max(0, Number(req.query.start ?? 0) || 0);
    const limit = Math.min(Math.max(1, Number(req.query.limit ?? 50) || 50), 5000);
    const all = tasks.lines(t);
    return {
      data: all.slice(start, start + limit).map((line, i) => ({ n: start + i + 1, t: line })),
      total: all.length,
    };
  });
}
