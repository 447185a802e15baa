import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import type { AppErrorCode, AppErrorData } from '@ralf/shared';
import { ZodError, z } from 'zod';
import { isAppError } from '../lib/app-error';
import type { Context } from './context';

/** The one table from our error codes to tRPC's (and so to HTTP statuses). */
export const TRPC_CODE: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  NOT_FOUND: 'NOT_FOUND',
  BAD_INPUT: 'BAD_REQUEST',
  CONFLICT: 'CONFLICT',
  UPSTREAM_UNAVAILABLE: 'BAD_GATEWAY',
  DB_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const app: AppErrorData | null = isAppError(error.cause) ? { code: error.cause.code, source: error.cause.source ?? null } : null;
    const zodError = error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
    const internal = shape.data.code === 'INTERNAL_SERVER_ERROR' && !app;
    return {
      ...shape,
      message: internal ? 'internal error' : shape.message,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, appError: app, zodError },
    };
  },
});

/** Turns an AppError thrown below into a TRPCError with the mapped code. */
const appErrors = t.middleware(async ({ next }) => {
  const res = await next();
  if (!res.ok && isAppError(res.error.cause)) {
    const app = res.error.cause;
    throw new TRPCError({ code: TRPC_CODE[app.code], message: app.message, cause: app });
  }
  return res;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
/** Reads for everyone; issue 3 adds the role-checked procedures beside it. */
export const publicProcedure = t.procedure.use(appErrors);
