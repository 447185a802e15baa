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
