import { englishText } from '@ralf/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, callerAs } from '../../../test/build-test-app';
import { DB_KINDS } from '../../../test/test-db';

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
    expect(await operator.discovered.decide({ id: nuc.id, decision: 'accept' })).toMatchObject({ state: 'accepted' });
    expect((await box()).state).toBe('healthy');
    expect(englishText((await box()).reason)).toMatch(/no new host/i);
    const audit = await (await callerAs(t, 'admin')).audit.list({ action: 'discovered.accept' });
    expect(audit.events[0]).toMatchObject({ actor: 'user:operator', subject: `host/${nuc.mac}` });

    expect(await operator.discovered.decide({ id: nuc.id, decision: 'ignore' })).toMatchObject({ state: 'ignored' });
    await expect(
      operator.discovered.decide({ id: '00000000-0000-4000-8000-000000000000', decision: 'ignore' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(operator.discovered.decide({ id: 'nuc-13', decision: 'ignore' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
