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
      const hasRelease =
        (
          await conn.rows(
            `select 1 from information_schema.columns where table_schema = 'ralf' and table_name = 'schema_migration' and column_name = 'app_version'`,
          )
        ).length > 0;
      const rows = await conn.rows<{ version: string; app_version: string | null }>(
        `select version, ${hasRelease ? 'app_version' : 'null as app_version'} from ralf.schema_migration order by version`,
      );
      const known = new Set(MIGRATIONS.map((m) => m.version));
      const newer = rows.filter((r) => !known.has(r.version));
      if (newer.length) {
        const last = newer[newer.length - 1]!;
        throw new DowngradeError(
          `this database was upgraded by ralf-ui ${last.app_version ?? 'a newer release'} (its migration ${last.version} is unknown to this release); ` +
            `this is ralf-ui ${release}, and downgrades are refused: start ralf-ui ${last.app_version ?? 'that release'} or newer, ` +
            `or restore a backup made by ${release} into an empty database`,
        );
      }
      const done = new Set(rows.map((r) => r.version));
      const applied: string[] = [];
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await conn.exec(m.sql);
        await conn.exec(`insert into ralf.schema_migration (version) values (${quote(m.version)})`);
        applied.push(m.version);
      }
      if (applied.length && (hasRelease || applied.includes('0018-releases')))
        await conn.exec(`update ralf.schema_migration set app_version = ${quote(release)} where app_version is null`);
      await conn.exec('commit');
      return applied;
    } catch (err) {
      await conn.exec('rollback').catch(() => {});
      throw err;
    }
  });
}
