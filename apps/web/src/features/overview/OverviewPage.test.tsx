import { cleanup, screen, within } from '@testing-library/react';
import type { FleetSummary, Freshness } from '@ralf/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryClient, trpc } from '../../lib/trpc';
import { useLocale } from '../../stores/locale';
import { renderAt } from '../../test/renderAt';
import { OverviewPage } from './OverviewPage';

const fresh = (source: Freshness['source']): Freshness => ({
  source,
  state: 'ok',
  asOf: '2026-11-30T10:00:00Z',
  since: null,
  message: null,
});
const summary: FleetSummary = {
  nodes: { total: 3, online: 2, offline: 1 },
  guests: { total: 30, running: 27, stopped: 3, other: 0 },
  headroom: [
    {
      id: 'node/pve1',
      name: 'pve1',
      cluster: 'homelab',
      status: 'online',
      cpuCores: 16,
      memoryBytes: 64 * 2 ** 30,
      cpu: 0.4,
      mem: 0.7,
      guests: 12,
    },
  ],
  alerts: [],
  alertsTotal: 0,
  alertsState: fresh('prometheus'),
  lastSampleAt: '2026-11-30T10:00:00Z',
  sources: { inventory: fresh('database'), metrics: fresh('prometheus'), clusters: [] },
};

describe('the overview', () => {
  beforeEach(() => useLocale.setState({ locale: 'en' }));
  afterEach(() => {
    cleanup();
    queryClient.clear();
  });

  it('counts nodes and guests, and opens the loops and findings behind their tiles', () => {
    queryClient.setQueryData(trpc.fleet.summary.queryKey(), summary);
    queryClient.setQueryData(trpc.loops.summary.queryKey(), {
      total: 3,
      ok: 2,
      never: 0,
      overdue: 1,
      missed: 0,
      paused: 0,
      running: 0,
    });
    queryClient.setQueryData(trpc.findings.summary.queryKey(), {
      open: 4,
      bySeverity: { critical: 1, high: 1, medium: 2, low: 0, info: 0 },
    });
    renderAt('/', <OverviewPage />);
    expect(screen.getByTestId('nodes-up').textContent).toContain('2');
    expect(screen.getByTestId('guests-running').textContent).toContain('27');
    expect(
      within(screen.getByTestId('tile-loops')).getByRole('link', { name: '2 of 3 on schedule' }).getAttribute('href'),
    ).toBe('/loops');
    expect(within(screen.getByTestId('tile-findings')).getByRole('link', { name: '4 open' }).getAttribute('href')).toBe(
      '/findings',
    );
  });

  it('does not claim "no alerts" when Prometheus cannot be read', () => {
    queryClient.setQueryData(trpc.fleet.summary.queryKey(), {
      ...summary,
      alertsState: { ...summary.alertsState, state: 'unavailable', message: 'connection refused' },
    });
    renderAt('/', <OverviewPage />);
    expect(screen.getByTestId('alerts-count').textContent).toBe('—');
    expect(screen.getByText(/Alerts cannot be read while .* is unavailable\./)).toBeTruthy();
  });

  it('names a notification channel that has failed for an hour, with its last error', () => {
    queryClient.setQueryData(trpc.fleet.summary.queryKey(), summary);
    queryClient.setQueryData(trpc.notifications.failing.queryKey(), [
      { channel: 'phone', since: '2026-11-30T08:00:00Z', lastError: 'gotify.lan answered HTTP 401' },
    ]);
    renderAt('/', <OverviewPage />);
    expect(screen.getByTestId('channel-failing-banner').textContent).toMatch(
      /^Notifications to phone have failed since .+: gotify\.lan answered HTTP 401/,
    );
  });
});
