// Bundles the BFF (dist/main.js) and its CLI (dist/cli.js) with the shared package; npm
// dependencies stay external.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/main.ts', 'src/cli.ts'],
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
