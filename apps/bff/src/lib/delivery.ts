/**
 * Delivery to an executor (issue 16). Exactly once across a crash in the middle of an HTTP call
 * cannot be had without the receiver's help, so delivery is at least once: every attempt carries
 * the same Idempotency-Key, which the executor must honour, and each attempt is recorded before it
 * is made, so a repeat is visible. ralf-ui's own effects (states, audit, trail) happen once.
 */
export interface RetryPolicy {
  /** How long after the first attempt a failing executor is retried (RALF_DISPATCH_RETRY_FOR). */
  forMs: number;
  /** The first wait; each next one doubles, up to capMs, with ±25 % jitter. */
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { forMs: 10 * 60_000, baseMs: 1000, capMs: 60_000 };

/**
 * How long to wait before attempt `attempt + 1`, or null when the window that started at `since`
 * is spent (the caller then fails for good). The last wait ends at the window's end, so a
 * restarting executor gets its last chance then.
 */
export function nextAttemptIn(policy: RetryPolicy, attempt: number, since: Date, now: Date, random: () => number = Math.random): number | null {
  const left = since.getTime() + policy.forMs - now.getTime();
  if (left <= 0) return null;
  const backoff = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1)) * (0.75 + random() * 0.5);
  return Math.max(1, Math.min(backoff, left));
}

/**
 * After a failed attempt (5xx, refused connection): try again in `wait` ms with the line to log,
 * or give up with the error to record once the window that started at `since` (the job's
 * `payload.since`, else `fallback`) is spent. Deployments and plans decide alike.
 */
export function afterFailedAttempt(policy: RetryPolicy, job: { attempts: number; payload: Record<string, unknown> }, fallback: Date, error: string, now: Date): { wait: number; note: string } | { giveUp: string } {
  const since = typeof job.payload.since === 'string' ? new Date(job.payload.since) : fallback;
  const wait = nextAttemptIn(policy, job.attempts, since, now);
  if (wait === null) return { giveUp: `the executor could not take it within ${Math.round(policy.forMs / 1000)} s (${job.attempts} attempts): ${error}` };
  return { wait, note: `dispatch attempt ${job.attempts} failed (${error}); trying again in ${Math.ceil(wait / 1000)} s` };
}

/** The log line written before attempt `attempt` is made, so the operator sees every delivery. */
export function deliveryNote(executor: string, attempt: number, idempotencyKey: string): string {
  const line = `delivery ${attempt} to ${executor} (Idempotency-Key ${idempotencyKey})`;
  return attempt > 1 ? `${line}: a repeat; if an earlier delivery arrived, ${executor} drops this one by its key` : line;
}
