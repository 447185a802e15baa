import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** Writes a .gz beside every asset, which the BFF serves as is (no compression per request). */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'ralf-precompress',
    apply: 'build',
    configResolved(c) {
      outDir = c.build.outDir;
    },
    closeBundle() {
      // Other routes get the same page without the overview's data preload.
      const html = readFileSync(join(outDir, 'index.html'), 'utf8');
      writeFileSync(
        join(outDir, 'spa.html'),
        html.replace(/\s*<!--[^>]*-->\s*<link rel="preload" as="fetch"[^>]*data-overview-preload[^>]*>/, ''),
      );
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
  plugins: [react(), precompress()],
  // The built app uses @ralf/shared's types and helpers, never its zod schemas: it gets an inert
  // stand-in for zod (src/lib/zod-types-only.ts), 26 KB gzip less in the first load.
  resolve: command === 'build' ? { alias: { zod: join(import.meta.dirname, 'src/lib/zod-types-only.ts') } } : {},
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 600 },
  // The Host header passes through unchanged, so the BFF's Origin check sees a same-origin post.
  server: { proxy: Object.fromEntries(['/trpc', '/api', '/auth'].map((p) => [p, 'http://127.0.0.1:8080'])) },
}));
