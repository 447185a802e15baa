/**
 * Acting on Proxmox (issue 20): each action ralf-ui asks of a Proxmox cluster, recorded before it
 * is asked (with its idempotency key, so a repeated request finds it and starts nothing) and
 * followed by its UPID until it ends. `starting` without a UPID after a crash is looked for in
 * the cluster's task list, never asked again.
 */
export const m0012Tasks = {
  version: '0012-tasks',
  sql: `
create table ralf.pve_task (
  id uuid primary key default gen_random_uuid(),
  idempotency_key text not null unique,
  cluster text not null,
  node text not null,
  guest_id text,
  guest_name text,
  action text not null,
  type text not null,
  target text,
  params jsonb not null default '{}',
  upid text unique,
  status text not null default 'starting'
    check (status in ('starting', 'running', 'ok', 'failed', 'unknown')),
  exit_status text,
  actor text not null,
  source_ip text,
  reason text,
  created_at timestamptz not null,
  ended_at timestamptz,
  followed_at timestamptz
);
create index pve_task_open on ralf.pve_task (created_at) where status in ('starting', 'running');
create index pve_task_guest on ralf.pve_task (guest_id, created_at desc);
`,
};
