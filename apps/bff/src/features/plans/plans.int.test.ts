import { englishText, PLAN_STATUSES, PLAN_TRANSITIONS, type PlanSubmission } from '@ralf/shared';
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../adapters/ports';
import { fleetRepository } from '../fleet/fleet.repository';
import { DEMO_PLANNER, DemoLabPlanner } from '../../adapters/demo-lab/demo-lab-planner';
import { buildTestApp, callerAs } from '../../../test/build-test-app';
import { createToken, ingest } from '../../../test/ingest-client';
import { DB_KINDS } from '../../../test/test-db';
import { until } from '../../../test/until';

type App = Awaited<ReturnType<typeof buildTestApp>>;

/** Real time, which a test may move forward (expiry). */
let skewMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + skewMs) };

const NODES = ['node/pve1', 'node/pve2', 'node/pve3'];
const sim = (nodes = NODES) => ({
  nodes: nodes.map((nodeId) => ({ nodeId, cpuBefore: 0.3, cpuAfter: 0.35, memBefore: 0.5, memAfter: 0.55 })),
});
const inHours = (h: number) => new Date(clock.now().getTime() + h * 3_600_000).toISOString();

/** An agent's plan: trigger, summary, actions, a simulation over every node, an expiry. */
const planBody = (key: string, actions: unknown[], over: Record<string, unknown> = {}) =>
  ({
    key,
    trigger: 'capacity_drift',
    summary: `plan ${key}`,
    actions,
    simulation: sim(),
    risk: 'low',
    expiresAt: inHours(2),
    ...over,
  }) as PlanSubmission;

/** The code the service gave a refused call (tRPC carries it as the cause). */
async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCError)
      return { code: (err.cause as { code?: string } | undefined)?.code ?? err.code, message: err.message };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe.each(DB_KINDS)('adaptive plans on %s', (kind) => {
  let t: App;
  let agent: { secret: string };
  let approver: Awaited<ReturnType<typeof callerAs>>;
  let approver2: Awaited<ReturnType<typeof callerAs>>;
  let admin: Awaited<ReturnType<typeof callerAs>>;
  const submit = async (body: PlanSubmission) => {
    const res = await ingest(t.app, 'plans', body, agent);
    if (res.statusCode !== 200) throw new Error(`plan refused: ${res.body}`);
    return res.json<{ planId: string; revision: number; newRevision: boolean; discardedApprovals: number }>();
  };
  const nodeOf = async (guestId: string) => (await fleetRepository.findGuest(t.db.db, guestId))!.nodeId;
  /** A migration of the guest from where it is now to `to` (or the first other node). */
  const migrate = async (guestId: string, to?: string) => {
    const from = await nodeOf(guestId);
    return { type: 'migrate' as const, guestId, from, to: to ?? NODES.find((n) => n !== from)! };
  };
  const final = (id: string, status: string) =>
    until(`plan ${status}`, async () => {
      const p = await approver.plans.byId({ id });
      return p.status === status && p;
    });
  const outboxCount = async (planId: string, jobKind: string) =>
    Number(
      (
        await sql<{
          n: string;
        }>`select count(*) as n from ralf.outbox where plan_id = ${planId} and kind = ${jobKind}`.execute(t.db.db)
      ).rows[0]!.n,
    );

  beforeAll(async () => {
    t = await buildTestApp(kind, {}, { clock, retryBaseMs: 20 });
    agent = await createToken(t.app, { name: 'a-plan', scopes: ['ingest:plans', 'ingest:inventory'] });
    admin = await callerAs(t, 'admin');
    await admin.users.create({ username: 'approver2', password: 'second approver', roles: ['approver'] });
    await admin.users.create({ username: 'both', password: 'operator and approver', roles: ['operator', 'approver'] });
    approver = await callerAs(t, 'approver');
    approver2 = await callerAs(t, { username: 'approver2', password: 'second approver' });
  });
  afterAll(async () => t?.stop());
  afterEach(async () => {
    skewMs = 0;
    await admin.plans.updateSettings({ approvalsNeeded: 1, windows: [] });
  });

  it('holds exactly the legal transitions in the database, and refuses the others there', async () => {
    const rows = await sql<{
      from_status: string;
      to_status: string;
    }>`select from_status, to_status from ralf.plan_transition`.execute(t.db.db);
    const table = Object.fromEntries(
      PLAN_STATUSES.map((s) => [
        s,
        rows.rows
          .filter((r) => r.from_status === s)
          .map((r) => r.to_status)
          .sort(),
      ]),
    );
    expect(table).toEqual(Object.fromEntries(PLAN_STATUSES.map((s) => [s, [...PLAN_TRANSITIONS[s]].sort()])));
    const { planId } = await submit(planBody('transitions', [await migrate('lxc/216')]));
    for (const to of ['applying', 'applied', 'failed']) {
      await expect(sql`update ralf.plan set status = ${to} where id = ${planId}`.execute(t.db.db)).rejects.toThrow(
        /illegal plan transition proposed -> /,
      );
    }
    await approver.plans.decide({ id: planId, decision: 'reject', revision: 1, comment: 'probe only' });
    await expect(sql`update ralf.plan set status = 'approved' where id = ${planId}`.execute(t.db.db)).rejects.toThrow(
      /illegal plan transition rejected -> approved/,
    );
  });

  it("approves an agent's plan: it is dispatched once, applied, and the guest runs on its new node (in the lab's metrics too)", async () => {
    const action = await migrate('lxc/216');
    const { planId, revision } = await submit(planBody('move-audiobookshelf', [action], { trailId: 'trail-42' }));
    const row = await approver.plans.decide({ id: planId, decision: 'approve', revision, comment: 'looks right' });
    expect(row.status === 'approved' || row.status === 'applying' || row.status === 'applied').toBe(true);
    const done = await final(planId, 'applied');
    expect(done.log.map((l) => l.status).filter(Boolean)).toEqual(['proposed', 'approved', 'applying', 'applied']);
    expect(done.trailId).toBe('trail-42');
    expect(await nodeOf('lxc/216')).toBe(action.to);
    expect(t.lab!.guests.find((g) => g.id === 'lxc/216')!.nodeId).toBe(action.to);
    expect(await outboxCount(planId, 'plan.apply')).toBe(1);
    expect(await outboxCount(planId, 'plan.dispatch')).toBe(1);
    // ralf-ui wrote its part into the agent's trail, in the transactions of its actions.
    const trail = await approver.trails.byId({ id: 'trail-42' });
    expect(trail.chain.map((e) => `${e.kind}:${e.agent}`)).toEqual([
      'action:token:a-plan',
      'decision:user:approver',
      'action:ralf-ui',
      'outcome:ralf-ui',
    ]);
    expect(trail.chain[1]!.body).toBe('looks right');
    expect(trail.subjects).toEqual(expect.arrayContaining([`plan/${planId}`, 'lxc/216', action.to]));
    expect(trail.outcome).toBe('succeeded');
    const audit = await admin.audit.list({ subject: `plan/${planId}`, limit: 10 });
    expect(audit.events.map((e) => e.action).sort()).toEqual(['plan.apply', 'plan.approve', 'plan.submit']);
    // After applying, the page sets the prediction beside what was measured since.
    skewMs = 30 * 60_000;
    const outcome = await approver.plans.outcome({ id: planId, hours: 1 });
    expect(outcome.metrics).toBe('ok');
    expect(outcome.nodes).toHaveLength(3);
    expect(outcome.nodes.every((n) => n.cpuMeasured !== null && n.memMeasured !== null)).toBe(true);
  });

  it('lets nobody approve a plan they submitted, and says why on the page', async () => {
    const both = await callerAs(t, { username: 'both', password: 'operator and approver' });
    const { planId } = await both.plans.propose({
      actions: [{ type: 'resize', guestId: 'lxc/210', resource: 'memoryMiB', to: 2048 }],
    });
    const page = await both.plans.byId({ id: planId });
    expect(page.trigger).toBe('operator');
    expect(page.submittedBy).toBe('user:both');
    expect(page.approveBlockers.map(englishText)).toContain('you submitted this plan; someone else must approve it');
    expect(await refusal(both.plans.decide({ id: planId, decision: 'approve', revision: 1 }))).toEqual({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/you submitted this plan/),
    });
    // Another approver may; the hand-made plan's simulation came from the metrics now.
    expect(page.simulation.nodes.map((n) => n.nodeId).sort()).toEqual(NODES);
    expect(page.policyChecks.map((c) => c.policy)).toEqual(['capacity', 'core-services']);
    await approver.plans.decide({ id: planId, decision: 'approve', revision: 1 });
    await final(planId, 'applied');
    expect((await fleetRepository.findGuest(t.db.db, 'lxc/210'))!.memoryBytes).toBe(2048 * 1024 * 1024);
  });

  it('holds four eyes through an API token: who created the token may not approve what it submits', async () => {
    // The first admin's roles: admin, operator and approver in one person.
    await admin.users.create({
      username: 'boss',
      password: 'the first admin pw',
      roles: ['admin', 'operator', 'approver'],
    });
    const boss = await callerAs(t, { username: 'boss', password: 'the first admin pw' });
    const own = await boss.tokens.create({ name: 'boss-agent', scopes: ['ingest:plans'], expiresInDays: null });
    const res = await ingest(t.app, 'plans', planBody('through-my-token', [await migrate('lxc/205')]), own);
    expect(res.statusCode).toBe(200);
    const { planId } = res.json<{ planId: string }>();
    const page = await boss.plans.byId({ id: planId });
    expect(page.approveBlockers.map(englishText)).toContain(
      'you submitted this plan through API token boss-agent, which you created; someone else must approve it',
    );
    expect(await refusal(boss.plans.decide({ id: planId, decision: 'approve', revision: 1 }))).toEqual({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/API token boss-agent, which you created/),
    });
    expect(await outboxCount(planId, 'plan.apply')).toBe(0);
    // Someone else may.
    expect((await approver.plans.decide({ id: planId, decision: 'approve', revision: 1 })).approvals).toBe(1);
  });

  it('applies a stricter approval rule to a plan already waiting: one approval no longer applies it', async () => {
    await admin.plans.updateSettings({
      approvalsNeeded: 1,
      windows: [{ kind: 'deny', cron: '* * * * *', durationMinutes: 5, timeZone: 'UTC', label: 'freeze' }],
    });
    const { planId } = await submit(planBody('waits-for-window', [await migrate('lxc/213')]));
    expect((await approver.plans.decide({ id: planId, decision: 'approve', revision: 1 })).status).toBe('approved');
    await admin.plans.updateSettings({ approvalsNeeded: 2, windows: [] });
    const back = await approver.plans.byId({ id: planId });
    expect(back).toMatchObject({ status: 'proposed', approvals: 1, approvalsNeeded: 2 });
    expect(englishText(back.log.at(-1)!.message)).toMatch(/raised the approvals needed to 2; 1 given/);
    // It is not applied on one approval, and the second approver's completes it.
    await new Promise((r) => setTimeout(r, 300));
    expect((await approver.plans.byId({ id: planId })).status).toBe('proposed');
    await approver2.plans.decide({ id: planId, decision: 'approve', revision: 1 });
    await final(planId, 'applied');
    // A proposed plan's count rises too.
    const { planId: other } = await submit(planBody('raised-before-review', [await migrate('qemu/212')]));
    await admin.plans.updateSettings({ approvalsNeeded: 3, windows: [] });
    expect((await approver.plans.byId({ id: other })).approvalsNeeded).toBe(3);
  });

  it('with four eyes, needs two different approvers and refuses the same one twice', async () => {
    await admin.plans.updateSettings({ approvalsNeeded: 2, windows: [] });
    const { planId } = await submit(planBody('four-eyes', [await migrate('lxc/203')]));
    const first = await approver.plans.decide({ id: planId, decision: 'approve', revision: 1 });
    expect(first).toMatchObject({ status: 'proposed', approvals: 1, approvalsNeeded: 2 });
    expect(await refusal(approver.plans.decide({ id: planId, decision: 'approve', revision: 1 }))).toEqual({
      code: 'CONFLICT',
      message: 'you have already approved revision 1',
    });
    const second = await approver2.plans.decide({ id: planId, decision: 'approve', revision: 1 });
    expect(second.approvals).toBe(2);
    await final(planId, 'applied');
  });

  it('discards approvals when a new revision arrives, and refuses a decision on the old one', async () => {
    await admin.plans.updateSettings({ approvalsNeeded: 2, windows: [] });
    const action = await migrate('qemu/202');
    const body = planBody('revised', [action]);
    const { planId } = await submit(body);
    await approver.plans.decide({ id: planId, decision: 'approve', revision: 1 });
    expect(await submit(body)).toMatchObject({ revision: 1, newRevision: false });
    const rev2 = await submit({
      ...body,
      summary: 'revised: also resize',
      actions: [action, { type: 'resize', guestId: 'qemu/202', resource: 'cores', from: 2, to: 3 }],
    });
    expect(rev2).toMatchObject({ revision: 2, newRevision: true, discardedApprovals: 1 });
    // The second approver loaded revision 1 before it changed; the click is refused.
    const stale = await refusal(approver2.plans.decide({ id: planId, decision: 'approve', revision: 1 }));
    expect(stale.code).toBe('STALE_REVISION');
    expect(stale.message).toMatch(/Revision 2 has replaced revision 1.*review the new revision/);
    const page = await approver.plans.byId({ id: planId });
    expect(page).toMatchObject({ revision: 2, approvals: 0 });
    expect(page.approvalList).toEqual([
      expect.objectContaining({ approver: 'user:approver', revision: 1, discarded: 'revision 2 replaced revision 1' }),
    ]);
    expect(page.revisions.map((r) => r.revision)).toEqual([2, 1]);
    const diff = await approver.plans.compare({ id: planId, from: 1, to: 2 });
    expect(diff).toMatchObject({ removed: [], added: [{ type: 'resize', guestId: 'qemu/202' }], unchanged: 1 });
    expect(diff.fields).toContainEqual({ field: 'summary', from: 'plan revised', to: 'revised: also resize' });
    const audit = await admin.audit.list({ subject: `plan/${planId}`, action: 'plan.revise', limit: 5 });
    expect(audit.events[0]!.details).toEqual({ discardedApprovals: 1 });
    await approver.plans.decide({ id: planId, decision: 'reject', revision: 2, comment: 'not now' });
  });

  it('refuses approval after the expiry, and the expiry job marks the plan expired', async () => {
    const { planId } = await submit(planBody('short-lived', [await migrate('lxc/206')], { expiresAt: inHours(0.01) }));
    skewMs = 60_000;
    expect(await refusal(approver.plans.decide({ id: planId, decision: 'approve', revision: 1 }))).toEqual({
      code: 'CONFLICT',
      message: expect.stringMatching(/^the plan expired at /),
    });
    await t.services.plans.expireJob({
      planId,
      kind: 'plan.expire',
      payload: {},
      attempts: 1,
      id: 0,
      deploymentId: null,
    });
    expect((await approver.plans.byId({ id: planId })).status).toBe('expired');
  });

  it('refuses a plan with a failed blocking policy check until an admin overrides it with a reason', async () => {
    const { planId } = await submit(
      planBody('blocked', [await migrate('lxc/215')], {
        policyChecks: [
          { policy: 'backup-before-migrate', result: 'failed', blocking: true, message: 'no backup in 24 h' },
          { policy: 'tags', result: 'passed' },
        ],
      }),
    );
    expect(await refusal(approver.plans.decide({ id: planId, decision: 'approve', revision: 1 }))).toEqual({
      code: 'CONFLICT',
      message: expect.stringMatching(/blocking policy check failed \(backup-before-migrate\): an admin must override/),
    });
    expect(
      await refusal(approver.plans.overridePolicy({ id: planId, revision: 1, reason: 'backup taken by hand' })),
    ).toMatchObject({ code: 'FORBIDDEN' });
    await admin.plans.overridePolicy({ id: planId, revision: 1, reason: 'backup taken by hand' });
    expect((await approver.plans.byId({ id: planId })).policyOverride).toMatchObject({
      by: 'user:admin',
      reason: 'backup taken by hand',
    });
    await approver.plans.decide({ id: planId, decision: 'approve', revision: 1 });
    const audit = await admin.audit.list({ subject: `plan/${planId}`, action: 'plan.override-policy', limit: 5 });
    expect(audit.events[0]!.details).toEqual({ reason: 'backup taken by hand' });
    await final(planId, 'applied');
  });

  it('waits for the maintenance window, refuses to apply on inventory drift, and applies a new revision', async () => {
    const hour = (clock.now().getUTCHours() + 8) % 24;
    await admin.plans.updateSettings({
      approvalsNeeded: 1,
      windows: [{ kind: 'allow', cron: `0 ${hour} * * *`, durationMinutes: 60, timeZone: 'UTC', label: 'night' }],
    });
    const action = await migrate('qemu/207');
    const { planId } = await submit(planBody('drifting', [action]));
    const approved = await approver.plans.decide({ id: planId, decision: 'approve', revision: 1 });
    expect(approved.status).toBe('approved');
    expect(new Date(approved.scheduledFor!).getUTCHours()).toBe(hour);
    // Someone moves the guest by hand meanwhile; an admin then applies the plan at once.
    const { updatedAt: _u, pve: _p, ...guest } = (await fleetRepository.findGuest(t.db.db, 'qemu/207'))!;
    const elsewhere = NODES.find((n) => n !== action.from && n !== action.to)!;
    const moved = await ingest(
      t.app,
      'inventory/events',
      { events: [{ id: 'moved-by-hand-207', type: 'guest.upsert', guest: { ...guest, nodeId: elsewhere } }] },
      agent,
    );
    expect(moved.statusCode).toBe(200);
    await admin.plans.applyNow({ id: planId, revision: 1, reason: 'the window is too far away' });
    const stale = await until('plan sent back for a new revision', async () => {
      const p = await approver.plans.byId({ id: planId });
      return p.staleReason ? p : null;
    });
    expect(stale.status).toBe('proposed');
    expect(englishText(stale.staleReason!)).toMatch(/the inventory changed since approval .*qemu\/207: on node\/pve\d/);
    expect(await nodeOf('qemu/207')).toBe(elsewhere);
    expect(await outboxCount(planId, 'plan.dispatch')).toBe(0);
    expect(await refusal(approver.plans.decide({ id: planId, decision: 'approve', revision: 1 }))).toEqual({
      code: 'CONFLICT',
      message: expect.stringMatching(/needs a new revision/),
    });
    const rev2 = await submit(planBody('drifting', [{ ...action, from: elsewhere }]));
    expect(rev2.revision).toBe(2);
    await approver.plans.decide({ id: planId, decision: 'approve', revision: 2 });
    await admin.plans.applyNow({ id: planId, revision: 2, reason: 'tested, go' });
    await final(planId, 'applied');
    expect(await nodeOf('qemu/207')).toBe(action.to);
  });

  it('refuses bad plans with a 400 that lists every problem', async () => {
    const schema = await ingest(
      t.app,
      'plans',
      planBody('bad-schema', [{ type: 'migrate', guestId: 'qemu/200', from: 'node/pve3', to: 'node/pve3' }], {
        simulation: {
          nodes: [{ nodeId: 'node/pve1', cpuBefore: -0.1, cpuAfter: null, memBefore: 0.5, memAfter: 0.5 }],
        },
      }),
      agent,
    );
    expect(schema.statusCode).toBe(400);
    expect(
      schema
        .json()
        .issues.map((i: { path: string }) => i.path)
        .sort(),
    ).toEqual(['actions.0.to', 'simulation.nodes.0.cpuAfter', 'simulation.nodes.0.cpuBefore']);
    const guest = await nodeOf('qemu/200');
    const facts = await ingest(
      t.app,
      'plans',
      planBody(
        'bad-facts',
        [
          { type: 'migrate', guestId: 'qemu/999', from: 'node/pve1', to: 'node/pve2' },
          { type: 'migrate', guestId: 'qemu/200', from: NODES.find((n) => n !== guest)!, to: guest },
          { type: 'resize', guestId: 'qemu/200', resource: 'cores', from: 64, to: 65 },
        ],
        { simulation: sim(['node/pve1']), expiresAt: '2020-01-01T00:00:00Z' },
      ),
      agent,
    );
    expect(facts.statusCode).toBe(400);
    const issues = (facts.json().issues as { path: string; message: string }[]).map(({ path, message }) => ({
      path,
      message,
    }));
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'actions.0.guestId', message: 'no guest qemu/999' },
        { path: 'actions.1.from', message: expect.stringMatching(/^qemu\/200 \(jellyfin\) is on /) },
        { path: 'actions.1.to', message: expect.stringMatching(/is already on/) },
        { path: 'actions.2.from', message: 'qemu/200 (jellyfin) has 4 cores, not 64' },
        {
          path: 'simulation.nodes',
          message: expect.stringMatching(/^the simulation lacks node\/pve\d, which the actions touch$/),
        },
        { path: 'expiresAt', message: '1 Jan 2020, 00:00 is in the past' },
      ]),
    );
    expect(facts.json().message).toMatch(/^the plan was refused \(\d+ problems\): /);
    expect(await admin.plans.list({})).not.toContainEqual(expect.objectContaining({ key: 'bad-facts' }));
  });

  it('accepts 10,000 actions and serves them a page at a time, grouped by node', async () => {
    const g = (await fleetRepository.findGuest(t.db.db, 'qemu/201'))!;
    const mem = Math.round(g.memoryBytes / 1024 / 1024);
    const actions = Array.from({ length: 10_000 }, (_, i) => ({
      type: 'resize',
      guestId: 'qemu/201',
      resource: 'memoryMiB',
      from: mem,
      to: mem + i + 1,
    }));
    const { planId } = await submit(planBody('huge', actions));
    const page = await approver.plans.byId({ id: planId });
    expect(page.actionCount).toBe(10_000);
    expect(page.actionsByNode).toEqual([{ nodeId: g.nodeId, count: 10_000 }]);
    const second = await approver.plans.actions({ id: planId, offset: 100, limit: 100 });
    expect(second.total).toBe(10_000);
    expect(second.items).toHaveLength(100);
    expect(second.items[0]).toMatchObject({ index: 100, nodeId: g.nodeId, action: { to: mem + 101 } });
    await approver.plans.decide({ id: planId, decision: 'reject', revision: 1, comment: 'far too many' });
  });

  it("the demo lab's adaptive loop proposes a rebalancing plan from its own load, once", async () => {
    const planner = new DemoLabPlanner({
      plans: t.services.plans,
      fleet: t.services.fleet,
      trails: t.services.trails,
      clock,
      language: 'de',
    });
    await planner.tick();
    await planner.tick();
    const mine = (await admin.plans.list({})).filter((p) => p.submittedBy === DEMO_PLANNER);
    expect(mine).toHaveLength(1);
    const plan = await approver.plans.byId({ id: mine[0]!.id });
    expect(plan).toMatchObject({
      status: 'proposed',
      trigger: expect.stringMatching(/^(capacity_drift|load_shift)$/),
      // A_PLAN writes in RALF_AGENT_LANGUAGE (German here), shown as written.
      summary: expect.stringMatching(/^Arbeitsspeicher ausgleichen: Migration von /),
    });
    expect(plan.simulation.nodes).toHaveLength(3);
    // Why: the trail it wrote first, with the decision's rationale and the alternatives it passed over.
    const trail = await approver.trails.byId({ id: plan.trailId! });
    expect(trail.chain.map((e) => e.kind)).toEqual(['trigger', 'decision', 'action']);
    expect(trail.chain[1]!.alternatives.length).toBeGreaterThan(0);
    expect(trail.subjects).toContain(`plan/${plan.id}`);
    await approver.plans.decide({ id: plan.id, decision: 'reject', revision: plan.revision, comment: 'demo probe' });
  });

  it('needs a comment to reject', async () => {
    const { planId } = await submit(planBody('reject-me', [await migrate('lxc/211')]));
    expect(
      await refusal(approver.plans.decide({ id: planId, decision: 'reject', revision: 1, comment: '  ' })),
    ).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/a rejection needs a comment/) });
    const r = await approver.plans.decide({ id: planId, decision: 'reject', revision: 1, comment: 'pihole stays' });
    expect(r.status).toBe('rejected');
    expect(await refusal(approver.plans.decide({ id: planId, decision: 'approve', revision: 1 }))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/the plan is rejected/),
    });
  });

  it('decides exactly once when two approvers click at the same moment', async () => {
    // Applying waits for a window far away, so every round looks at the same inventory.
    const hour = (clock.now().getUTCHours() + 8) % 24;
    await admin.plans.updateSettings({
      approvalsNeeded: 1,
      windows: [{ kind: 'allow', cron: `0 ${hour} * * *`, durationMinutes: 60, timeZone: 'UTC', label: '' }],
    });
    const action = await migrate('lxc/209');
    const rounds = kind === 'postgres' ? 50 : 5;
    for (let i = 0; i < rounds; i++) {
      const { planId } = await submit(planBody(`race-${i}`, [action]));
      const results = await Promise.allSettled([
        approver.plans.decide({ id: planId, decision: 'approve', revision: 1 }),
        approver2.plans.decide({ id: planId, decision: 'approve', revision: 1 }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect((lost.reason as Error).message).toMatch(/the plan is approved; only a proposed plan can be approved/);
      expect(await outboxCount(planId, 'plan.apply')).toBe(1);
      const approvals = await sql<{
        n: string;
      }>`select count(*) as n from ralf.plan_approval where plan_id = ${planId}`.execute(t.db.db);
      expect(Number(approvals.rows[0]!.n)).toBe(1);
      await approver.plans.decide({ id: planId, decision: 'reject', revision: 1, comment: 'race probe done' });
    }
  });
});
