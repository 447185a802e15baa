/**
 * Deployments (issue 5): the catalog, the deployments with their state machine, which the
 * database itself enforces (a trigger refuses any transition not in ralf.deployment_transition),
 * their log, and the outbox through which work reaches executors durably.
 */
export const m0005Deployments = {
  version: '0005-deployments',
  sql: `
create table ralf.template (
  id text primary key,
  doc jsonb not null,
  source text not null,
  updated_at timestamptz not null
);

create table ralf.catalog_error (
  file text primary key,
  message text not null,
  at timestamptz not null
);

create table ralf.deployment_transition (
  from_status text not null,
  to_status text not null,
  primary key (from_status, to_status)
);
insert into ralf.deployment_transition (from_status, to_status) values
  ('checking', 'queued'),
  ('checking', 'failed'),
  ('checking', 'cancelled'),
  ('queued', 'provisioning'),
  ('queued', 'dispatch_unknown'),
  ('queued', 'failed'),
  ('queued', 'cancelled'),
  ('dispatch_unknown', 'provisioning'),
  ('dispatch_unknown', 'configuring'),
  ('dispatch_unknown', 'verifying'),
  ('dispatch_unknown', 'succeeded'),
  ('dispatch_unknown', 'failed'),
  ('dispatch_unknown', 'needs_attention'),
  ('dispatch_unknown', 'cancelled'),
  ('provisioning', 'configuring'),
  ('provisioning', 'failed'),
  ('provisioning', 'cancelled'),
  ('configuring', 'verifying'),
  ('configuring', 'failed'),
  ('configuring', 'cancelled'),
  ('verifying', 'succeeded'),
  ('verifying', 'failed'),
  ('verifying', 'cancelled'),
  ('needs_attention', 'provisioning'),
  ('needs_attention', 'configuring'),
  ('needs_attention', 'verifying'),
  ('needs_attention', 'succeeded'),
  ('needs_attention', 'failed'),
  ('needs_attention', 'cancelled');

create table ralf.deployment (
  id uuid primary key default gen_random_uuid(),
  idempotency_key text not null unique,
  template_id text not null,
  template_name text not null,
  name text not null,
  node_id text,
  status text not null check (status in ('checking', 'queued', 'dispatch_unknown', 'provisioning', 'configuring', 'verifying', 'needs_attention', 'succeeded', 'failed', 'cancelled')),
  params jsonb not null,
  created_by text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  finished_at timestamptz,
  error text,
  guest_id text,
  retry_of uuid references ralf.deployment (id)
);
create index deployment_created_idx on ralf.deployment (created_at desc);
-- One operation at a time per target name.
create unique index deployment_active_name_idx on ralf.deployment (name) where status not in ('succeeded', 'failed', 'cancelled');

create function ralf.deployment_check_transition() returns trigger language plpgsql as $fn$
begin
  if new.status is distinct from old.status and not exists (
    select 1 from ralf.deployment_transition where from_status = old.status and to_status = new.status
  ) then
    raise exception 'illegal deployment transition % -> %', old.status, new.status using errcode = 'RA001';
  end if;
  return new;
end
$fn$;
create trigger deployment_transition_check before update of status on ralf.deployment
  for each row execute function ralf.deployment_check_transition();

create table ralf.deployment_log (
  id bigint generated always as identity primary key,
  deployment_id uuid not null references ralf.deployment (id),
  at timestamptz not null,
  status text,
  message text not null
);
create index deployment_log_idx on ralf.deployment_log (deployment_id, id);

create table ralf.outbox (
  id bigint generated always as identity primary key,
  kind text not null,
  deployment_id uuid references ralf.deployment (id),
  payload jsonb not null,
  due_at timestamptz not null,
  attempts integer not null default 0,
  locked_until timestamptz,
  done_at timestamptz,
  last_error text
);
create index outbox_due_idx on ralf.outbox (due_at) where done_at is null;
`,
};
