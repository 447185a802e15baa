import type { Executor } from './ports';

/** A connected installation without an executor configured: deployments fail at once, saying why. */
export const noExecutor: Executor = {
  label: 'no executor',
  remote: false,
  dispatch: async () => ({
    outcome: 'refused',
    error: 'no executor is configured: set N8N_WEBHOOK_URL (or run the demo lab)',
  }),
  runLoop: async () => ({
    outcome: 'refused',
    error: 'no executor is configured: set N8N_WEBHOOK_URL (or run the demo lab)',
  }),
  applyPlan: async () => ({
    outcome: 'refused',
    error: 'no executor is configured: set N8N_WEBHOOK_URL (or run the demo lab)',
  }),
};
