import { cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryClient, trpc } from '../../lib/trpc';
import { renderAt } from '../../test/renderAt';
import { useLocale } from '../../stores/locale';
import { AuditPage } from './AuditPage';

describe('the audit page when the chain is broken', () => {
  beforeEach(() => {
    useLocale.setState({ locale: 'en' });
    queryClient.setQueryData(trpc.audit.verify.queryKey(), {
      ok: false,
      checked: 10,
      brokenCount: 3,
      fullCheckAt: '2026-11-30T10:00:00Z',
      broken: [
        { seq: 2, id: 'a', reason: { code: 'audit.hashMismatch', params: {} } },
        { seq: 7, id: 'b', reason: { code: 'audit.hashMismatch', params: {} } },
        { seq: 8, id: 'c', reason: { code: 'audit.unlinked', params: {} } },
      ],
    });
  });
  afterEach(() => {
    cleanup();
    queryClient.clear();
  });

  it('names every broken event, not only the first, with the reasons at hand', () => {
    renderAt('/audit', <AuditPage />);
    const badge = screen.getByTestId('chain-badge');
    expect(badge.textContent).toBe('Chain broken: 3 events do not verify (#2, #7, #8)');
    expect(badge.getAttribute('title')).toBe(
      '#2: its content does not match its hash\n#7: its content does not match its hash\n#8: does not link to the event before it',
    );
  });
});
