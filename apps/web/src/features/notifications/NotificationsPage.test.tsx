import { msg, type NotifyOverview } from '@ralf/shared';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryClient, trpc } from '../../lib/trpc';
import { useLocale } from '../../stores/locale';
import { renderAt } from '../../test/renderAt';
import { signedInAs } from '../../test/session';
import { NotificationsPage } from './NotificationsPage';

const overview: NotifyOverview = {
  channels: [
    {
      id: 'env-webhook',
      type: 'webhook',
      target: 'https://hooks.example/ralf',
      kinds: null,
      minSeverity: 'warning',
      quietHours: null,
      source: 'environment',
    },
    {
      id: 'ops-ntfy',
      type: 'ntfy',
      target: 'https://ntfy.sh/ralf-ops',
      kinds: ['plan.awaiting'],
      minSeverity: 'info',
      quietHours: { from: '22:00', to: '07:00', timezone: 'Europe/Berlin' },
      source: 'profile',
    },
  ],
  deliveries: [
    {
      id: 'd1',
      channel: 'env-webhook',
      kind: 'plan.awaiting',
      severity: 'warning',
      subject: 'plan/p1',
      title: msg('notify.plan.awaiting.title', { summary: 'Move immich to pve1' }),
      status: 'failed',
      attempts: 7,
      lastError: 'hooks.example answered HTTP 503',
      createdAt: '2026-12-01T10:00:00Z',
      heldUntil: null,
      sentAt: null,
    },
  ],
};

describe('the notifications page', () => {
  beforeEach(() => useLocale.setState({ locale: 'de' }));
  afterEach(() => {
    cleanup();
    queryClient.clear();
  });

  it('lists the channels with what they take, and each delivery in the reader’s language with why it failed', () => {
    signedInAs('admin');
    queryClient.setQueryData(trpc.notifications.overview.queryKey(), overview);
    renderAt('/admin/notifications', <NotificationsPage />);
    const ntfy = within(screen.getByTestId('channel-ops-ntfy'));
    expect(ntfy.getByText('https://ntfy.sh/ralf-ops')).toBeTruthy();
    expect(screen.getByTestId('channel-ops-ntfy').textContent).toContain('plan.awaiting · ab Info');
    expect(screen.getByTestId('channel-ops-ntfy').textContent).toContain('Ruhezeit 22:00–07:00 (Europe/Berlin)');
    expect(screen.getByTestId('channel-env-webhook').textContent).toContain('jede Art · ab Warnung');
    expect(ntfy.getByRole('button', { name: 'Test senden' })).toBeTruthy();
    const row = screen.getByTestId('delivery');
    expect(row.textContent).toContain('Plan wartet auf Freigabe: Move immich to pve1');
    expect(row.textContent).toContain('fehlgeschlagen');
    expect(row.textContent).toContain('7 Versuche');
    expect(row.textContent).toContain('hooks.example answered HTTP 503');
  });

  it('is for admins', () => {
    signedInAs('operator');
    queryClient.setQueryData(trpc.notifications.overview.queryKey(), overview);
    renderAt('/admin/notifications', <NotificationsPage />);
    expect(screen.queryByTestId('channel-ops-ntfy')).toBeNull();
  });
});
