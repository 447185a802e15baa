import { type ArchitectureStatus, msg, SEED_ARCHITECTURE, verbatim } from '@ralf/shared';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryClient, trpc } from '../../lib/trpc';
import { renderAt } from '../../test/renderAt';
import { useLocale } from '../../stores/locale';
import { ArchitecturePage } from './ArchitecturePage';

const status: ArchitectureStatus = {
  nodes: Object.fromEntries(
    SEED_ARCHITECTURE.nodes.map((n) => [
      n.id,
      {
        state: n.id === 'PG' ? 'down' : 'healthy',
        reason:
          n.id === 'PG'
            ? msg('health.service', {
                service: 'PostgreSQL',
                reason: msg('health.stopped', { name: 'postgresql', id: 'lxc/101' }),
              })
            : verbatim('fine'),
        sources: [],
      },
    ]),
  ),
  flows: {},
  at: '2026-11-26T00:00:00Z',
};

describe('the architecture picture', () => {
  beforeEach(() => {
    useLocale.setState({ locale: 'en' });
    queryClient.setQueryData(trpc.architecture.graph.queryKey(), SEED_ARCHITECTURE);
    queryClient.setQueryData(trpc.architecture.status.queryKey(), status);
  });
  afterEach(() => {
    cleanup();
    queryClient.clear();
  });

  it('paints every box of the seed in its state, with its words spoken, and no edge drawn at rest', async () => {
    renderAt('/architecture', <ArchitecturePage />);
    const canvas = await screen.findByTestId('arch-canvas');
    for (const n of SEED_ARCHITECTURE.nodes) expect(canvas.querySelector(`[data-box="${n.id}"]`)).not.toBeNull();
    const pg = canvas.querySelector('[data-box="PG"]')!;
    expect(pg.getAttribute('data-state')).toBe('down');
    expect(pg.getAttribute('aria-label')).toMatch(
      /^PostgreSQL Inventory \/ state \/ history: down, .*postgresql \(lxc\/101\) is stopped/,
    );
    // At rest every pair is there but none drawn; they wait for a flow or a box.
    expect(canvas.querySelectorAll('path.edge')).toHaveLength(59);
    expect(canvas.querySelectorAll('path.edge.lit')).toHaveLength(0);
    expect(screen.getByTestId('arch-hint').textContent).toMatch(/Point at a box or choose a flow/);
  });

  it('says why when the graph cannot be laid out, and lists every component with its status in words', async () => {
    // A group inside itself: no picture can hold it.
    queryClient.setQueryData(trpc.architecture.graph.queryKey(), {
      ...SEED_ARCHITECTURE,
      groups: [...SEED_ARCHITECTURE.groups, { id: 'LOOP', label: 'Loop', en: 'Loop', parent: 'LOOP' }],
      nodes: SEED_ARCHITECTURE.nodes.map((n) => (n.id === 'PBS' ? { ...n, group: 'LOOP' } : n)),
    });
    renderAt('/architecture', <ArchitecturePage />);
    expect((await screen.findByTestId('arch-failed')).textContent).toMatch(/could not be drawn/);
    const list = screen.getByTestId('arch-components');
    expect(list.hasAttribute('open')).toBe(true);
    expect(within(list).getAllByRole('row')).toHaveLength(SEED_ARCHITECTURE.nodes.length + 1);
    const pg = screen.getByTestId('component-PG');
    expect(pg.textContent).toContain('PostgreSQL');
    expect(pg.textContent).toContain('down');
    expect(pg.textContent).toContain('postgresql (lxc/101) is stopped');
  });
});
