import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArchitectureExtrasSchema, mergeEdges, SEED_ARCHITECTURE, withExtras, type PhysicalView } from '@ralf/shared';
import { describe, expect, it } from 'vitest';
import { architectureMermaid, mermaidLabel, physicalId, physicalMermaid } from './mermaid';

/** The boxes of the seed's own diagram (a copy kept in the shared package's fixtures). */
const seedText = readFileSync(
  join(import.meta.dirname, '../../../../../packages/shared/test/fixtures/seed-architecture.mmd'),
  'utf8',
);
const seedBoxes = [...seedText.matchAll(/^\s*(\w+)\["(.*)"\]:::(\w+)$/gm)].map((m) => m[1]!);

describe('the Mermaid text of the architecture', () => {
  it('has the seed as the issue measured it: 21 boxes', () => {
    expect(seedBoxes).toHaveLength(21);
  });

  it('generates Mermaid text with every box once and every pair once, by its id', () => {
    const text = architectureMermaid(SEED_ARCHITECTURE);
    for (const id of seedBoxes) expect(text.match(new RegExp(`^\\s+${id}[[({>]`, 'gm')), id).toHaveLength(1);
    for (const m of mergeEdges(SEED_ARCHITECTURE.edges)) expect(text).toContain(`${m.from} ${m.id}@--> ${m.to}`);
    expect(text).toContain('layout: elk');
    expect(text).not.toContain('classDef down');
  });

  it('writes the live status as classes and the flows as link styles for the export', () => {
    const text = architectureMermaid(SEED_ARCHITECTURE, {
      status: { PG: 'down', GIT: 'healthy', NOPE: 'down' },
      labels: true,
      lang: 'de',
    });
    expect(text).toMatch(/^ {2}classDef down fill:#fee2e2/m);
    expect(text).toMatch(/^ {2}class PG down$/m);
    expect(text).toMatch(/^ {2}class GIT healthy$/m);
    expect(text).not.toContain('NOPE');
    expect(text).toContain(`"Chat-Aufträge / Statusanfragen · Anfrage: 'Installiere Jellyfin'"`);
    // The same picture in English says the seed's labels in English (issue 18).
    const en = architectureMermaid(SEED_ARCHITECTURE, { labels: true, lang: 'en' });
    expect(en).toContain(`"Chat requests / status queries · Request: 'Install Jellyfin'"`);
    expect(en).toContain('subgraph CORE["Core services (persistent)"]');
    expect(en).not.toContain('Chat-Aufträge');
    expect(text).toMatch(/linkStyle 0 stroke:#e60000/);
  });
});

describe("an operator's extras, drawn", () => {
  it('draw in their own group beside the seed, with their edges', () => {
    const extras = ArchitectureExtrasSchema.parse({
      groups: [{ id: 'MEDIA', label: 'Media' }],
      nodes: [{ id: 'JELLY', name: 'Jellyfin', group: 'MEDIA', health: [{ kind: 'service', id: 'service/jellyfin' }] }],
      edges: [{ from: 'JELLY', to: 'PG', label: 'reads its library' }],
    });
    expect(architectureMermaid(withExtras(SEED_ARCHITECTURE, extras))).toMatch(
      /subgraph MEDIA\["Media"\][\s\S]*JELLY\["Jellyfin"\][\s\S]*JELLY e59@--> PG/,
    );
  });
});

describe('the physical view', () => {
  const view: PhysicalView = {
    nodes: [
      {
        id: 'node/pve1',
        name: 'pve1',
        status: 'online',
        health: 'healthy',
        guests: [
          {
            id: 'lxc/101',
            name: 'postgresql',
            status: 'running',
            health: 'healthy',
            services: [{ id: 'service/postgresql', name: 'PostgreSQL' }],
          },
        ],
      },
      {
        id: 'node/pve3',
        name: 'pve3',
        status: 'online',
        health: 'healthy',
        guests: [{ id: 'qemu/204', name: 'immich"]; x', status: 'stopped', health: 'down', services: [] }],
      },
    ],
    ghosts: [
      {
        planId: 'p1',
        planTitle: 'Relieve pve3',
        planStatus: 'proposed',
        guestId: 'qemu/204',
        from: 'node/pve3',
        to: 'node/pve1',
      },
    ],
    ghostsCut: 0,
  };

  it('draws nodes around their guests with their services, and a pending migration dashed to its new node', () => {
    const text = physicalMermaid(view, { status: true });
    expect(text).toMatch(
      /subgraph node_pve1\["pve1 · online"\][\s\S]*guest_lxc_101\["postgresql · lxc\/101<br\/>PostgreSQL"\][\s\S]*end/,
    );
    // Quotes, brackets, semicolons and # are kept, as Mermaid's entity codes (issue 22).
    expect(text).toContain('guest_qemu_204["immich#quot;#93;#59; x · qemu/204"]');
    expect(mermaidLabel('evil"} or vector(1) #')).toBe('evil#quot;#125; or vector(1) #35;');
    expect(text).toContain('guest_qemu_204 ghost0@-.->|"plan: Relieve pve3"| node_pve1');
    expect(text).toMatch(/linkStyle 0 .*stroke-dasharray/);
    expect(text).toMatch(/class guest_qemu_204 down/);
  });

  it('gives nodes and guests that differ only in - and . boxes of their own', () => {
    const ids = ['node/pve-1', 'node/pve.1', 'node/pve1', 'node/pve-d1', 'lxc/101', 'qemu/101'].map(physicalId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(physicalId('node/pve1')).toBe('node_pve1');
    expect(physicalId('lxc/101')).toBe('guest_lxc_101');
    const two = physicalMermaid({
      ...view,
      ghosts: [],
      nodes: [
        { ...view.nodes[0]!, id: 'node/pve-1', name: 'pve-1' },
        { ...view.nodes[0]!, id: 'node/pve.1', name: 'pve.1', guests: [] },
      ],
    });
    expect(two).toContain('subgraph node_pve_h1["pve-1 · online"]');
    expect(two).toContain('subgraph node_pve_d1["pve.1 · online"]');
  });
});
