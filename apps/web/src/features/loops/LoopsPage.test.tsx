import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Loop } from '@ralf/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryClient, trpc } from '../../lib/trpc';
import { useLocale } from '../../stores/locale';
import { renderAt } from '../../test/renderAt';
import { signedInAs } from '../../test/session';
import { LoopsPage } from './LoopsPage';

const base: Loop = {
  id: 'main',
  name: 'Main loop',
  runtime: 'n8n',
  template: 'ralf/main',
  triggers: [{ kind: 'cron', cron: '*/5 * * * *', timeZone: 'Europe/Berlin' }] as never,
  inputs: [],
  outputs: [],
  phases: ['collect', 'prioritise', 'heal', 'inform'],
  triggerText: [{ code: 'loop.everyCron', params: { period: 300, timezone: 'Europe/Berlin', cron: '*/5 * * * *' } }],
  periodSeconds: 300,
  paused: null,
  lastRun: {
    id: 'r1',
    startedAt: '2026-11-30T09:00:00Z',
    finishedAt: '2026-11-30T09:00:12Z',
    status: 'failed',
    phase: 'heal',
    failedPhase: 'heal',
    startedWhilePaused: false,
    trigger: 'schedule',
  },
  current: null,
  nextRunAt: '2026-11-30T09:05:00Z',
  health: 'overdue',
  healthReason: { code: 'loop.overdue', params: { ago: 1500, period: 300 } },
  runs: [],
};

describe('the loops page', () => {
  beforeEach(() => {
    useLocale.setState({ locale: 'en' });
    signedInAs('operator');
  });
  afterEach(() => {
    cleanup();
    queryClient.clear();
  });

  it('says why a loop is overdue, since when it was due, and in which phase its last run failed', () => {
    queryClient.setQueryData(trpc.loops.list.queryKey(), [base]);
    renderAt('/loops', <LoopsPage />);
    const card = screen.getByTestId('loop-main');
    expect(card.dataset.health).toBe('overdue');
    expect(within(card).getByTestId('loop-reason').textContent).toContain(
      'overdue: last run started 25 minutes ago, it runs every 5 minutes',
    );
    expect(within(card).getByTestId('loop-next').textContent).toMatch(/^due since /);
    expect(card.textContent).toContain('failed in “heal”');
  });

  it('pauses only with a reason, and a paused loop says who paused it and cannot be run now', async () => {
    queryClient.setQueryData(trpc.loops.list.queryKey(), [
      { ...base, health: 'ok', healthReason: { code: 'loop.onSchedule', params: {} } },
      {
        ...base,
        id: 'discovery',
        name: 'Discovery',
        health: 'paused',
        paused: { by: 'user:admin', at: '2026-11-30T08:00:00Z', reason: 'switch maintenance' },
      },
    ]);
    renderAt('/loops', <LoopsPage />);
    const main = within(screen.getByTestId('loop-main'));
    const pause = main.getByRole('button', { name: 'Pause' });
    expect((pause as HTMLButtonElement).disabled).toBe(true);
    await userEvent.setup().type(main.getByRole('textbox'), 'disk swap');
    expect((pause as HTMLButtonElement).disabled).toBe(false);
    const discovery = within(screen.getByTestId('loop-discovery'));
    expect(screen.getByTestId('loop-discovery').textContent).toContain('user:admin: switch maintenance');
    expect(discovery.getByRole<HTMLButtonElement>('button', { name: 'Run now' }).disabled).toBe(true);
    expect(discovery.getByRole('button', { name: 'Resume' })).toBeTruthy();
  });
});
