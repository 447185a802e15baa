import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * An empty PGlite cluster, made once (at build time) and unpacked into a new data folder instead of
 * running initdb there (issue 24). initdb inside PGlite's WebAssembly grows the process to about
 * 830 MiB, memory the heap never gives back; unpacking this folder stays near 370 MiB, so a first
 * start fits a 512 MiB container. It is the same PostgreSQL's own initdb output, dumped by PGlite.
 */
export async function makePgliteSeed(file: string): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const pg = await PGlite.create();
  try {
    const tar = await pg.dumpDataDir('gzip');
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await tar.arrayBuffer()));
    renameSync(tmp, file);
  } finally {
    await pg.close();
  }
}

/**
 * The seed to unpack into `dataDir`: only when the folder holds no cluster yet (in-memory: always),
 * and only when the seed file is there (without it PGlite runs initdb, as before).
 */
export function seedFor(dataDir: string | null, seedFile: string | null | undefined): Blob | null {
  if (!seedFile || !existsSync(seedFile)) return null;
  if (dataDir && existsSync(join(dataDir, 'PG_VERSION'))) return null;
  return new Blob([readFileSync(seedFile)]);
}
