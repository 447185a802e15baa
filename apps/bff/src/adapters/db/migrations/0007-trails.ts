/**
 * Explainability trails (issue 7): a trail row per trail (its summary for the timeline, kept up
 * to date as events arrive, with a German and English search vector) and its events, which
 * never change once written: the table refuses UPDATE and DELETE, as the audit table does.
 */
export const m0007Trails = {
  version: '0007-trails',
  sql: `
create table ralf.trail (
  id text primary key,
  title text not null,
  trigger text,
  outcome text not null default 'running' check (outcome in ('running', 'succeeded', 'failed', 'rolled_back')),
  agents text[] not null default '{}',
  subjects text[] not null default '{}',
  started_at timestamptz not null,
  ended_at timestamptz,
  events integer not null default 0,
  decision text,
  outcome_received_at timestamptz,
  search tsvector not null default ''::tsvector
);
create index trail_started_idx on ralf.trail (started_at desc, id desc);
create index trail_subjects_idx on ralf.trail using gin (subjects);
create index trail_agents_idx on ralf.trail using gin (agents);
create index trail_search_idx on ralf.trail using gin (search);

create table ralf.trail_event (
  id text primary key,
  trail_id text not null references ralf.trail (id),
  kind text not null check (kind in ('trigger', 'observation', 'decision', 'action', 'outcome', 'lesson', 'correction')),
  at timestamptz not null,
  received_at timestamptz not null,
  parent_id text,
  agent text not null,
  title text not null,
  body text not null,
  doc jsonb not null,
  hash text not null
);
create index trail_event_trail_idx on ralf.trail_event (trail_id);

create function ralf.trail_event_immutable() returns trigger language plpgsql as $fn$
begin
  raise exception 'trail events are immutable; send a correction' using errcode = 'RA002';
end
$fn$;
create trigger trail_event_no_change before update or delete on ralf.trail_event
  for each row execute function ralf.trail_event_immutable();
`,
};
