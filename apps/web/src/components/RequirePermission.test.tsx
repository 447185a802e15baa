import { permissionsOf, safeReturnPath, type Role, type Session } from '@ralf/shared';
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryClient, trpc } from '../lib/trpc';
import { useLocale } from '../stores/locale';
import { RequirePermission } from './RequirePermission';

function signedInAs(roles: Role[]) {
  const session: Session = {
    user: { id: 'u1', username: 'u', displayName: 'U', roles, permissions: permissionsOf(roles), source: 'local' },
    csrfToken: 'c',
    expiresAt: '2030-01-01T00:00:00Z',
  };
  queryClient.setQueryData(trpc.auth.session.queryKey(), session);
}

const page = () =>
  render(
    <QueryClientProvider client={queryClient}>
      <RequirePermission permission="admin">
        <button type="button">Create</button>
      </RequirePermission>
    </QueryClientProvider>,
  );

describe('controls only for the roles that may use them', () => {
  beforeEach(() => useLocale.setState({ locale: 'en' }));
  afterEach(() => {
    cleanup();
    queryClient.clear();
  });

  it('shows a viewer which permission the page needs, and no controls', () => {
    signedInAs(['viewer', 'operator']);
    page();
    expect(screen.getByRole('alert').textContent).toMatch(/needs the admin permission/);
    expect(screen.queryByRole('button', { name: 'Create' })).toBeNull();
  });

  it('shows an admin the controls', () => {
    signedInAs(['viewer', 'admin']);
    page();
    expect(screen.getByRole('button', { name: 'Create' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('after sign-in', () => {
  it('goes back only to a page of this app, never to another site', () => {
    expect(safeReturnPath('/fleet?node=pve3')).toBe('/fleet?node=pve3');
    expect(safeReturnPath('//evil.example/x')).toBe('/');
    expect(safeReturnPath('https://evil.example')).toBe('/');
    expect(safeReturnPath(null)).toBe('/');
    expect(safeReturnPath('/\\evil.example')).toBe('/');
  });
});
