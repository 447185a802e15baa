import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/build-test-app';
import { createToken, ingest } from '../../../test/ingest-client';
import { DB_KINDS } from '../../../test/test-db';

const validGuest = {
  id: 'lxc/150',
  vmid: 150,
  type: 'lxc',
  nodeId: 'node/pve1',
  name: 'probe',
  status: 'running',
  cores: 1,
  memoryBytes: 1073741824,
  diskBytes: 0,
  tags: [],
  role: null,
};
const validEvents = [
  { type: 'guest.upsert', guest: validGuest },
  { type: 'guest.delete', guestId: 'lxc/150' },
  {
    type: 'node.upsert',
    node: {
      id: 'node/pve1',
      name: 'pve1',
      cluster: 'lab',
      status: 'online',
      cpuCores: 16,
      memoryBytes: 68719476736,
      diskBytes: 0,
      tags: [],
    },
  },
  {
    type: 'service.upsert',
    service: {
      id: 'svc/probe',
      name: 'probe',
      guestId: 'lxc/150',
      kind: 'web',
      healthJob: null,
      healthInstance: null,
      httpCheckUrl: null,
      graphNode: null,
    },
  },
  {
    type: 'host.discovered',
    host: {
      mac: '52:54:00:aa:bb:cc',
      ip: '10.0.0.9',
      hostname: 'new',
      facts: { cpu: 4 },
      suggestedRole: null,
      state: 'new',
    },
  },
];

/** A valid event with one field, somewhere inside, replaced by junk (or one junk field added). */
const mutatedEvent = fc
  .tuple(
    fc.constantFrom(...validEvents),
    fc.string({ maxLength: 12 }),
    fc.jsonValue({ maxDepth: 2 }),
    fc.boolean(),
    fc.nat(),
  )
  .map(([e, key, junk, nested, n]) => {
    const copy = structuredClone(e) as Record<string, unknown>;
    const inner = Object.values(copy).find((v) => typeof v === 'object' && v !== null) as
      Record<string, unknown> | undefined;
    const target = nested && inner ? inner : copy;
    const keys = Object.keys(target);
    target[n % 3 === 0 ? key : keys[n % keys.length]!] = junk;
    return { ...copy, id: `p-${n}` };
  });

const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record({
    events: fc.array(
      fc.oneof(
        mutatedEvent,
        fc.constantFrom(...validEvents).map((e) => ({ ...e, id: 'fixed' })),
      ),
      { maxLength: 4 },
    ),
  }),
  fc.record({ events: fc.array(mutatedEvent, { minLength: 1, maxLength: 3 }), extra: fc.jsonValue({ maxDepth: 1 }) }),
  fc.string({ maxLength: 200 }),
);

describe.each(DB_KINDS)('junk thrown at the ingest API on %s', (kind) => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let token: Awaited<ReturnType<typeof createToken>>;
  beforeAll(async () => {
    t = await buildTestApp(kind);
    token = await createToken(t.app, { name: 'fuzzer', scopes: ['ingest:inventory'] });
  });
  afterAll(async () => t?.stop());

  const state = async () =>
    (
      await sql<{
        s: string;
      }>`select concat_ws('|', (select count(*) from ralf.change), (select count(*) from ralf.ingest_event), (select count(*) from ralf.guest), (select count(*) from ralf.service), (select count(*) from ralf.discovered_host), (select coalesce(max(updated_at)::text, '') from ralf.guest)) as s`.execute(
        t.db.db,
      )
    ).rows[0]!.s;

  it('never answers 500 and never writes part of a refused request', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const before = await state();
        const res = await ingest(t.app, 'inventory/events', typeof b === 'string' ? b : JSON.stringify(b), token);
        expect(res.statusCode).toBeLessThan(500);
        expect(res.json()).toBeTypeOf('object');
        if (res.statusCode !== 200) expect(await state()).toBe(before);
        else accepted++;
      }),
      { numRuns: 250, seed: 20261125 },
    );
    // The generator does reach the database: some junk is valid enough to be applied.
    expect(accepted).toBeGreaterThan(0);
  });
});
