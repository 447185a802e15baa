import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the server's and the CLI's parts are, beside the bundle (dist/main.js and dist/cli.js, or
 * src/ when run from source): the web app, the catalog, the core profile and PGlite's seed cluster.
 * The defaults loadConfig falls back on; a release keeps the same layout (scripts/release.sh).
 */
export function installPaths() {
  const here = dirname(fileURLToPath(import.meta.url));
  return {
    webDir: resolve(here, '../../web/dist'),
    catalogDir: resolve(here, '../catalog'),
    profile: resolve(here, '../profiles/core.yaml'),
    pgliteSeed: resolve(here, 'pglite-seed.tar.gz'),
  };
}
