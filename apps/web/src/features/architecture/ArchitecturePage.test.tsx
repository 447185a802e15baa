import { type ArchitectureStatus, msg, SEED_ARCHITECTURE, verbatim } from '@ralf/shared';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queryClient, trpc } from '../../lib/trpc';
import { renderAt } from '../../test/renderAt';
import { useLocale } from '../../stores/locale';
import { ArchitecturePage } from './ArchitecturePage';

// Mermaid refuses the text, as it would a label it cannot parse.
vi.mock('mermaid', () => ({
  default: {
    initialize: () => {},
    render: () => Promise.reject(new Error('Parse error on line 12: Expecting SQE, got PS')),
  },
}));

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

describe('when mermaid cannot draw the picture', () => {
  beforeEach(() => {
    useLocale.setState({ locale: 'en' });
    queryClient.setQueryData(trpc.architecture.graph.queryKey(), SEED_ARCHITECTURE);
    queryClient.setQueryData(trpc.architecture.status.queryKey(), status);
  });
  afterEach(() => {
    cleanup();
    queryClient.clear();
  });

  it('says why and lists every component with its status in words instead of a blank area', async () => {
    renderAt('/architecture', <ArchitecturePage />);
    expect((await screen.findByTestId('arch-failed')).textContent).toMatch(
      /could not be drawn: Parse error on line 12/,
    );
    const list = screen.getByTestId('arch-components');
    expect(list.hasAttribute('open')).toBe(true);
    expect(within(list).getAllByRole('row')).toHaveLength(SEED_ARCHITECTURE.nodes.length + 1);
    const pg = screen.getByTestId('component-PG');
    expect(pg.textContent).toContain('PostgreSQL');
    expect(pg.textContent).toContain('down');
    expect(pg.textContent).toContain('postgresql (lxc/101) is stopped');
  });
});
