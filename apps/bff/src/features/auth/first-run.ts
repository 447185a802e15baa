import { msg, ROLES, type SetupInput } from '@ralf/shared';
import { AppError } from '../../lib/app-error';
import type { RequestMeta } from '../../lib/principal';
import { randomSecret, sameSecret, sha256Hex } from '../../lib/secrets';
import type { AuthDeps, SignedIn, StartSession } from './auth.service';
import { sessionsRepository as sessions } from './sessions.repository';
import { usersRepository as users } from './users.repository';

/** The demo accounts' published passwords (embedded demo mode only, DESIGN.md §2). */
export const DEMO_ACCOUNTS = ROLES.map((role) => ({ username: role, password: `demo-${role}`, role }));
const DEMO_NAME = 'Demo account';
const SETUP_KEY = 'setup-token';

/**
 * The first accounts (issue 3): the demo accounts in demo mode, the admin from
 * RALF_ADMIN_PASSWORD, or the one-time setup token that makes the first admin.
 */
export function firstRun({ db, audit, clock, passwords, config }: Omit<AuthDeps, 'cache'>, startSession: StartSession) {
  /**
   * Runs once at start: demo accounts in demo mode (and never outside it), the admin from
   * RALF_ADMIN_PASSWORD on a database without users, or else a one-time setup token that the
   * caller prints to the log.
   */
  async function bootstrap(): Promise<{ setupToken: string | null }> {
    return db.transaction().execute(async (trx) => {
      await sessions.lockBootstrap(trx);
      const now = clock.now();
      if (config.demoAccounts) {
        for (const a of DEMO_ACCOUNTS) {
          const known = await users.findByUsername(trx, a.username);
          // The header shows the role as a badge beside the name: "Demo viewer [viewer]" read as a duplicate (issue 26).
          if (known?.demo && known.display_name === `Demo ${a.role}`) {
            await users.update(trx, known.id, { displayName: DEMO_NAME, at: now });
            await audit.record(trx, {
              actor: 'system:bootstrap',
              action: 'user.update',
              subject: `user/${known.username}`,
              before: { displayName: known.display_name },
              after: { displayName: DEMO_NAME },
            });
          }
          if (known) continue;
          const u = await users.insert(trx, {
            username: a.username,
            displayName: DEMO_NAME,
            passwordHash: await passwords.hash(a.password),
            roles: [a.role],
            source: 'local',
            demo: true,
            at: now,
          });
          await audit.record(trx, {
            actor: 'system:bootstrap',
            action: 'user.create',
            subject: `user/${u.username}`,
            after: { username: u.username, roles: u.roles, demo: true },
          });
        }
      } else {
        const removed = await users.deleteDemo(trx);
        if (removed.length)
          await audit.record(trx, {
            actor: 'system:bootstrap',
            action: 'user.delete',
            subject: null,
            details: { reason: 'demo accounts exist only in demo mode', usernames: removed },
          });
      }
      if ((await users.count(trx)) > 0) {
        await sessions.deleteSecret(trx, SETUP_KEY);
        return { setupToken: null };
      }
      if (config.adminPassword) {
        const u = await users.insert(trx, {
          username: config.adminUser,
          displayName: 'Administrator',
          passwordHash: await passwords.hash(config.adminPassword),
          roles: ['admin', 'operator', 'approver'],
          source: 'local',
          at: now,
        });
        await audit.record(trx, {
          actor: 'system:bootstrap',
          action: 'user.create',
          subject: `user/${u.username}`,
          after: { username: u.username, roles: u.roles },
          details: { from: 'RALF_ADMIN_PASSWORD' },
        });
        return { setupToken: null };
      }
      const setupToken = randomSecret(18);
      await sessions.putSecret(
        trx,
        SETUP_KEY,
        { hash: sha256Hex(setupToken) },
        new Date(now.getTime() + 24 * 3_600_000),
      );
      return { setupToken };
    });
  }

  /** The first visit of a fresh installation: the setup token from the log makes the first admin. */
  async function setup(input: SetupInput, meta: RequestMeta): Promise<SignedIn> {
    const hash = await passwords.hash(input.password);
    return db.transaction().execute(async (trx) => {
      await sessions.lockBootstrap(trx);
      const stored = (await sessions.findSecret(trx, SETUP_KEY, clock.now())) as { hash: string } | null;
      if ((await users.count(trx)) > 0 || !stored) throw new AppError('CONFLICT', { msg: msg('err.alreadySetUp') });
      if (!sameSecret(stored.hash, sha256Hex(input.setupToken)))
        throw new AppError('UNAUTHENTICATED', {
          message: 'the setup token does not match the one in the log',
          reason: 'setup.token-mismatch',
        });
      await sessions.deleteSecret(trx, SETUP_KEY);
      const u = await users.insert(trx, {
        username: input.username,
        displayName: input.username,
        passwordHash: hash,
        roles: ['admin', 'operator', 'approver'],
        source: 'local',
        at: clock.now(),
      });
      await audit.record(trx, {
        actor: `user:${u.username}`,
        action: 'user.create',
        subject: `user/${u.username}`,
        sourceIp: meta.ip,
        after: { username: u.username, roles: u.roles },
        details: { from: 'setup token' },
      });
      await audit.record(trx, {
        actor: `user:${u.username}`,
        action: 'auth.sign-in',
        subject: `user/${u.username}`,
        sourceIp: meta.ip,
      });
      return startSession(trx, u, meta, null);
    });
  }

  /**
   * The attempt is reserved before the hash is checked (the limits cannot be raced), a refusal
   * is a 429 with Retry-After, and a burst of refusals is one audit event per window.
   */

  return { bootstrap, setup };
}
