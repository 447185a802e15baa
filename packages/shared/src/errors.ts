import { z } from 'zod';

export const AppErrorCodeSchema = z.enum([
  'NOT_FOUND',
  'BAD_INPUT',
  'CONFLICT',
  /** The plan has a newer revision than the one the caller decided on: review it first. */
  'STALE_REVISION',
  /** No valid session or token: sign in (again). */
  'UNAUTHENTICATED',
  /** Signed in, but none of the caller's roles grants the permission the action declares. */
  'FORBIDDEN',
  /** Too many failed sign-ins for this account or address; `retryAt` says when to try again. */
  'RATE_LIMITED',
  /** An adapter (Prometheus, n8n, Matrix) did not answer in time or answered with an error. */
  'UPSTREAM_UNAVAILABLE',
  /** The database is unreachable; the BFF retries and /readyz reports it. */
  'DB_UNAVAILABLE',
  'INTERNAL',
]);
export type AppErrorCode = z.infer<typeof AppErrorCodeSchema>;

/** One thing wrong with an input, at the field it concerns (`events.3.loopId`, `params.memoryMiB`). */
export const ProblemSchema = z.object({ path: z.string(), message: z.string() });
export type Problem = z.infer<typeof ProblemSchema>;

/**
 * What an error answer carries besides tRPC's own code (`error.data.appError`), and what a REST
 * route answers beside `error` and `message`. `reason` names the refusal precisely (for example
 * `permission.missing` with `{ permission: 'plans.approve' }`) so the web app can say it in the
 * reader's language; `issues` lists every problem of a refused input, each at its field.
 */
export interface AppErrorData {
  code: AppErrorCode;
  /** Which source failed, for UPSTREAM_UNAVAILABLE. */
  source: string | null;
  /** When a RATE_LIMITED caller may try again (ISO time). */
  retryAt: string | null;
  reason: string | null;
  params: Record<string, string | number> | null;
  issues: Problem[] | null;
}

/** A zod error's issues as problems, the path joined with dots (`whole` names the input itself). */
export function problemsOf(
  error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] },
  whole = '(input)',
): Problem[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || whole, message: i.message }));
}

/** Problems as one line: "path: message; path: message", the first `max` of them. */
export function problemText(problems: readonly Problem[], max = 10): string {
  const shown = problems
    .slice(0, max)
    .map((p) => `${p.path}: ${p.message}`)
    .join('; ');
  return problems.length > max ? `${shown}; …` : shown;
}
