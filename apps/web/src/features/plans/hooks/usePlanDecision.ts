import { useMutation } from '@tanstack/react-query';
import { queryClient, trpc } from '../../../app/trpc';

const refresh = () => {
  void queryClient.invalidateQueries(trpc.plans.pathFilter());
  void queryClient.invalidateQueries(trpc.audit.pathFilter());
};

/** Approve or reject, and an admin's override or "apply now": each refreshes the plan pages when it lands. */
export function usePlanDecision() {
  return {
    decide: useMutation(trpc.plans.decide.mutationOptions({ onSuccess: refresh })),
    override: useMutation(trpc.plans.overridePolicy.mutationOptions({ onSuccess: refresh })),
    applyNow: useMutation(trpc.plans.applyNow.mutationOptions({ onSuccess: refresh })),
  };
}
