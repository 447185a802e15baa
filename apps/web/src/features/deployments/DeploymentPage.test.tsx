import { cleanup, screen } from '@testing-library/react';
import type { Deployment } from '@ralf/shared';
import { Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryClient, trpc } from '../../lib/trpc';
import { useLocale } from '../../stores/locale';
import { renderAt } from '../../test/renderAt';
import { signedInAs } from '../../test/session';
import { DeploymentPage } from './DeploymentPage';

const failed: Deployment = {
  id: 'd1',
  templateId: 'jellyfin',
  templateName: 'Jellyfin',
  name: 'jellyfin',
  nodeId: 'node/pve2',
  status: 'failed',
  params: {
    name: 'jellyfin',
    node: 'auto',
    kind: 'lxc',
    cores: 2,
    memoryMiB: 2048,
    diskGiB: 16,
    settings: {},
  } as never,
  createdBy: 'user:operator',
  createdAt: '2026-11-30T10:00:00Z',
  updatedAt: '2026-11-30T10:00:05Z',
  finishedAt: '2026-11-30T10:00:05Z',
  error: 'configuring failed (demo.failAt)',
  guestId: null,
  retryOf: null,
  deliveries: 1,
  phases: [
    { status: 'checking', at: '2026-11-30T10:00:00Z' },
    { status: 'queued', at: '2026-11-30T10:00:01Z' },
    { status: 'provisioning', at: '2026-11-30T10:00:02Z' },
    { status: 'configuring', at: '2026-11-30T10:00:03Z' },
    { status: 'failed', at: '2026-11-30T10:00:05Z' },
  ],
  log: [
    {
      at: '2026-11-30T10:00:05Z',
      status: 'failed',
      message: { code: 'text', params: { text: 'configuring failed: the demo template is set to fail here' } },
    },
  ],
};

const show = () =>
  renderAt(
    '/deployments/d1',
    <Routes>
      <Route path="/deployments/:id" element={<DeploymentPage />} />
    </Routes>,
  );

describe('a failed deployment', () => {
  beforeEach(() => {
    useLocale.setState({ locale: 'en' });
    queryClient.setQueryData(trpc.deployments.byId.queryKey({ id: 'd1' }), failed);
  });
  afterEach(() => {
    cleanup();
    queryClient.clear();
  });

  it('shows why it failed and offers an operator a retry with the same settings, not a cancel', () => {
    signedInAs('operator');
    show();
    expect(screen.getByTestId('deployment-error').textContent).toBe('configuring failed (demo.failAt)');
    expect(screen.getByRole('link', { name: /retry/i }).getAttribute('href')).toBe('/deploy/jellyfin?retryOf=d1');
    expect(screen.queryByRole('button', { name: /cancel/i })).toBeNull();
  });

  it('offers a viewer nothing to click', () => {
    signedInAs('viewer');
    show();
    expect(screen.getByTestId('deployment-error')).toBeTruthy();
    expect(screen.queryByRole('link', { name: /retry/i })).toBeNull();
  });
});
