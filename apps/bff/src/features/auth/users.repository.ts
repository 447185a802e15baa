import type { Role, User } from '@ralf/shared';
import type { Selectable } from 'kysely';
import type { Db } from '../../adapters/db/client';
import { iso } from '../../adapters/db/iso';
import type { AppUserTable } from '../../adapters/db/tables-auth';

export type UserRow = Selectable<AppUserTable>;

export interface NewUser {
  username: string;
  displayName: string;
  passwordHash: string | null;
  roles: Role[];
  source: 'local' | 'oidc';
  oidcSubject?: string | null;
  demo?: boolean;
  at: Date;
}

export const usersRepository = Object.freeze({
  async count(db: Db, opts: { demo?: boolean } = {}): Promise<number> {
    let q = db.selectFrom('ralf.app_user').select((eb) => eb.fn.countAll<string>().as('n'));
    if (opts.demo !== undefined) q = q.where('demo', '=', opts.demo);
    return Number((await q.executeTakeFirstOrThrow()).n);
  },
  findByUsername: (db: Db, username: string) =>
    db.selectFrom('ralf.app_user').selectAll().where('username', '=', username).executeTakeFirst(),
  findById: (db: Db, id: string) => db.selectFrom('ralf.app_user').selectAll().where('id', '=', id).executeTakeFirst(),
  findByOidcSubject: (db: Db, subject: string) =>
    db.selectFrom('ralf.app_user').selectAll().where('oidc_subject', '=', subject).executeTakeFirst(),
  /** The row, locked until the transaction ends, so two admins' edits do not interleave. */
  lockById: (db: Db, id: string) =>
    db.selectFrom('ralf.app_user').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
  list: (db: Db) => db.selectFrom('ralf.app_user').selectAll().orderBy('username').execute(),
  async insert(db: Db, u: NewUser): Promise<UserRow> {
    return db
      .insertInto('ralf.app_user')
      .values({
        username: u.username,
        display_name: u.displayName,
        password_hash: u.passwordHash,
        roles: u.roles,
        source: u.source,
        oidc_subject: u.oidcSubject ?? null,
        demo: u.demo ?? false,
        created_at: u.at,
        updated_at: u.at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  async update(
    db: Db,
    id: string,
    set: { displayName?: string; roles?: Role[]; disabledAt?: Date | null; passwordHash?: string; at: Date },
  ): Promise<UserRow> {
    return db
      .updateTable('ralf.app_user')
      .set({
        ...(set.displayName !== undefined && { display_name: set.displayName }),
        ...(set.roles !== undefined && { roles: set.roles }),
        ...(set.disabledAt !== undefined && { disabled_at: set.disabledAt }),
        ...(set.passwordHash !== undefined && { password_hash: set.passwordHash }),
        updated_at: set.at,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  async markSignIn(db: Db, id: string, at: Date): Promise<void> {
    await db.updateTable('ralf.app_user').set({ last_sign_in_at: at }).where('id', '=', id).execute();
  },
  async deleteDemo(db: Db): Promise<string[]> {
    const rows = await db.deleteFrom('ralf.app_user').where('demo', '=', true).returning('username').execute();
    return rows.map((r) => r.username);
  },
});

export function toUser(r: UserRow): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    roles: r.roles as Role[],
    source: r.source as User['source'],
    disabled: r.disabled_at !== null,
    demo: r.demo,
    createdAt: iso(r.created_at),
    lastSignInAt: iso(r.last_sign_in_at),
  };
}
