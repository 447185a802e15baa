import type { TrailEventInput } from '@ralf/shared';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../adapters/ports';
import { buildTestApp, callerAs, signInHeaders } from '../../../test/build-test-app';
import { createToken, ingest } from '../../../test/ingest-client';
import { DB_KINDS } from '../../../test/test-db';
import { demoTrails } from '../../adapters/demo-lab/demo-lab-trails';

let skewMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + skewMs) };

/** The seed's story of a migration, in causal order: trigger → observation → decision → action → outcome → lesson. */
function story(p: string, at = Date.parse('2026-11-25T10:00:00Z')): TrailEventInput[] {
  const t = (min: number) => new Date(at + min * 60_000).toISOString();
  const trailId = `${p}-trail`;
  return [
    {
      id: `${p}-1`,
      trailId,
      kind: 'trigger',
      trigger: 'capacity_drift',
      at: t(0),
      agent: 'A_MON',
      title: 'pve3 memory above 85% for 30 minutes',
      subjects: ['node/pve3'],
    },
    {
      id: `${p}-2`,
      trailId,
      kind: 'observation',
      at: t(1),
      parentId: `${p}-1`,
      agent: 'A_PLAN',
      title: 'immich and minecraft hold 60% of pve3',
      body: 'Die Migrationen der letzten Woche haben pve1 entlastet.',
    },
    {
      id: `${p}-3`,
      trailId,
      kind: 'decision',
      at: t(2),
      parentId: `${p}-2`,
      agent: 'A_PLAN',
      title: 'Migrate minecraft to pve1',
      body: 'pve1 has 54% memory free; minecraft restarted twice under pressure.',
      confidence: 0.8,
      alternatives: [{ option: 'Migrate immich', whyNot: 'too large for pve1' }],
      inputs: [{ kind: 'metric', label: 'pve3 memory 86%', ref: 'node/pve3' }],
      subjects: ['qemu/207'],
    },
    {
      id: `${p}-4`,
      trailId,
      kind: 'action',
      at: t(3),
      parentId: `${p}-3`,
      agent: 'A_INFRA',
      title: 'qm migrate 207 pve1 --online',
      links: [{ kind: 'pull_request', url: 'https://gitea.lab/ralf/infra/pulls/42', label: 'PR 42' }],
    },
    {
      id: `${p}-5`,
      trailId,
      kind: 'outcome',
      outcome: 'succeeded',
      at: t(6),
      parentId: `${p}-4`,
      agent: 'A_INFRA',
      title: 'minecraft runs on pve1',
    },
    {
      id: `${p}-6`,
      trailId,
      kind: 'lesson',
      at: t(7),
      parentId: `${p}-5`,
      agent: 'A_PLAN',
      title: 'Evening bursts need headroom',
      body: 'Plan migrations before 18:00.',
    },
  ];
}

/** The chain with the run's prefix taken out, to compare runs. */
const shape = (chain: { id: string; parentId: string | null; depth: number; parentMissing: boolean }[], p: string) =>
  chain.map(
    (e) => `${e.id.replace(p, '')}<${e.parentId?.replace(p, '') ?? ''}@${e.depth}${e.parentMissing ? '!' : ''}`,
  );

describe.each(DB_KINDS)('explainability trails on %s', (kind) => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let agent: { secret: string };
  let viewer: Awaited<ReturnType<typeof callerAs>>;
  const send = (events: unknown[]) => ingest(t.app, 'trails', { events }, agent);
  beforeAll(async () => {
    t = await buildTestApp(kind, {}, { clock });
    agent = await createToken(t.app, { name: 'a-plan', scopes: ['ingest:trails'] });
    viewer = await callerAs(t, 'viewer');
  });
  afterAll(async () => t?.stop());

  it("has the demo lab's own trails from the first start: a self-healing restart, a discovery, a PBS, a failed deployment with its lesson", async () => {
    const demo = (await viewer.trails.list({ agent: 'Ralf-Core' })).items.concat(
      (await viewer.trails.list({ agent: 'Foreman' })).items,
    );
    expect(new Set(demo.map((d) => d.id))).toEqual(
      new Set(['demo:self-heal-nextcloud', 'demo:discovery-nuc-13', 'demo:pbs01', 'demo:deploy-paperless-ai']),
    );
    const failed = await viewer.trails.byId({ id: 'demo:deploy-paperless-ai' });
    expect(failed).toMatchObject({ trigger: 'operator_request', outcome: 'failed' });
    // The simulated agents write in RALF_AGENT_LANGUAGE, German by default, and it is shown as written.
    expect(failed.chain.at(-1)).toMatchObject({
      kind: 'lesson',
      title: 'Disks nach dem Modell bemessen, nicht nach dem Vorgabewert der Vorlage',
    });
  });

  it('builds the same chain whatever order and however often the events arrive', async () => {
    const inOrder = story('ordered');
    expect((await send(inOrder)).json()).toEqual({ written: 6, duplicates: 0 });
    const expected = shape((await viewer.trails.byId({ id: 'ordered-trail' })).chain, 'ordered');
    expect(expected).toEqual(['-1<@0', '-2<-1@1', '-3<-2@2', '-4<-3@3', '-5<-4@4', '-6<-5@5']);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray([0, 1, 2, 3, 4, 5], { minLength: 6, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 4 }),
        fc.integer({ min: 1, max: 3 }),
        async (order, dupes, batches) => {
          const p = `run${kind}${++run}`;
          const events = story(p);
          const sequence = [...order, ...dupes].map((i) => events[i]!);
          const size = Math.ceil(sequence.length / batches);
          for (let i = 0; i < sequence.length; i += size) {
            const part = sequence.slice(i, i + size);
            // One batch never holds the same event twice (that is refused); a later batch may repeat it.
            const unique = part.filter((e, j) => part.findIndex((x) => x.id === e.id) === j);
            const res = await send(unique);
            expect(res.statusCode).toBe(200);
          }
          const trail = await viewer.trails.byId({ id: `${p}-trail` });
          expect(shape(trail.chain, p)).toEqual(expected);
          expect(trail).toMatchObject({
            outcome: 'succeeded',
            trigger: 'capacity_drift',
            events: 6,
            decision: 'Migrate minecraft to pve1',
            title: 'pve3 memory above 85% for 30 minutes',
          });
        },
      ),
      { numRuns: kind === 'postgres' ? 12 : 6 },
    );
  });

  it('shows a late event whose cause has not arrived as a gap, and joins it when the cause comes', async () => {
    const [trigger, observation, decision] = story('gap');
    await send([trigger, decision]);
    const partial = await viewer.trails.byId({ id: 'gap-trail' });
    expect(partial.chain.map((e) => [e.id, e.parentMissing])).toEqual([
      ['gap-1', false],
      ['gap-3', true],
    ]);
    await send([observation]);
    expect((await viewer.trails.byId({ id: 'gap-trail' })).chain.map((e) => [e.id, e.depth, e.parentMissing])).toEqual([
      ['gap-1', 0, false],
      ['gap-2', 1, false],
      ['gap-3', 2, false],
    ]);
  });

  it('finds German and English stemmed forms in titles, rationales and lessons', async () => {
    await send(story('search'));
    const ids = async (q: string) => (await viewer.trails.list({ q })).items.map((i) => i.id);
    expect(await ids('Migration')).toContain('search-trail');
    expect(await ids('restart')).toContain('search-trail');
    expect(await ids('bursts')).toContain('search-trail');
    expect(await ids('Speicherdruck')).not.toContain('search-trail');
  });

  it("finds the demo lab's German trails by German stems: Sicherungen, Neustart, Migrationen (issue 18)", async () => {
    const at = new Date('2026-11-30T12:00:00Z');
    await send(
      demoTrails(at, 'de').filter((e) => e.trailId === 'demo:pbs01' || e.trailId === 'demo:self-heal-nextcloud'),
    );
    const ids = async (q: string) => (await viewer.trails.list({ q })).items.map((i) => i.id);
    expect(await ids('Sicherungen')).toContain('demo:pbs01');
    expect(await ids('Sicherung')).toContain('demo:pbs01');
    expect(await ids('Neustarts')).toContain('demo:self-heal-nextcloud');
    expect(await ids('Sicherungen')).not.toContain('demo:self-heal-nextcloud');
    // The trail records the language its agents wrote in.
    const [row] = await sql<{ language: string }>`select language from ralf.trail where id = 'demo:pbs01'`
      .execute(t.db.db)
      .then((r) => r.rows);
    expect(row?.language).toBe('de');
  });

  it('filters by subject, agent, trigger and outcome, and pages newest first', async () => {
    const rows = await viewer.trails.list({
      subject: 'qemu/207',
      agent: 'A_INFRA',
      trigger: 'capacity_drift',
      outcome: 'succeeded',
      limit: 2,
    });
    expect(rows.items).toHaveLength(2);
    expect(rows.nextCursor).not.toBeNull();
    const next = await viewer.trails.list({
      subject: 'qemu/207',
      agent: 'A_INFRA',
      limit: 2,
      cursor: rows.nextCursor!,
    });
    expect(next.items.map((i) => i.id)).not.toContain(rows.items[0]!.id);
    expect(rows.items[0]!.startedAt >= rows.items[1]!.startedAt).toBe(true);
    expect((await viewer.trails.list({ subject: 'qemu/999' })).items).toEqual([]);
  });

  it('never changes a stored event; a closed trail takes only corrections, shown beside what they correct', async () => {
    const [trigger, , , , outcome] = story('closed');
    await send([trigger, outcome]);
    const changed = await send([{ ...trigger, title: 'something else' }]);
    expect([changed.statusCode, changed.json().message]).toEqual([
      409,
      'event closed-1 was stored with other content; events never change: send a correction',
    ]);
    await expect(sql`update ralf.trail_event set title = 'x' where id = 'closed-1'`.execute(t.db.db)).rejects.toThrow(
      /trail events are immutable/,
    );
    skewMs = 16 * 60_000;
    try {
      const late = await send([
        {
          id: 'closed-7',
          trailId: 'closed-trail',
          kind: 'observation',
          at: new Date().toISOString(),
          agent: 'A_MON',
          title: 'late',
        },
      ]);
      expect(late.statusCode).toBe(409);
      expect(late.json().message).toMatch(/trail closed-trail is closed; add a correction/);
      const fix = await send([
        {
          id: 'closed-8',
          trailId: 'closed-trail',
          kind: 'correction',
          corrects: 'closed-5',
          parentId: 'closed-5',
          at: new Date().toISOString(),
          agent: 'A_INFRA',
          title: 'the migration fell back to pve3',
          outcome: 'rolled_back',
        },
      ]);
      expect(fix.statusCode).toBe(200);
    } finally {
      skewMs = 0;
    }
    const trail = await viewer.trails.byId({ id: 'closed-trail' });
    expect(trail.outcome).toBe('rolled_back');
    expect(trail.chain.find((e) => e.id === 'closed-5')!.correctedBy).toEqual(['closed-8']);
  });

  it('refuses unknown kinds, cycles, parents in other trails, non-http links and huge rationales with a clear answer', async () => {
    const base = { trailId: 'bad-trail', at: '2026-11-25T10:00:00Z', agent: 'A_MON', title: 't' };
    const kindRes = await send([{ ...base, id: 'bad-1', kind: 'musing' }]);
    expect(kindRes.statusCode).toBe(400);
    expect(kindRes.json().issues[0].path).toBe('events.0.kind');
    const cycle = await send([
      { ...base, id: 'cyc-1', kind: 'observation', parentId: 'cyc-2' },
      { ...base, id: 'cyc-2', kind: 'observation', parentId: 'cyc-1' },
    ]);
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().message).toMatch(/the parents of cyc-1 lead back to it \(a cycle\)/);
    const other = await send([{ ...base, id: 'other-1', kind: 'observation', parentId: 'ordered-3' }]);
    expect([other.statusCode, other.json().issues[0]]).toEqual([
      400,
      expect.objectContaining({
        path: 'events.0.parentId',
        message: 'the parent ordered-3 belongs to trail ordered-trail, not bad-trail',
      }),
    ]);
    for (const url of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'ftp://x']) {
      const link = await send([{ ...base, id: 'link-1', kind: 'action', links: [{ kind: 'commit', url }] }]);
      expect([link.statusCode, link.json().issues[0]]).toEqual([
        400,
        expect.objectContaining({ path: 'events.0.links.0.url', message: 'only http(s) URLs are accepted' }),
      ]);
    }
    const huge = await send([{ ...base, id: 'huge-1', kind: 'decision', body: 'x'.repeat(1_000_000) }]);
    expect([huge.statusCode, huge.json().issues[0]]).toEqual([
      400,
      { path: 'events.0.body', message: 'at most 20,000 characters', code: 'input.maxChars', params: { max: 20_000 } },
    ]);
    const tooBig = await send([{ ...base, id: 'huge-2', kind: 'decision', body: 'x'.repeat(1_100_000) }]);
    expect(tooBig.statusCode).toBe(413);
    expect(
      Number(
        (
          await sql<{ n: string }>`select count(*) as n from ralf.trail_event where trail_id = 'bad-trail'`.execute(
            t.db.db,
          )
        ).rows[0]!.n,
      ),
    ).toBe(0);
  });

  it('exports a trail as Markdown with HTML neutralised, and as JSON', async () => {
    await send([
      {
        id: 'html-1',
        trailId: 'html-trail',
        kind: 'trigger',
        trigger: 'alert',
        at: '2026-11-25T10:00:00Z',
        agent: 'A_MON',
        title: '<script>alert(1)</script> down',
        body: '<img src=x onerror=alert(1)>',
        links: [{ kind: 'commit', url: 'https://gitea.lab/ralf/infra/commit/abc', label: 'fix' }],
      },
    ]);
    const headers = await signInHeaders(t.app, 'viewer');
    const mdRes = await t.app.inject({
      method: 'GET',
      url: '/api/trails/export?id=html-trail&format=markdown',
      headers,
    });
    expect(mdRes.statusCode).toBe(200);
    expect(mdRes.headers['content-disposition']).toBe('attachment; filename="trail-html-trail.md"');
    expect(mdRes.body).toContain('# \\<script\\>alert(1)\\</script\\> down');
    // Escaped, the brackets are text in every Markdown renderer: no tag survives unescaped.
    expect(mdRes.body).not.toMatch(/(^|[^\\])<(script|img)/m);
    expect(mdRes.body).toContain('> \\<img src=x onerror=alert(1)\\>');
    expect(mdRes.body).toContain('[fix](https://gitea.lab/ralf/infra/commit/abc)');
    const json = await t.app.inject({ method: 'GET', url: '/api/trails/export?id=html-trail&format=json', headers });
    expect(json.json()).toMatchObject({ id: 'html-trail', chain: [{ title: '<script>alert(1)</script> down' }] });
  });
});
