import { cleanup, screen } from '@testing-library/react';
import type { FindingsReport } from '@ralf/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryClient, trpc } from '../../lib/trpc';
import { useLocale } from '../../stores/locale';
import { renderAt } from '../../test/renderAt';
import { FindingsPage } from './FindingsPage';

const report: FindingsReport = {
  findings: [
    {
      key: 'tls-min-version|lxc/101',
      source: 'policy_results',
      policy: 'tls-min-version',
      target: 'lxc/101',
      result: 'fail',
      severity: 'high',
      details: 'TLS 1.0 enabled',
      firstSeen: '2026-11-29T10:00:00Z',
      lastSeen: '2026-11-30T10:00:00Z',
      resolvedAt: null,
      resolvedReason: null,
    },
  ],
  bySeverity: { critical: 0, high: 1, medium: 0, low: 0, info: 0 },
  byPolicy: [{ policy: 'tls-min-version', open: 1, resolved: 0 }],
  trend: [],
  folder: { path: 'policy_results', files: 2, lastScan: '2026-11-30T10:00:00Z' },
};

describe('the findings page', () => {
  beforeEach(() => useLocale.setState({ locale: 'en' }));
  afterEach(() => {
    cleanup();
    queryClient.clear();
  });

  it('lists what fails with its target linked, and exports exactly the filtered view', () => {
    queryClient.setQueryData(
      trpc.findings.report.queryKey({ status: 'open', severity: 'high', sort: 'severity' }),
      report,
    );
    renderAt('/findings?severity=high', <FindingsPage />);
    const row = screen.getByTestId('finding-row');
    expect(row.textContent).toContain('TLS 1.0 enabled');
    expect(screen.getByRole('link', { name: 'lxc/101' }).getAttribute('href')).toBe('/fleet/lxc/101');
    const csv = new URL(screen.getByRole('link', { name: /CSV/ }).getAttribute('href')!, 'http://x');
    expect(Object.fromEntries(csv.searchParams)).toEqual({
      format: 'csv',
      status: 'open',
      severity: 'high',
      sort: 'severity',
    });
    expect(screen.getByRole('button', { name: /High: 1/i }).getAttribute('aria-pressed')).toBe('true');
  });
});
