import { type Alert, englishText } from '@ralf/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/build-test-app';
import { DB_KINDS } from '../../../test/test-db';
import { alertsWatched, sourcesWatched } from './notify-families';
import { createNotifyWatch, type Watched } from './notify-watch';
import type { NotifyEvent } from './notifications.service';

const alert = (name: string, subject: string): Alert => ({
  name,
  severity: 'warning',
  subject,
  summary: `${name} on ${subject}`,
  activeSince: '2026-12-01T08:00:00Z',
  labels: { alertname: name, id: subject },
});

describe.each(DB_KINDS)('news found by looking, on %s', (kind) => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  beforeAll(async () => {
    t = await buildTestApp(kind, { NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:9/hook', RALF_LANGUAGE: 'en' });
  });
  afterAll(async () => t?.stop());

  /** A watcher as a replica has one: over the same database, telling into `told`. */
  const watcher = (families: Watched[], told: NotifyEvent[]) =>
    createNotifyWatch({
      db: t.db.db,
      clock: { now: () => new Date() },
      emit: async (_trx, e) => void told.push(e),
      families: () => families,
    });

  it('tells an alert once when it fires and once when it resolves, whichever replica looks; a list that cannot be read resolves nothing', async () => {
    let firing: Alert[] | null = [alert('HostMemoryHigh', 'qemu/130')];
    const read = async () => {
      if (!firing) throw new Error('Prometheus away');
      return firing;
    };
    const told: NotifyEvent[] = [];
    const a = watcher([alertsWatched(read)], told);
    const b = watcher([alertsWatched(read)], told);
    await a.check();
    await b.check();
    await a.check();
    expect(told.map((e) => [e.kind, englishText(e.title)])).toEqual([
      ['alert.firing', 'Alert: HostMemoryHigh on qemu/130'],
    ]);
    firing = null;
    const errors: string[] = [];
    await a.check((family) => errors.push(family));
    expect(errors).toEqual(['alert']);
    expect(told).toHaveLength(1);
    firing = [];
    await b.check();
    await a.check();
    expect(told.map((e) => [e.kind, englishText(e.title)])).toEqual([
      ['alert.firing', 'Alert: HostMemoryHigh on qemu/130'],
      ['alert.resolved', 'Resolved: HostMemoryHigh on qemu/130'],
    ]);
  });

  it('tells of a source only once it has been away longer than allowed', async () => {
    const since = new Date(Date.now() - 5 * 60_000).toISOString();
    const told: NotifyEvent[] = [];
    const sources = async () => [{ name: 'proxmox homelab', state: 'unavailable', since, message: 'ECONNREFUSED' }];
    await watcher([sourcesWatched(sources, () => new Date(), 10 * 60_000)], told).check();
    expect(told).toEqual([]);
    await watcher([sourcesWatched(sources, () => new Date(Date.now() + 6 * 60_000), 10 * 60_000)], told).check();
    expect(told.map((e) => [e.kind, englishText(e.title)])).toEqual([
      ['source.unavailable', 'Data source unavailable: proxmox homelab'],
    ]);
    expect(englishText(told[0]!.body)).toMatch(/^Unavailable since .+: ECONNREFUSED$/);
  });

  it('in the running app: findings open at the first look are not news, a new critical one is; a broken audit chain is told', async () => {
    const deliveries = () =>
      t.db.db
        .selectFrom('ralf.notification_delivery')
        .select(['kind', 'title', 'body'])
        .orderBy('created_at')
        .execute();
    // Someone edits a row of the audit trail behind ralf-ui's back (the first look checks the whole chain).
    await sql`alter table ralf.audit_event disable trigger audit_event_no_change`.execute(t.db.db);
    await sql`update ralf.audit_event set actor = 'user:mallory' where seq = 2`.execute(t.db.db);
    await sql`alter table ralf.audit_event enable trigger audit_event_no_change`.execute(t.db.db);
    await t.services.findings.ingest(
      'token:policy',
      [{ policy: 'ssh-root-login', target: 'lxc/101', status: 'fail', severity: 'critical', details: 'old news' }],
      null,
    );
    await t.services.notifyWatch.check();
    const before = (await deliveries()).filter((d) => d.kind.startsWith('finding.'));
    expect(before).toEqual([]);
    await t.services.findings.ingest(
      'token:policy',
      [
        {
          policy: 'firewall-disabled',
          target: 'qemu/130',
          status: 'fail',
          severity: 'critical',
          details: 'pve-firewall is off',
        },
      ],
      null,
    );
    await t.services.notifyWatch.check();
    await t.services.notifyWatch.check();
    const found = (await deliveries()).filter((d) => d.kind === 'finding.critical');
    expect(found.map((d) => englishText(d.title as never))).toEqual(['New critical finding: firewall-disabled']);
    expect(englishText(found[0]!.body as never)).toBe('qemu/130: pve-firewall is off');

    const broken = (await deliveries()).filter((d) => d.kind === 'audit.broken');
    expect(broken).toHaveLength(1);
    expect(englishText(broken[0]!.body as never)).toMatch(/the first that does not fit: #2\./);
  });
});
