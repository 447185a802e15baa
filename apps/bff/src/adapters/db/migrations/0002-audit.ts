export const m0002Audit = {
  version: '0002-audit',
  sql: `
create table ralf.audit_event (
  seq bigint generated always as identity primary key,
  id uuid not null default gen_random_uuid() unique,
  at timestamptz not null,
  actor text not null check (actor ~ '^(user|token|system):[^[:space:]]{1,128}$'),
  action text not null check (length(action) between 1 and 128),
  subject text,
  outcome text not null check (outcome in ('success', 'failure', 'denied')),
  source_ip text,
  before jsonb,
  after jsonb,
  details jsonb,
  prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text not null check (hash ~ '^[0-9a-f]{64}$')
);
create index audit_event_at_idx on ralf.audit_event (at);
create index audit_event_actor_idx on ralf.audit_event (actor);

-- Append-only: no UPDATE, DELETE or TRUNCATE, whoever asks (issue 3).
create function ralf.audit_event_append_only() returns trigger language plpgsql as $fn$
begin
  raise exception 'ralf.audit_event is append-only: % refused', tg_op using errcode = '42501';
end
$fn$;
create trigger audit_event_no_change before update or delete on ralf.audit_event
  for each row execute function ralf.audit_event_append_only();
create trigger audit_event_no_truncate before truncate on ralf.audit_event
  for each statement execute function ralf.audit_event_append_only();
`,
};
