import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryClient, trpc } from '../../lib/trpc';
import { useLocale } from '../../stores/locale';
import { renderAt } from '../../test/renderAt';
import { signedInAs } from '../../test/session';
import { UsersPage } from './UsersPage';

const user = (id: string, username: string, extra: object = {}) => ({
  id,
  username,
  displayName: username,
  roles: ['viewer'],
  source: 'local',
  disabled: false,
  demo: false,
  lastSignInAt: null,
  createdAt: '2026-11-30T10:00:00Z',
  ...extra,
});

describe('the users page', () => {
  beforeEach(() => useLocale.setState({ locale: 'en' }));
  afterEach(() => {
    cleanup();
    queryClient.clear();
  });

  it('lets an admin disable others but never their own account, and shows who is disabled', () => {
    signedInAs('admin', 'alice', 'u-alice');
    queryClient.setQueryData(trpc.users.list.queryKey(), [
      user('u-alice', 'alice', { roles: ['admin'] }),
      user('u-bob', 'bob', { disabled: true }),
    ] as never);
    renderAt('/admin/users', <UsersPage />);
    const alice = within(screen.getByTestId('user-alice'));
    expect(alice.queryByRole('button', { name: /disable/i })).toBeNull();
    expect(alice.getByRole<HTMLInputElement>('checkbox', { name: 'admin' }).checked).toBe(true);
    const bob = within(screen.getByTestId('user-bob'));
    expect(bob.getByText('disabled')).toBeTruthy();
    expect(bob.getByRole('button', { name: 'Enable' })).toBeTruthy();
  });

  it('shows a viewer who reaches the page that it is for admins, and no list', () => {
    signedInAs('viewer');
    queryClient.setQueryData(trpc.users.list.queryKey(), [user('u-bob', 'bob')] as never);
    renderAt('/admin/users', <UsersPage />);
    expect(screen.queryByTestId('user-bob')).toBeNull();
    expect(screen.getByText(/admin permission/)).toBeTruthy();
  });
});
