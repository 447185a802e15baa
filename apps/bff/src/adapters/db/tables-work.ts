import type { ColumnType, Generated } from 'kysely';
import type { Timestamp, Json } from './columns';

/** The catalog, deployments, plans with their revisions, approvals and settings, and the outbox their jobs go through. */

export interface TemplateTable {
  id: string;
  doc: Json;
  source: string;
  updated_at: Timestamp;
}

export interface CatalogErrorTable {
  file: string;
  message: string;
  at: Timestamp;
}

export interface DeploymentTable {
  id: Generated<string>;
  idempotency_key: string;
  deliveries: Generated<number>;
  template_id: string;
  template_name: string;
  name: string;
  node_id: string | null;
  status: string;
  params: Json;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
  error: string | null;
  guest_id: string | null;
  retry_of: string | null;
}

export interface DeploymentLogTable {
  id: ColumnType<string | number, never, never>;
  deployment_id: string;
  at: Timestamp;
  status: string | null;
  message: string;
  code: ColumnType<string | null, string | null | undefined, never>;
  params: ColumnType<Json | null, string | null | undefined, never>;
}

export interface OutboxTable {
  id: ColumnType<string | number, never, never>;
  kind: string;
  deployment_id: string | null;
  plan_id: ColumnType<string | null, string | null | undefined, string | null>;
  payload: Json;
  due_at: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  locked_until: Timestamp | null;
  done_at: Timestamp | null;
  last_error: string | null;
}

export interface DeploymentTransitionTable {
  from_status: string;
  to_status: string;
}

export interface PlanTable {
  id: Generated<string>;
  key: string;
  status: string;
  revision: number;
  revision_hash: string;
  trigger: string;
  summary: string;
  risk: string;
  trail_id: string | null;
  submitted_by: string;
  /** The person behind a token that submitted the plan (who created it): they may not approve it. */
  submitted_for: string | null;
  deliveries: Generated<number>;
  submitted_at: Timestamp;
  updated_at: Timestamp;
  expires_at: Timestamp;
  approvals_needed: number;
  action_count: number;
  stale_reason: ColumnType<string | null, string | null | undefined, string | null>;
  stale_msg: ColumnType<Json | null, string | null | undefined, string | null>;
  policy_override: ColumnType<unknown, string | null | undefined, string | null>;
  scheduled_for: ColumnType<Date | null, Date | null | undefined, Date | null>;
  applied_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  finished_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  error: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PlanRevisionTable {
  plan_id: string;
  revision: number;
  hash: string;
  content: Json;
  submitted_by: string;
  submitted_at: Timestamp;
}

export interface PlanApprovalTable {
  id: ColumnType<string | number, never, never>;
  plan_id: string;
  revision: number;
  approver: string;
  at: Timestamp;
  comment: string;
  inventory_version: string;
  inventory: Json;
  discarded_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  discard_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PlanLogTable {
  id: ColumnType<string | number, never, never>;
  plan_id: string;
  at: Timestamp;
  status: string | null;
  message: string;
  code: ColumnType<string | null, string | null | undefined, never>;
  params: ColumnType<Json | null, string | null | undefined, never>;
}

export interface SettingTable {
  key: string;
  value: Json;
  updated_at: Timestamp;
  updated_by: string;
}

/** An action asked of a Proxmox cluster and followed by its UPID (issue 20). */
export interface PveTaskTable {
  id: Generated<string>;
  idempotency_key: string;
  cluster: string;
  node: string;
  guest_id: string | null;
  guest_name: string | null;
  action: string;
  type: string;
  target: string | null;
  params: Json;
  upid: string | null;
  status: string;
  exit_status: string | null;
  actor: string;
  source_ip: string | null;
  reason: string | null;
  created_at: Timestamp;
  ended_at: Timestamp | null;
  followed_at: Timestamp | null;
}

/** One notification to one channel (issue 23), delivered by the outbox. */
export interface NotificationDeliveryTable {
  id: Generated<string>;
  channel: string;
  kind: string;
  severity: string;
  subject: string | null;
  dedupe_key: string;
  title: Json;
  body: Json;
  link: string | null;
  status: Generated<string>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Timestamp;
  held_until: Timestamp | null;
  sent_at: Timestamp | null;
  /** What a channel needs beyond the words: `{ plan, hash }` for a plan awaiting decision. */
  extra: Json | null;
  /** The delivery whose message this one went out in (a burst grouped into one). */
  group_id: string | null;
}

export interface MatrixLinkTable {
  user_id: string;
  matrix_id: string;
  code_hash: string | null;
  code_expires_at: Timestamp | null;
  code_attempts: Generated<number>;
  verified_at: Timestamp | null;
  created_at: Timestamp;
}

export interface NotifyChannelTable {
  id: string;
  config: Json;
  updated_by: string;
  updated_at: Timestamp;
}

export interface NotifySeenTable {
  key: string;
  since: Timestamp;
  /** The news to tell when it is gone (an alert's end). */
  gone: Json | null;
}

export interface MatrixSyncTable {
  channel: string;
  next_batch: string;
  updated_at: Timestamp;
}

export interface MatrixCommandTable {
  event_id: string;
  channel: string;
  sender: string;
  body: string;
  received_at: Timestamp;
  answer: Json | null;
}
