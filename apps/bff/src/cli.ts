import { DatabaseUnreachableError, openDatabase, redact, type DbClient } from './adapters/db/client';
import { DataDirInUseError } from './adapters/db/data-dir-lock';
import { DowngradeError } from './adapters/db/migrate';
import { systemClock } from './adapters/ports';
import { installPaths } from './install-paths';
import { ConfigError, loadConfig, type Config } from './config';
import { BackupFileError, dumpState, readBackupFile } from './ops/backup';
import { backupTo, restoreFrom } from './ops/state-commands';
import { runDoctor } from './ops/doctor';
import { RALF_VERSION } from './version';
import { messageText, msg, NewPasswordSchema, problemsOf, type Message } from '@ralf/shared';

type Say = (m: Message) => string;
import type { Db } from './adapters/db/client';
import { createAuditLog } from './features/audit/audit.service';
import { argon2Passwords } from './features/auth/passwords';
import { createUsersService } from './features/auth/users.service';
import { isAppError } from './lib/app-error';

const USAGE = `usage: ralf-ui [serve]                  start the server (the launcher; npm start)
       ralf-ui doctor                   check every configured connection; exit 1 when a required one fails
       ralf-ui backup <file>            write ralf-ui's own state (every table) to <file>
       ralf-ui restore <file>           load a backup into an empty database, then verify the audit chain
       ralf-ui migrate-to-postgres --to <DATABASE_URL>
                                        move the embedded database's state to an empty PostgreSQL database
       ralf-ui audit verify             recompute the audit trail's hash chain; exit 1 naming the first
                                        event that does not match
       ralf-ui users reset-password <username>
                                        the way back in when no admin can sign in: the new password on
                                        standard input; enables the account, ends its sessions (audited)
       ralf-ui version

  All read the server's settings (DATABASE_URL, or RALF_DATA_DIR for the embedded PGlite). The embedded
  folder has one user at a time: stop ralf-ui before backup, restore or migrate-to-postgres on it.`;

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

async function verifyAudit(db: Db, say: Say): Promise<number> {
  const r = await createAuditLog({ clock: systemClock })
    .verify(db)
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
}

/** Runs fn on the configured database (DATABASE_URL or the embedded folder), closing it after. */
async function onDatabase<T>(config: Config['database'], fn: (c: DbClient) => Promise<T>): Promise<T> {
  const client = await openDatabase(config);
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

async function main(args: string[]): Promise<number> {
  const [cmd, sub] = args;
  const is = (name: string, n: number) => cmd === name && args.length === n;
  const migrateTo = cmd === 'migrate-to-postgres' && sub === '--to' && args.length === 3 ? args[2]! : null;
  const known =
    (cmd === 'audit' && sub === 'verify' && args.length === 2) ||
    (cmd === 'users' && sub === 'reset-password' && args.length === 3) ||
    is('backup', 2) ||
    is('restore', 2) ||
    is('doctor', 1) ||
    migrateTo;
  if (is('version', 1) || is('--version', 1)) {
    process.stdout.write(`ralf-ui ${RALF_VERSION}\n`);
    return 0;
  }
  if (is('help', 1) || is('--help', 1) || is('-h', 1)) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!known) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  // eslint-disable-next-line no-restricted-properties -- an entry point, like main.ts
  const config = loadConfig(process.env, installPaths());
  // What the CLI prints is in RALF_LANGUAGE (issue 18).
  const say: Say = (m) => messageText(config.language, m);
  const out = (m: Message) => process.stdout.write(`${say(m)}\n`);
  if (cmd === 'doctor') return runDoctor(config, (line) => process.stdout.write(`${line}\n`));
  if (cmd === 'backup') return onDatabase(config.database, (c) => backupTo(c, sub!, out));
  if (cmd === 'restore') {
    const dump = readBackupFile(sub!); // refused before the database is touched when not complete
    return onDatabase(config.database, async (c) => {
      await restoreFrom(c, dump, sub!, out);
      return verifyAudit(c.db, say);
    });
  }
  if (migrateTo) {
    if (config.database.kind !== 'pglite')
      throw new ConfigError(
        'migrate-to-postgres moves the embedded database: unset DATABASE_URL (RALF_DATA_DIR names the folder)',
      );
    const target = loadConfig({ DATABASE_URL: migrateTo }).database;
    const dump = await onDatabase(config.database, dumpState);
    return onDatabase(target, async (c) => {
      await restoreFrom(c, dump, null, out, redact(migrateTo));
      return verifyAudit(c.db, say);
    });
  }
  return onDatabase(config.database, (client) =>
    cmd === 'users' ? resetPassword(client.db, args[2]!, say) : verifyAudit(client.db, say),
  );
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const known =
      err instanceof ConfigError ||
      isAppError(err) ||
      err instanceof BackupFileError ||
      err instanceof DowngradeError ||
      err instanceof DatabaseUnreachableError ||
      err instanceof DataDirInUseError;
    const e = err as Error;
    process.stderr.write(`ralf-ui: ${known ? e.message : (e.stack ?? String(err))}\n`);
    process.exit(2);
  },
);
