/**
 * Releases (issue 25): which ralf-ui release applied each migration, so that an older release
 * started on a newer database can name the release it would be downgrading from. Everything
 * applied before this one was applied by 0.1.0, the last build before releases.
 */
export const m0018Releases = {
  version: '0018-releases',
  sql: `
alter table ralf.schema_migration add column app_version text;
-- Rows from earlier transactions; those applied with this one are the running release's (migrate.ts).
update ralf.schema_migration set app_version = '0.1.0' where applied_at < now();
`,
};
