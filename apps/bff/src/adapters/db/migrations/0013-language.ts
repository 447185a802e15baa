/**
 * Every word in the reader's language (issue 18): log lines ralf-ui composes are kept as a code
 * with parameters beside their English text (old rows and lines an executor reported have only
 * the text, which is shown as written), a stale plan's reason likewise, and each trail records
 * the language its agents wrote it in so that search stems it right.
 */
export const m0013Language = {
  version: '0013-language',
  sql: `
alter table ralf.deployment_log add column code text, add column params jsonb;
alter table ralf.plan_log add column code text, add column params jsonb;
alter table ralf.plan add column stale_msg jsonb;
alter table ralf.trail add column language text check (language in ('de', 'en'));
`,
};
