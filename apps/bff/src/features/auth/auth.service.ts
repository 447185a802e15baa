import {
  msg,
  permissionsOf,
  type Role,
  type Session,
  type SessionUser,
  type SignInInput,
  type SignInOptions,
  UsernameSchema,
} from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import type { Clock } from '../../adapters/ports';
import type { AuthConfig } from '../../config';
import { AppError } from '../../lib/app-error';
import type { AuditLog } from '../audit/audit.service';
import type { Passwords } from './passwords';
import { actorOf, type Principal, type RequestMeta } from '../../lib/principal';
import { randomSecret, sha256Hex } from '../../lib/secrets';
import type { SessionCache } from './session-cache';
import { sessionsRepository as sessions } from './sessions.repository';
import { isRefusal, refusalError, reserveAttempt, settleAttempt, SIGN_IN_LIMITS } from './sign-in-limits';
import { usersRepository as users, type UserRow } from './users.repository';
import { DEMO_ACCOUNTS, firstRun } from './first-run';

/** Sessions are touched at most this often, so polling pages do not write on every request. */
const TOUCH_EVERY_MS = 60_000;

export interface SignedIn {
  /** The cookie value; only its hash is stored. */
  token: string;
  session: Session;
}

export function sessionUser(u: Pick<UserRow, 'id' | 'username' | 'display_name' | 'roles' | 'source'>): SessionUser {
  const roles = u.roles as Role[];
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    roles,
    permissions: permissionsOf(roles),
    source: u.source as SessionUser['source'],
  };
}

/**
 * Who a sign-in attempt is about, as the audit trail shows it to every viewer: a known user by
 * name; anything else as "unknown user" with a short hash (issue 15), so that what a stranger
 * typed into the username field (a password, by mistake, or a message) is never on display.
 */
function attemptSubject(typed: string, user: UserRow | undefined) {
  if (user) return { actor: `user:${user.username}`, subject: `user/${user.username}`, typed: {} };
  return { actor: 'system:anonymous', subject: 'user/unknown', typed: { typedHash: sha256Hex(typed).slice(0, 16) } };
}

export interface AuthDeps {
  db: Db;
  cache: SessionCache;
  audit: AuditLog;
  clock: Clock;
  passwords: Passwords;
  config: AuthConfig;
}

/**
 * Sign-in, sessions and the first admin (issue 3). Sessions live in the database so any replica
 * accepts them and a disabled user's sessions end at once; every sign-in, success or failure,
 * leaves an audit event.
 */
export type StartSession = (trx: Db, user: UserRow, meta: RequestMeta, replaces: string | null) => Promise<SignedIn>;

export function createAuthService({ db, cache, audit, clock, passwords, config }: AuthDeps) {
  // Checked against when the user does not exist, so a wrong name costs as long as a wrong password.
  const dummyHash = passwords.hash(randomSecret());

  async function startSession(trx: Db, user: UserRow, meta: RequestMeta, replaces: string | null): Promise<SignedIn> {
    const now = clock.now();
    if (replaces) {
      cache.forgetSession(sha256Hex(replaces));
      await sessions.delete(trx, sha256Hex(replaces));
    }
    await sessions.deleteExpired(trx, now, new Date(now.getTime() - config.sessionIdleMs));
    const token = randomSecret();
    const csrfToken = randomSecret(24);
    const expiresAt = new Date(now.getTime() + config.sessionMaxMs);
    await sessions.insert(trx, {
      tokenHash: sha256Hex(token),
      userId: user.id,
      csrfToken,
      at: now,
      expiresAt,
      sourceIp: meta.ip,
      userAgent: meta.userAgent?.slice(0, 256) ?? null,
    });
    await users.markSignIn(trx, user.id, now);
    return { token, session: { user: sessionUser(user), csrfToken, expiresAt: expiresAt.toISOString() } };
  }

  return {
    async options(): Promise<SignInOptions> {
      return {
        setupRequired: (await users.count(db)) === 0,
        demoAccounts: config.demoAccounts ? DEMO_ACCOUNTS : [],
        oidc: config.oidc ? { label: config.oidc.label } : null,
      };
    },

    ...firstRun({ db, audit, clock, passwords, config }, startSession),

    async signIn(input: SignInInput, meta: RequestMeta, current: string | null): Promise<SignedIn> {
      const parsed = UsernameSchema.safeParse(input.username);
      const user = parsed.success ? await users.findByUsername(db, parsed.data) : undefined;
      const { actor, subject, typed } = attemptSubject(input.username, user);
      // The limits' key: the name as a user would have it, or a hash of what cannot be a name.
      const key = parsed.success ? parsed.data : `#${sha256Hex(input.username).slice(0, 16)}`;
      const base = { actor, action: 'auth.sign-in', subject, sourceIp: meta.ip } as const;
      const now = clock.now();
      const attempt = await reserveAttempt(db, key, meta.ip, now);
      if (isRefusal(attempt)) {
        if (attempt.first)
          await audit.recordAlone(db, {
            ...base,
            outcome: 'denied',
            details: { reason: 'rate-limited', limit: attempt.what, until: attempt.retryAt.toISOString(), ...typed },
          });
        throw refusalError(attempt);
      }
      const ok = user?.password_hash
        ? await passwords.verify(user.password_hash, input.password)
        : await passwords.verify(await dummyHash, input.password).then(() => false);
      const fail = async (reason: string, message: string, code: string) => {
        await db.transaction().execute(async (trx) => {
          await settleAttempt(trx, attempt, false);
          await audit.record(trx, { ...base, outcome: 'failure', details: { reason, ...typed } });
        });
        return new AppError('UNAUTHENTICATED', { message, reason: code });
      };
      if (!ok || !user)
        throw await fail(user ? 'wrong password' : 'unknown user', 'wrong username or password', 'signin.wrong');
      if (user.disabled_at)
        throw await fail('account disabled', 'this account is disabled; ask an administrator', 'signin.disabled');
      return db.transaction().execute(async (trx) => {
        await settleAttempt(trx, attempt, true);
        await sessions.pruneAttempts(trx, new Date(now.getTime() - 10 * SIGN_IN_LIMITS.windowMs));
        await audit.record(trx, base);
        return startSession(trx, user, meta, current);
      });
    },

    /** Signs in a user whom an identity provider vouched for (OIDC); the caller maps the roles. */
    async signInExternal(user: UserRow, meta: RequestMeta, current: string | null): Promise<SignedIn> {
      return db.transaction().execute(async (trx) => {
        await audit.record(trx, {
          actor: `user:${user.username}`,
          action: 'auth.sign-in',
          subject: `user/${user.username}`,
          sourceIp: meta.ip,
          details: { via: 'oidc' },
        });
        return startSession(trx, user, meta, current);
      });
    },

    /** Ends this session on the server, so the cookie is worthless wherever a copy of it is. */
    async signOut(p: Principal & { kind: 'user' }, meta: RequestMeta): Promise<void> {
      cache.forgetSession(p.tokenHash);
      await db.transaction().execute(async (trx) => {
        await sessions.delete(trx, p.tokenHash);
        await sessions.announce(trx, `s:${p.tokenHash}`);
        await audit.record(trx, {
          actor: actorOf(p),
          action: 'auth.sign-out',
          subject: `user/${p.user.username}`,
          sourceIp: meta.ip,
        });
      });
    },

    /** The live session behind a cookie value, or null (expired, idle, signed out, user disabled). */
    async authenticate(token: string): Promise<Principal | null> {
      const now = clock.now();
      const tokenHash = sha256Hex(token);
      const known = cache.fresh(tokenHash, now);
      if (known) return known;
      let row;
      try {
        row = await sessions.findLive(db, tokenHash, now, new Date(now.getTime() - config.sessionIdleMs));
        if (row && now.getTime() - new Date(row.last_seen_at).getTime() > TOUCH_EVERY_MS)
          await sessions.touch(db, tokenHash, now);
      } catch (err) {
        const last = cache.duringOutage(tokenHash, now);
        if (last) return last;
        throw new AppError('DB_UNAVAILABLE', {
          message: 'the database is unreachable, so sessions cannot be checked',
          cause: err,
        });
      }
      if (!row) {
        cache.forgetSession(tokenHash);
        return null;
      }
      const principal = {
        kind: 'user' as const,
        user: sessionUser(row),
        tokenHash,
        csrfToken: row.csrf_token,
        expiresAt: new Date(row.expires_at),
      };
      cache.remember(principal, now);
      return principal;
    },

    session(p: Principal | null): Session | null {
      return p?.kind === 'user' ? { user: p.user, csrfToken: p.csrfToken, expiresAt: p.expiresAt.toISOString() } : null;
    },

    /**
     * The current password is checked under the sign-in limits; a new password ends every other
     * session of the user (on every replica), so whoever held one is out (issue 15).
     */
    async changeOwnPassword(
      p: Principal & { kind: 'user' },
      input: { current: string; password: string },
      meta: RequestMeta,
    ): Promise<{ sessionsEnded: number }> {
      const user = await users.findById(db, p.user.id);
      if (!user?.password_hash) throw new AppError('CONFLICT', { msg: msg('err.ssoSelf') });
      const base = {
        actor: actorOf(p),
        action: 'user.change-password',
        subject: `user/${user.username}`,
        sourceIp: meta.ip,
      } as const;
      const attempt = await reserveAttempt(db, user.username, meta.ip, clock.now());
      if (isRefusal(attempt)) {
        if (attempt.first)
          await audit.recordAlone(db, {
            ...base,
            outcome: 'denied',
            details: { reason: 'rate-limited', limit: attempt.what },
          });
        throw refusalError(attempt);
      }
      if (!(await passwords.verify(user.password_hash, input.current))) {
        await db.transaction().execute(async (trx) => {
          await settleAttempt(trx, attempt, false);
          await audit.record(trx, { ...base, outcome: 'failure', details: { reason: 'wrong current password' } });
        });
        throw new AppError('BAD_INPUT', { msg: msg('err.wrongCurrentPassword') });
      }
      const hash = await passwords.hash(input.password);
      return db.transaction().execute(async (trx) => {
        await settleAttempt(trx, attempt, true);
        await users.update(trx, user.id, { passwordHash: hash, at: clock.now() });
        const sessionsEnded = await sessions.deleteForUserExcept(trx, user.id, p.tokenHash);
        cache.forgetUser(user.id);
        await sessions.announce(trx, `u:${user.id}`);
        await audit.record(trx, { ...base, details: { otherSessionsEnded: sessionsEnded } });
        return { sessionsEnded };
      });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
