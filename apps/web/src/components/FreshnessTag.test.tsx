import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup } from '@testing-library/react';
import { useLocale } from '../stores/locale';
import { DegradedBanner } from './DegradedBanner';
import { FreshnessTag } from './FreshnessTag';

const at = (iso: string) => new Date(iso).toISOString();

describe('freshness on every panel', () => {
  beforeEach(() => useLocale.setState({ locale: 'en' }));
  afterEach(cleanup);

  it('names the source and the age when fresh', () => {
    render(
      <FreshnessTag
        f={{
          source: 'demo-lab',
          state: 'ok',
          asOf: new Date(Date.now() - 12_000).toISOString(),
          since: null,
          message: null,
        }}
      />,
    );
    expect(screen.getByText(/demo lab · 1[0-4] s ago/)).toBeTruthy();
  });

  it('says "stale since hh:mm" instead of staying green', () => {
    const since = at('2026-11-25T10:42:00Z');
    const { container } = render(
      <FreshnessTag f={{ source: 'prometheus', state: 'stale', asOf: since, since, message: null }} />,
    );
    // In the reader's own format: this browser's English is jsdom's en-US.
    const time = new Intl.DateTimeFormat(navigator.languages[0], {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).format(new Date(since));
    expect(screen.getByText(`Prometheus: stale since ${time}`)).toBeTruthy();
    expect(container.querySelector('[data-state="stale"]')).not.toBeNull();
  });

  it('speaks German when the operator chose it', () => {
    useLocale.setState({ locale: 'de' });
    render(
      <FreshnessTag
        f={{ source: 'database', state: 'unavailable', asOf: null, since: null, message: 'ECONNREFUSED' }}
      />,
    );
    expect(screen.getByText('Datenbank: nicht erreichbar')).toBeTruthy();
  });

  it('shows a banner that says what is degraded and why', () => {
    const sources = {
      inventory: { source: 'database' as const, state: 'ok' as const, asOf: null, since: null, message: null },
      metrics: {
        source: 'prometheus' as const,
        state: 'unavailable' as const,
        asOf: null,
        since: at('2026-11-25T10:00:00Z'),
        message: 'no answer within 3000 ms',
      },
      clusters: [],
    };
    render(<DegradedBanner sources={sources} />);
    expect(screen.getByRole('alert').textContent).toMatch(
      /Metrics unavailable: Prometheus is not answering \(no answer within 3000 ms\)/,
    );
  });

  it('says Prometheus answers when only its exporter does not', () => {
    const ok = { source: 'database' as const, state: 'ok' as const, asOf: null, since: null, message: null };
    const metrics = {
      source: 'prometheus' as const,
      state: 'unavailable' as const,
      asOf: null,
      since: '2026-11-25T10:00:00Z',
      reason: 'prometheus.target-down',
      message:
        'Prometheus at http://prom:9090 answers, but its target pve (http://pve:9221/pve) is down: connection refused',
    };
    render(<DegradedBanner sources={{ inventory: ok, metrics, clusters: [] }} />);
    const text = screen.getByRole('alert').textContent ?? '';
    expect(text).toMatch(/Prometheus answers, but not the exporter it scrapes \(.*its target pve/);
    expect(text).not.toMatch(/not answering/);
  });

  it('names a Proxmox cluster that stopped answering, with why, and only that one', () => {
    const ok = { source: 'database' as const, state: 'ok' as const, asOf: null, since: null, message: null };
    const cluster = {
      url: 'https://pve1.lan:8006',
      quorate: true,
      nodes: 3,
      templates: [],
      conflicts: [],
      readAt: null,
    };
    render(
      <DegradedBanner
        sources={{
          inventory: ok,
          metrics: ok,
          clusters: [
            { ...cluster, name: 'homelab', state: 'ok', since: null, message: null },
            {
              ...cluster,
              name: 'garage',
              state: 'unavailable',
              since: '2026-11-25T10:00:00Z',
              message: 'garage: the token ralf@pve!ui was refused (401 authentication failure)',
            },
          ],
        }}
      />,
    );
    const text = screen.getByRole('alert').textContent ?? '';
    expect(text).toMatch(/Proxmox cluster garage unavailable since .*the token ralf@pve!ui was refused \(401/);
    expect(text).not.toMatch(/homelab/);
  });

  it('shows no banner when everything is fresh', () => {
    const ok = { source: 'database' as const, state: 'ok' as const, asOf: null, since: null, message: null };
    render(<DegradedBanner sources={{ inventory: ok, metrics: { ...ok, source: 'demo-lab' }, clusters: [] }} />);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
