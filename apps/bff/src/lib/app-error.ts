import type { AppErrorCode, AppErrorData } from '@ralf/shared';

/** The one error type services throw; trpc.ts and the REST handlers map its code once. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly source: string | undefined;
  readonly retryAt: Date | undefined;
  constructor(code: AppErrorCode, opts: { message?: string; source?: string; retryAt?: Date; cause?: unknown } = {}) {
    super(opts.message ?? code, { cause: opts.cause });
    this.code = code;
    this.source = opts.source;
    this.retryAt = opts.retryAt;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** The error body's `appError` part, the same for tRPC and the REST routes. */
export const appErrorData = (e: AppError): AppErrorData => ({ code: e.code, source: e.source ?? null, retryAt: e.retryAt?.toISOString() ?? null });

/** HTTP status per code, for the REST routes (tRPC maps through TRPC_CODE to the same statuses). */
export const HTTP_STATUS: Record<AppErrorCode, number> = {
  NOT_FOUND: 404, BAD_INPUT: 400, CONFLICT: 409, STALE_REVISION: 409, UNAUTHENTICATED: 401, FORBIDDEN: 403, RATE_LIMITED: 429,
  UPSTREAM_UNAVAILABLE: 502, DB_UNAVAILABLE: 503, INTERNAL: 500,
};

/** How long a caller is told to wait while the database is away, whoever noticed it (issue 16). */
export const DB_RETRY_AFTER_MS = 5000;

/** Seconds until a refused caller may try again (at least 1), or null when the error does not say. */
export function retryAfterSeconds(e: unknown, nowMs = Date.now()): number | null {
  if (!isAppError(e)) return null;
  if (!e.retryAt) return e.code === 'DB_UNAVAILABLE' ? DB_RETRY_AFTER_MS / 1000 : null;
  return Math.max(1, Math.ceil((e.retryAt.getTime() - nowMs) / 1000));
}

/** A `Retry-After` header for a tRPC answer whose errors say when to come back (the latest of them). */
export function retryAfterHeaders(causes: unknown[]): { headers?: Record<string, string> } {
  const seconds = causes.map((c) => retryAfterSeconds(c)).filter((s): s is number => s !== null);
  return seconds.length ? { headers: { 'retry-after': String(Math.max(...seconds)) } } : {};
}
