import type {
  Alert,
  Backup,
  BackupJob,
  Datastore,
  BotStatus,
  GuestInput,
  GuestPve,
  NodeInput,
  NodePve,
  PlanAction,
  PveDisk,
  PveStorage,
  SeriesMetric,
  Usage,
  ZfsPool,
} from '@ralf/shared';

/** The latest sample of every node and guest, keyed by Proxmox id (`node/pve1`, `qemu/100`). */
export interface MetricsSnapshot {
  /** Time of the newest sample (the scrape, not the query). */
  sampledAt: Date;
  usage: ReadonlyMap<string, Usage>;
}

/** A bounded time range in unix seconds; built only by `boundedRange` in prometheus/promql.ts. */
export interface RangeSpec {
  start: number;
  end: number;
  step: number;
}

export interface SeriesSet {
  t: number[];
  values: Record<SeriesMetric, (number | null)[]>;
}

/**
 * Where the fleet's metrics come from: Prometheus' HTTP API in a real lab (or Proxmox VE's own
 * figures without one), the demo lab in the embedded mode (DESIGN.md §2, §5). Every method asks for the whole fleet at once, never per
 * guest, and throws AppError('UPSTREAM_UNAVAILABLE') when the source does not answer in time.
 * Ratios are 0..1; memory and disk use are ratios of used to size; network is bytes per second.
 */
export interface MetricsSource {
  readonly kind: 'demo-lab' | 'prometheus' | 'proxmox' | 'none';
  snapshot(): Promise<MetricsSnapshot>;
  /** One metric for every guest over a range (the fleet table's sparklines); a guest without any value in the range is left out. */
  fleetSeries(metric: SeriesMetric, range: RangeSpec): Promise<Map<string, (number | null)[]>>;
  /** Every chart metric of one node or guest (its detail page). */
  series(id: string, range: RangeSpec): Promise<SeriesSet>;
  /** Alerts firing now (Prometheus `ALERTS{alertstate="firing"}`). */
  alerts(): Promise<Alert[]>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What an executor is asked to do: deploy this template with these parameters (DESIGN.md §6). */
export interface DispatchRequest {
  deploymentId: string;
  idempotencyKey: string;
  templateId: string;
  name: string;
  nodeId: string;
  params: Record<string, unknown>;
  /** Demo lab only: the phase at which the template fails on purpose. */
  failAt: string | null;
}

/** An approved plan to carry out (issue 6); the same key on every attempt. */
export interface PlanApplyRequest {
  planId: string;
  revision: number;
  idempotencyKey: string;
  actions: PlanAction[];
}

/** A loop run to start (issue 8): the workflow of its template, in its runtime. */
export interface LoopRunRequest {
  loopId: string;
  runId: string;
  runtime: 'n8n' | 'foreman';
  template: string;
  phases: string[];
  trigger: string;
  idempotencyKey: string;
}

/**
 * Carries out deployments and approved plans. The n8n executor posts a signed
 * webhook and hears back through the ingest API; the demo lab executor walks the phases itself.
 */
export interface Executor {
  /** Its name in logs and trails, in no language: "n8n", "demo-lab"; features never ask which it is. */
  readonly label: string;
  /**
   * Deliveries cross the network: each is recorded before it is made, and one may arrive twice
   * (lib/delivery.ts). The demo lab's executor runs in process and records nothing of its own.
   */
  readonly remote: boolean;
  /**
   * accepted: it took the job; retry: try again later (refused connection, 5xx); refused: fail
   * now (4xx), with why; unknown: no answer in time, so it may or may not have started.
   */
  dispatch(req: DispatchRequest): Promise<DispatchOutcome>;
  /** Applies an approved plan; the same outcomes as a deployment's dispatch. */
  applyPlan(req: PlanApplyRequest): Promise<DispatchOutcome>;
  /** Starts a loop's workflow now ("run now", or the demo lab's schedule); runs report through ingest. */
  runLoop(req: LoopRunRequest): Promise<DispatchOutcome>;
}

export type DispatchOutcome = { outcome: 'accepted' } | { outcome: 'retry' | 'refused' | 'unknown'; error: string };

/** A bot to check: its ids, and its token resolved from its vault:// reference (null when unset). */
export interface BotCheck {
  id: string;
  userId: string;
  room: string;
  token: string | null;
  tokenRef: string;
}

/**
 * Where the bots' health comes from (issue 8): the homeserver's client-server API, or the demo
 * lab. Tokens stay here, on the BFF; what comes back carries states and reasons only.
 */
export interface BotHealthSource {
  readonly kind: 'matrix' | 'demo-lab' | 'none';
  check(bots: BotCheck[], now: Date): Promise<BotStatus[]>;
}

export type NodeReading = NodeInput & { pve: NodePve };
export type GuestReading = GuestInput & { pve: GuestPve };

/** A Proxmox cluster's nodes and guests as one reading of its API found them. */
export interface ClusterReading {
  cluster: string;
  /** When the reading began: a row written after it is newer than the reading, and stays. */
  readAt: Date;
  nodes: NodeReading[];
  guests: GuestReading[];
}

/** What one reading says of the cluster itself, beside its nodes and guests. */
export interface ClusterFacts {
  cluster: string;
  quorate: boolean | null;
  templates: { id: string; name: string; node: string }[];
  nodes: number;
  storages: PveStorage[];
  pools: ZfsPool[];
  disks: PveDisk[];
}

/**
 * Where the inventory comes from beside the agents' ingest API (issue 19, DESIGN.md §12): a
 * Proxmox VE cluster read with an API token. Each reading is the cluster whole, as it is now;
 * it throws AppError('UPSTREAM_UNAVAILABLE') with a reason when the cluster does not answer.
 */
export interface InventorySource {
  /** How logs and pages name it before it has answered: the host's name. */
  readonly name: string;
  /** The address it reads (no token, no path). */
  readonly url: string;
  read(): Promise<{ reading: ClusterReading; facts: ClusterFacts }>;
}

/** What one reading of a backup source found: backups, the jobs that make them, where they lie. */
export interface BackupReading {
  backups: Backup[];
  jobs: BackupJob[];
  datastores: Datastore[];
}

/**
 * Where backups are read (issue 19): a Proxmox VE cluster's jobs and storages, or a Proxmox
 * Backup Server's datastores. Throws AppError('UPSTREAM_UNAVAILABLE') when it does not answer.
 */
export interface BackupSource {
  readonly name: string;
  readonly url: string;
  read(): Promise<BackupReading>;
}
