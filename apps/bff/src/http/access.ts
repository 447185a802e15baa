import { illFormedProblem, type TokenScope } from '@ralf/shared';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Principal, RequestMeta } from '../lib/principal';
import { AppError, appErrorData, ERROR_STATUS, isAppError, retryAfterSeconds } from '../lib/app-error';
import { answerOf } from '../lib/db-errors';
import type { Access } from '../trpc/trpc';
import type { Services } from '../trpc/context';
import { cookieName } from './session-cookie';
import { HOST_CHECK_EXEMPT, hostAllowed, hostName } from './allowed-hosts';

/**
 * What a Fastify route declares (issue 3): `public`, `trpc` (the tRPC endpoint, where each
 * procedure declares its own), a procedure-style access for a signed-in user, or an API token
 * with a scope (`any`: every valid token).
 */
export type RouteAccess = Access | 'trpc' | { token: TokenScope | 'any' };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyReply {
    /** Why the request was refused, for the ingest traffic log. */
    rejectReason: string | null;
  }
}

export const requestMeta = (req: FastifyRequest): RequestMeta => ({
  ip: req.ip,
  userAgent: req.headers['user-agent'] ?? null,
});

/** The routes every Fastify instance has registered, with their declared access, for the classification test. */
export type RouteTable = { method: string; url: string; access: RouteAccess | undefined }[];

/**
 * Installs the one access check of the REST routes, and the HTTP half of CSRF protection for
 * tRPC. A route that declares no access makes `ready()` fail, so it cannot be served.
 */
export function installAccessControl(
  app: FastifyInstance,
  services: Pick<Services, 'auth' | 'tokens'>,
  opts: { publicOrigin: string | null; allowedHosts?: readonly string[] },
): () => RouteTable {
  const hosts = {
    publicHost: opts.publicOrigin ? hostName(new URL(opts.publicOrigin).host) : null,
    allowed: opts.allowedHosts ?? [],
  };
  const routes: { route: RouteOptions }[] = [];
  app.decorateRequest('principal', null);
  app.decorateReply('rejectReason', null);
  app.addHook('onRoute', (route) => {
    routes.push({ route });
  });
  app.addHook('onReady', async () => {
    const missing = routes
      .filter((r) => !r.route.config?.access)
      .map((r) => `${String(r.route.method)} ${r.route.url}`);
    if (missing.length) throw new Error(`routes without a declared access: ${missing.join(', ')}`);
  });

  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config.access;
    // Browser-facing routes answer only on names the operator chose; token routes carry no cookie.
    if (
      typeof access !== 'object' &&
      !HOST_CHECK_EXEMPT.has(req.routeOptions.url ?? '') &&
      !hostAllowed(req.host, hosts)
    ) {
      throw new AppError('FORBIDDEN', {
        message: `ralf-ui does not answer on the host name ${hostName(req.host) ?? '(invalid)'}: add it to ALLOWED_HOSTS or set RALF_PUBLIC_URL`,
      });
    }
    if (access === 'trpc') {
      if (req.method === 'POST') assertSameOriginJson(req, opts.publicOrigin);
      return;
    }
    if (!access || access === 'public') return;
    if (typeof access === 'object') {
      const auth = req.headers.authorization;
      if (!auth?.startsWith('Bearer '))
        throw new AppError('UNAUTHENTICATED', {
          message: 'this route needs an API token: Authorization: Bearer <token>',
        });
      const p = await services.tokens.authenticate(auth.slice(7).trim(), requestMeta(req));
      if (access.token !== 'any' && !p.scopes.includes(access.token))
        throw new AppError('FORBIDDEN', { message: `API token ${p.name} lacks the scope ${access.token}` });
      req.principal = p;
      return;
    }
    const token = req.cookies[cookieName(req)];
    const p = token ? await services.auth.authenticate(token) : null;
    if (p?.kind !== 'user') throw new AppError('UNAUTHENTICATED', { message: 'sign in first' });
    if (access !== 'signed-in' && !p.user.permissions.includes(access))
      throw new AppError('FORBIDDEN', { message: `this needs the ${access} permission` });
    req.principal = p;
  });

  // Every REST body and query string is well-formed text (issue 15); tRPC checks its own input.
  app.addHook('preHandler', async (req) => {
    if (req.routeOptions.config.access === 'trpc') return;
    const problem = illFormedProblem(req.query, 'query') ?? illFormedProblem(req.body, 'body');
    if (problem) throw new AppError('BAD_INPUT', { message: problem });
  });

  app.setErrorHandler((raw, req, reply) => {
    const err = answerOf(raw) ?? raw;
    if (isAppError(err)) {
      const retryAfter = retryAfterSeconds(err);
      if (retryAfter !== null) reply.header('retry-after', retryAfter);
      if (err.code === 'INTERNAL') req.log.error({ err: err.cause ?? err }, err.message);
      reply.rejectReason = err.message;
      return reply.code(ERROR_STATUS[err.code].http).send({
        error: err.code,
        message: err.message,
        appError: appErrorData(err),
        ...(err.issues && { issues: err.issues }),
      });
    }
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) req.log.error({ err }, 'request failed');
    const message = status >= 500 ? 'internal error' : (err as Error).message;
    reply.rejectReason = message;
    return reply
      .code(status)
      .send({ error: status === 413 ? 'PAYLOAD_TOO_LARGE' : status >= 500 ? 'INTERNAL' : 'BAD_INPUT', message });
  });

  return () =>
    routes.map(({ route }) => ({ method: String(route.method), url: route.url, access: route.config?.access }));
}

/** Declares the access of every route a plugin registers inside `scope` (static files, tRPC's endpoint). */
export function declareAccess(scope: FastifyInstance, access: RouteAccess) {
  scope.addHook('onRoute', (route) => {
    route.config = { ...route.config, access: route.config?.access ?? access };
  });
}

/**
 * A cross-site form post or a `text/plain` body never reaches a procedure (trpc/trpc#5522):
 * tRPC posts must be JSON, and a browser's Origin, when sent, must be ours.
 */
function assertSameOriginJson(req: FastifyRequest, publicOrigin: string | null) {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json')
    throw new AppError('FORBIDDEN', { message: 'tRPC requests must be sent as application/json' });
  const site = req.headers['sec-fetch-site'];
  if (site && site !== 'same-origin' && site !== 'none')
    throw new AppError('FORBIDDEN', { message: 'cross-site requests are refused' });
  const origin = req.headers.origin;
  if (origin && origin !== (publicOrigin ?? `${req.protocol}://${req.host}`))
    throw new AppError('FORBIDDEN', { message: `requests from ${origin} are refused` });
}
