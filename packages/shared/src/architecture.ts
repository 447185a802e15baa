import { MessageSchema } from './i18n/message-schema';
import { z } from 'zod';
import { text } from './text';
import { BotStateSchema } from './bots';

/**
 * The R.A.L.F. architecture as data (seed: "Mermaid-Gesamtarchitektur", issue 9): groups, nodes
 * with what their health comes from, and every edge with its label and flow; the seed's own in
 * architecture-seed.ts. The web app draws it (its features/architecture/mermaid.ts generates the
 * Mermaid text, never kept by hand); the BFF computes each box's health.
 */

/** Health of a box, as for bots: healthy, degraded, down, unknown. */
export const HealthStateSchema = BotStateSchema;
export type HealthState = z.infer<typeof HealthStateSchema>;

/**
 * The seed's flow classes, drawn as layers of edges. `loop` names the scheduler loop whose runs
 * tell the layer's health (the profile's `main`, `discovery`, `adaptive`).
 */
export const ARCH_FLOWS = [
  { id: 'active', name: 'Deployment flow (Jellyfin)', color: '#e60000', loop: null },
  { id: 'loop', name: 'Main loop', color: '#00994d', loop: 'main' },
  { id: 'maintenance', name: 'Maintenance & repair', color: '#0073e6', loop: null },
  { id: 'learning', name: 'Learning & explainability', color: '#8000ff', loop: null },
  { id: 'policy', name: 'Policy & security', color: '#e6a000', loop: null },
  { id: 'discovery', name: 'Discovery loop', color: '#00aaff', loop: 'discovery' },
  { id: 'adaptive', name: 'Adaptive loop', color: '#00a67e', loop: 'adaptive' },
] as const;
export const ARCH_FLOW_IDS = ARCH_FLOWS.map((f) => f.id) as [ArchFlow, ...ArchFlow[]];
export type ArchFlow = (typeof ARCH_FLOWS)[number]['id'];
export const ArchFlowSchema = z.enum(ARCH_FLOW_IDS);

/** The seed's box classes (its `classDef`s), which keep their shape and border in the picture. */
export const ARCH_ROLES = ['interface', 'brain', 'agent', 'orchestrator', 'core', 'monitor', 'external'] as const;
export const ArchRoleSchema = z.enum(ARCH_ROLES);
export type ArchRole = z.infer<typeof ArchRoleSchema>;

const RESERVED = new Set([
  'end',
  'subgraph',
  'graph',
  'flowchart',
  'style',
  'class',
  'classDef',
  'click',
  'linkStyle',
  'direction',
  'default',
]);
/** Mermaid node ids: a letter, then letters, digits and _; not one of its keywords. */
export const ArchIdSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'a letter, then letters, digits and _ (at most 40)')
  .refine(
    (s) => !RESERVED.has(s) && !/^e\d+$/.test(s) && !/^(node|guest|ghost)_/.test(s),
    'a word Mermaid or this page reserves',
  );
const Label = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !/["`<>{}|\\\n\r]/.test(s), 'no quotes, backticks, < > { } | \\ or line breaks');

/** Where a box's health comes from; a box may name several, and the worst known one wins. */
export const ArchHealthSourceSchema = z.discriminatedUnion('kind', [
  /** A service of the inventory (its guest's state and Prometheus `up`). */
  z.object({ kind: z.literal('service'), id: text({ min: 1, max: 128 }) }).strict(),
  /** A scheduler loop of the profile (its last runs). */
  z.object({ kind: z.literal('loop'), id: text({ min: 1, max: 64 }) }).strict(),
  /** A Matrix bot of the profile (its checks). */
  z.object({ kind: z.literal('bot'), id: text({ min: 1, max: 64 }) }).strict(),
  /** An agent (its last runs: the latest trail it took part in). */
  z.object({ kind: z.literal('agent'), id: text({ min: 1, max: 64 }) }).strict(),
  /** An external signal: hosts Foreman found, a Proxmox Backup Server. */
  z.object({ kind: z.literal('signal'), id: z.enum(['new-host', 'pbs']) }).strict(),
]);
export type ArchHealthSource = z.infer<typeof ArchHealthSourceSchema>;

export const ArchGroupSchema = z
  .object({
    id: ArchIdSchema,
    label: Label(80),
    /** The label in English; the seed's own is German (issue 18). */
    en: Label(80).nullable().default(null),
    parent: ArchIdSchema.nullable().default(null),
  })
  .strict();
export type ArchGroup = z.infer<typeof ArchGroupSchema>;

export const ArchNodeSchema = z
  .object({
    id: ArchIdSchema,
    name: Label(60),
    /** The name in English where the seed's is a German word ("Neuer Host"); else the name is a name in both. */
    nameEn: Label(60).nullable().default(null),
    /** What it does, in German (the seed's words) and English. */
    de: Label(80).nullable().default(null),
    en: Label(80).nullable().default(null),
    group: ArchIdSchema.nullable().default(null),
    role: ArchRoleSchema.default('core'),
    health: z.array(ArchHealthSourceSchema).max(10).default([]),
    /** Where its page is in ralf-ui (a path such as /loops), when it has one beyond its sources. */
    href: z
      .string()
      .regex(/^\/[A-Za-z0-9/_.?=&%-]*$/, 'a path in ralf-ui such as /loops')
      .max(200)
      .nullable()
      .default(null),
  })
  .strict();
export type ArchNode = z.infer<typeof ArchNodeSchema>;

export const ArchEdgeSchema = z
  .object({
    from: ArchIdSchema,
    to: ArchIdSchema,
    label: Label(120),
    /** The label in English; the seed's own is German (issue 18). */
    en: Label(120).nullable().default(null),
    flow: ArchFlowSchema.nullable().default(null),
  })
  .strict();
export type ArchEdge = z.infer<typeof ArchEdgeSchema>;

export const ArchitectureGraphSchema = z.object({
  groups: z.array(ArchGroupSchema),
  nodes: z.array(ArchNodeSchema),
  edges: z.array(ArchEdgeSchema),
});
export type ArchitectureGraph = z.infer<typeof ArchitectureGraphSchema>;

/**
 * The profile's `architecture` section: an operator's own groups, boxes and edges, drawn with
 * the seed's. Ids must be new, edges and groups must point at boxes and groups that exist.
 */
export const ArchitectureExtrasSchema = z
  .object({
    groups: z.array(ArchGroupSchema).max(50).default([]),
    nodes: z.array(ArchNodeSchema).max(200).default([]),
    edges: z.array(ArchEdgeSchema).max(500).default([]),
  })
  .strict();
export type ArchitectureExtras = z.infer<typeof ArchitectureExtrasSchema>;

/** A group's label in a language: the seed's German, or its English where it has one. */
export const groupLabel = (g: ArchGroup, lang: 'de' | 'en'): string => (lang === 'en' ? (g.en ?? g.label) : g.label);

/** One pair (from → to) of the picture: the seed's repeated edges merged, with every label and flow. */
export interface MergedEdge {
  /** `e<index>`: its id in the generated Mermaid text and in the drawn picture. */
  id: string;
  from: string;
  to: string;
  labels: string[];
  flows: ArchFlow[];
}

/** A box's name in the reader's language: the seed's, or its English where it has one. */
export const boxName = (n: Pick<ArchNode, 'name' | 'nameEn'>, lang: 'de' | 'en') =>
  lang === 'en' ? (n.nameEn ?? n.name) : n.name;

export function mergeEdges(edges: readonly ArchEdge[], lang: 'de' | 'en' = 'de'): MergedEdge[] {
  const byPair = new Map<string, MergedEdge>();
  for (const e of edges) {
    const key = `${e.from}>${e.to}`;
    let m = byPair.get(key);
    if (!m) byPair.set(key, (m = { id: `e${byPair.size}`, from: e.from, to: e.to, labels: [], flows: [] }));
    const label = lang === 'en' ? (e.en ?? e.label) : e.label;
    if (!m.labels.includes(label)) m.labels.push(label);
    if (e.flow && !m.flows.includes(e.flow)) m.flows.push(e.flow);
  }
  return [...byPair.values()];
}

/** The seed's picture and an operator's extras as one graph; refuses clashing ids and dangling references. */
export function withExtras(base: ArchitectureGraph, extras: ArchitectureExtras): ArchitectureGraph {
  const problems = architectureProblems(base, extras);
  if (problems.length) throw new Error(problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; '));
  return {
    groups: [...base.groups, ...extras.groups],
    nodes: [...base.nodes, ...extras.nodes],
    edges: [...base.edges, ...extras.edges],
  };
}

/** What is wrong with an operator's extras against the seed's picture, each with its path in the section. */
export function architectureProblems(
  base: ArchitectureGraph,
  extras: ArchitectureExtras,
): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  const ids = new Set<string>([...base.nodes.map((n) => n.id), ...base.groups.map((g) => g.id)]);
  const groups = new Set(base.groups.map((g) => g.id));
  extras.groups.forEach((g, i) => {
    if (ids.has(g.id)) out.push({ path: ['groups', i, 'id'], message: `${g.id} is already in the picture` });
    ids.add(g.id);
    groups.add(g.id);
  });
  extras.groups.forEach((g, i) => {
    if (g.parent && !groups.has(g.parent)) out.push({ path: ['groups', i, 'parent'], message: `no group ${g.parent}` });
  });
  const nodes = new Set(base.nodes.map((n) => n.id));
  extras.nodes.forEach((n, i) => {
    if (ids.has(n.id)) out.push({ path: ['nodes', i, 'id'], message: `${n.id} is already in the picture` });
    ids.add(n.id);
    nodes.add(n.id);
    if (n.group && !groups.has(n.group)) out.push({ path: ['nodes', i, 'group'], message: `no group ${n.group}` });
  });
  extras.edges.forEach((e, i) => {
    for (const end of ['from', 'to'] as const) {
      if (!nodes.has(e[end]) && !groups.has(e[end]))
        out.push({ path: ['edges', i, end], message: `no box or group ${e[end]}` });
    }
  });
  return out;
}

/** The physical view (issue 9): Proxmox nodes, their guests and the services in them, and pending plans. */
export const PhysicalGuestSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  health: HealthStateSchema,
  services: z.array(z.object({ id: z.string(), name: z.string() })),
});
export const PhysicalViewSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      status: z.string(),
      health: HealthStateSchema,
      guests: z.array(PhysicalGuestSchema),
    }),
  ),
  /** Migrations of plans waiting for a decision or to be applied: drawn dashed from the guest to its new node. */
  ghosts: z.array(
    z.object({
      planId: z.string(),
      planTitle: z.string(),
      planStatus: z.string(),
      guestId: z.string(),
      from: z.string(),
      to: z.string(),
    }),
  ),
  /** Plans whose migrations are not all drawn (more than the picture holds). */
  ghostsCut: z.number().int(),
});
export type PhysicalView = z.infer<typeof PhysicalViewSchema>;

/** One health source of a box as it stands now, with its reason in words and, for services, its use. */
export const ArchSourceStatusSchema = z.object({
  kind: z.enum(['service', 'loop', 'bot', 'agent', 'signal']),
  id: z.string(),
  state: HealthStateSchema,
  reason: MessageSchema,
  /** Its page in ralf-ui. */
  href: z.string().nullable(),
  /** For services: the guest it runs in and the guest's CPU and memory use (0..1). */
  guestId: z.string().nullable(),
  cpu: z.number().nullable(),
  mem: z.number().nullable(),
});
export type ArchSourceStatus = z.infer<typeof ArchSourceStatusSchema>;

export const ArchNodeStatusSchema = z.object({
  state: HealthStateSchema,
  reason: MessageSchema,
  sources: z.array(ArchSourceStatusSchema),
});
export type ArchNodeStatus = z.infer<typeof ArchNodeStatusSchema>;

export const ArchitectureStatusSchema = z.object({
  nodes: z.record(z.string(), ArchNodeStatusSchema),
  /** The flows that are loops of the profile, with the loop's health. */
  flows: z.record(z.string(), z.object({ loop: z.string(), state: HealthStateSchema, reason: MessageSchema })),
  at: z.string(),
});
export type ArchitectureStatus = z.infer<typeof ArchitectureStatusSchema>;
