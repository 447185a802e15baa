import {
  ARCH_FLOWS,
  type ArchitectureGraph,
  type ArchNode,
  type ArchRole,
  boxName,
  groupLabel,
  type HealthState,
  mergeEdges,
  type PhysicalView,
} from '@ralf/shared';

/** Characters Mermaid would read as syntax inside a quoted label, and the entity codes it shows them by. */
const ENTITY: Record<string, string> = {
  '"': '#quot;',
  '#': '#35;',
  '`': '#96;',
  '<': '#lt;',
  '>': '#gt;',
  '{': '#123;',
  '}': '#125;',
  '[': '#91;',
  ']': '#93;',
  '|': '#124;',
  ';': '#59;',
  '\\': '#92;',
};

/**
 * Text for a quoted Mermaid label, shown as written (issue 22): quotes, braces, `#` and the like
 * become Mermaid's entity codes instead of being dropped; whitespace folds; long text is cut.
 */
export function mermaidLabel(s: string, max = 80): string {
  const text = s.replace(/\s+/g, ' ').trim().slice(0, max);
  return text ? text.replace(/["#`<>{}[\]|;\\]/g, (c) => ENTITY[c]!) : '…';
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
}

/** ELK's layered layout, built into mermaid 12, as in the seed. */
const FRONT_MATTER = ['---', 'config:', '  layout: elk', '  elk:', '    algorithm: layered', '---'];

function statusLines(status: Record<string, HealthState> | undefined, known: Set<string>): string[] {
  if (!status) return [];
  const lines = (Object.keys(HEALTH_STYLE) as HealthState[]).map((s) => `  classDef ${s} ${HEALTH_STYLE[s]}`);
  for (const s of Object.keys(HEALTH_STYLE) as HealthState[]) {
    const ids = Object.entries(status)
      .filter(([id, v]) => v === s && known.has(id))
      .map(([id]) => id);
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
  const lines = [...FRONT_MATTER, 'flowchart LR'];
  const box = (node: ArchNode, indent: string) => {
    const [open, close] = SHAPE[node.role];
    const text = lang === 'de' ? node.de : (node.en ?? node.de);
    lines.push(
      `${indent}${node.id}${open}${mermaidLabel(boxName(node, lang), 60)}${text ? `<br/>${mermaidLabel(text)}` : ''}${close}`,
    );
  };
  const emit = (parent: string | null, indent: string) => {
    for (const g of graph.groups.filter((x) => x.parent === parent)) {
      lines.push(`${indent}subgraph ${g.id}["${mermaidLabel(groupLabel(g, lang))}"]`, `${indent}  direction TB`);
      emit(g.id, `${indent}  `);
      lines.push(`${indent}end`);
    }
    for (const node of graph.nodes.filter((x) => x.group === parent)) box(node, indent);
  };
  emit(null, '  ');
  const merged = mergeEdges(graph.edges, lang);
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
      lines.push(
        `    ${physicalId(g.id)}["${mermaidLabel(g.name, 40)} · ${g.id}${services ? `<br/>${services}` : ''}"]`,
      );
      // Invisible links chain each row left to right; the rows stack.
      if (i % PHYSICAL_ROW !== 0) rows.push(`  ${physicalId(node.guests[i - 1]!.id)} ~~~ ${physicalId(g.id)}`);
    });
    lines.push('  end');
  }
  // Ghosts first: their link styles go by position.
  view.ghosts.forEach((gh, i) => {
    lines.push(
      `  ${physicalId(gh.guestId)} ghost${i}@-.->|"${mermaidLabel(`plan: ${gh.planTitle}`, 60)}"| ${physicalId(gh.to)}`,
    );
  });
  lines.push(...rows);
  if (view.ghosts.length)
    lines.push(
      `  linkStyle ${view.ghosts.map((_, i) => i).join(',')} stroke:#7c3aed,stroke-width:2px,stroke-dasharray:6 4`,
    );
  if (opts.status) {
    const status: Record<string, HealthState> = {};
    for (const node of view.nodes) for (const g of node.guests) status[physicalId(g.id)] = g.health;
    lines.push(...statusLines(status, new Set(Object.keys(status))));
  }
  return lines.join('\n');
}
