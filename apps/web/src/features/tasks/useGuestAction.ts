import type { GuestActionInput, Task } from '@ralf/shared';
import { useMutation } from '@tanstack/react-query';
import { queryClient, trpc } from '../../lib/trpc';

/** The input of one action without its key: the hook gives each click its own key, and a retried request the same one. */
export type ActionRequest = GuestActionInput extends infer A
  ? A extends GuestActionInput
    ? Omit<A, 'idempotencyKey'>
    : never
  : never;

/**
 * One guest action as a mutation (issue 20), with a key of its own: a second click while it is
 * in flight is ignored (its buttons are disabled), and the server starts one task per key; after
 * it, the guest's tasks, snapshots and the recent-tasks strip are read again.
 */
export function useGuestAction(onStarted?: (task: Task) => void) {
  const m = useMutation(
    trpc.tasks.act.mutationOptions({
      onSuccess: (task) => {
        onStarted?.(task);
        void queryClient.invalidateQueries(trpc.tasks.pathFilter());
      },
    }),
  );
  const run = (req: ActionRequest) => {
    if (m.isPending) return;
    m.mutate({ ...req, idempotencyKey: crypto.randomUUID() });
  };
  return { run, pending: m.isPending, error: m.error, reset: m.reset };
}
