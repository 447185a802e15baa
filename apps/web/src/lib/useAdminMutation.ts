import { useMutation, type UseMutationOptions } from '@tanstack/react-query';
import { queryClient, trpc } from './trpc';

/** A mutation of the admin pages that refreshes their lists and the audit page when it lands. */
export function useAdminMutation<TData, TError, TVars>(options: UseMutationOptions<TData, TError, TVars>) {
  return useMutation({
    ...options,
    onSuccess: (...args) => {
      void queryClient.invalidateQueries(trpc.users.pathFilter());
      void queryClient.invalidateQueries(trpc.tokens.pathFilter());
      void queryClient.invalidateQueries(trpc.audit.pathFilter());
      return options.onSuccess?.(...args);
    },
  });
}
