import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../adapters/ports';
import { buildTestApp, signInHeaders } from '../../../test/build-test-app';
import { createToken, ingest } from '../../../test/ingest-client';
import { followSse } from '../../../test/sse';
import { DB_KINDS } from '../../../test/test-db';

const guest = (status: string) => ({
  id: 'qemu/200',
  vmid: 200,
  type: 'qemu',
  nodeId: 'node/pve3',
  name: 'jellyfin',
  status,
  cores: 4,
  memoryBytes: 8589934592,
  diskBytes: 0,
  tags: [],
  role: null,
});
type Msg = { type?: string; changes?: { seq: number; subject: string | null }[] };
const isGuestChange = (id: string) => (d: unknown) => (d as Msg).changes?.some((c) => c.subject === id) ?? false;

describe.each(DB_KINDS)('live updates on %s', (kind) => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let token: Awaited<ReturnType<typeof createToken>>;
  let base: string;
  beforeAll(async () => {
    t = await buildTestApp(kind, {}, { clock: systemClock });
    token = await createToken(t.app, { name: 'a_mon', scopes: ['ingest:inventory'] });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    // The demo lab's first reading of its own Proxmox API writes what Proxmox tells; then it is quiet.
    await t.firstLabReading;
  });
  afterAll(async () => t?.stop());

  it('streams an ingested change to a subscribed browser over SSE, with its seq as the event id', async () => {
    const viewer = await signInHeaders(t.app, 'viewer');
    const sse = followSse(`${base}/trpc/live.onChange`, { cookie: viewer.cookie });
    await sse.opened;
    const res = await ingest(
      t.app,
      'inventory/events',
      { events: [{ id: 'live-1', type: 'guest.upsert', guest: guest('stopped') }] },
      token,
    );
    const seq = res.json().results[0].seq;
    const msg = await sse.until(isGuestChange('qemu/200'));
    expect(msg.id).toBe(String(seq));
    expect(msg.data).toMatchObject({
      type: 'changes',
      changes: [{ seq, topic: 'inventory', kind: 'guest.upsert', subject: 'qemu/200' }],
    });
    await sse.stop();
  });

  it('gives a reconnecting browser what it missed, from the database, in order and once', async () => {
    const viewer = await signInHeaders(t.app, 'viewer');
    const first = await ingest(
      t.app,
      'inventory/events',
      { events: [{ id: 'live-2', type: 'guest.upsert', guest: guest('running') }] },
      token,
    );
    const after = first.json().results[0].seq;
    // Two changes while the browser is away.
    const missed = await ingest(
      t.app,
      'inventory/events',
      {
        events: [
          { id: 'live-3', type: 'guest.upsert', guest: guest('paused') },
          { id: 'live-4', type: 'guest.upsert', guest: guest('running') },
        ],
      },
      token,
    );
    const seqs = missed.json().results.map((r: { seq: number }) => r.seq);
    const input = encodeURIComponent(JSON.stringify({ lastEventId: String(after) }));
    const sse = followSse(`${base}/trpc/live.onChange?input=${input}`, { cookie: viewer.cookie });
    await sse.until((d) => (d as Msg).changes?.some((c) => c.seq === seqs[1]) ?? false);
    const got = sse.messages.flatMap((m) => (m.data as Msg).changes?.map((c) => c.seq) ?? []);
    expect(got).toEqual(seqs);
    await sse.stop();
  });

  it('stops passing changes to a tab whose session ended', async () => {
    const viewer = await signInHeaders(t.app, 'viewer');
    const sse = followSse(`${base}/trpc/live.onChange`, { cookie: viewer.cookie });
    await sse.opened;
    await ingest(
      t.app,
      'inventory/events',
      { events: [{ id: 'live-5', type: 'guest.upsert', guest: guest('stopped') }] },
      token,
    );
    await sse.until(isGuestChange('qemu/200'));
    const out = await t.app.inject({
      method: 'POST',
      url: '/trpc/auth.signOut',
      headers: { ...viewer, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(out.statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 2100));
    await ingest(
      t.app,
      'inventory/events',
      { events: [{ id: 'live-6', type: 'guest.upsert', guest: { ...guest('running'), name: 'after-sign-out' } }] },
      token,
    );
    await sse.until((d) => (d as { data?: { httpStatus?: number } }).data?.httpStatus === 401);
    expect(sse.messages.filter((m) => isGuestChange('qemu/200')(m.data))).toHaveLength(1);
    await sse.stop();
  });

  it('tells a browser that missed too much to read everything again, and a signed-out one nothing', async () => {
    const items = [];
    for await (const item of t.services.live.stream(-10_000, AbortSignal.timeout(200))) {
      items.push(item);
      break;
    }
    expect(items[0]?.message.type).toBe('resync');
    // Signed out, the stream carries only the refusal (SSE answers 200 and then the error event).
    const anon = await t.app.inject({ url: '/trpc/live.onChange', headers: { accept: 'text/event-stream' } });
    expect(anon.body).toMatch(/event: serialized-error\ndata: .*"httpStatus":401/);
    expect(anon.body).not.toMatch(/"type":"changes"/);
  });
});
