import { RALF_VERSION } from '../../version';
import type { DbClient } from './client';
import { MIGRATIONS, type Migration } from './migrations/index';

/** The database was migrated by a newer release than this one: starting would be a downgrade. */
export class DowngradeError extends Error {}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * Applies pending migrations in one transaction under an advisory lock, so that several BFF
 * replicas starting at once apply each migration exactly once. Migrations only go forward: a
 * database holding one this release does not know was upgraded by a newer release, and is
 * refused (DowngradeError) before anything is applied. Returns the versions applied.
 * `migrations` may be a prefix of MIGRATIONS (a restore brings a backup's schema first).
 */
export async function migrate(
  client: DbClient,
  migrations: readonly Migration[] = MIGRATIONS,
  release: string = RALF_VERSION,
): Promise<string[]> {
  return client.withScript(async (conn) => {
    await conn.exec('begin');
    try {
      await conn.exec(`select pg_advisory_xact_lock(7261706);
        create schema if not exists ralf;
        create table if not exists ralf.schema_migration (version text primary key, applied_at timestamptz not null default now());`);
      const done = new Set(
        (await conn.rows<{ version: string }>('select version from ralf.schema_migration')).map((r) => r.version),
      );
      const known = new Set(MIGRATIONS.map((m) => m.version));
      const newer = [...done].filter((v) => !known.has(v)).sort();
      if (newer.length) {
        // A release newer than this one applied it, and every release since 0.2.0 records itself.
        const last = newer[newer.length - 1]!;
        const [by] = await conn.rows<{ app_version: string | null }>(
          `select app_version from ralf.schema_migration where version = ${quote(last)}`,
        );
        const them = by?.app_version ?? 'a newer release';
        throw new DowngradeError(
          `this database was upgraded by ralf-ui ${them} (its migration ${last} is unknown to this release); ` +
            `this is ralf-ui ${release}, and downgrades are refused: start ralf-ui ${by?.app_version ?? 'that release'} or newer, ` +
            `or restore a backup made by ${release} into an empty database`,
        );
      }
      const applied: string[] = [];
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await conn.exec(m.sql);
        await conn.exec(`insert into ralf.schema_migration (version) values (${quote(m.version)})`);
        applied.push(m.version);
      }
      // Which release applied them (the column exists from 0018 on).
      if (applied.length && (done.has('0018-releases') || applied.includes('0018-releases')))
        await conn.exec(`update ralf.schema_migration set app_version = ${quote(release)} where app_version is null`);
      await conn.exec('commit');
      return applied;
    } catch (err) {
      await conn.exec('rollback').catch(() => {});
      throw err;
    }
  });
}
