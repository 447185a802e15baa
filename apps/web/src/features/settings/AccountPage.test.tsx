import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryClient, trpc } from '../../lib/trpc';
import { useLocale } from '../../stores/locale';
import { renderAt } from '../../test/renderAt';
import { signedInAs } from '../../test/session';
import { AccountPage } from './AccountPage';

describe('the account page', () => {
  beforeEach(() => useLocale.setState({ locale: 'en' }));
  afterEach(() => {
    cleanup();
    queryClient.clear();
  });

  it('names who is signed in with their roles, and will not send two different new passwords', async () => {
    signedInAs('operator', 'olga');
    renderAt('/account', <AccountPage />);
    expect(screen.getByText('olga', { selector: 'strong' })).toBeTruthy();
    expect(screen.getByText('Roles: operator')).toBeTruthy();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Current password'), 'old-password-1');
    await user.type(screen.getByLabelText('New password (10 characters or more)'), 'new-password-1');
    await user.type(screen.getByLabelText('Repeat the password'), 'new-password-2');
    expect(screen.getByText('The passwords differ.')).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Save' }).disabled).toBe(true);
  });

  it('offers to link a Matrix ID when a channel reads approvals, asks for the code once sent, and says when it is linked', () => {
    signedInAs('approver', 'anna');
    const key = trpc.matrixLink.get.queryKey();
    queryClient.setQueryData(key, { matrixId: null, verified: false, codeExpiresAt: null, available: true });
    renderAt('/account', <AccountPage />);
    expect(screen.getByLabelText('Your Matrix ID')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Send me a code' })).toBeTruthy();
    cleanup();
    queryClient.setQueryData(key, {
      matrixId: '@anna:homelab',
      verified: false,
      codeExpiresAt: '2026-12-01T10:15:00Z',
      available: true,
    });
    renderAt('/account', <AccountPage />);
    expect(screen.getByTestId('matrix-link').textContent).toContain('The bot sent a code to @anna:homelab');
    expect(screen.getByLabelText('Code from the bot')).toBeTruthy();
    cleanup();
    queryClient.setQueryData(key, { matrixId: '@anna:homelab', verified: true, codeExpiresAt: null, available: true });
    renderAt('/account', <AccountPage />);
    expect(screen.getByTestId('matrix-link').textContent).toContain('Linked to @anna:homelab');
    expect(screen.getByRole('button', { name: 'Unlink' })).toBeTruthy();
    cleanup();
    queryClient.setQueryData(key, { matrixId: null, verified: false, codeExpiresAt: null, available: false });
    renderAt('/account', <AccountPage />);
    expect(screen.getByTestId('matrix-link').textContent).toContain('No Matrix channel reads approvals here');
  });
});
