import type { DbClient } from './client';
import { MIGRATIONS, type Migration } from './migrations/index';

/**
 * Applies pending migrations in one transaction under an advisory lock, so that several BFF
 * replicas starting at once apply each migration exactly once. Returns the versions applied.
 */
export async function migrate(client: DbClient, migrations: readonly Migration[] = MIGRATIONS): Promise<string[]> {
  return client.withScript(async (conn) => {
    await conn.exec('begin');
    try {
      await conn.exec(`select pg_advisory_xact_lock(7261706);
        create schema if not exists ralf;
        create table if not exists ralf.schema_migration (version text primary key, applied_at timestamptz not null default now());`);
      const done = new Set(
        (await conn.rows<{ version: string }>('select version from ralf.schema_migration')).map((r) => r.version),
      );
      const applied: string[] = [];
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await conn.exec(m.sql);
        await conn.exec(`insert into ralf.schema_migration (version) values ('${m.version.replace(/'/g, "''")}')`);
        applied.push(m.version);
      }
      await conn.exec('commit');
      return applied;
    } catch (err) {
      await conn.exec('rollback').catch(() => {});
      throw err;
    }
  });
}
