import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryClient } from '../../lib/trpc';
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
});
