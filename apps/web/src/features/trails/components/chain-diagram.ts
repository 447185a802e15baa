import type { TrailEvent } from '@ralf/shared';

/** Label text mermaid cannot read as markup or syntax: brackets, quotes, pipes and entities go. */
const label = (s: string) =>
  s
    .replace(/["'`<>{}[\]()|#;&\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80) || '…';

/**
 * The causal chain as mermaid flowchart text: one box per event (by kind), an edge from each
 * parent, and a dashed "gap" where a parent has not arrived. Generated, never hand-written.
 */
export function chainDiagram(chain: readonly TrailEvent[]): string {
  const ids = new Map(chain.map((e, i) => [e.id, `e${i}`]));
  const lines = ['flowchart TD'];
  chain.forEach((e, i) => {
    lines.push(`  e${i}["${e.kind}: ${label(e.title)}"]:::${e.kind}`);
    if (e.parentId && ids.has(e.parentId)) lines.push(`  ${ids.get(e.parentId)} --> e${i}`);
    else if (e.parentId) lines.push(`  gap${i}(["cause not arrived yet"]):::gap -.-> e${i}`);
    if (e.corrects && ids.has(e.corrects)) lines.push(`  e${i} -. corrects .-> ${ids.get(e.corrects)}`);
  });
  lines.push(
    '  classDef trigger fill:#fde68a,stroke:#b45309,color:#111',
    '  classDef observation fill:#e0f2fe,stroke:#0369a1,color:#111',
    '  classDef decision fill:#ede9fe,stroke:#6d28d9,color:#111',
    '  classDef action fill:#dcfce7,stroke:#15803d,color:#111',
    '  classDef outcome fill:#f1f5f9,stroke:#334155,color:#111',
    '  classDef lesson fill:#fce7f3,stroke:#be185d,color:#111',
    '  classDef correction fill:#fee2e2,stroke:#b91c1c,color:#111',
    '  classDef gap fill:none,stroke:#94a3b8,stroke-dasharray:4 3,color:#64748b',
  );
  return lines.join('\n');
}
