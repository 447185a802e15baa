import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { gunzipSync } from 'node:zlib';

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
 * Whether to start from the seed: only when the folder holds no cluster yet (in-memory: always),
 * and only when the seed file is there (without it PGlite runs initdb, as before).
 */
export function seedFor(dataDir: string | null, seedFile: string | null | undefined): string | null {
  if (!seedFile || !existsSync(seedFile)) return null;
  if (dataDir && existsSync(join(dataDir, 'PG_VERSION'))) return null;
  return seedFile;
}

/**
 * Unpacks the seed into a new data folder before PGlite opens it, so PGlite starts as on any later
 * start (its own unpacking inside the WebAssembly heap costs about 60 MiB more at the peak). The
 * tarball is PGlite's own dump: directories and regular files under absolute paths, ustar headers.
 */
export function unpackSeed(seedFile: string, dataDir: string): void {
  const tar = gunzipSync(readFileSync(seedFile));
  const text = (at: number, len: number) => tar.toString('latin1', at, at + len).replace(/\0.*$/s, '');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  for (let at = 0; at + 512 <= tar.length;) {
    const name = text(at + 345, 155) ? `${text(at + 345, 155)}/${text(at, 100)}` : text(at, 100);
    if (!name) break;
    const size = parseInt(text(at + 124, 12).trim() || '0', 8);
    const type = text(at + 156, 1) || '0';
    const rel = normalize(name.replace(/^\/+/, ''));
    if (rel.startsWith('..')) throw new Error(`the PGlite seed names a path outside its folder: ${name}`);
    const path = join(dataDir, rel);
    if (type === '5') mkdirSync(path, { recursive: true, mode: 0o700 });
    else if (type === '0') {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      writeFileSync(path, tar.subarray(at + 512, at + 512 + size), { mode: 0o600 });
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
}
