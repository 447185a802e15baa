import { msg, type Message } from '@ralf/shared';
import type { DbClient } from '../adapters/db/client';
import { restoreState, writeBackupFile, type StateDump } from './backup';

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** `ralf-ui backup <file>`: the whole state in one snapshot, written beside and renamed. */
export async function backupTo(client: DbClient, file: string, out: (m: Message) => void): Promise<number> {
  const dump = await writeBackupFile(client, file);
  const counts = Object.fromEntries([...dump.tables].map(([t, rows]) => [t, rows.length]));
  out(
    msg('cli.backupWritten', {
      file,
      rows: total(counts),
      tables: dump.tables.size,
      release: dump.header.release,
      source: dump.header.source === 'pglite' ? msg('cli.embedded') : 'PostgreSQL',
    }),
  );
  return 0;
}

/** `ralf-ui restore <file>` and `migrate-to-postgres`: the dump into an empty database. */
export async function restoreFrom(
  client: DbClient,
  dump: StateDump,
  file: string | null,
  out: (m: Message) => void,
  target?: string,
): Promise<void> {
  const counts = await restoreState(client, dump);
  const rows = total(counts);
  const tables = Object.keys(counts).length;
  out(
    file
      ? msg('cli.restored', { rows, tables, file, release: dump.header.release, createdAt: dump.header.createdAt })
      : msg('cli.migratedTo', { rows, tables, target: target ?? '' }),
  );
}
