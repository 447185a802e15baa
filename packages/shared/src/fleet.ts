import { z } from 'zod';
import { text } from './text';
import { GuestIdSchema, GuestTypeSchema, MacSchema, NodeIdSchema } from './ids';
import { FLEET_SORT_KEYS, RANGES } from './constants';
import { FreshnessSchema } from './sources';
import { GuestPveSchema, NodePveSchema, PveClusterSchema } from './proxmox';

export const NodeStatusSchema = z.enum(['online', 'offline', 'unknown']);
export type NodeStatus = z.infer<typeof NodeStatusSchema>;
export const GuestStatusSchema = z.enum(['running', 'stopped', 'paused', 'unknown']);
export type GuestStatus = z.infer<typeof GuestStatusSchema>;

/** Bounds that match the database columns, so valid input never fails at the insert. */
export const Count = z.number().int().min(0).max(1_000_000);
export const Bytes = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
// PostgreSQL text cannot hold NUL; refusing it here makes it a 400, not a failed insert.
export const Text = (max: number) => text({ min: 1, max });

export const TagSchema = text({ min: 1, max: 64 }).regex(/^[A-Za-z0-9_.+-]+$/, 'input.tag');

export const NodeSchema = z.object({
  id: NodeIdSchema,
  name: Text(63),
  cluster: Text(128),
  status: NodeStatusSchema,
  cpuCores: Count,
  memoryBytes: Bytes,
  diskBytes: Bytes,
  tags: z.array(TagSchema).max(64),
  /** What Proxmox VE tells of it, when a Proxmox reading described it (never from agents). */
  pve: NodePveSchema.nullable(),
  updatedAt: z.string(),
});
export type Node = z.infer<typeof NodeSchema>;

export const GuestSchema = z.object({
  id: GuestIdSchema,
  vmid: z.number().int().min(1).max(999_999_999),
  type: GuestTypeSchema,
  nodeId: NodeIdSchema,
  name: Text(128),
  status: GuestStatusSchema,
  cores: Count,
  memoryBytes: Bytes,
  diskBytes: Bytes,
  tags: z.array(TagSchema).max(64),
  role: Text(64).nullable(),
  /** What Proxmox VE tells of it, when a Proxmox reading described it (never from agents). */
  pve: GuestPveSchema.nullable(),
  updatedAt: z.string(),
});
export type Guest = z.infer<typeof GuestSchema>;

export const ServiceSchema = z.object({
  id: Text(128),
  name: Text(128),
  guestId: GuestIdSchema.nullable(),
  kind: Text(64),
  healthJob: Text(128).nullable(),
  healthInstance: Text(256).nullable(),
  httpCheckUrl: Text(512).nullable(),
  graphNode: Text(64).nullable(),
  updatedAt: z.string(),
});
export type Service = z.infer<typeof ServiceSchema>;

export const DiscoveredHostStateSchema = z.enum(['new', 'accepted', 'ignored']);
export const DiscoveredHostSchema = z.object({
  id: z.string(),
  mac: MacSchema,
  ip: Text(64).nullable(),
  hostname: Text(253).nullable(),
  facts: z.record(text({ max: 128 }), z.json()),
  suggestedRole: Text(64).nullable(),
  state: DiscoveredHostStateSchema,
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  /** The plan accepting it proposed: the one that joins it as a node (issue 21). */
  planId: z.string().nullable(),
});
export type DiscoveredHost = z.infer<typeof DiscoveredHostSchema>;

/** Latest use of one node or guest; null where the metrics source has no sample. */
export const UsageSchema = z.object({
  up: z.boolean().nullable(),
  cpu: z.number().nullable(),
  memUsed: z.number().nullable(),
  memSize: z.number().nullable(),
  diskUsed: z.number().nullable(),
  diskSize: z.number().nullable(),
  netRx: z.number().nullable(),
  netTx: z.number().nullable(),
});
export type Usage = z.infer<typeof UsageSchema>;

/**
 * A ratio as every page shows it: to 0.01 % (four decimals), rounded once on the BFF and the same
 * way in the browser, so the fleet table and the guest page never show 48 % and 47 % for one value.
 */
export const roundRatio = (v: number | null | undefined): number | null =>
  v == null ? null : Math.round(v * 10_000) / 10_000;

/** No sample: every metric unknown. */
export const noUsage = (): Usage => ({
  up: null,
  cpu: null,
  memUsed: null,
  memSize: null,
  diskUsed: null,
  diskSize: null,
  netRx: null,
  netTx: null,
});

export const AlertSchema = z.object({
  name: z.string(),
  severity: z.string(),
  subject: z.string().nullable(),
  summary: z.string().nullable(),
  activeSince: z.string().nullable(),
  /** Its labels as the rule set them (a silence matches on them, issue 21). */
  labels: z.record(z.string(), z.string()),
  /** The subject's name in the inventory (a guest's or node's), when it is one. */
  subjectName: z.string().nullable().optional(),
});
export type Alert = z.infer<typeof AlertSchema>;

export const FleetSourcesSchema = z.object({
  inventory: FreshnessSchema,
  metrics: FreshnessSchema,
  /** Each Proxmox cluster read directly, with whether it answers (empty when none is connected). */
  clusters: z.array(PveClusterSchema),
});
export type FleetSources = z.infer<typeof FleetSourcesSchema>;

export const NodeHeadroomSchema = z.object({
  id: NodeIdSchema,
  name: z.string(),
  cluster: z.string(),
  status: NodeStatusSchema,
  cpuCores: z.number(),
  memoryBytes: z.number(),
  cpu: z.number().nullable(),
  mem: z.number().nullable(),
  guests: z.number().int(),
});
export type NodeHeadroom = z.infer<typeof NodeHeadroomSchema>;

export const FleetSummarySchema = z.object({
  nodes: z.object({ total: z.number(), online: z.number(), offline: z.number() }),
  guests: z.object({ total: z.number(), running: z.number(), stopped: z.number(), other: z.number() }),
  headroom: z.array(NodeHeadroomSchema),
  /** The most severe alerts firing (at most 50); alertsTotal counts them all. */
  alerts: z.array(AlertSchema),
  alertsTotal: z.number().int(),
  alertsState: FreshnessSchema,
  lastSampleAt: z.string().nullable(),
  sources: FleetSourcesSchema,
});
export type FleetSummary = z.infer<typeof FleetSummarySchema>;

export const FleetSortKeySchema = z.enum(FLEET_SORT_KEYS);
export type FleetSortKey = z.infer<typeof FleetSortKeySchema>;

export const FleetListInputSchema = z
  .object({
    nodes: z.array(NodeIdSchema).max(64).optional(),
    cluster: text({ min: 1, max: 128 }).optional(),
    type: GuestTypeSchema.optional(),
    statuses: z.array(GuestStatusSchema).max(4).optional(),
    tag: TagSchema.optional(),
    q: text({ max: 200 }).optional(),
    sort: FleetSortKeySchema.default('name'),
    dir: z.enum(['asc', 'desc']).default('asc'),
  })
  .strict();
export type FleetListInput = z.input<typeof FleetListInputSchema>;

/** One guest in the fleet table: inventory plus its latest use as ratios. */
export const FleetRowSchema = z.object({
  id: GuestIdSchema,
  vmid: z.number(),
  type: GuestTypeSchema,
  nodeId: NodeIdSchema,
  name: z.string(),
  status: GuestStatusSchema,
  cores: z.number(),
  memoryBytes: z.number(),
  diskBytes: z.number(),
  tags: z.array(z.string()),
  /** A task's lock (backup, migrate, snapshot…), when Proxmox reports one. */
  lock: z.string().nullable(),
  /** Its addresses as Proxmox reports them (empty when unknown). */
  ips: z.array(z.string()),
  /** Where the inventory and the metrics disagree about it (see DisagreementSchema); null when they agree. */
  disagreement: z.enum(['down-in-metrics', 'no-metrics']).nullable(),
  cpuUse: z.number().nullable(),
  memUse: z.number().nullable(),
  diskUse: z.number().nullable(),
});
export type FleetRow = z.infer<typeof FleetRowSchema>;

export const FleetListSchema = z.object({
  nodes: z.array(NodeHeadroomSchema),
  rows: z.array(FleetRowSchema),
  total: z.number(),
  tags: z.array(z.string()),
  /** Every cluster's name, for the cluster filter (one entry when there is one cluster). */
  clusters: z.array(z.string()),
  sources: FleetSourcesSchema,
});
export type FleetList = z.infer<typeof FleetListSchema>;

/**
 * Where the sources disagree (issue 19): the inventory says running while the metrics say down;
 * the inventory has a guest the metrics know nothing of; the metrics know a guest or node the
 * inventory does not.
 */
export const DisagreementSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  kind: z.enum(['down-in-metrics', 'no-metrics', 'only-in-metrics']),
});
export type Disagreement = z.infer<typeof DisagreementSchema>;
export const DisagreementsSchema = z.object({
  items: z.array(DisagreementSchema),
  metrics: FreshnessSchema,
});
export type Disagreements = z.infer<typeof DisagreementsSchema>;

export const SparklinesInputSchema = z.object({ ids: z.array(GuestIdSchema).min(1).max(300) }).strict();
export const SparklinesSchema = z.object({
  stepSeconds: z.number(),
  lines: z.record(z.string(), z.array(z.number().nullable())),
  metrics: FreshnessSchema,
});
export type Sparklines = z.infer<typeof SparklinesSchema>;

export const RangeSchema = z.enum(RANGES);
export type Range = z.infer<typeof RangeSchema>;

export const SeriesInputSchema = z
  .object({
    id: z.union([NodeIdSchema, GuestIdSchema]),
    range: RangeSchema,
    /** About how many points the chart can show (its width); the BFF picks the step from it. */
    points: z.number().int().min(10).max(1000).default(240),
  })
  .strict();
export type SeriesInput = z.input<typeof SeriesInputSchema>;

export const SeriesMetricSchema = z.enum(['cpu', 'mem', 'disk', 'netRx', 'netTx']);
export type SeriesMetric = z.infer<typeof SeriesMetricSchema>;

export const SeriesSchema = z.object({
  id: z.string(),
  range: RangeSchema,
  stepSeconds: z.number(),
  /** Unix seconds of each point. */
  t: z.array(z.number()),
  values: z.record(SeriesMetricSchema, z.array(z.number().nullable())),
  metrics: FreshnessSchema,
});
export type Series = z.infer<typeof SeriesSchema>;

export const ByIdInputSchema = z.object({ id: text({ max: 80 }) }).strict();

export const NodeDetailSchema = z.object({
  node: NodeSchema,
  usage: UsageSchema,
  guests: z.array(FleetRowSchema),
  sources: FleetSourcesSchema,
});
export type NodeDetail = z.infer<typeof NodeDetailSchema>;

export const GuestDetailSchema = z.object({
  guest: GuestSchema,
  node: NodeSchema.nullable(),
  usage: UsageSchema,
  services: z.array(ServiceSchema),
  sources: FleetSourcesSchema,
});
export type GuestDetail = z.infer<typeof GuestDetailSchema>;
