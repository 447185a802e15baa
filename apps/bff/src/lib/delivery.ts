import { msg, type Message } from '@ralf/shared';
import type { DispatchOutcome } from '../adapters/ports';

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
export function nextAttemptIn(
  policy: RetryPolicy,
  attempt: number,
  since: Date,
  now: Date,
  random: () => number = Math.random,
): number | null {
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
export function afterFailedAttempt(
  policy: RetryPolicy,
  job: { attempts: number; payload: Record<string, unknown> },
  fallback: Date,
  error: string,
  now: Date,
): { wait: number; note: Message } | { giveUp: Message } {
  const since = typeof job.payload.since === 'string' ? new Date(job.payload.since) : fallback;
  const wait = nextAttemptIn(policy, job.attempts, since, now);
  if (wait === null)
    return {
      giveUp: msg('delivery.gaveUp', { seconds: Math.round(policy.forMs / 1000), attempts: job.attempts, error }),
    };
  return { wait, note: msg('delivery.retrying', { n: job.attempts, error, seconds: Math.ceil(wait / 1000) }) };
}

/** The log line written before attempt `attempt` is made, so the operator sees every delivery. */
export function deliveryNote(executor: string, attempt: number, idempotencyKey: string): Message {
  return msg(attempt > 1 ? 'delivery.repeat' : 'delivery.attempt', { n: attempt, executor, key: idempotencyKey });
}

/** What the owner of a delivery does at each outcome, each in its own transaction. */
export interface DeliverySteps {
  /** Records the attempt before it is made (remote executors only): its number, for deliveryNote. */
  recordAttempt(): Promise<void>;
  /** Makes the call: the executor's outcome. */
  send(): Promise<DispatchOutcome>;
  /** It took the job. */
  accepted(): Promise<void>;
  /** No answer in time: it may or may not have started; a report or the watch settles it. */
  unknown(error: string): Promise<void>;
  /** Refused (4xx) or failing past the retry window: fail for good, with why. */
  failed(error: Message): Promise<void>;
  /** A failed attempt that will be retried: the line to log. */
  retrying(note: Message): Promise<void>;
}

/**
 * One delivery attempt as an outbox job, the same for deployments, plans and loop runs: record it
 * (remote executors), send it, and turn the outcome into the owner's step and the job's result
 * (retry with backoff inside `policy`'s window, which started at `since`).
 */
export async function deliver(
  job: { attempts: number; payload: Record<string, unknown> },
  opts: { remote: boolean; policy: RetryPolicy; since: Date; now: () => Date },
  steps: DeliverySteps,
): Promise<{ done: true } | { done: false; retryInMs: number; error: string }> {
  if (opts.remote) await steps.recordAttempt();
  const r = await steps.send();
  if (r.outcome === 'accepted') await steps.accepted();
  else if (r.outcome === 'unknown') await steps.unknown(r.error);
  else {
    const next =
      r.outcome === 'refused'
        ? { giveUp: msg('delivery.refused', { error: r.error }) }
        : afterFailedAttempt(opts.policy, job, opts.since, r.error, opts.now());
    if ('giveUp' in next) await steps.failed(next.giveUp);
    else {
      await steps.retrying(next.note);
      return { done: false, retryInMs: next.wait, error: r.error };
    }
  }
  return { done: true };
}
