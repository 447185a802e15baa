import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, callerAs } from '../../test/build-test-app';
import { createLastingTestDb, createTestDb } from '../../test/test-db';

const CLI = join(import.meta.dirname, '../cli.ts');
const DEMO = { RALF_DEMO_LAB: 'on', RALF_DEMO_ACCOUNTS: 'on' };
const drops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const d of drops.splice(0)) await d();
});

/** `ralf-ui <args>` as an operator runs it: only the given environment. */
const cli = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', RALF_LANGUAGE: 'en', ...env },
    cwd: join(import.meta.dirname, '../..'),
    encoding: 'utf8',
    timeout: 120_000,
  });

/** What the pages show: every plan, trail and audit event as the API answers them. */
async function pages(t: Awaited<ReturnType<typeof buildTestApp>>) {
  const admin = await callerAs(t, 'admin');
  return {
    plans: await admin.plans.list({ limit: 500 }),
    trails: (await admin.trails.list({})).items,
    audit: (await admin.audit.list({ limit: 500 })).events,
  };
}

describe('ralf-ui migrate-to-postgres', () => {
  it('moves an embedded installation to PostgreSQL: the same plans, trails and audit trail, the chain intact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ralf-embedded-'));
    const embedded = await createLastingTestDb('pglite', join(dir, 'pglite'));
    const src = await buildTestApp('pglite', { ...DEMO, RALF_DATA_DIR: dir }, { db: embedded });
    const { planId } = await (
      await callerAs(src, 'operator')
    ).plans.propose({
      actions: [{ type: 'resize', guestId: 'lxc/210', resource: 'memoryMiB', to: 2048 }],
    });
    const before = await pages(src);
    await src.app.close();
    expect(before.plans.map((p) => p.id)).toContain(planId);
    expect(before.trails.length).toBeGreaterThan(0);

    const target = await createTestDb('postgres');
    drops.push(() => target.drop());
    // With DATABASE_URL set there is no embedded database to move.
    const wrong = cli({ DATABASE_URL: target.url! }, 'migrate-to-postgres', '--to', target.url!);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/moves the embedded database: unset DATABASE_URL/);

    const moved = cli({ RALF_DATA_DIR: dir }, 'migrate-to-postgres', '--to', target.url!);
    expect(moved.stderr).toBe('');
    expect(moved.stdout).toMatch(/moved \d+ rows in \d+ tables from the embedded database to postgres:/);
    expect(moved.stdout).toMatch(/audit chain verifies: \d+ events/);
    expect(moved.status).toBe(0);
    // Twice would mix two installations: refused.
    const again = cli({ RALF_DATA_DIR: dir }, 'migrate-to-postgres', '--to', target.url!);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already holds ralf-ui state/);

    const pgApp = await buildTestApp('postgres', DEMO, { db: target });
    try {
      const after = await pages(pgApp);
      expect(after.plans).toEqual(expect.arrayContaining(before.plans));
      expect(after.trails).toEqual(expect.arrayContaining(before.trails));
      expect(after.audit).toEqual(expect.arrayContaining(before.audit));
      expect(await (await callerAs(pgApp, 'admin')).audit.verify()).toMatchObject({ ok: true, brokenCount: 0 });
    } finally {
      await pgApp.app.close();
    }
  });
});
