import { englishText } from '@ralf/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, callerAs } from '../../../test/build-test-app';
import { DB_KINDS } from '../../../test/test-db';
import { until } from '../../../test/until';

describe.each(DB_KINDS)("Foreman's discovered hosts on %s with the demo lab", (kind) => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  beforeAll(async () => {
    t = await buildTestApp(kind);
  });
  afterAll(async () => t?.stop());

  it('lists them with facts and role; accepting one is audited and the new-host box stops waiting; a viewer cannot decide', async () => {
    const viewer = await callerAs(t, 'viewer');
    const hosts = await viewer.discovered.list();
    const nuc = hosts.find((h) => h.hostname === 'nuc-13')!;
    expect(nuc).toMatchObject({ state: 'new', suggestedRole: 'proxmox-node', facts: { cores: 12, memoryGiB: 64 } });
    const box = async () => (await viewer.architecture.status()).nodes.NEWNODE!;
    expect((await box()).state).toBe('degraded');
    expect((await box()).sources[0]).toMatchObject({ kind: 'signal', href: '/discovered' });

    await expect(viewer.discovered.decide({ id: nuc.id, decision: 'accept' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const operator = await callerAs(t, 'operator');
    const accepted = await operator.discovered.decide({ id: nuc.id, decision: 'accept' });
    expect(accepted).toMatchObject({ state: 'accepted', planId: expect.any(String) });
    expect((await box()).state).toBe('healthy');
    expect(englishText((await box()).reason)).toMatch(/no new host/i);
    const audit = await (await callerAs(t, 'admin')).audit.list({ action: 'discovered.accept' });
    expect(audit.events[0]).toMatchObject({
      actor: 'user:operator',
      subject: `host/${nuc.mac}`,
      after: { planId: accepted.planId },
    });

    expect(await operator.discovered.decide({ id: nuc.id, decision: 'ignore' })).toMatchObject({ state: 'ignored' });
    await expect(
      operator.discovered.decide({ id: '00000000-0000-4000-8000-000000000000', decision: 'ignore' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(operator.discovered.decide({ id: 'nuc-13', decision: 'ignore' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('accepting proposes the plan that joins the host as a node; once approved and applied the node is in the fleet and the lab', async () => {
    const operator = await callerAs(t, 'operator');
    const nuc = (await operator.discovered.list()).find((h) => h.hostname === 'nuc-13')!;
    // Accepted before (the test above): accepting again while its plan is open returns that plan.
    const again = await operator.discovered.decide({ id: nuc.id, decision: 'accept' });
    expect(again.planId).toBe(nuc.planId);
    const plan = await operator.plans.byId({ id: again.planId! });
    expect(plan).toMatchObject({ status: 'proposed', trigger: 'new_host', submittedBy: 'user:operator' });
    expect(plan.summary).toMatch(/nuc-13 \(3c:ec:ef:12:34:56\)/);
    const { items } = await operator.plans.actions({ id: plan.id });
    expect(items.map((i) => i.action)).toEqual([
      { type: 'add-node', hostId: nuc.id, mac: nuc.mac, node: 'node/nuc-13', cluster: 'ralf-lab' },
    ]);
    expect(items[0]!.nodeId).toBe('node/nuc-13');
    // The operator who accepted cannot approve their own plan; an approver can.
    const approver = await callerAs(t, 'approver');
    await approver.plans.decide({ id: plan.id, decision: 'approve', revision: plan.revision, comment: 'new NUC' });
    await until('plan applied', async () => (await approver.plans.byId({ id: plan.id })).status === 'applied');
    const node = (await operator.fleet.node({ id: 'node/nuc-13' })).node;
    expect(node).toMatchObject({ cluster: 'ralf-lab', status: 'online', cpuCores: 12, memoryBytes: 64 * 1024 ** 3 });
    await until('the lab has the node', async () => t.lab!.nodes.some((n) => n.id === 'node/nuc-13'));
    // The recent-tasks strip lists the plan's apply beside Proxmox's tasks.
    const { work } = await operator.tasks.recent();
    expect(work).toContainEqual(
      expect.objectContaining({ kind: 'plan', id: plan.id, status: 'applied', by: 'user:operator' }),
    );
  });
});
