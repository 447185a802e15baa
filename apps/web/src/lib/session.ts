import type { Permission } from '@ralf/shared';
import { useQuery } from '@tanstack/react-query';
import { trpc } from './trpc';

/** The signed-in user and CSRF token; null when signed out, undefined while loading. */
export function useSession() {
  return useQuery({ ...trpc.auth.session.queryOptions(), staleTime: 60_000 });
}

/** Whether the signed-in user may do something: the UI hides what a role may not do (the BFF refuses it anyway). */
export function useCan(permission: Permission): boolean {
  return useSession().data?.user.permissions.includes(permission) ?? false;
}
