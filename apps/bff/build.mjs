// Bundles the BFF (dist/main.js) and its CLI (dist/cli.js) with the shared package; npm
// dependencies stay external.
import { build } from 'esbuild';

await build({
  entryPoints: [
    { in: 'src/main.ts', out: 'main' },
    { in: 'src/cli.ts', out: 'cli' },
    { in: 'src/adapters/db/pglite-seed.ts', out: 'pglite-seed' },
  ],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'external-npm',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@ralf/') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});

// The empty PGlite cluster a new data folder is unpacked from (issue 24: no initdb at first start).
const { makePgliteSeed } = await import('./dist/pglite-seed.js');
await makePgliteSeed('dist/pglite-seed.tar.gz');
