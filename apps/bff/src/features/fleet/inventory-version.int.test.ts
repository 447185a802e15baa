import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/build-test-app';
import { DB_KINDS } from '../../../test/test-db';
import { fleetRepository } from './fleet.repository';

/** The inventory's fingerprint decides whether the cache and the demo lab read it again. */
describe.each(DB_KINDS)("the inventory's fingerprint (%s)", (kind) => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  beforeAll(async () => {
    t = await buildTestApp(kind, { RALF_DEMO_LAB: 'on' });
  });
  afterAll(() => t.stop());
  const version = () => fleetRepository.findInventoryVersion(t.db.db);

  it('changes with every write, even at the same instant, and not without one', async () => {
    const v0 = await version();
    expect(await version()).toBe(v0);
    // A move stored with the time the row already has (a frozen clock): same count, same updated_at.
    await sql`update ralf.guest set node_id = 'node/pve1' where id = 'lxc/216'`.execute(t.db.db);
    const v1 = await version();
    expect(v1).not.toBe(v0);
    await sql`update ralf.node set name = name where id = 'node/pve2'`.execute(t.db.db);
    const v2 = await version();
    expect(v2).not.toBe(v1);
    // A guest deleted and written again in one statement: the same count, the same rows' text.
    await sql`with gone as (delete from ralf.guest where id = 'lxc/216' returning *)
      insert into ralf.guest select * from gone`.execute(t.db.db);
    expect(await version()).not.toBe(v2);
  });
});
