import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LANGUAGES, readerLanguage } from '@ralf/shared';
import { declareAccess } from './access';

/** Serves the built web app, with a page in the reader's language for every client-side route. */
export async function installWebApp(app: FastifyInstance, webDir: string | null) {
  if (!webDir || !existsSync(join(webDir, 'index.html'))) {
    app.log.warn({ webDir }, 'web app not built: only the API is served (run the build)');
    return;
  }
  await app.register(async (scope) => {
    declareAccess(scope, 'public');
    await installStatic(scope, webDir);
  });
}

async function installStatic(app: FastifyInstance, webDir: string) {
  await app.register(fastifyStatic, {
    root: webDir,
    preCompressed: true,
    wildcard: false,
    index: false,
    setHeaders(res, path) {
      res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // The build writes a page per language (apps/web/vite.config.ts): the overview's (/) with its
  // data preload, the fleet's without filters with its code and list preloaded, and one for every
  // other route. A folder without them (an older build) gets index.html for every route.
  type Kind = 'index' | 'fleet' | 'spa';
  const pages = new Map(
    (['index', 'fleet', 'spa'] as const).flatMap((kind) =>
      LANGUAGES.map((l) => [
        `${kind}.${l}`,
        existsSync(join(webDir, `${kind}.${l}.html`)) ? `${kind}.${l}.html` : 'index.html',
      ]),
    ),
  );
  const send = (req: FastifyRequest, reply: FastifyReply, kind: Kind) => {
    const page = pages.get(`${kind}.${readerLanguage(req.cookies.ralf_locale, req.headers['accept-language'])}`);
    return reply.header('cache-control', 'no-cache').header('vary', 'cookie, accept-language').sendFile(page!);
  };
  app.get('/', (req, reply) => send(req, reply, 'index'));
  // Filters in the address make another first request than the preloaded one.
  app.get('/fleet', (req, reply) => send(req, reply, req.url.includes('?') ? 'spa' : 'fleet'));
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (
      req.method === 'GET' &&
      !/^\/(trpc|api|auth|metrics|healthz|readyz|demo-lab)(\/|$)/.test(path) &&
      !path.startsWith('/assets/')
    ) {
      return send(req, reply, 'spa');
    }
    return reply.code(404).send({ error: 'Not Found', message: `no route ${req.method} ${path}` });
  });
}
