import type { ColumnType, Generated } from 'kysely';
import type { Int8, Json, Timestamp } from './columns';
import type { AppUserTable, SessionTable, ApiTokenTable, SignInAttemptTable, AuthSecretTable } from './tables-auth';
import type {
  TemplateTable,
  CatalogErrorTable,
  DeploymentTable,
  DeploymentLogTable,
  OutboxTable,
  DeploymentTransitionTable,
  PlanTable,
  PlanRevisionTable,
  PlanApprovalTable,
  PlanLogTable,
  SettingTable,
  PveTaskTable,
  NotificationDeliveryTable,
  MatrixLinkTable,
  MatrixSyncTable,
  MatrixCommandTable,
  NotifySeenTable,
  NotifyChannelTable,
} from './tables-work';
import type {
  AuditEventTable,
  ChangeTable,
  IngestEventTable,
  IngestRequestTable,
  IngestSignatureTable,
  TrailTable,
  TrailEventTable,
  LoopRunTable,
  LoopStateTable,
  FindingTable,
} from './tables-records';

/** The inventory (features/fleet), and the whole database as Kysely sees it. */

export interface NodeTable {
  id: string;
  name: string;
  cluster: string;
  status: string;
  cpu_cores: number;
  memory_bytes: Int8;
  disk_bytes: Int8;
  tags: string[];
  /** NodePve as JSON (issue 19); null when no Proxmox reading described it. */
  pve: Json | null;
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
  /** GuestPve as JSON (issue 19); null when no Proxmox reading described it. */
  pve: Json | null;
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

export interface ServiceCheckTable {
  service_id: string;
  at: Timestamp;
  ok: boolean;
  status: number | null;
  latency_ms: number | null;
  reason: ColumnType<Json | null, string | null, string | null>;
  cert_expires_at: Timestamp | null;
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
  /** The plan that accepting it proposed (joining it as a node). */
  plan_id: string | null;
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
  'ralf.pve_task': PveTaskTable;
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
  'ralf.service_check': ServiceCheckTable;
  'ralf.notification_delivery': NotificationDeliveryTable;
  'ralf.discovered_host': DiscoveredHostTable;
  'ralf.matrix_link': MatrixLinkTable;
  'ralf.matrix_sync': MatrixSyncTable;
  'ralf.matrix_command': MatrixCommandTable;
  'ralf.notify_seen': NotifySeenTable;
  'ralf.notify_channel': NotifyChannelTable;
}
