export const m0001Inventory = {
  version: '0001-inventory',
  sql: `
create table ralf.node (
  id text primary key check (id ~ '^node/[A-Za-z0-9][A-Za-z0-9.-]*$'),
  name text not null unique,
  cluster text not null,
  status text not null check (status in ('online', 'offline', 'unknown')),
  cpu_cores integer not null check (cpu_cores >= 0),
  memory_bytes bigint not null check (memory_bytes >= 0),
  disk_bytes bigint not null default 0 check (disk_bytes >= 0),
  tags text[] not null default '{}',
  updated_at timestamptz not null default now()
);

create table ralf.guest (
  id text primary key check (id ~ '^(qemu|lxc)/[0-9]+$'),
  vmid integer not null unique,
  type text not null check (type in ('qemu', 'lxc')),
  node_id text not null references ralf.node (id),
  name text not null,
  status text not null check (status in ('running', 'stopped', 'paused', 'unknown')),
  cores integer not null check (cores >= 0),
  memory_bytes bigint not null check (memory_bytes >= 0),
  disk_bytes bigint not null default 0 check (disk_bytes >= 0),
  tags text[] not null default '{}',
  role text,
  updated_at timestamptz not null default now(),
  check (id = type || '/' || vmid)
);
create index guest_node_idx on ralf.guest (node_id);

create table ralf.service (
  id text primary key,
  name text not null,
  guest_id text references ralf.guest (id) on delete set null,
  kind text not null,
  health_job text,
  health_instance text,
  http_check_url text,
  graph_node text,
  updated_at timestamptz not null default now()
);
create index service_guest_idx on ralf.service (guest_id);

create table ralf.discovered_host (
  id uuid primary key default gen_random_uuid(),
  mac text not null unique check (mac ~ '^[0-9a-f]{2}(:[0-9a-f]{2}){5}$'),
  ip text,
  hostname text,
  facts jsonb not null default '{}',
  suggested_role text,
  state text not null default 'new' check (state in ('new', 'accepted', 'ignored')),
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now()
);
`,
};
