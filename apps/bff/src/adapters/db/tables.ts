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

export interface AppUserTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string | null;
  roles: string[];
  source: string;
  oidc_subject: string | null;
  demo: boolean;
  disabled_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_sign_in_at: Timestamp | null;
}

export interface SessionTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  source_ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: Generated<string>;
  name: string;
  prefix: string;
  secret_hash: string;
  scopes: string[];
  created_by: string;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
  signing_secret: string | null;
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

export interface SignInAttemptTable {
  id: ColumnType<string | number, never, never>;
  username: string;
  address: string;
  at: Timestamp;
  /** Null while the attempt's hash is being checked (reserved before, issue 15). */
  ok: boolean | null;
  /** A refusal marker: one per account and address per window, so a burst is one audit row. */
  refused: Generated<boolean>;
}

export interface IngestSignatureTable {
  token_id: string;
  signature: string;
  seen_at: Timestamp;
}

export interface AuthSecretTable {
  key: string;
  value: Json;
  expires_at: Timestamp | null;
}

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
}

export interface SettingTable {
  key: string;
  value: Json;
  updated_at: Timestamp;
  updated_by: string;
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

export interface Database {
  'ralf.loop_run': LoopRunTable;
  'ralf.loop_state': LoopStateTable;
  'ralf.finding': FindingTable;
  'ralf.trail': TrailTable;
  'ralf.trail_event': TrailEventTable;
  'ralf.plan': PlanTable;
  'ralf.plan_revision': PlanRevisionTable;
  'ralf.plan_approval': PlanApprovalTable;
  'ralf.plan_log': PlanLogTable;
  'ralf.setting': SettingTable;
  'ralf.deployment_transition': DeploymentTransitionTable;
  'ralf.template': TemplateTable;
  'ralf.catalog_error': CatalogErrorTable;
  'ralf.deployment': DeploymentTable;
  'ralf.deployment_log': DeploymentLogTable;
  'ralf.outbox': OutboxTable;
  'ralf.change': ChangeTable;
  'ralf.ingest_event': IngestEventTable;
  'ralf.ingest_request': IngestRequestTable;
  'ralf.app_user': AppUserTable;
  'ralf.session': SessionTable;
  'ralf.api_token': ApiTokenTable;
  'ralf.sign_in_attempt': SignInAttemptTable;
  'ralf.ingest_signature': IngestSignatureTable;
  'ralf.auth_secret': AuthSecretTable;
  'ralf.audit_event': AuditEventTable;
  'ralf.node': NodeTable;
  'ralf.guest': GuestTable;
  'ralf.service': ServiceTable;
  'ralf.discovered_host': DiscoveredHostTable;
}
