import { useMutation } from '@tanstack/react-query';
import { queryClient, trpc } from '../../../lib/trpc';

const refresh = () => {
  void queryClient.invalidateQueries(trpc.plans.pathFilter());
  void queryClient.invalidateQueries(trpc.audit.pathFilter());
};

/** Approve or reject, and an admin's override, "apply now", retry or "mark failed": each refreshes the plan pages when it lands. */
export function usePlanDecision() {
  return {
    decide: useMutation(trpc.plans.decide.mutationOptions({ onSuccess: refresh })),
    override: useMutation(trpc.plans.overridePolicy.mutationOptions({ onSuccess: refresh })),
    applyNow: useMutation(trpc.plans.applyNow.mutationOptions({ onSuccess: refresh })),
    retryDelivery: useMutation(trpc.plans.retryDelivery.mutationOptions({ onSuccess: refresh })),
    markFailed: useMutation(trpc.plans.markFailed.mutationOptions({ onSuccess: refresh })),
  };
}
