import type { ColumnType, Generated } from 'kysely';

/** int8 comes back as a string from node-postgres and as a number from PGlite; mappers use Number(). */
type Int8 = ColumnType<string | number | bigint, number, number>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface NodeTable {
  id: string;
  name: string;
  cluster: string;
  status: string;
  cpu_cores: number;
  memory_bytes: Int8;
  disk_bytes: Int8;
  tags: string[];
  updated_at: Timestamp;
}

export interface GuestTable {
  id: string;
  vmid: number;
  type: string;
  node_id: string;
  name: string;
  status: string;
  cores: number;
  memory_bytes: Int8;
  disk_bytes: Int8;
  tags: string[];
  role: string | null;
  updated_at: Timestamp;
}

export interface ServiceTable {
  id: string;
  name: string;
  guest_id: string | null;
  kind: string;
  health_job: string | null;
  health_instance: string | null;
  http_check_url: string | null;
  graph_node: string | null;
  updated_at: Timestamp;
}

export interface DiscoveredHostTable {
  id: Generated<string>;
  mac: string;
  ip: string | null;
  hostname: string | null;
  facts: ColumnType<Record<string, unknown>, string, string>;
  suggested_role: string | null;
  state: string;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
}

type Json = ColumnType<unknown, string | null, string | null>;

export interface AuditEventTable {
  seq: ColumnType<string | number, never, never>;
  id: Generated<string>;
  at: Timestamp;
  actor: string;
  action: string;
  subject: string | null;
  outcome: string;
  source_ip: string | null;
  before: Json;
  after: Json;
  details: Json;
  prev_hash: string;
  hash: string;
}

export interface Database {
  'ralf.audit_event': AuditEventTable;
  'ralf.node': NodeTable;
  'ralf.guest': GuestTable;
  'ralf.service': ServiceTable;
  'ralf.discovered_host': DiscoveredHostTable;
}
