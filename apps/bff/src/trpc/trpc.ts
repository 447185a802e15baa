import { initTRPC, TRPCError } from '@trpc/server';
import { illFormedProblem, problemsOf, type Permission } from '@ralf/shared';
import { ZodError } from 'zod';
import { sameSecret } from '../lib/secrets';
import { actorOf, type Principal } from '../lib/principal';
import { AppError, appErrorData, ERROR_STATUS, isAppError } from '../lib/app-error';
import { answerOf } from '../lib/db-errors';
import type { Context } from './context';

/**
 * What a procedure declares it needs: `public` (no sign-in: the sign-in page's own calls),
 * `signed-in` (any user, whatever their roles: sign out, own password) or a permission.
 */
export type Access = 'public' | 'signed-in' | Permission;
export interface Meta {
  access: Access;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    // Live updates over SSE (issue 4): a ping keeps proxies from closing a quiet stream, and a
    // stream ends after 10 minutes so that the reconnect checks the session again (resuming
    // from the last event, so nothing is lost).
    sse: {
      ping: { enabled: true, intervalMs: 10_000 },
      maxDurationMs: 10 * 60_000,
      client: { reconnectAfterInactivityMs: 25_000 },
    },
    errorFormatter({ shape, error }) {
      // An input refused by its schema answers like any other refused input: BAD_INPUT with its issues.
      const cause =
        error.cause instanceof ZodError
          ? AppError.invalid('the input was refused', problemsOf(error.cause))
          : error.cause;
      const app = isAppError(cause) ? appErrorData(cause) : null;
      const internal = shape.data.code === 'INTERNAL_SERVER_ERROR' && !app;
      return {
        ...shape,
        message: internal ? 'internal error' : isAppError(cause) ? cause.message : shape.message,
        data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, appError: app },
      };
    },
  });

/**
 * Turns an AppError thrown below into a TRPCError with the mapped code; a value the database
 * could not store is the caller's input (400), and a database that is away is a 503 with
 * Retry-After, whichever procedure it reached.
 */
const appErrors = t.middleware(async ({ next }) => {
  const res = await next();
  if (!res.ok) {
    const app = answerOf(res.error.cause);
    if (app) throw new TRPCError({ code: ERROR_STATUS[app.code].trpc, message: app.message, cause: app });
  }
  return res;
});

/**
 * Every input, whatever its schema, is well-formed text (issue 15): a NUL or a lone surrogate
 * anywhere, in free-form JSON too, is refused before a procedure sees it.
 */
const wellFormedInput = t.middleware(async ({ getRawInput, next }) => {
  const problem = illFormedProblem(await getRawInput(), 'input');
  if (problem) throw new AppError('BAD_INPUT', { message: problem });
  return next();
});

/**
 * The one place that decides access to a procedure (issue 3), from the permission it declared.
 * A cookie-authenticated mutation must also carry the session's CSRF token; the HTTP layer has
 * already refused cross-site and non-JSON posts (http/access.ts). A refused mutation is audited.
 */
const authorize = t.middleware(async ({ ctx, meta, type, path, next }) => {
  const access = meta?.access;
  if (!access) throw new AppError('INTERNAL', { message: `procedure ${path} declares no access` });
  const token = ctx.cookie.current;
  if (access === 'public') {
    // The sign-in page's calls work while the database is away; they only want to know who is there.
    const principal = token ? await ctx.services.auth.authenticate(token).catch(() => null) : null;
    return next({ ctx: { principal } });
  }
  const p = token ? await ctx.services.auth.authenticate(token) : null;
  if (p?.kind !== 'user') throw new AppError('UNAUTHENTICATED', { message: 'sign in first', reason: 'session.none' });
  if (type === 'mutation' && !(ctx.csrfToken && sameSecret(ctx.csrfToken, p.csrfToken))) {
    throw new AppError('FORBIDDEN', {
      message: 'the request lacks the CSRF token of this session; reload the page',
      reason: 'csrf.missing',
    });
  }
  if (access !== 'signed-in' && !p.user.permissions.includes(access)) {
    if (type === 'mutation')
      await ctx.services.audit.recordDenied({
        actor: actorOf(p),
        action: path,
        sourceIp: ctx.meta.ip,
        details: { needs: access },
      });
    throw new AppError('FORBIDDEN', {
      message: `this needs the ${access} permission, which none of your roles grants`,
      reason: 'permission.missing',
      params: { permission: access },
    });
  }
  return next({ ctx: { principal: p } });
});

/** The signed-in caller of a procedure whose access is not `public` (authorize made sure). */
export function caller(ctx: Context): Principal & { kind: 'user' } {
  if (ctx.principal?.kind !== 'user') throw new AppError('UNAUTHENTICATED', { message: 'sign in first' });
  return ctx.principal;
}

/** A procedure with its declared access; there is no other way to make one here. */
export const procedure = (access: Access) =>
  t.procedure.meta({ access }).use(appErrors).use(wellFormedInput).use(authorize);

/** The declared access of every procedure in a router, by path. */
export function accessTable(r: { _def: { procedures: object } }): Record<string, Access | undefined> {
  const out: Record<string, Access | undefined> = {};
  for (const [path, proc] of Object.entries(r._def.procedures))
    out[path] = (proc as { _def?: { meta?: Meta } })._def?.meta?.access;
  return out;
}

/** `t.router` that refuses a procedure without a declared access, so it cannot be registered. */
export function router<T extends Parameters<typeof t.router>[0]>(record: T) {
  const r = t.router(record);
  const missing = Object.entries(accessTable(r))
    .filter(([, a]) => !a)
    .map(([p]) => p);
  if (missing.length) throw new Error(`procedures without a declared access: ${missing.join(', ')}`);
  return r;
}

export const createCallerFactory = t.createCallerFactory;
