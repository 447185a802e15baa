import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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

type Locale = 'en' | 'de';

/**
 * The reader's language, as the app picks it (its `ralf_locale` cookie, else the browser's first
 * language), so the page preloads the right labels; a wrong guess costs one extra chunk, no more.
 */
export function pageLocale(cookie: string | undefined, acceptLanguage: string | undefined): Locale {
  if (cookie === 'en' || cookie === 'de') return cookie;
  return (acceptLanguage ?? '').trim().toLowerCase().startsWith('de') ? 'de' : 'en';
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
  // The overview (/) is index.<locale>.html with its data preload, the fleet without filters
  // fleet.<locale>.html with its code and list preloaded; every other route gets spa.<locale>.html
  // (a build without them: index.html and spa.html).
  const present = (f: string) => (existsSync(join(webDir, f)) ? f : null);
  type Kind = 'index' | 'fleet' | 'spa';
  const candidates = (kind: Kind, l: Locale) =>
    kind === 'index'
      ? [`index.${l}.html`]
      : [...(kind === 'fleet' ? [`fleet.${l}.html`] : []), `spa.${l}.html`, 'spa.html'];
  const files = Object.fromEntries(
    (['index', 'fleet', 'spa'] as const).flatMap((kind) =>
      (['en', 'de'] as const).map((l) => [
        `${kind}.${l}`,
        candidates(kind, l).map(present).find(Boolean) ?? 'index.html',
      ]),
    ),
  );
  const page = (kind: Kind, req: FastifyRequest) =>
    files[`${kind}.${pageLocale(req.cookies.ralf_locale, req.headers['accept-language'])}`] ?? 'index.html';
  const send = (req: FastifyRequest, reply: FastifyReply, kind: Kind) =>
    reply.header('cache-control', 'no-cache').header('vary', 'cookie, accept-language').sendFile(page(kind, req));
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
