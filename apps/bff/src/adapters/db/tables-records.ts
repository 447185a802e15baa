import type { ColumnType, Generated } from 'kysely';
import type { Int8, Timestamp, Json } from './columns';

/** What is recorded as it happens: the audit chain, the change log, ingest traffic, trails, loop runs and findings. */

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

export interface ChangeTable {
  seq: ColumnType<string | number, never, never>;
  at: Timestamp;
  topic: string;
  kind: string;
  subject: string | null;
}

export interface IngestEventTable {
  id: string;
  token_id: string | null;
  kind: string;
  event_at: Timestamp | null;
  received_at: Timestamp;
  seq: Int8;
}

export interface IngestRequestTable {
  id: ColumnType<string | number, never, never>;
  token_id: string | null;
  token_name: string | null;
  at: Timestamp;
  route: string;
  status: number;
  events: number;
  reason: string | null;
}

export interface IngestSignatureTable {
  token_id: string;
  signature: string;
  seen_at: Timestamp;
}

export interface TrailTable {
  id: string;
  title: string;
  trigger: string | null;
  outcome: ColumnType<string, string | undefined, string>;
  agents: ColumnType<string[], string[] | undefined, string[]>;
  subjects: ColumnType<string[], string[] | undefined, string[]>;
  started_at: Timestamp;
  ended_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  events: ColumnType<number, number | undefined, number>;
  decision: ColumnType<string | null, string | null | undefined, string | null>;
  outcome_received_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The language its agents wrote it in (issue 18); null: unknown, searched in both. */
  language: ColumnType<'de' | 'en' | null, 'de' | 'en' | null | undefined, 'de' | 'en' | null>;
  search: ColumnType<string, never, never>;
}

export interface TrailEventTable {
  id: string;
  trail_id: string;
  kind: string;
  at: Timestamp;
  received_at: Timestamp;
  parent_id: string | null;
  agent: string;
  title: string;
  body: string;
  doc: Json;
  hash: string;
}

export interface LoopRunTable {
  id: string;
  loop_id: string;
  started_at: Timestamp;
  finished_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  status: string;
  phase: ColumnType<string | null, string | null | undefined, string | null>;
  failed_phase: ColumnType<string | null, string | null | undefined, string | null>;
  started_while_paused: ColumnType<boolean, boolean | undefined, boolean>;
  trigger: ColumnType<string, string | undefined, string>;
}

export interface LoopStateTable {
  loop_id: string;
  paused: boolean;
  reason: string;
  by_actor: string;
  at: Timestamp;
}

export interface FindingTable {
  key: string;
  source: string;
  policy: string;
  target: string;
  result: string;
  severity: string;
  details: ColumnType<string, string | undefined, string>;
  first_seen: Timestamp;
  last_seen: Timestamp;
  resolved_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  resolved_reason: ColumnType<string | null, string | null | undefined, string | null>;
}
