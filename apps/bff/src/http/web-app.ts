import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { declareAccess } from './access';

/** Serves the built web app, with index.html for every client-side route. */
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
    setHeaders(res, path) {
      res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // The overview (/) is index.html with its data preload; every other route gets spa.html.
  const spa = existsSync(join(webDir, 'spa.html')) ? 'spa.html' : 'index.html';
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (
      req.method === 'GET' &&
      !/^\/(trpc|api|auth|metrics|healthz|readyz|demo-lab)(\/|$)/.test(path) &&
      !path.startsWith('/assets/')
    ) {
      return reply.header('cache-control', 'no-cache').sendFile(spa);
    }
    return reply.code(404).send({ error: 'Not Found', message: `no route ${req.method} ${path}` });
  });
}
