import { cleanup, screen } from '@testing-library/react';
import type { IngestTraffic } from '@ralf/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryClient, trpc } from '../../lib/trpc';
import { useLocale } from '../../stores/locale';
import { renderAt } from '../../test/renderAt';
import { signedInAs } from '../../test/session';
import { IngestPage } from './IngestPage';

const traffic: IngestTraffic = {
  tokens: [
    {
      tokenName: 'a-inv',
      accepted: 41,
      rejected: 2,
      events: 320,
      lastSeenAt: '2026-11-30T10:00:00Z',
      lastRejection: { at: '2026-11-30T09:59:00Z', status: 401, reason: 'the signature does not match the body' },
    },
    {
      tokenName: null,
      accepted: 0,
      rejected: 5,
      events: 0,
      lastSeenAt: '2026-11-30T09:30:00Z',
      lastRejection: { at: '2026-11-30T09:30:00Z', status: 401, reason: 'unknown token' },
    },
  ],
  recent: [
    {
      at: '2026-11-30T10:00:00Z',
      tokenName: 'a-inv',
      route: '/api/ingest/v1/inventory/events',
      status: 200,
      events: 8,
      reason: null,
    },
  ],
};

describe('the ingest traffic page', () => {
  beforeEach(() => {
    useLocale.setState({ locale: 'en' });
    signedInAs('admin');
  });
  afterEach(() => {
    cleanup();
    queryClient.clear();
  });

  it('shows per token what it sent and why the last refusal happened, and requests without a known token apart', () => {
    queryClient.setQueryData(trpc.ingest.traffic.queryKey(), traffic);
    renderAt('/admin/ingest', <IngestPage />);
    const inv = screen.getByTestId('ingest-a-inv');
    expect([...inv.querySelectorAll('td.num')].map((c) => c.textContent)).toEqual(['41', '320', '2']);
    expect(inv.textContent).toContain('401: the signature does not match the body');
    expect(screen.getByTestId('ingest-unknown').textContent).toContain('unknown token');
    expect(screen.getByText('/api/ingest/v1/inventory/events')).toBeTruthy();
  });
});
