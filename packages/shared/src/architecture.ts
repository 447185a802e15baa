import { z } from 'zod';
import { text } from './text';
import { BotStateSchema } from './bots';

/**
 * The R.A.L.F. architecture as data (seed: "Mermaid-Gesamtarchitektur", issue 9): groups, nodes
 * with what their health comes from, and every edge of the seed with its label and flow. The
 * Mermaid text the page draws is generated from this (`architectureMermaid`), never kept by hand;
 * a test holds the data against a copy of the seed's diagram.
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

const RESERVED = new Set(['end', 'subgraph', 'graph', 'flowchart', 'style', 'class', 'classDef', 'click', 'linkStyle', 'direction', 'default']);
/** Mermaid node ids: a letter, then letters, digits and _; not one of its keywords. */
export const ArchIdSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'a letter, then letters, digits and _ (at most 40)')
  .refine((s) => !RESERVED.has(s) && !/^e\d+$/.test(s) && !/^(node|guest|ghost)_/.test(s), 'a word Mermaid or this page reserves');
const Label = (max: number) => z.string().trim().min(1).max(max).refine((s) => !/["`<>{}|\\\n\r]/.test(s), 'no quotes, backticks, < > { } | \\ or line breaks');

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

export const ArchGroupSchema = z.object({ id: ArchIdSchema, label: Label(80), parent: ArchIdSchema.nullable().default(null) }).strict();
export type ArchGroup = z.infer<typeof ArchGroupSchema>;

export const ArchNodeSchema = z.object({
  id: ArchIdSchema,
  name: Label(60),
  /** What it does, in German (the seed's words) and English. */
  de: Label(80).nullable().default(null),
  en: Label(80).nullable().default(null),
  group: ArchIdSchema.nullable().default(null),
  role: ArchRoleSchema.default('core'),
  health: z.array(ArchHealthSourceSchema).max(10).default([]),
  /** Where its page is in ralf-ui (a path such as /loops), when it has one beyond its sources. */
  href: z.string().regex(/^\/[A-Za-z0-9/_.?=&%-]*$/, 'a path in ralf-ui such as /loops').max(200).nullable().default(null),
}).strict();
export type ArchNode = z.infer<typeof ArchNodeSchema>;

export const ArchEdgeSchema = z.object({
  from: ArchIdSchema,
  to: ArchIdSchema,
  label: Label(120),
  flow: ArchFlowSchema.nullable().default(null),
}).strict();
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

/** One pair (from → to) of the picture: the seed's repeated edges merged, with every label and flow. */
export interface MergedEdge {
  /** `e<index>`: its id in the generated Mermaid text and in the drawn picture. */
  id: string;
  from: string;
  to: string;
  labels: string[];
  flows: ArchFlow[];
}

export function mergeEdges(edges: readonly ArchEdge[]): MergedEdge[] {
  const byPair = new Map<string, MergedEdge>();
  for (const e of edges) {
    const key = `${e.from}>${e.to}`;
    let m = byPair.get(key);
    if (!m) byPair.set(key, (m = { id: `e${byPair.size}`, from: e.from, to: e.to, labels: [], flows: [] }));
    if (!m.labels.includes(e.label)) m.labels.push(e.label);
    if (e.flow && !m.flows.includes(e.flow)) m.flows.push(e.flow);
  }
  return [...byPair.values()];
}

/** The seed's picture and an operator's extras as one graph; refuses clashing ids and dangling references. */
export function withExtras(base: ArchitectureGraph, extras: ArchitectureExtras): ArchitectureGraph {
  const problems = architectureProblems(base, extras);
  if (problems.length) throw new Error(problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; '));
  return { groups: [...base.groups, ...extras.groups], nodes: [...base.nodes, ...extras.nodes], edges: [...base.edges, ...extras.edges] };
}

/** What is wrong with an operator's extras against the seed's picture, each with its path in the section. */
export function architectureProblems(base: ArchitectureGraph, extras: ArchitectureExtras): { path: (string | number)[]; message: string }[] {
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
      if (!nodes.has(e[end]) && !groups.has(e[end])) out.push({ path: ['edges', i, end], message: `no box or group ${e[end]}` });
    }
  });
  return out;
}

const e = (from: string, to: string, label: string, flow: ArchFlow | null = null): ArchEdge => ({ from, to, label, flow });
const svc = (id: string): ArchHealthSource => ({ kind: 'service', id: `service/${id}` });
const loop = (id: string): ArchHealthSource => ({ kind: 'loop', id });
const bot = (id: string): ArchHealthSource => ({ kind: 'bot', id });
const agent = (id: string): ArchHealthSource => ({ kind: 'agent', id });
type N = Omit<ArchNode, 'href'> & { href?: string | null };
const n = (id: string, name: string, de: string | null, en: string | null, group: string | null, role: ArchRole, health: ArchHealthSource[], href: string | null = null): N =>
  ({ id, name, de, en, group, role, health, href });

/** The seed's architecture, box for box and edge for edge. */
export const SEED_ARCHITECTURE: ArchitectureGraph = {
  groups: [
    { id: 'PVE', label: 'Proxmox-Node-01 – Hostsystem', parent: null },
    { id: 'CORE', label: 'Core-Dienste (persistent)', parent: 'PVE' },
    { id: 'ORCH', label: 'Orchestrierung & Monitoring', parent: 'PVE' },
    { id: 'EXO', label: 'Exo – KI-Runtime (Ralf & Agenten)', parent: 'PVE' },
    { id: 'UI_BLOCK', label: 'Benutzerschnittstellen', parent: 'PVE' },
  ],
  nodes: ([
    n('PG', 'PostgreSQL', 'Inventar / Status / Verlauf', 'Inventory / state / history', 'CORE', 'core', [svc('postgresql')]),
    n('GIT', 'Gitea', 'Code / IaC / Playbooks / Versionierung', 'Code / IaC / playbooks / versions', 'CORE', 'core', [svc('gitea')]),
    n('VAULT', 'Vaultwarden', 'Secrets / Tokens / Credentials', 'Secrets / tokens / credentials', 'CORE', 'core', [svc('vaultwarden')]),
    n('KB', 'Vector-DB', 'Wissensspeicher / Langzeitgedächtnis', 'Knowledge store / long-term memory', 'CORE', 'core', [svc('qdrant')]),
    n('N8N', 'n8n', 'Workflow-Orchestrierung', 'Workflow orchestration', 'ORCH', 'orchestrator', [svc('n8n'), loop('main'), loop('adaptive')], '/loops'),
    n('ANS', 'Ansible', 'Konfiguration / Automatisierung', 'Configuration / automation', 'ORCH', 'core', [svc('automation')]),
    n('TOFU', 'OpenTofu', 'Infrastruktur-Provisionierung', 'Infrastructure provisioning', 'ORCH', 'core', [svc('automation')]),
    n('PROM', 'Prometheus', 'Metrik-Sammlung', 'Metrics', 'ORCH', 'monitor', [svc('prometheus')]),
    n('LOKI', 'Loki', 'Log-Sammlung', 'Logs', 'ORCH', 'monitor', [svc('loki')]),
    n('GRAF', 'Grafana', 'Dashboards', 'Dashboards', 'ORCH', 'monitor', [svc('grafana')]),
    n('RALF', 'Ralf-Core', 'KI-Zentrale / Reasoner / Planner', 'AI core / reasoner / planner', 'EXO', 'brain', [svc('exo-ralf-core'), bot('ralf-core')]),
    n('FORE', 'Foreman', 'Discovery / PXE / Rollen-Erkennung', 'Discovery / PXE / role detection', 'EXO', 'brain', [svc('foreman'), loop('discovery')], '/loops'),
    n('A_PLAN', 'Agent Planner', 'Ressourcenplanung / Placement', 'Resource planning / placement', 'EXO', 'agent', [agent('A_PLAN'), bot('ralf-planner')], '/plans'),
    n('A_INFRA', 'Agent Infra', 'Deployment & Config (Ansible / Tofu)', 'Deployment & config (Ansible / Tofu)', 'EXO', 'agent', [agent('A_INFRA'), bot('ralf-infra')], '/deployments'),
    n('A_MON', 'Agent Monitor', 'Health & Logs (Prom / Loki)', 'Health & logs (Prom / Loki)', 'EXO', 'agent', [agent('A_MON'), bot('ralf-health')], '/fleet'),
    n('A_CODE', 'Agent Code', 'IaC, Doku & Updates', 'IaC, docs & updates', 'EXO', 'agent', [agent('A_CODE')], '/trails?agent=A_CODE'),
    n('A_SEC', 'Agent Security', 'Secrets, Policy & Compliance', 'Secrets, policy & compliance', 'EXO', 'agent', [agent('A_SEC'), bot('ralf-sec')], '/compliance'),
    n('UI', 'Web-UI (ralf-ui)', 'Grafisches Frontend', 'This dashboard', 'UI_BLOCK', 'interface', [svc('ralf-ui')]),
    n('SYN', 'Synapse / Matrix-Chat', 'Chat-Befehle, Rückmeldungen', 'Chat commands, feedback', 'UI_BLOCK', 'interface', [svc('synapse')], '/bots'),
    n('NEWNODE', 'Neuer Host', 'Neuer entdeckter Host im Netzwerk', 'A new host found on the network', null, 'external', [{ kind: 'signal', id: 'new-host' }]),
    n('PBS', 'Proxmox Backup Server', 'Proxmox Backup Server erkannt', 'Proxmox Backup Server found', null, 'external', [{ kind: 'signal', id: 'pbs' }]),
  ] as N[]).map((x) => ({ ...x, href: x.href ?? null })),
  edges: [
  e('SYN', 'RALF', 'Chat-Aufträge / Statusanfragen'),
  e('UI', 'RALF', 'Manuelle Steuerung / Visualisierung'),
  e('RALF', 'A_PLAN', 'Zuweisung von Aufgaben / Planung'),
  e('RALF', 'A_INFRA', 'Deployment-Aufträge'),
  e('RALF', 'A_MON', 'Monitoring-Aufgaben'),
  e('RALF', 'A_CODE', 'Code-Änderungen / Doku'),
  e('RALF', 'A_SEC', 'Security-Checks / Policies'),
  e('RALF', 'N8N', 'Startet Workflows / n8n'),
  e('A_INFRA', 'ANS', 'Playbooks ausführen'),
  e('A_INFRA', 'TOFU', 'Provisionierung durchführen'),
  e('A_MON', 'PROM', 'Metriken abfragen'),
  e('A_MON', 'LOKI', 'Logs analysieren'),
  e('A_MON', 'GRAF', 'Dashboards pflegen'),
  e('A_CODE', 'GIT', 'Änderungen / IaC-Sync'),
  e('A_SEC', 'VAULT', 'Secrets abrufen'),
  e('N8N', 'ANS', 'Startet Ansible-Jobs'),
  e('N8N', 'TOFU', 'Ruft OpenTofu-Module auf'),
  e('N8N', 'PG', 'Speichert Workflow-Ergebnisse'),
  e('N8N', 'GIT', 'Schreibt Code'),
  e('N8N', 'VAULT', 'Verwendet Secrets'),
  e('N8N', 'PROM', 'Liest Metriken / Logs'),
  e('N8N', 'SYN', 'Sendet Notifications'),
  e('PROM', 'RALF', 'Metriken / Statusdaten'),
  e('LOKI', 'RALF', 'Fehler / Logs'),
  e('RALF', 'GIT', 'Aktualisiert IaC / Code'),
  e('RALF', 'PG', 'Schreibt Status / Lernfortschritt'),
  e('RALF', 'KB', 'Speichert Wissen / Muster'),
  e('FORE', 'RALF', 'Systemerkennung / Vorschläge'),
  e('NEWNODE', 'FORE', 'Signalisiert neuen Host'),
  e('PBS', 'RALF', 'Signalisiert Backup-Möglichkeit'),
  e('VAULT', 'ANS', 'Gibt Secrets an Tools'),
  e('VAULT', 'TOFU', 'Gibt Secrets an Tools'),
  e('VAULT', 'N8N', 'Gibt Tokens an Tools'),
  e('SYN', 'RALF', "Anfrage: 'Installiere Jellyfin'", 'active'),
  e('RALF', 'A_PLAN', 'Intent erkannt / Planungsphase', 'active'),
  e('A_PLAN', 'PG', 'Ressourcen prüfen', 'active'),
  e('A_PLAN', 'GIT', 'Template finden', 'active'),
  e('A_PLAN', 'RALF', 'Plan an Ralf', 'active'),
  e('RALF', 'N8N', 'Startet Workflow', 'active'),
  e('N8N', 'A_INFRA', "Task 'Deploy Jellyfin'", 'active'),
  e('A_INFRA', 'VAULT', 'Holt Secrets', 'active'),
  e('A_INFRA', 'TOFU', 'Erstellt Umgebung', 'active'),
  e('A_INFRA', 'ANS', 'Installiert Jellyfin', 'active'),
  e('ANS', 'LOKI', 'Meldet Logs / Status', 'active'),
  e('PROM', 'A_MON', 'Health-Daten', 'active'),
  e('A_MON', 'RALF', 'Bewertet Erfolg', 'active'),
  e('RALF', 'SYN', "Ergebnis 'Jellyfin installiert'", 'active'),
  e('RALF', 'A_MON', 'Health-Checks / Statusabfragen', 'loop'),
  e('A_MON', 'PROM', 'Sammelt Metriken', 'loop'),
  e('A_MON', 'LOKI', 'Analysiert Logs', 'loop'),
  e('PROM', 'RALF', 'Überträgt Daten', 'loop'),
  e('LOKI', 'RALF', 'Überträgt Ereignisse', 'loop'),
  e('RALF', 'A_INFRA', 'Erkennt Anomalien', 'loop'),
  e('A_INFRA', 'ANS', 'Korrigiert Systeme / Neustarts', 'loop'),
  e('A_INFRA', 'GIT', 'Aktualisiert IaC', 'loop'),
  e('RALF', 'KB', 'Schreibt Lernergebnisse', 'loop'),
  e('RALF', 'PG', 'Aktualisiert Status', 'loop'),
  e('A_MON', 'GRAF', 'Erstellt Auto-Dashboards', 'loop'),
  e('PBS', 'RALF', 'Löst Sicherungs-Deploy aus', 'maintenance'),
  e('RALF', 'N8N', 'Plant Backup', 'maintenance'),
  e('N8N', 'ANS', 'Startet Backup-Workflow', 'maintenance'),
  e('ANS', 'PG', 'Sichert Daten / Validiert', 'maintenance'),
  e('A_INFRA', 'ANS', 'Repair-Loop bei Fehlern', 'maintenance'),
  e('A_INFRA', 'TOFU', 'Re-Deploy fehlerhafter Dienste', 'maintenance'),
  e('A_PLAN', 'TOFU', 'Resource Balancing (mehrere Nodes)', 'maintenance'),
  e('A_PLAN', 'PG', 'Aktualisiert Placement', 'maintenance'),
  e('RALF', 'KB', 'Knowledge Consolidation', 'learning'),
  e('RALF', 'LOKI', 'Pattern Recognition in Logs', 'learning'),
  e('A_CODE', 'GIT', 'Generiert Fix-Playbooks', 'learning'),
  e('RALF', 'EXO', 'Aktualisiert Agentenwissen', 'learning'),
  e('RALF', 'PG', 'Erstellt Audit Trails', 'learning'),
  e('A_CODE', 'GIT', 'Erklärt Änderungen (Explainability)', 'learning'),
  e('A_SEC', 'RALF', 'Policy Compliance Check', 'policy'),
  e('RALF', 'VAULT', 'Revalidiert Secrets', 'policy'),
  e('A_SEC', 'VAULT', 'Secret Rotation', 'policy'),
  e('A_SEC', 'GIT', 'Überwacht Richtlinienänderungen', 'policy'),
  e('A_SEC', 'SYN', 'Sendet Policy-Notifications', 'policy'),
  e('PROM', 'RALF', 'Aggregierte Daten / Trends', 'learning'),
  e('RALF', 'GRAF', 'Exportiert Insights', 'learning'),
  e('GRAF', 'PG', 'Generiert Telemetry Export', 'learning'),
  e('RALF', 'FORE', 'Startet regelmäßigen Scan', 'discovery'),
  e('FORE', 'RALF', 'DHCP / ARP / PXE-Scan-Ergebnisse', 'discovery'),
  e('RALF', 'A_PLAN', 'Erkennt neue / geänderte Hosts', 'discovery'),
  e('A_PLAN', 'N8N', 'Rollen-Vorschläge / Änderungen', 'discovery'),
  e('N8N', 'PG', 'Aktualisiert Inventar', 'discovery'),
  e('VAULT', 'FORE', 'Gibt Zugangsdaten für Scans', 'discovery'),
  e('N8N', 'SYN', 'Sendet Hinweis an Admin', 'discovery'),
  e('FORE', 'RALF', 'Neue Hosts / Hardware / PBS', 'adaptive'),
  e('A_MON', 'RALF', 'Ressourcendaten / Metriken', 'adaptive'),
  e('RALF', 'A_PLAN', 'Analyse / Optimierungsempfehlung', 'adaptive'),
  e('A_PLAN', 'RALF', 'Simuliert & plant Umverteilung', 'adaptive'),
  e('A_PLAN', 'A_INFRA', 'Plant Migration / Scaling', 'adaptive'),
  e('A_PLAN', 'A_CODE', 'Plant Dokumentation', 'adaptive'),
  e('A_SEC', 'RALF', 'Policy-Check / Secret-Validation', 'adaptive'),
  e('A_INFRA', 'TOFU', 'Deployment / Migration', 'adaptive'),
  e('A_INFRA', 'ANS', 'Re-Konfiguration', 'adaptive'),
  e('A_INFRA', 'PG', 'Speichert Änderungen', 'adaptive'),
  e('A_CODE', 'GIT', 'Aktualisiert IaC / Doku', 'adaptive'),
  e('RALF', 'KB', 'Lernt aus Ergebnissen', 'adaptive'),
  e('RALF', 'SYN', 'Sendet Benachrichtigungen', 'adaptive'),
  ],
};

/** Text Mermaid reads as text inside a quoted label: quotes, markup, pipes and entity starts go. */
export function mermaidLabel(s: string, max = 80): string {
  return s.replace(/["`<>{}[\]|#;\\]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, max) || '…';
}

/** Fills with dark text: legible on the light and the dark theme alike. */
export const HEALTH_STYLE: Record<HealthState, string> = {
  healthy: 'fill:#d1fae5,stroke:#047857,color:#0b1f17',
  degraded: 'fill:#fef3c7,stroke:#b45309,stroke-width:3px,stroke-dasharray:6 3,color:#231a06',
  down: 'fill:#fee2e2,stroke:#b91c1c,stroke-width:4px,color:#2a0b0b',
  unknown: 'fill:#e5e7eb,stroke:#6b7280,stroke-dasharray:2 3,color:#111827',
};

const SHAPE: Record<ArchRole, [string, string]> = {
  interface: ['{{"', '"}}'],
  brain: ['(["', '"])'],
  agent: ['("', '")'],
  orchestrator: ['["', '"]'],
  core: ['["', '"]'],
  monitor: ['["', '"]'],
  external: ['>"', '"]'],
};

export interface ArchitectureMermaidOptions {
  lang?: 'en' | 'de';
  /** Edge labels (all labels of a merged edge); off keeps the picture small. */
  labels?: boolean;
  /** Status per box id: adds the status classes (the export); the page colours the drawn boxes itself. */
  status?: Record<string, HealthState>;
  /** LR suits a wide screen, TB a phone held upright. */
  direction?: 'LR' | 'TB';
}

/** ELK's layered layout, built into mermaid 12, as in the seed. */
const FRONT_MATTER = ['---', 'config:', '  layout: elk', '  elk:', '    algorithm: layered', '---'];

function statusLines(status: Record<string, HealthState> | undefined, known: Set<string>): string[] {
  if (!status) return [];
  const lines = (Object.keys(HEALTH_STYLE) as HealthState[]).map((s) => `  classDef ${s} ${HEALTH_STYLE[s]}`);
  for (const s of Object.keys(HEALTH_STYLE) as HealthState[]) {
    const ids = Object.entries(status).filter(([id, v]) => v === s && known.has(id)).map(([id]) => id);
    if (ids.length) lines.push(`  class ${ids.join(',')} ${s}`);
  }
  return lines;
}

/**
 * The architecture as Mermaid flowchart text: groups as nested subgraphs, one box per node
 * (shaped by its role), one edge per pair with the id `e<n>` of `mergeEdges`, flows as link
 * styles, and with `status` the live status as classes.
 */
export function architectureMermaid(graph: ArchitectureGraph, opts: ArchitectureMermaidOptions = {}): string {
  const lang = opts.lang ?? 'en';
  const lines = [...FRONT_MATTER, `flowchart ${opts.direction ?? 'LR'}`];
  const box = (node: ArchNode, indent: string) => {
    const [open, close] = SHAPE[node.role];
    const text = lang === 'de' ? node.de : (node.en ?? node.de);
    lines.push(`${indent}${node.id}${open}${mermaidLabel(node.name, 60)}${text ? `<br/>${mermaidLabel(text)}` : ''}${close}`);
  };
  const emit = (parent: string | null, indent: string) => {
    for (const g of graph.groups.filter((x) => x.parent === parent)) {
      lines.push(`${indent}subgraph ${g.id}["${mermaidLabel(g.label)}"]`, `${indent}  direction TB`);
      emit(g.id, `${indent}  `);
      lines.push(`${indent}end`);
    }
    for (const node of graph.nodes.filter((x) => x.group === parent)) box(node, indent);
  };
  emit(null, '  ');
  const merged = mergeEdges(graph.edges);
  merged.forEach((m) => {
    const label = opts.labels ? `|"${mermaidLabel(m.labels.join(' · '), 200)}"|` : '';
    lines.push(`  ${m.from} ${m.id}@-->${label} ${m.to}`);
  });
  merged.forEach((m, i) => {
    const flow = ARCH_FLOWS.find((f) => f.id === m.flows[0]);
    if (flow && opts.status) lines.push(`  linkStyle ${i} stroke:${flow.color},stroke-width:2px`);
  });
  lines.push('  classDef external stroke-dasharray:4 3');
  const external = graph.nodes.filter((x) => x.role === 'external').map((x) => x.id);
  if (external.length) lines.push(`  class ${external.join(',')} external`);
  lines.push(...statusLines(opts.status, new Set(graph.nodes.map((x) => x.id))));
  return lines.join('\n');
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
  nodes: z.array(z.object({ id: z.string(), name: z.string(), status: z.string(), health: HealthStateSchema, guests: z.array(PhysicalGuestSchema) })),
  /** Migrations of plans waiting for a decision or to be applied: drawn dashed from the guest to its new node. */
  ghosts: z.array(z.object({ planId: z.string(), planTitle: z.string(), planStatus: z.string(), guestId: z.string(), from: z.string(), to: z.string() })),
  /** Plans whose migrations are not all drawn (more than the picture holds). */
  ghostsCut: z.number().int(),
});
export type PhysicalView = z.infer<typeof PhysicalViewSchema>;

/** Ids the physical view's Mermaid text uses for Proxmox ids (`node/pve1` → `node_pve1`). */
/**
 * A Mermaid id for a node or guest that no two ids share (issue 15: `pve-1` and `pve.1` were one
 * box): the kind's slash becomes `_`, `-` `_h`, `.` `_d`, anything else `_x<hex>_`; inventory ids
 * hold no `_`, so the mapping can be read back.
 */
export const physicalId = (id: string) =>
  id
    .replace(/^(node|qemu|lxc)\//, (_, kind: string) => (kind === 'node' ? 'node_' : `guest_${kind}_`))
    .replace(/[^A-Za-z0-9_]/g, (c) => (c === '-' ? '_h' : c === '.' ? '_d' : `_x${c.codePointAt(0)!.toString(16)}_`));

/** Guests per row inside a node's box: rows keep a node with many guests from becoming a tall column. */
const PHYSICAL_ROW = 4;

export function physicalMermaid(view: PhysicalView, opts: { status?: boolean } = {}): string {
  const lines = [...FRONT_MATTER, 'flowchart LR'];
  const rows: string[] = [];
  for (const node of view.nodes) {
    lines.push(`  subgraph ${physicalId(node.id)}["${mermaidLabel(node.name)} · ${mermaidLabel(node.status)}"]`);
    node.guests.forEach((g, i) => {
      const services = g.services.map((s) => mermaidLabel(s.name, 40)).join(', ');
      lines.push(`    ${physicalId(g.id)}["${mermaidLabel(g.name, 40)} · ${g.id}${services ? `<br/>${services}` : ''}"]`);
      // Invisible links chain each row left to right; the rows stack.
      if (i % PHYSICAL_ROW !== 0) rows.push(`  ${physicalId(node.guests[i - 1]!.id)} ~~~ ${physicalId(g.id)}`);
    });
    lines.push('  end');
  }
  // Ghosts first: their link styles go by position.
  view.ghosts.forEach((gh, i) => {
    lines.push(`  ${physicalId(gh.guestId)} ghost${i}@-.->|"${mermaidLabel(`plan: ${gh.planTitle}`, 60)}"| ${physicalId(gh.to)}`);
  });
  lines.push(...rows);
  if (view.ghosts.length) lines.push(`  linkStyle ${view.ghosts.map((_, i) => i).join(',')} stroke:#7c3aed,stroke-width:2px,stroke-dasharray:6 4`);
  if (opts.status) {
    const status: Record<string, HealthState> = {};
    for (const node of view.nodes) for (const g of node.guests) status[physicalId(g.id)] = g.health;
    lines.push(...statusLines(status, new Set(Object.keys(status))));
  }
  return lines.join('\n');
}

/** One health source of a box as it stands now, with its reason in words and, for services, its use. */
export const ArchSourceStatusSchema = z.object({
  kind: z.enum(['service', 'loop', 'bot', 'agent', 'signal']),
  id: z.string(),
  state: HealthStateSchema,
  reason: z.string(),
  /** Its page in ralf-ui. */
  href: z.string().nullable(),
  /** For services: the guest it runs in and the guest's CPU and memory use (0..1). */
  guestId: z.string().nullable(),
  cpu: z.number().nullable(),
  mem: z.number().nullable(),
});
export type ArchSourceStatus = z.infer<typeof ArchSourceStatusSchema>;

export const ArchNodeStatusSchema = z.object({ state: HealthStateSchema, reason: z.string(), sources: z.array(ArchSourceStatusSchema) });
export type ArchNodeStatus = z.infer<typeof ArchNodeStatusSchema>;

export const ArchitectureStatusSchema = z.object({
  nodes: z.record(z.string(), ArchNodeStatusSchema),
  /** The flows that are loops of the profile, with the loop's health. */
  flows: z.record(z.string(), z.object({ loop: z.string(), state: HealthStateSchema, reason: z.string() })),
  at: z.string(),
});
export type ArchitectureStatus = z.infer<typeof ArchitectureStatusSchema>;

/**
 * A box's health from its sources: the worst known state wins (down, then degraded); sources
 * that cannot tell (unknown) count only when none can; no sources at all is unknown.
 */
export function combineHealth(sources: readonly Pick<ArchSourceStatus, 'state' | 'reason'>[]): { state: HealthState; reason: string } {
  for (const state of ['down', 'degraded', 'healthy'] as const) {
    const hit = sources.find((s) => s.state === state);
    if (hit) return { state, reason: hit.reason };
  }
  return { state: 'unknown', reason: sources[0]?.reason ?? 'nothing tells its health' };
}
