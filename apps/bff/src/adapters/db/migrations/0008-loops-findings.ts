/**
 * Loops and compliance findings (issue 8): the runs agents report per loop, a loop's paused
 * state (which agents read before they start a run), and the findings from the policy folder
 * and the ingest API, each kept with when it was first seen and when it cleared.
 */
export const m0008LoopsFindings = {
  version: '0008-loops-findings',
  sql: `
create table ralf.loop_run (
  id text primary key,
  loop_id text not null,
  started_at timestamptz not null,
  finished_at timestamptz,
  status text not null check (status in ('running', 'succeeded', 'failed')),
  phase text,
  failed_phase text,
  started_while_paused boolean not null default false,
  trigger text not null default ''
);
create index loop_run_loop_idx on ralf.loop_run (loop_id, started_at desc);

create table ralf.loop_state (
  loop_id text primary key,
  paused boolean not null,
  reason text not null,
  by_actor text not null,
  at timestamptz not null
);

create table ralf.finding (
  key text primary key,
  source text not null,
  policy text not null,
  target text not null,
  result text not null check (result in ('pass', 'fail', 'warn')),
  severity text not null check (severity in ('critical', 'high', 'medium', 'low', 'info')),
  details text not null default '',
  first_seen timestamptz not null,
  last_seen timestamptz not null,
  resolved_at timestamptz,
  resolved_reason text
);
create index finding_open_idx on ralf.finding (resolved_at, severity);
`,
};
