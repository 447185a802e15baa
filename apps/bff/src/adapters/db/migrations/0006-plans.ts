/**
 * Adaptive plans (issue 6): plans with their revisions (content-addressed), approvals bound to
 * one revision, a log, and settings (approvals needed, apply windows). As for deployments, the
 * database enforces the lifecycle; an approval is unique per revision and approver, and the
 * outbox holds at most one apply job per revision, so two approvers at once dispatch once.
 */
export const m0006Plans = {
  version: '0006-plans',
  sql: `
create table ralf.plan_transition (
  from_status text not null,
  to_status text not null,
  primary key (from_status, to_status)
);
insert into ralf.plan_transition (from_status, to_status) values
  ('proposed', 'approved'),
  ('proposed', 'rejected'),
  ('proposed', 'expired'),
  ('proposed', 'superseded'),
  ('approved', 'applying'),
  ('approved', 'proposed'),
  ('approved', 'superseded'),
  ('applying', 'applied'),
  ('applying', 'failed');

create table ralf.plan (
  id uuid primary key default gen_random_uuid(),
  key text not null unique,
  status text not null check (status in ('proposed', 'approved', 'rejected', 'expired', 'superseded', 'applying', 'applied', 'failed')),
  revision integer not null,
  revision_hash text not null,
  trigger text not null,
  summary text not null,
  risk text not null,
  trail_id text,
  submitted_by text not null,
  submitted_at timestamptz not null,
  updated_at timestamptz not null,
  expires_at timestamptz not null,
  approvals_needed integer not null,
  action_count integer not null,
  stale_reason text,
  policy_override jsonb,
  scheduled_for timestamptz,
  applied_at timestamptz,
  finished_at timestamptz,
  error text
);
create index plan_submitted_idx on ralf.plan (submitted_at desc);
create index plan_status_idx on ralf.plan (status);

create function ralf.plan_check_transition() returns trigger language plpgsql as $fn$
begin
  if new.status is distinct from old.status and not exists (
    select 1 from ralf.plan_transition where from_status = old.status and to_status = new.status
  ) then
    raise exception 'illegal plan transition % -> %', old.status, new.status using errcode = 'RA001';
  end if;
  return new;
end
$fn$;
create trigger plan_transition_check before update of status on ralf.plan
  for each row execute function ralf.plan_check_transition();

create table ralf.plan_revision (
  plan_id uuid not null references ralf.plan (id),
  revision integer not null,
  hash text not null,
  content jsonb not null,
  submitted_by text not null,
  submitted_at timestamptz not null,
  primary key (plan_id, revision)
);

create table ralf.plan_approval (
  id bigint generated always as identity primary key,
  plan_id uuid not null references ralf.plan (id),
  revision integer not null,
  approver text not null,
  at timestamptz not null,
  comment text not null,
  inventory_version text not null,
  inventory jsonb not null,
  discarded_at timestamptz,
  discard_reason text,
  unique (plan_id, revision, approver)
);

create table ralf.plan_log (
  id bigint generated always as identity primary key,
  plan_id uuid not null references ralf.plan (id),
  at timestamptz not null,
  status text,
  message text not null
);
create index plan_log_idx on ralf.plan_log (plan_id, id);

create table ralf.setting (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null,
  updated_by text not null
);

alter table ralf.outbox add column plan_id uuid references ralf.plan (id);
create unique index outbox_plan_apply_once_idx on ralf.outbox (plan_id, (payload->>'revision')) where kind = 'plan.apply';
`,
};
