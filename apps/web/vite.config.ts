import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const LOCALES = ['en', 'de'] as const;

/**
 * Routes whose page also preloads the route's code and its first request, so both are on their way
 * while the app's scripts load (issue 24: the fleet at 5,000 guests waited for the scripts, then
 * for its list). `request` must be what the app asks first there (fleetInputFromParams with no
 * parameters, as tRPC's batch link writes it; the config cannot import the app's code, which
 * imports @ralf/shared's TypeScript); e2e/specs/fleet-journey.spec.ts fails if it is not.
 */
const ROUTE_PAGES = [
  {
    name: 'fleet',
    module: /\/src\/features\/fleet\/FleetPage\.tsx$/,
    request: `/trpc/fleet.list?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { sort: 'name', dir: 'asc' } }))}`,
  },
];

/**
 * The pages the BFF serves (issue 24: nothing between the first byte and the first paint):
 * `index.<locale>.html` for the overview (with its data preload) and `spa.<locale>.html` for every
 * other route, each with the stylesheet inline (no round trip before the first paint) and the
 * reader's words preloaded beside the scripts (main.tsx waits for them before it renders); the BFF
 * picks the language from the `ralf_locale` cookie or Accept-Language. Then a .gz beside every
 * file, which the BFF serves as is (no compression per request).
 */
function pages(): Plugin {
  let outDir = 'dist';
  const words: Partial<Record<(typeof LOCALES)[number], string>> = {};
  const routeCode: Record<string, string[]> = {};
  return {
    name: 'ralf-pages',
    apply: 'build',
    configResolved(c) {
      outDir = c.build.outDir;
    },
    generateBundle(_, bundle) {
      const chunks = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []));
      const closure = (file: string, seen = new Set<string>()): Set<string> => {
        if (seen.has(file)) return seen;
        seen.add(file);
        for (const f of chunks.find((c) => c.fileName === file)?.imports ?? []) closure(f, seen);
        return seen;
      };
      const first = new Set(chunks.filter((c) => c.isEntry).flatMap((c) => [...closure(c.fileName)]));
      for (const chunk of chunks) {
        const locale = /\/i18n\/(en|de)\.json$/.exec(chunk.facadeModuleId ?? '')?.[1];
        if (locale) words[locale as (typeof LOCALES)[number]] = chunk.fileName;
        const route = ROUTE_PAGES.find((r) => r.module.test(chunk.facadeModuleId ?? ''));
        if (route) routeCode[route.name] = [...closure(chunk.fileName)].filter((f) => !first.has(f));
      }
    },
    closeBundle() {
      const index = readFileSync(join(outDir, 'index.html'), 'utf8').replace(
        /<link rel="stylesheet"[^>]*href="\/([^"]+\.css)"[^>]*>/,
        (_, css: string) => `<style>${readFileSync(join(outDir, css), 'utf8').trim()}</style>`,
      );
      const spa = index.replace(/\s*<!--[^>]*-->\s*<link rel="preload" as="fetch"[^>]*data-overview-preload[^>]*>/, '');
      for (const locale of LOCALES) {
        const file = words[locale];
        if (!file) throw new Error(`no chunk for the ${locale} labels in the build`);
        const localise = (html: string) =>
          html
            .replace('<html lang="en"', `<html lang="${locale}"`)
            .replace('</head>', `  <link rel="modulepreload" crossorigin href="/${file}">\n  </head>`);
        writeFileSync(join(outDir, `index.${locale}.html`), localise(index));
        writeFileSync(join(outDir, `spa.${locale}.html`), localise(spa));
        for (const route of ROUTE_PAGES) {
          const code = routeCode[route.name];
          if (!code?.length) throw new Error(`no chunk for the ${route.name} page in the build`);
          const preloads = [
            ...code.map((f) => `<link rel="modulepreload" crossorigin href="/${f}">`),
            `<link rel="preload" as="fetch" crossorigin="anonymous" href="${route.request.replaceAll('&', '&amp;')}" data-page-preload>`,
          ];
          const page = spa.replace('</head>', `  ${preloads.join('\n    ')}\n  </head>`);
          writeFileSync(join(outDir, `${route.name}.${locale}.html`), localise(page));
        }
      }
      writeFileSync(join(outDir, 'index.html'), index);
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
        );
      for (const f of walk(outDir))
        if (/\.(js|css|html|svg|json)$/.test(f)) writeFileSync(`${f}.gz`, gzipSync(readFileSync(f), { level: 9 }));
    },
  };
}

export default defineConfig(({ command }) => ({
  plugins: [react(), pages()],
  // The built app uses @ralf/shared's types and helpers, never its zod schemas: it gets an inert
  // stand-in for zod (src/lib/zod-types-only.ts), 26 KB gzip less in the first load.
  resolve: command === 'build' ? { alias: { zod: join(import.meta.dirname, 'src/lib/zod-types-only.ts') } } : {},
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 600 },
  // The Host header passes through unchanged, so the BFF's Origin check sees a same-origin post.
  server: { proxy: Object.fromEntries(['/trpc', '/api', '/auth'].map((p) => [p, 'http://127.0.0.1:8080'])) },
}));
