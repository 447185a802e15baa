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

/** What an error answer carries besides tRPC's own code (`error.data.appError`). */
export interface AppErrorData {
  code: AppErrorCode;
  /** Which source failed, for UPSTREAM_UNAVAILABLE. */
  source: string | null;
  /** When a RATE_LIMITED caller may try again (ISO time). */
  retryAt: string | null;
}
