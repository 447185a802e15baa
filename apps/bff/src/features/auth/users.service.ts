import { type CreateUserInput, msg, type UpdateUserInput, type User } from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import type { Clock } from '../../adapters/ports';
import { AppError } from '../../lib/app-error';
import type { AuditLog } from '../audit/audit.service';
import type { Passwords } from './passwords';
import { actorOf, type Principal, type RequestMeta } from '../../lib/principal';
import type { SessionCache } from './session-cache';
import { sessionsRepository as sessions } from './sessions.repository';
import { toUser, usersRepository as users } from './users.repository';

/** What the audit trail keeps of a user: never the hash. */
const auditView = (u: User) => ({
  username: u.username,
  displayName: u.displayName,
  roles: u.roles,
  disabled: u.disabled,
});

/**
 * The admin's user management (issue 3). Disabling a user or resetting a password ends their
 * sessions at once. `cache` is null in the CLI, which has none.
 */
export function createUsersService({
  db,
  cache,
  audit,
  clock,
  passwords,
}: {
  db: Db;
  cache: SessionCache | null;
  audit: AuditLog;
  clock: Clock;
  passwords: Passwords;
}) {
  async function locked(trx: Db, id: string) {
    const row = await users.lockById(trx, id);
    if (!row) throw new AppError('NOT_FOUND', { msg: msg('err.noUser', { id }) });
    return row;
  }
  return {
    list: async (): Promise<User[]> => (await users.list(db)).map(toUser),

    async create(by: Principal, input: CreateUserInput, meta: RequestMeta): Promise<User> {
      const hash = await passwords.hash(input.password);
      return db.transaction().execute(async (trx) => {
        if (await users.findByUsername(trx, input.username))
          throw new AppError('CONFLICT', { msg: msg('err.usernameTaken', input) });
        const u = toUser(
          await users.insert(trx, {
            username: input.username,
            displayName: input.displayName || input.username,
            passwordHash: hash,
            roles: input.roles,
            source: 'local',
            at: clock.now(),
          }),
        );
        await audit.record(trx, {
          actor: actorOf(by),
          action: 'user.create',
          subject: `user/${u.username}`,
          sourceIp: meta.ip,
          after: auditView(u),
        });
        return u;
      });
    },

    async update(by: Principal, input: UpdateUserInput, meta: RequestMeta): Promise<User> {
      return db.transaction().execute(async (trx) => {
        const before = toUser(await locked(trx, input.id));
        if (by.kind === 'user' && by.user.id === input.id) {
          if (input.disabled) throw new AppError('CONFLICT', { msg: msg('err.disableSelf') });
          if (input.roles && !input.roles.includes('admin'))
            throw new AppError('CONFLICT', { msg: msg('err.adminSelf') });
        }
        const after = toUser(
          await users.update(trx, input.id, {
            displayName: input.displayName,
            roles: input.roles,
            at: clock.now(),
            ...(input.disabled !== undefined && {
              disabledAt: input.disabled ? (before.disabled ? undefined : clock.now()) : null,
            }),
          }),
        );
        const ended = after.disabled ? await sessions.deleteForUser(trx, after.id) : 0;
        // Sessions read roles afresh on their next request; a disabled user's are gone, on every replica.
        cache?.forgetUser(after.id);
        await sessions.announce(trx, `u:${after.id}`);
        await audit.record(trx, {
          actor: actorOf(by),
          action: 'user.update',
          subject: `user/${after.username}`,
          sourceIp: meta.ip,
          before: auditView(before),
          after: auditView(after),
          details: ended ? { sessionsEnded: ended } : null,
        });
        return after;
      });
    },

    /**
     * The way back in for an operator locked out of every admin account (`ralf users
     * reset-password`): sets the password, enables the account, ends its sessions.
     */
    async recover(username: string, password: string): Promise<void> {
      const hash = await passwords.hash(password);
      await db.transaction().execute(async (trx) => {
        const found = await users.findByUsername(trx, username);
        if (!found) throw new AppError('NOT_FOUND', { msg: msg('err.noUser', { id: username }) });
        const u = await locked(trx, found.id);
        if (u.source !== 'local') throw new AppError('CONFLICT', { msg: msg('err.ssoUser', { username }) });
        await users.update(trx, u.id, { passwordHash: hash, disabledAt: null, at: clock.now() });
        const ended = await sessions.deleteForUser(trx, u.id);
        await sessions.announce(trx, `u:${u.id}`);
        await audit.record(trx, {
          actor: 'system:cli',
          action: 'user.reset-password',
          subject: `user/${u.username}`,
          details: { sessionsEnded: ended, enabled: u.disabled_at !== null },
        });
      });
    },

    async resetPassword(by: Principal, input: { id: string; password: string }, meta: RequestMeta): Promise<void> {
      const hash = await passwords.hash(input.password);
      await db.transaction().execute(async (trx) => {
        const u = await locked(trx, input.id);
        if (u.source !== 'local') throw new AppError('CONFLICT', { msg: msg('err.ssoSelf') });
        await users.update(trx, u.id, { passwordHash: hash, at: clock.now() });
        const ended = await sessions.deleteForUser(trx, u.id);
        cache?.forgetUser(u.id);
        await sessions.announce(trx, `u:${u.id}`);
        await audit.record(trx, {
          actor: actorOf(by),
          action: 'user.reset-password',
          subject: `user/${u.username}`,
          sourceIp: meta.ip,
          details: { sessionsEnded: ended },
        });
      });
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
