import { englishText } from '@ralf/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../adapters/ports';
import { buildTestApp, callerAs } from '../../../test/build-test-app';
import { createToken, ingest } from '../../../test/ingest-client';
import { DB_KINDS } from '../../../test/test-db';
import { until } from '../../../test/until';

let skewMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + skewMs) };

describe.each(DB_KINDS)('loops on %s', (kind) => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let agent: { secret: string };
  let operator: Awaited<ReturnType<typeof callerAs>>;
  const send = (events: unknown[]) => ingest(t.app, 'loops', { events }, agent);
  const loop = async (id: string) => (await operator.loops.list()).find((l) => l.id === id)!;
  beforeAll(async () => {
    t = await buildTestApp(kind, {}, { clock });
    agent = await createToken(t.app, { name: 'n8n-loops', scopes: ['ingest:loops'] });
    operator = await callerAs(t, 'operator');
  });
  afterAll(async () => t?.stop());

  it('shows the profile’s loops with their triggers in words, and "never ran" before the first run', async () => {
    const loops = await operator.loops.list();
    expect(loops.map((l) => l.id)).toEqual(['main', 'discovery', 'adaptive']);
    expect(loops[0]).toMatchObject({
      runtime: 'n8n',
      template: 'flows/main-health-loop.json',
      periodSeconds: 300,
      health: 'never',
    });
    expect(loops[0]!.triggerText.map(englishText)).toEqual([
      'every 5 minutes, Europe/Berlin (cron */5 * * * *)',
      'safety timer every 15 minutes (PT15M)',
    ]);
    expect(new Date(loops[0]!.nextRunAt!).getTime() - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    // The overview's count agrees: "no run yet" is not "on schedule".
    expect(await operator.loops.summary()).toMatchObject({ total: 3, ok: 0, never: 3 });
  });

  it('follows a run through its phases to a failure in one of them', async () => {
    const at = (s: number) => new Date(Date.now() - 60_000 + s * 1000).toISOString();
    expect(
      (
        await send([
          { id: 'r1-start', loopId: 'main', runId: 'r1', type: 'started', at: at(0), trigger: 'cron' },
          { id: 'r1-p1', loopId: 'main', runId: 'r1', type: 'phase', phase: 'Telemetrie sammeln', at: at(1) },
        ])
      ).statusCode,
    ).toBe(200);
    const running = await loop('main');
    expect(running.current).toMatchObject({ id: 'r1', status: 'running', phase: 'Telemetrie sammeln' });
    expect(running.health).toBe('ok');
    await send([
      { id: 'r1-p2', loopId: 'main', runId: 'r1', type: 'phase', phase: 'Findings priorisieren', at: at(2) },
      { id: 'r1-end', loopId: 'main', runId: 'r1', type: 'finished', status: 'failed', at: at(3) },
    ]);
    // The same events again change nothing.
    await send([{ id: 'r1-end', loopId: 'main', runId: 'r1', type: 'finished', status: 'failed', at: at(3) }]);
    const done = await loop('main');
    expect(done.current).toBeNull();
    expect(done.lastRun).toMatchObject({ id: 'r1', status: 'failed', failedPhase: 'Findings priorisieren' });
  });

  it('flags a loop overdue when its runs stop, and red after two periods', async () => {
    try {
      skewMs = 7 * 60_000;
      const late = await loop('main');
      expect([late.health, englishText(late.healthReason)]).toEqual([
        'overdue',
        'overdue: last run started 8 minutes ago, it runs every 5 minutes',
      ]);
      skewMs = 12 * 60_000;
      expect((await loop('main')).health).toBe('missed');
      expect((await operator.loops.summary()).missed).toBe(1);
    } finally {
      skewMs = 0;
    }
  });

  it('pauses and resumes with a reason (audited); agents read the paused state; a run started while paused is flagged', async () => {
    await expect(operator.loops.pause({ id: 'adaptive', reason: '' })).rejects.toThrow(/give a reason/);
    const paused = await operator.loops.pause({ id: 'adaptive', reason: 'maintenance on pve2' });
    expect(paused).toMatchObject({
      health: 'paused',
      paused: { by: 'user:operator', reason: 'maintenance on pve2' },
      nextRunAt: null,
    });
    const state = await t.app.inject({
      method: 'GET',
      url: '/api/ingest/v1/loops/adaptive/state',
      headers: { authorization: `Bearer ${agent.secret}` },
    });
    expect(state.json()).toMatchObject({ loopId: 'adaptive', paused: true, reason: 'maintenance on pve2' });
    await send([{ id: 'p-start', loopId: 'adaptive', runId: 'p1', type: 'started', at: new Date().toISOString() }]);
    expect((await loop('adaptive')).current).toMatchObject({ id: 'p1', startedWhilePaused: true });
    await expect(operator.loops.runNow({ id: 'adaptive' })).rejects.toThrow(/Loop adaptive is paused; resume it first/);
    await operator.loops.resume({ id: 'adaptive', reason: 'pve2 is back' });
    const audit = await (
      await callerAs(t, 'admin')
    ).audit.list({ subject: 'loop/adaptive', action: 'loop.', limit: 5 });
    expect(audit.events.map((e) => [e.action, (e.details as { reason: string }).reason])).toEqual([
      ['loop.resume', 'pve2 is back'],
      ['loop.pause', 'maintenance on pve2'],
    ]);
  });

  it('runs a loop now through the executor, phase by phase', async () => {
    const { runId } = await operator.loops.runNow({ id: 'discovery' });
    const run = await until('run finished', async () =>
      (await loop('discovery')).runs.find((r) => r.id === runId && r.status !== 'running'),
    );
    expect(run).toMatchObject({
      status: 'succeeded',
      phase: 'Ergebnisse an Ralf-Core & Planner zurückspielen',
      trigger: 'run now by user:operator',
    });
  });

  it('refuses runs of loops the profile does not define', async () => {
    const res = await send([
      { id: 'x-1', loopId: 'backup', runId: 'x', type: 'started', at: new Date().toISOString() },
    ]);
    expect([
      res.statusCode,
      res.json().issues.map((i: { path: string; message: string }) => [i.path, i.message]),
    ]).toEqual([400, [['events.0.loopId', 'no loop backup in the profile']]]);
    const bad = await send([{ id: 'x-2', loopId: 'main', runId: 'x', type: 'finished', at: new Date().toISOString() }]);
    expect([bad.statusCode, bad.json().issues[0].path]).toEqual([400, 'events.0.status']);
  });
});
