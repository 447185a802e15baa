import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Config } from '../src/config';
import { openDatabase, type DbClient } from '../src/adapters/db/client';
import { migrate } from '../src/adapters/db/migrate';
import { makePgliteSeed } from '../src/adapters/db/pglite-seed';

/** The machine's PostgreSQL (trust auth); each test file makes and drops its own database. */
export const PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export type DbKind = 'pglite' | 'postgres';
export const DB_KINDS: DbKind[] = ['pglite', 'postgres'];

export interface TestDb {
  config: Config['database'];
  url: string | null;
  drop(): Promise<void>;
}

/**
 * The empty PGlite cluster in-memory test databases start from (as a new data folder does after a
 * build): made once per PGlite version on this machine, which saves each test app PGlite's initdb.
 */
async function pgliteSeed(): Promise<string> {
  const pkg = join(dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite'))), '../package.json');
  const { version } = JSON.parse(readFileSync(pkg, 'utf8')) as { version: string };
  const file = join(tmpdir(), `ralf-pglite-seed-${version}.tar.gz`);
  if (!existsSync(file)) await makePgliteSeed(file);
  return file;
}

/** An empty database of the given kind: in-memory PGlite or a fresh PostgreSQL database. */
export async function createTestDb(kind: DbKind): Promise<TestDb> {
  if (kind === 'pglite')
    return { config: { kind: 'pglite', dataDir: null, seed: await pgliteSeed() }, url: null, drop: async () => {} };
  const name = `ralf_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = `postgres://postgres@127.0.0.1:5432/${name}`;
  return {
    config: { kind: 'postgres', url },
    url,
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * A database that outlives the app on it: a fresh PostgreSQL database, or a PGlite data folder
 * (`dataDir`, else a new temporary one) started from the seed as a first start would.
 */
export async function createLastingTestDb(kind: DbKind, dataDir?: string): Promise<TestDb> {
  const t = await createTestDb(kind);
  if (t.config.kind === 'postgres') return t;
  return { ...t, config: { ...t.config, dataDir: dataDir ?? mkdtempSync(join(tmpdir(), 'ralf-test-folder-')) } };
}

/** A migrated database client of the given kind, and a function that closes and drops it. */
export async function openTestDb(
  kind: DbKind,
): Promise<{ client: DbClient; url: string | null; close: () => Promise<void> }> {
  const t = await createTestDb(kind);
  const client = await openDatabase(t.config);
  await migrate(client);
  return {
    client,
    url: t.url,
    close: async () => {
      await client.close();
      await t.drop();
    },
  };
}
