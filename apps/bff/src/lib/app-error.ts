import type { AppErrorCode } from '@ralf/shared';

/** The one error type services throw; trpc.ts and the REST handlers map its code once. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly source: string | undefined;
  constructor(code: AppErrorCode, opts: { message?: string; source?: string; cause?: unknown } = {}) {
    super(opts.message ?? code, { cause: opts.cause });
    this.code = code;
    this.source = opts.source;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
