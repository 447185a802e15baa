import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useLocale } from '../../../stores/locale';
import { PveGuestCard } from './PveGuestCard';

const pve = {
  lock: 'backup',
  haState: null,
  bootedAt: null,
  ips: [],
  ipSource: 'no-agent' as const,
  nets: [],
  disks: [],
  digest: null,
};
const cluster = {
  name: 'garage',
  url: 'https://garage.lan:8006',
  quorate: true,
  nodes: 2,
  templates: [],
  conflicts: [],
  readAt: '2026-11-25T09:00:00Z',
};

describe("a guest's Proxmox card", () => {
  beforeEach(() => useLocale.setState({ locale: 'en' }));
  afterEach(cleanup);

  it('says why it has no address, shows a lock, and says when its cluster stopped answering', () => {
    render(
      <PveGuestCard
        pve={pve}
        cluster={{ ...cluster, state: 'unavailable', since: '2026-11-25T10:00:00Z', message: 'timeout' }}
      />,
    );
    expect(screen.getByTestId('guest-ips').textContent).toBe('unknown: no QEMU guest agent answers');
    expect(screen.getByTestId('guest-lock').textContent).toBe('locked: backup');
    expect(screen.getByTestId('pve-guest').querySelector('[data-state="unavailable"]')?.textContent).toMatch(
      /^garage: unavailable since/,
    );
  });

  it('says a guest only agents reported is not read from Proxmox', () => {
    render(<PveGuestCard pve={null} />);
    expect(screen.getByTestId('pve-guest').textContent).toMatch(/Not read from Proxmox/);
  });
});
