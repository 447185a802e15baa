import { msg, type NotifyOverview } from '@ralf/shared';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
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
      approvals: false,
      failingSince: '2026-12-01T08:00:00Z',
      unresolved: null,
      config: null,
    },
    {
      id: 'ops-ntfy',
      type: 'ntfy',
      target: 'https://ntfy.sh/ralf-ops',
      kinds: ['plan.awaiting'],
      minSeverity: 'info',
      quietHours: { from: '22:00', to: '07:00', timezone: 'Europe/Berlin' },
      source: 'profile',
      approvals: false,
      failingSince: null,
      unresolved: null,
      config: null,
    },
    {
      id: 'ops',
      type: 'matrix',
      target: '!ops:homelab @ https://matrix.lab',
      kinds: ['plan.awaiting'],
      minSeverity: 'warning',
      quietHours: null,
      source: 'profile',
      approvals: true,
      failingSince: null,
      unresolved: 'vault://matrix/bots/ralf-core has no value (set VAULT_… or VAULT_…_FILE)',
      config: null,
    },
    {
      id: 'n8n',
      type: 'webhook',
      target: 'https://n8n.lan/webhook/ralf',
      kinds: ['deployment.failed'],
      minSeverity: 'info',
      quietHours: null,
      source: 'settings',
      approvals: false,
      failingSince: null,
      unresolved: null,
      config: {
        id: 'n8n',
        type: 'webhook',
        url: 'https://n8n.lan/webhook/ralf',
        secret: 'vault://notify/n8n',
        kinds: ['deployment.failed'],
        min_severity: 'info',
      },
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
    expect(screen.getByTestId('channel-env-webhook').textContent).toContain('scheitert seit 01.12.2026');
    expect(screen.getByTestId('channel-ops').textContent).toContain('liest !ralf approve|reject');
    expect(screen.getByTestId('channel-ops').textContent).toContain(
      'kann nicht senden: vault://matrix/bots/ralf-core has no value',
    );
    expect(ntfy.getByRole('button', { name: 'Test senden' })).toBeTruthy();
    const row = screen.getByTestId('delivery');
    expect(row.textContent).toContain('Plan wartet auf Freigabe: Move immich to pve1');
    expect(row.textContent).toContain('fehlgeschlagen');
    expect(row.textContent).toContain('7 Versuche');
    expect(row.textContent).toContain('hooks.example answered HTTP 503');
  });

  it('changes a channel saved on this page in a form filled with its settings; the profile’s have no such button', async () => {
    signedInAs('admin');
    queryClient.setQueryData(trpc.notifications.overview.queryKey(), overview);
    renderAt('/admin/notifications', <NotificationsPage />);
    expect(within(screen.getByTestId('channel-ops-ntfy')).queryByRole('button', { name: 'Ändern' })).toBeNull();
    await userEvent.setup().click(within(screen.getByTestId('channel-n8n')).getByRole('button', { name: 'Ändern' }));
    const form = within(screen.getByTestId('channel-form'));
    expect(form.getByRole('heading').textContent).toBe('Kanal n8n ändern');
    expect(form.getByLabelText<HTMLInputElement>('URL').value).toBe('https://n8n.lan/webhook/ralf');
    expect(form.getByLabelText<HTMLInputElement>('Signier-Geheimnis (vault://-Verweis, optional)').value).toBe(
      'vault://notify/n8n',
    );
    expect(form.getByRole<HTMLInputElement>('checkbox', { name: 'deployment.failed' }).checked).toBe(true);
    expect(form.getByRole<HTMLInputElement>('checkbox', { name: 'plan.awaiting' }).checked).toBe(false);
  });

  it('fills the form of a saved mail channel with its TLS setting and its recipients', async () => {
    signedInAs('admin');
    const mail = {
      id: 'mail',
      type: 'email' as const,
      host: 'mail.lan',
      port: 465,
      secure: true,
      from: 'ralf@lab.example',
      to: ['ops@lab.example', 'anna@lab.example'],
      min_severity: 'warning' as const,
    };
    queryClient.setQueryData(trpc.notifications.overview.queryKey(), {
      ...overview,
      channels: [{ ...overview.channels[3]!, id: 'mail', type: 'email', config: mail }],
    });
    renderAt('/admin/notifications', <NotificationsPage />);
    await userEvent.setup().click(within(screen.getByTestId('channel-mail')).getByRole('button', { name: 'Ändern' }));
    const form = within(screen.getByTestId('channel-form'));
    expect(form.getByRole<HTMLInputElement>('checkbox', { name: 'TLS von Anfang an (Port 465)' }).checked).toBe(true);
    expect(form.getByLabelText<HTMLInputElement>('Empfänger (durch Kommas getrennt)').value).toBe(
      'ops@lab.example, anna@lab.example',
    );
    expect(form.getByLabelText<HTMLInputElement>('Port').value).toBe('465');
  });

  it('is for admins', () => {
    signedInAs('operator');
    queryClient.setQueryData(trpc.notifications.overview.queryKey(), overview);
    renderAt('/admin/notifications', <NotificationsPage />);
    expect(screen.queryByTestId('channel-ops-ntfy')).toBeNull();
  });
});
