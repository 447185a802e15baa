import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import {
  englishText,
  problemsOf,
  problemText,
  type AppErrorCode,
  type AppErrorData,
  type Message,
  type MessageParams,
  type Problem,
} from '@ralf/shared';
import type { z } from 'zod';

/**
 * The one table from our error codes to answers: the HTTP status the REST routes send and the
 * tRPC code procedures throw (which tRPC turns into the same status).
 */
export const ERROR_STATUS: Record<AppErrorCode, { http: number; trpc: TRPC_ERROR_CODE_KEY }> = {
  NOT_FOUND: { http: 404, trpc: 'NOT_FOUND' },
  BAD_INPUT: { http: 400, trpc: 'BAD_REQUEST' },
  CONFLICT: { http: 409, trpc: 'CONFLICT' },
  STALE_REVISION: { http: 409, trpc: 'CONFLICT' },
  UNAUTHENTICATED: { http: 401, trpc: 'UNAUTHORIZED' },
  FORBIDDEN: { http: 403, trpc: 'FORBIDDEN' },
  RATE_LIMITED: { http: 429, trpc: 'TOO_MANY_REQUESTS' },
  UPSTREAM_UNAVAILABLE: { http: 502, trpc: 'BAD_GATEWAY' },
  DB_UNAVAILABLE: { http: 503, trpc: 'SERVICE_UNAVAILABLE' },
  INTERNAL: { http: 500, trpc: 'INTERNAL_SERVER_ERROR' },
};

export interface AppErrorOptions {
  /** What went wrong as a code of the catalog with parameters (issue 18): the web app says it in the reader's language. */
  msg?: Message;
  /** English for logs and API clients; by default `msg` in English. */
  message?: string;
  /** Which source failed (UPSTREAM_UNAVAILABLE). */
  source?: string;
  /** When the caller may try again (RATE_LIMITED, and a database that is away). */
  retryAt?: Date;
  /** The refusal precisely, as a code the web app translates (`permission.missing`), with its parameters. */
  reason?: string;
  params?: MessageParams;
  /** Every problem of a refused input, each at its field. */
  issues?: Problem[];
  cause?: unknown;
}

/** The one error type services throw; trpc.ts and the REST handlers map its code through ERROR_STATUS. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly source: string | undefined;
  readonly retryAt: Date | undefined;
  readonly reason: string | undefined;
  readonly params: MessageParams | undefined;
  readonly issues: Problem[] | undefined;
  constructor(code: AppErrorCode, opts: AppErrorOptions = {}) {
    super(opts.message ?? (opts.msg ? englishText(opts.msg) : code), { cause: opts.cause });
    this.code = code;
    this.source = opts.source;
    this.retryAt = opts.retryAt;
    this.reason = opts.reason ?? opts.msg?.code;
    this.params = opts.params ?? opts.msg?.params;
    this.issues = opts.issues;
  }

  /** A refused input with every problem listed (the first 50), and the first ten in its message. */
  static invalid(what: string, problems: readonly Problem[]): AppError {
    return new AppError('BAD_INPUT', {
      message: `${what}: ${problemText(problems)}`,
      reason: 'input.invalid',
      issues: problems.slice(0, 50),
    });
  }
}

/** Parses a REST route's body or query with its shared schema; a violation is a 400 listing every problem. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, whole: '(body)' | '(query)'): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw AppError.invalid(`the ${whole.slice(1, -1)} does not match the schema`, problemsOf(r.error, whole));
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** The error body's `appError` part, the same for tRPC and the REST routes. */
export const appErrorData = (e: AppError): AppErrorData => ({
  code: e.code,
  source: e.source ?? null,
  retryAt: e.retryAt?.toISOString() ?? null,
  reason: e.reason ?? null,
  params: e.params ?? null,
  issues: e.issues ?? null,
});

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
