import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './client';
import { migrate } from './migrate';
import { makePgliteSeed, seedFor } from './pglite-seed';

describe('a new data folder unpacked from the seed instead of initdb', () => {
  it('migrates, keeps what was written across a restart, and is never unpacked over an existing cluster', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ralf-seed-'));
    const seed = join(dir, 'seed.tar.gz');
    await makePgliteSeed(seed);
    const dataDir = join(dir, 'pglite');
    expect(seedFor(dataDir, seed)).toBe(seed);
    expect(seedFor(dataDir, join(dir, 'missing.tar.gz'))).toBeNull();

    const first = await openDatabase({ kind: 'pglite', dataDir, seed });
    expect((await migrate(first)).length).toBeGreaterThan(10);
    await sql`insert into ralf.node (id, name, cluster, status, cpu_cores, memory_bytes) values ('node/pve9', 'pve9', 'lab', 'online', 4, 1)`.execute(
      first.db,
    );
    await first.close();
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    // The folder holds a cluster now: the seed is not unpacked over it.
    expect(seedFor(dataDir, seed)).toBeNull();
    const again = await openDatabase({ kind: 'pglite', dataDir, seed });
    expect(await migrate(again)).toEqual([]);
    const rows = await sql<{ name: string }>`select name from ralf.node`.execute(again.db);
    expect(rows.rows.map((r) => r.name)).toEqual(['pve9']);
    await again.close();
  });
});
