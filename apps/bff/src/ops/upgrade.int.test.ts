import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DbClient } from '../adapters/db/client';
import { DowngradeError, migrate } from '../adapters/db/migrate';
import { MIGRATIONS } from '../adapters/db/migrations/index';
import { createAuditLog } from '../features/audit/audit.service';
import { RALF_VERSION } from '../version';
import { buildTestApp } from '../../test/build-test-app';
import { createTestDb, type DbKind, type TestDb } from '../../test/test-db';

/** What ralf-ui 0.1.0 wrote (test/fixtures/release-0.1.0/README.md says how it was made). */
const FIXTURES = join(import.meta.dirname, '../../test/fixtures/release-0.1.0');
const recorded = JSON.parse(readFileSync(join(FIXTURES, 'recorded.json'), 'utf8')) as Record<
  'embedded' | 'postgres',
  { sessions: Record<'admin' | 'approver', string>; plans: { id: string; status: string }[] }
>;
/** Shortly after the fixtures were made: their sessions are still within their idle time. */
const clock = { now: () => new Date('2026-12-01T17:00:00Z') };
const drops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const d of drops.splice(0)) await d();
});

/** The 0.1.0 embedded data folder, unpacked as an operator's disk holds it. */
function olderDataFolder(): TestDb {
  const dir = mkdtempSync(join(tmpdir(), 'ralf-upgrade-'));
  execFileSync('tar', ['-xJf', join(FIXTURES, 'data-folder.tar.xz'), '-C', dir]);
  return { config: { kind: 'pglite', dataDir: join(dir, 'pglite'), seed: null }, url: null, drop: async () => {} };
}

/** A PostgreSQL database holding what 0.1.0 wrote (its pg_dump, without psql's meta-commands). */
async function olderPostgres(): Promise<TestDb> {
  const t = await createTestDb('postgres');
  drops.push(() => t.drop());
  const dump = gunzipSync(readFileSync(join(FIXTURES, 'postgres.sql.gz')))
    .toString('utf8')
    .split('\n')
    .filter((l) => !l.startsWith('\\'))
    .join('\n');
  const c = new pg.Client({ connectionString: t.url! });
  await c.connect();
  await c.query(dump);
  await c.end();
  return t;
}

const from: Record<DbKind, () => Promise<TestDb>> = {
  pglite: async () => olderDataFolder(),
  postgres: olderPostgres,
};

describe.each([
  ['pglite', 'embedded'],
  ['postgres', 'postgres'],
] as const)('upgrading from 0.1.0 (%s)', (kind, fixture) => {
  it('keeps the audit chain, the sessions and the plans, and records the release', async () => {
    const db = await from[kind]();
    const t = await buildTestApp(kind, { RALF_DEMO_LAB: 'on', RALF_DEMO_ACCOUNTS: 'on' }, { db, clock });
    try {
      const verified = await createAuditLog({ clock }).verify(t.db.db);
      expect(verified).toMatchObject({ ok: true, brokenCount: 0 });
      expect(verified.checked).toBeGreaterThan(10);
      for (const [username, cookie] of Object.entries(recorded[fixture].sessions)) {
        const s = (await t.app.inject({ url: '/trpc/auth.session', headers: { cookie } })).json();
        expect(s.result.data).toMatchObject({ user: { username } });
      }
      const cookie = recorded[fixture].sessions.admin;
      const plans = (await t.app.inject({ url: '/trpc/plans.list?input={}', headers: { cookie } })).json();
      expect(plans.result.data.map((p: { id: string; status: string }) => ({ id: p.id, status: p.status }))).toEqual(
        expect.arrayContaining(recorded[fixture].plans),
      );
      const releases = await t.db.withScript((c) =>
        c.rows<{ version: string; app_version: string }>(
          'select version, app_version from ralf.schema_migration order by 1',
        ),
      );
      expect(releases.find((r) => r.version === '0017-matrix')?.app_version).toBe('0.1.0');
      expect(releases.find((r) => r.version === '0018-releases')?.app_version).toBe(RALF_VERSION);
    } finally {
      await t.app.close();
    }
  });
});

describe('a downgrade', () => {
  it('is refused before anything is applied, naming both releases', async () => {
    const t = await createTestDb('postgres');
    drops.push(() => t.drop());
    const client: DbClient = await openDatabase(t.config);
    try {
      await migrate(client);
      // A later release's migration, as ralf-ui 9.1.0 would have left it.
      await client.withScript((c) =>
        c.exec(`insert into ralf.schema_migration (version, app_version) values ('0099-later', '9.1.0')`),
      );
      const refused = migrate(client, MIGRATIONS);
      await expect(refused).rejects.toBeInstanceOf(DowngradeError);
      await expect(refused).rejects.toThrow(
        `this database was upgraded by ralf-ui 9.1.0 (its migration 0099-later is unknown to this release); this is ralf-ui ${RALF_VERSION}`,
      );
    } finally {
      await client.close();
    }
  });
});
