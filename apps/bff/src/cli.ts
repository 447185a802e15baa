import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from './adapters/db/client';
import { systemClock } from './adapters/ports';
import { ConfigError, loadConfig } from './config';
import { createAuditLog } from './features/audit/audit.service';

const USAGE = `usage: ralf audit verify

  audit verify   recompute the audit trail's hash chain; exit 1 and name the first event that
                 does not match. Reads DATABASE_URL (or RALF_DATA_DIR for the embedded PGlite;
                 stop ralf-ui first, PGlite's folder has one user at a time).`;

async function main(args: string[]): Promise<number> {
  if (args[0] !== 'audit' || args[1] !== 'verify') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  // eslint-disable-next-line no-restricted-properties -- an entry point, like main.ts
  const config = loadConfig(process.env, { webDir: resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist') });
  const client = await openDatabase(config.database);
  try {
    const r = await createAuditLog({ clock: systemClock })
      .verify(client.db)
      .catch((err: Error) => {
        if (/audit_event" does not exist/.test(err.message)) throw new ConfigError('this database has no audit trail yet: start ralf-ui on it once');
        throw err;
      });
    if (r.ok) {
      process.stdout.write(`audit chain verifies: ${r.checked} events\n`);
      return 0;
    }
    const b = r.firstBroken!;
    process.stdout.write(`audit chain BROKEN at event #${b.seq} (${b.id}): ${b.reason}; ${r.checked} events before it verify\n`);
    return 1;
  } finally {
    await client.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`ralf: ${err instanceof ConfigError ? err.message : ((err as Error).stack ?? String(err))}\n`);
    process.exit(2);
  },
);
