import { englishText } from '@ralf/shared';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabModel } from '../../adapters/demo-lab/lab-model';
import { DB_KINDS, openTestDb } from '../../../test/test-db';
import { FROZEN, frozenClock } from '../../../test/build-test-app';
import { createFleetService } from '../fleet/fleet.service';
import { InventoryCache } from '../fleet/inventory-cache';
import { MetricsFeed } from '../fleet/metrics-feed';
import { fleetRepository } from '../fleet/fleet.repository';
import { noMetrics } from '../../adapters/no-metrics';
import { createAuditLog, createAuditService, FULL_CHECK_EVERY_MS } from './audit.service';

describe.each(DB_KINDS)('audit trail on %s', (kind) => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  const audit = createAuditLog({ clock: frozenClock });
  beforeAll(async () => {
    t = await openTestDb(kind);
  });
  afterAll(async () => t?.close());
  const db = () => t.client.db;

  it('appends events in a chain that verifies', async () => {
    await db()
      .transaction()
      .execute(async (trx) => {
        await audit.record(trx, { actor: 'user:alice', action: 'auth.sign_in', sourceIp: '127.0.0.1' });
        await audit.record(trx, {
          actor: 'user:alice',
          action: 'guest.resize',
          subject: 'lxc/101',
          before: { memoryGiB: 2 },
          after: { memoryGiB: 4 },
        });
      });
    await db()
      .transaction()
      .execute((trx) =>
        audit
          .record(trx, { actor: 'token:a_plan', action: 'plan.submit', details: { note: 'ünïcode ✓', n: 1.5 } })
          .then(() => undefined),
      );
    expect(await audit.verify(db())).toMatchObject({ ok: true, checked: 3, broken: [], brokenCount: 0 });
  });

  it('keeps the order of appends that race, on every connection', async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        db()
          .transaction()
          .execute((trx) => audit.record(trx, { actor: 'system:test', action: `race.${i}` })),
      ),
    );
    expect(await audit.verify(db(), 4)).toMatchObject({ ok: true, checked: 11, broken: [], brokenCount: 0 });
  });

  it('refuses to record outside a transaction, where it could not commit with the change', async () => {
    await expect(audit.record(db(), { actor: 'user:alice', action: 'x' })).rejects.toThrow(/inside the transaction/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of the trail', async () => {
    await expect(sql`update ralf.audit_event set actor = 'user:mallory' where seq = 1`.execute(db())).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(sql`delete from ralf.audit_event where seq = 1`.execute(db())).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(sql`truncate ralf.audit_event`.execute(db())).rejects.toThrow(/append-only: TRUNCATE refused/);
  });

  it('does not make a change whose audit event cannot be written (fail closed)', async () => {
    const inventory = new InventoryCache(db(), frozenClock, 0);
    const metrics = new MetricsFeed(noMetrics, frozenClock, { staleAfterMs: 1, cacheMs: 1, retryMs: 1 });
    const fleet = createFleetService({
      db: db(),
      audit,
      inventory,
      metrics,
      clock: frozenClock,
      scrapeIntervalMs: 15_000,
    });
    const lab = createLabModel();
    // The actor breaks the audit table's check, so the event fails, and the inventory with it.
    await expect(fleet.applyInventory(lab.inventory, 'nobody')).rejects.toThrow();
    expect(await fleetRepository.listGuests(db())).toEqual([]);
    await fleet.applyInventory(lab.inventory, 'system:demo-lab');
    expect(await fleetRepository.listGuests(db())).toHaveLength(30);
    const last = await db()
      .selectFrom('ralf.audit_event')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(last).toMatchObject({
      actor: 'system:demo-lab',
      action: 'inventory.replace',
      details: { nodes: 3, guests: 30, services: lab.inventory.services.length, discoveredHosts: 2 },
    });
  });

  it('hashes what it stores: text PostgreSQL cannot keep as sent does not break the chain', async () => {
    // A lone surrogate is stored as U+FFFD and a NUL cannot be stored at all; both come from
    // ralf-ui's own composing here (inputs refuse them), and the chain still verifies.
    await db()
      .transaction()
      .execute((trx) =>
        audit.record(trx, {
          actor: 'system:test',
          action: 'auth.sign-in',
          subject: `user/${'a'.repeat(63)}\uD83D`,
          details: { typed: 'x\uDC00y', 'k\u0000': 'nul\u0000' },
        }),
      );
    expect(await audit.verify(db())).toMatchObject({ ok: true, checked: 13, brokenCount: 0 });
  });

  it('names every row a superuser edited behind the trigger, not only the first', async () => {
    await sql`alter table ralf.audit_event disable trigger audit_event_no_change`.execute(db());
    await sql`update ralf.audit_event set actor = 'user:mallory' where seq = 2`.execute(db());
    // The second edit recomputes its own hash to hide: its successor's link then breaks.
    await sql`update ralf.audit_event set action = 'race.hidden', hash = repeat('f', 64) where seq = 7`.execute(db());
    await sql`alter table ralf.audit_event enable trigger audit_event_no_change`.execute(db());
    const r = await audit.verify(db());
    expect(r.ok).toBe(false);
    expect(r.broken.map((b) => [b.seq, englishText(b.reason)])).toEqual([
      [2, 'its content does not match its hash'],
      [7, 'its content does not match its hash'],
      [8, 'does not link to the event before it'],
    ]);
    expect(r.brokenCount).toBe(3);
    expect(r.checked).toBe(10);
  });

  it("bounds the page's check: new rows are checked as they come, the whole chain at most hourly, callers share one check", async () => {
    let now = FROZEN.getTime();
    const clock = { now: () => new Date(now) };
    const service = createAuditService({ db: db(), log: createAuditLog({ clock }), clock });
    const first = await service.verify();
    expect(first).toMatchObject({ ok: false, brokenCount: 3, fullCheckAt: FROZEN.toISOString() });
    // Many callers at once get one answer.
    const all = await Promise.all(Array.from({ length: 50 }, () => service.verify()));
    expect(new Set(all.map((v) => JSON.stringify(v))).size).toBe(1);
    // A new row is checked on the next call, on top of what was checked.
    await db()
      .transaction()
      .execute((trx) => audit.record(trx, { actor: 'system:test', action: 'after.check' }));
    expect(await service.verify()).toMatchObject({
      checked: first.checked + 1,
      brokenCount: 3,
      fullCheckAt: FROZEN.toISOString(),
    });
    // A row edited behind the last verified one is caught at the next full check, within the hour.
    await sql`alter table ralf.audit_event disable trigger audit_event_no_change`.execute(db());
    await sql`update ralf.audit_event set action = 'edited.late' where seq = 3`.execute(db());
    await sql`alter table ralf.audit_event enable trigger audit_event_no_change`.execute(db());
    now += FULL_CHECK_EVERY_MS + 1;
    const later = await service.verify();
    expect(later.broken.map((b) => b.seq)).toEqual([2, 3, 7, 8]);
    expect(later.fullCheckAt).toBe(new Date(now).toISOString());
  });

  if (kind === 'postgres') {
    it('`ralf audit verify` exits 1 and names the broken event', async () => {
      const child = spawn(
        join(import.meta.dirname, '../../../node_modules/.bin/tsx'),
        [join(import.meta.dirname, '../../cli.ts'), 'audit', 'verify'],
        {
          env: { PATH: process.env.PATH ?? '', DATABASE_URL: t.url!, RALF_LANGUAGE: 'en' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const code = await new Promise((r) => child.on('exit', r));
      expect(out).toMatch(
        /audit chain BROKEN: 4 of 14 events do not verify\n {2}event #2 \([0-9a-f-]{36}\): its content does not match its hash\n {2}event #3 \([0-9a-f-]{36}\): its content does not match its hash\n {2}event #7 \([0-9a-f-]{36}\): its content does not match its hash\n {2}event #8 \([0-9a-f-]{36}\): does not link to the event before it\n/,
      );
      expect(code).toBe(1);
    });
  }
});
