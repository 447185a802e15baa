import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArchitectureExtrasSchema, architectureProblems, mergeEdges, withExtras } from './architecture';
import { SEED_ARCHITECTURE } from './architecture-seed';

/**
 * A reader for the seed's diagram (a copy of "Mermaid-Gesamtarchitektur" kept in the fixtures):
 * its boxes with their subgraph and class, its subgraphs with their parent, and its edges with
 * their label and the flow class written on the target.
 */
function readSeed(text: string) {
  const nodes = new Map<string, { group: string | null; role: string; label: string }>();
  const groups = new Map<string, string | null>();
  const edges: { from: string; to: string; label: string; flow: string | null }[] = [];
  const stack: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^subgraph (\w+)\["(.*)"\]$/.exec(line))) {
      groups.set(m[1]!, stack.at(-1) ?? null);
      stack.push(m[1]!);
    } else if (line === 'end') stack.pop();
    else if ((m = /^(\w+) -->\|"(.*)"\| (\w+)(?::::(\w+))?$/.exec(line)))
      edges.push({ from: m[1]!, to: m[3]!, label: m[2]!, flow: m[4] ?? null });
    else if ((m = /^(\w+)\["(.*)"\]:::(\w+)$/.exec(line)))
      nodes.set(m[1]!, { group: stack.at(-1) ?? null, role: m[3]!, label: m[2]! });
  }
  return { nodes, groups, edges };
}

const seed = readSeed(readFileSync(join(import.meta.dirname, '../test/fixtures/seed-architecture.mmd'), 'utf8'));
// The seed's NETWORK and ADAPT subgraphs hold only edges: they are the discovery and adaptive flows, not places.
const FLOW_SUBGRAPHS = new Set(['NETWORK', 'ADAPT']);

describe('the architecture graph against the seed diagram', () => {
  it('reads the seed as the issue measured it: 21 boxes, 100 edges, 59 pairs', () => {
    expect(seed.nodes.size).toBe(21);
    expect(seed.edges).toHaveLength(100);
    expect(new Set(seed.edges.map((e) => `${e.from}>${e.to}`)).size).toBe(59);
  });

  it('has every box of the seed, in its group, with its class', () => {
    for (const [id, s] of seed.nodes) {
      const node = SEED_ARCHITECTURE.nodes.find((n) => n.id === id);
      expect(node, id).toBeDefined();
      expect({ id, group: node!.group, role: node!.role }).toEqual({ id, group: s.group, role: s.role });
      // The seed's label starts with the name the picture gives the box (the UI's box says what it is now: ralf-ui).
      if (id !== 'UI')
        expect(s.label.startsWith(node!.name.split(' ')[0]!) || s.label === node!.de, `${id}: ${s.label}`).toBe(true);
    }
    expect(SEED_ARCHITECTURE.nodes.map((n) => n.id).sort()).toEqual([...seed.nodes.keys()].sort());
  });

  it('has every subgraph of the seed that holds boxes, under its parent', () => {
    const places = [...seed.groups].filter(([id]) => !FLOW_SUBGRAPHS.has(id));
    expect(SEED_ARCHITECTURE.groups.map((g) => [g.id, g.parent])).toEqual(places);
  });

  it('has every edge of the seed with its label and flow class, as often as the seed has it', () => {
    const key = (e: { from: string; to: string; label: string; flow: string | null }) =>
      `${e.from}>${e.to}|${e.label}|${e.flow ?? '-'}`;
    expect(SEED_ARCHITECTURE.edges.map(key).sort()).toEqual(seed.edges.map(key).sort());
  });

  it('merges the repeated edges into 59 pairs that list every flow and label', () => {
    const merged = mergeEdges(SEED_ARCHITECTURE.edges);
    expect(merged).toHaveLength(59);
    const infraAns = merged.find((m) => m.from === 'A_INFRA' && m.to === 'ANS')!;
    expect(infraAns.labels).toHaveLength(5);
    expect(infraAns.flows.sort()).toEqual(['active', 'adaptive', 'loop', 'maintenance']);
    // Every flow of the seed survives the merge on the pairs that carry it.
    for (const e of seed.edges.filter((x) => x.flow)) {
      expect(merged.find((m) => m.from === e.from && m.to === e.to)!.flows).toContain(e.flow);
    }
  });
});

describe("an operator's extras", () => {
  const extras = ArchitectureExtrasSchema.parse({
    groups: [{ id: 'MEDIA', label: 'Media' }],
    nodes: [{ id: 'JELLY', name: 'Jellyfin', group: 'MEDIA', health: [{ kind: 'service', id: 'service/jellyfin' }] }],
    edges: [{ from: 'JELLY', to: 'PG', label: 'reads its library' }],
  });

  it('join the seed', () => {
    const g = withExtras(SEED_ARCHITECTURE, extras);
    expect(g.nodes).toHaveLength(22);
    expect(g.groups.find((x) => x.id === 'MEDIA')).toMatchObject({ label: 'Media', parent: null });
    expect(g.nodes.find((x) => x.id === 'JELLY')).toMatchObject({ group: 'MEDIA', name: 'Jellyfin' });
    expect(mergeEdges(g.edges).find((m) => m.from === 'JELLY' && m.to === 'PG')).toMatchObject({
      id: 'e59',
      labels: ['reads its library'],
    });
  });

  it('are refused with the path of each problem: a clash, an unknown group, a dangling edge', () => {
    const bad = ArchitectureExtrasSchema.parse({
      nodes: [
        { id: 'PG', name: 'Mine' },
        { id: 'X', name: 'X', group: 'NOWHERE' },
      ],
      edges: [{ from: 'X', to: 'GHOST', label: 'to nothing' }],
    });
    expect(architectureProblems(SEED_ARCHITECTURE, bad)).toEqual([
      { path: ['nodes', 0, 'id'], message: 'PG is already in the picture' },
      { path: ['nodes', 1, 'group'], message: 'no group NOWHERE' },
      { path: ['edges', 0, 'to'], message: 'no box or group GHOST' },
    ]);
    expect(() => withExtras(SEED_ARCHITECTURE, bad)).toThrow(/nodes\.0\.id: PG is already/);
  });

  it('cannot smuggle Mermaid syntax through ids or labels', () => {
    const r = ArchitectureExtrasSchema.safeParse({
      nodes: [
        { id: 'end', name: 'x' },
        { id: 'A', name: 'x"]; click A call' },
        { id: 'B-1', name: 'b' },
      ],
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['nodes.0.id', 'nodes.1.name', 'nodes.2.id']);
  });
});
