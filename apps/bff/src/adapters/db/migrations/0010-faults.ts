/**
 * Faults (issue 16). A plan whose delivery got no answer, or whose executor went quiet, no longer
 * stays "applying" for ever: `dispatch_unknown` and `needs_attention`, as deployments have, with
 * the moves out of them (a report, or an admin's retry or "mark failed"). A trail of a cancelled
 * deployment ends `cancelled`, not `failed` (issue 26). A deployment's
 * idempotency key is its requester's: the same key from someone else is another deployment.
 */
export const m0010Faults = {
  version: '0010-faults',
  sql: `
insert into ralf.plan_transition (from_status, to_status) values
  ('applying', 'dispatch_unknown'),
  ('applying', 'needs_attention'),
  ('dispatch_unknown', 'applying'),
  ('dispatch_unknown', 'applied'),
  ('dispatch_unknown', 'failed'),
  ('dispatch_unknown', 'needs_attention'),
  ('needs_attention', 'applying'),
  ('needs_attention', 'applied'),
  ('needs_attention', 'failed');

alter table ralf.plan drop constraint plan_status_check;
alter table ralf.plan add constraint plan_status_check check (status in ('proposed', 'approved', 'rejected', 'expired', 'superseded', 'applying', 'dispatch_unknown', 'needs_attention', 'applied', 'failed'));

alter table ralf.trail drop constraint trail_outcome_check;
alter table ralf.trail add constraint trail_outcome_check check (outcome in ('running', 'succeeded', 'failed', 'cancelled', 'rolled_back'));

alter table ralf.plan add column deliveries integer not null default 0;
alter table ralf.deployment add column deliveries integer not null default 0;

alter table ralf.deployment drop constraint deployment_idempotency_key_key;
create unique index deployment_requester_key_idx on ralf.deployment (created_by, idempotency_key);
`,
};
