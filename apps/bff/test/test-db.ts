import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Config } from '../src/config';
import { openDatabase, type DbClient } from '../src/adapters/db/client';
import { migrate } from '../src/adapters/db/migrate';

/** The machine's PostgreSQL (trust auth); each test file makes and drops its own database. */
export const PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export type DbKind = 'pglite' | 'postgres';
export const DB_KINDS: DbKind[] = ['pglite', 'postgres'];

export interface TestDb {
  config: Config['database'];
  url: string | null;
  drop(): Promise<void>;
}

/** An empty database of the given kind: in-memory PGlite or a fresh PostgreSQL database. */
export async function createTestDb(kind: DbKind): Promise<TestDb> {
  if (kind === 'pglite') return { config: { kind: 'pglite', dataDir: null }, url: null, drop: async () => {} };
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
