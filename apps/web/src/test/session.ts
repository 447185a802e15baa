import { ROLE_PERMISSIONS, type Role, type Session } from '@ralf/shared';
import { queryClient, trpc } from '../lib/trpc';

/** Seeds the app's session as if `username` had signed in with `role` (what useSession and useCan read). */
export function signedInAs(role: Role, username: string = role, id = `u-${username}`) {
  const session: Session = {
    user: {
      id,
      username,
      displayName: username,
      roles: [role],
      permissions: [...ROLE_PERMISSIONS[role]],
      source: 'local' as const,
    },
    csrfToken: 'csrf',
    expiresAt: '2026-12-01T00:00:00Z',
  };
  queryClient.setQueryData(trpc.auth.session.queryKey(), session);
}
