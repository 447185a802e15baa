import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import type { FastifyInstance } from 'fastify';
import { TRPC_MAX_BATCH } from '@ralf/shared';
import { declareAccess, requestMeta } from '../http/access';
import { sessionCookie } from '../http/session-cookie';
import { retryAfterHeaders } from '../lib/app-error';
import { appRouter, type AppRouter } from './app-router';
import type { Context, Services } from './context';

/** Serves every procedure under `/trpc`, with the services in each call's context. */
export async function installTrpc(app: FastifyInstance, services: Services): Promise<void> {
  await app.register(async (scope) => {
    declareAccess(scope, 'trpc');
    // An event stream must not be compressed (a gzip stream buffers): live updates go out as written.
    scope.addHook('onRequest', (req, _reply, done) => {
      if (req.headers.accept?.includes('text/event-stream')) delete req.headers['accept-encoding'];
      done();
    });
    await scope.register(fastifyTRPCPlugin, {
      prefix: '/trpc',
      trpcOptions: {
        router: appRouter,
        // One GET batching hundreds of calls must not hold the pool's every connection (issue 15);
        // the web client batches at most as many (apps/web/src/lib/trpc.ts).
        maxBatchSize: TRPC_MAX_BATCH,
        // A refusal that says when to come back says it in Retry-After too (429, 503).
        responseMeta: ({ errors }) => retryAfterHeaders(errors.map((e) => e.cause)),
        createContext: ({ req, res }): Context => ({
          services,
          principal: null,
          meta: requestMeta(req),
          csrfToken: typeof req.headers['x-ralf-csrf'] === 'string' ? req.headers['x-ralf-csrf'] : null,
          cookie: sessionCookie(req, res),
        }),
        onError({ error, path }) {
          if (error.code === 'INTERNAL_SERVER_ERROR')
            app.log.error({ err: error.cause ?? error, path }, 'procedure failed');
        },
      } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
    });
  });
}
