import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from './adapters/db/client';
import { systemClock } from './adapters/ports';
import { ConfigError, loadConfig } from './config';
import { NewPasswordSchema } from '@ralf/shared';
import type { Db } from './adapters/db/client';
import { createAuditLog } from './features/audit/audit.service';
import { argon2Passwords } from './features/auth/passwords';
import { createUsersService } from './features/auth/users.service';
import { isAppError } from './lib/app-error';

const USAGE = `usage: ralf audit verify
       ralf users reset-password <username>   (the new password on standard input)

  audit verify           recompute the audit trail's hash chain; exit 1 and name the first
                         event that does not match.
  users reset-password   the way back in when no admin can sign in: sets the password read
                         from standard input, enables the account and ends its sessions
                         (audited as system:cli).

  Both read DATABASE_URL (or RALF_DATA_DIR for the embedded PGlite; stop ralf-ui first,
  PGlite's folder has one user at a time).`;

async function readStdin(): Promise<string> {
  let s = '';
  for await (const chunk of process.stdin) s += String(chunk);
  return s.replace(/\r?\n$/, '');
}

async function resetPassword(db: Db, username: string): Promise<number> {
  const password = NewPasswordSchema.safeParse(await readStdin());
  if (!password.success)
    throw new ConfigError(`the new password on standard input: ${password.error.issues[0]?.message ?? 'invalid'}`);
  const clock = systemClock;
  await createUsersService({
    db,
    cache: null,
    audit: createAuditLog({ clock }),
    clock,
    passwords: argon2Passwords,
  }).recover(username, password.data);
  process.stdout.write(`password of ${username} reset; the account is enabled and its sessions ended\n`);
  return 0;
}

async function main(args: string[]): Promise<number> {
  const verify = args[0] === 'audit' && args[1] === 'verify' && args.length === 2;
  const reset = args[0] === 'users' && args[1] === 'reset-password' && args.length === 3;
  if (!verify && !reset) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  // eslint-disable-next-line no-restricted-properties -- an entry point, like main.ts
  const config = loadConfig(process.env, {
    webDir: resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist'),
  });
  const client = await openDatabase(config.database);
  try {
    if (reset) return await resetPassword(client.db, args[2]!);
    const r = await createAuditLog({ clock: systemClock })
      .verify(client.db)
      .catch((err: Error) => {
        if (/audit_event" does not exist/.test(err.message))
          throw new ConfigError('this database has no audit trail yet: start ralf-ui on it once');
        throw err;
      });
    if (r.ok) {
      process.stdout.write(`audit chain verifies: ${r.checked} events\n`);
      return 0;
    }
    process.stdout.write(`audit chain BROKEN: ${r.brokenCount} of ${r.checked + r.brokenCount} events do not verify\n`);
    for (const b of r.broken) process.stdout.write(`  event #${b.seq} (${b.id}): ${b.reason}\n`);
    if (r.brokenCount > r.broken.length) process.stdout.write(`  … and ${r.brokenCount - r.broken.length} more\n`);
    return 1;
  } finally {
    await client.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `ralf: ${err instanceof ConfigError || isAppError(err) ? err.message : ((err as Error).stack ?? String(err))}\n`,
    );
    process.exit(2);
  },
);
