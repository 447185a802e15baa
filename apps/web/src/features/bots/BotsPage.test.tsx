import { cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryClient, trpc } from '../../lib/trpc';
import { useLocale } from '../../stores/locale';
import { renderAt } from '../../test/renderAt';
import { BotsPage } from './BotsPage';

describe('the bots page', () => {
  beforeEach(() => useLocale.setState({ locale: 'en' }));
  afterEach(() => {
    cleanup();
    queryClient.clear();
  });

  it('shows each bot with its room, its state and the reason for it', () => {
    queryClient.setQueryData(trpc.bots.list.queryKey(), {
      source: 'matrix',
      homeserver: 'https://matrix.lab',
      bots: [
        {
          id: 'ralf-core',
          userId: '@ralf-core:lab',
          room: '!core:lab',
          state: 'healthy',
          reason: { code: 'bot.joined', params: { room: '#ralf-core:ralf.local' } },
          homeserver: true,
          appservice: true,
          joined: true,
          lastMessageAt: '2026-11-30T09:58:00Z',
          checkedAt: '2026-11-30T10:00:00Z',
        },
        {
          id: 'ralf-sec',
          userId: '@ralf-sec:lab',
          room: '!sec:lab',
          state: 'down',
          reason: { code: 'bot.whoami', params: { why: '401 M_UNKNOWN_TOKEN' } },
          homeserver: true,
          appservice: null,
          joined: null,
          lastMessageAt: null,
          checkedAt: '2026-11-30T10:00:00Z',
        },
      ],
    });
    renderAt('/bots', <BotsPage />);
    expect(screen.getByText('https://matrix.lab')).toBeTruthy();
    const sec = screen.getByTestId('bot-ralf-sec');
    expect(sec.dataset.state).toBe('down');
    expect(sec.textContent).toContain('whoami refused: 401 M_UNKNOWN_TOKEN');
    expect(sec.textContent).toContain('!sec:lab');
    expect(screen.getByTestId('bot-ralf-core').dataset.state).toBe('healthy');
  });
});
