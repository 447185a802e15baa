import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from './adapters/db/client';
import { systemClock } from './adapters/ports';
import { ConfigError, loadConfig } from './config';
import { messageText, msg, NewPasswordSchema, problemsOf, type Message } from '@ralf/shared';

type Say = (m: Message) => string;
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

async function resetPassword(db: Db, username: string, say: Say): Promise<number> {
  const password = NewPasswordSchema.safeParse(await readStdin());
  if (!password.success)
    throw new ConfigError(
      say(msg('cli.badPassword', { problem: problemsOf(password.error)[0] ?? msg('input.notValid') })),
    );
  const clock = systemClock;
  await createUsersService({
    db,
    cache: null,
    audit: createAuditLog({ clock }),
    clock,
    passwords: argon2Passwords,
  }).recover(username, password.data);
  process.stdout.write(`${say(msg('cli.passwordReset', { username }))}\n`);
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
    pgliteSeed: resolve(dirname(fileURLToPath(import.meta.url)), 'pglite-seed.tar.gz'),
  });
  // What the CLI prints is in RALF_LANGUAGE (issue 18).
  const say: Say = (m) => messageText(config.language, m);
  const client = await openDatabase(config.database);
  try {
    if (reset) return await resetPassword(client.db, args[2]!, say);
    const r = await createAuditLog({ clock: systemClock })
      .verify(client.db)
      .catch((err: Error) => {
        if (/audit_event" does not exist/.test(err.message)) throw new ConfigError(say(msg('cli.noAuditTrail')));
        throw err;
      });
    const line = (m: Message) => process.stdout.write(`${say(m)}\n`);
    if (r.ok) {
      line(msg('cli.auditOk', { n: r.checked }));
      return 0;
    }
    line(msg('cli.auditBroken', { broken: r.brokenCount, total: r.checked + r.brokenCount }));
    for (const b of r.broken) line(msg('cli.auditEvent', { seq: b.seq, id: b.id, reason: b.reason }));
    if (r.brokenCount > r.broken.length) line(msg('cli.auditMore', { n: r.brokenCount - r.broken.length }));
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
