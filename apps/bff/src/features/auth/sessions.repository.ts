import { sql } from 'kysely';
import type { Db } from '../../adapters/db/client';

export interface NewSession {
  tokenHash: string;
  userId: string;
  csrfToken: string;
  at: Date;
  expiresAt: Date;
  sourceIp: string | null;
  userAgent: string | null;
}

export const SESSION_CHANNEL = 'ralf_session';

/** Sessions and sign-in attempts: the state every replica reads to accept or refuse a caller. */
export const sessionsRepository = Object.freeze({
  async insert(db: Db, s: NewSession): Promise<void> {
    await db
      .insertInto('ralf.session')
      .values({
        token_hash: s.tokenHash,
        user_id: s.userId,
        csrf_token: s.csrfToken,
        created_at: s.at,
        last_seen_at: s.at,
        expires_at: s.expiresAt,
        source_ip: s.sourceIp,
        user_agent: s.userAgent,
      })
      .execute();
  },
  /** The live session with its user; idle, expired and disabled ones are not found. */
  findLive(db: Db, tokenHash: string, now: Date, idleSince: Date) {
    return db
      .selectFrom('ralf.session as s')
      .innerJoin('ralf.app_user as u', 'u.id', 's.user_id')
      .select([
        's.token_hash',
        's.csrf_token',
        's.expires_at',
        's.last_seen_at',
        'u.id',
        'u.username',
        'u.display_name',
        'u.roles',
        'u.source',
      ])
      .where('s.token_hash', '=', tokenHash)
      .where('s.expires_at', '>', now)
      .where('s.last_seen_at', '>', idleSince)
      .where('u.disabled_at', 'is', null)
      .executeTakeFirst();
  },
  async touch(db: Db, tokenHash: string, at: Date): Promise<void> {
    await db.updateTable('ralf.session').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
  },
  async delete(db: Db, tokenHash: string): Promise<string | null> {
    const row = await db
      .deleteFrom('ralf.session')
      .where('token_hash', '=', tokenHash)
      .returning('user_id')
      .executeTakeFirst();
    return row?.user_id ?? null;
  },
  async deleteForUser(db: Db, userId: string): Promise<number> {
    const r = await db.deleteFrom('ralf.session').where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows);
  },
  /** Every session of the user but `keep` (the one that changed the password). */
  async deleteForUserExcept(db: Db, userId: string, keepTokenHash: string): Promise<number> {
    const r = await db
      .deleteFrom('ralf.session')
      .where('user_id', '=', userId)
      .where('token_hash', '!=', keepTokenHash)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },
  async deleteExpired(db: Db, now: Date, idleSince: Date): Promise<void> {
    await db
      .deleteFrom('ralf.session')
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleSince)]))
      .execute();
  },

  async insertAttempt(
    db: Db,
    a: { username: string; address: string; at: Date; ok: boolean | null; refused?: boolean },
  ): Promise<string> {
    const row = await db.insertInto('ralf.sign_in_attempt').values(a).returning('id').executeTakeFirstOrThrow();
    return String(row.id);
  },
  async settleAttempt(db: Db, id: string, ok: boolean): Promise<void> {
    await db.updateTable('ralf.sign_in_attempt').set({ ok }).where('id', '=', id).execute();
  },
  /**
   * Failed or unfinished attempts since `since` by account, address or both, oldest first (the
   * oldest decides when the limit lifts); refusal markers are not attempts.
   */
  async failuresSince(
    db: Db,
    by: { username?: string; address?: string },
    since: Date,
    limit: number,
  ): Promise<Date[]> {
    let q = db
      .selectFrom('ralf.sign_in_attempt')
      .select('at')
      .where('at', '>', since)
      .where('refused', '=', false)
      .where((eb) => eb.or([eb('ok', '=', false), eb('ok', 'is', null)]));
    if (by.username !== undefined) q = q.where('username', '=', by.username);
    if (by.address !== undefined) q = q.where('address', '=', by.address);
    const rows = await q.orderBy('at', 'desc').limit(limit).execute();
    return rows.map((r) => new Date(r.at)).reverse();
  },
  async hasRefusalSince(db: Db, key: { username: string; address: string }, since: Date): Promise<boolean> {
    const row = await db
      .selectFrom('ralf.sign_in_attempt')
      .select('id')
      .where('username', '=', key.username)
      .where('address', '=', key.address)
      .where('refused', '=', true)
      .where('at', '>', since)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  },
  async pruneAttempts(db: Db, before: Date): Promise<void> {
    await db.deleteFrom('ralf.sign_in_attempt').where('at', '<', before).execute();
  },

  async putSecret(db: Db, key: string, value: unknown, expiresAt: Date | null): Promise<void> {
    await db
      .insertInto('ralf.auth_secret')
      .values({ key, value: JSON.stringify(value), expires_at: expiresAt })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), expires_at: expiresAt }))
      .execute();
  },
  /** Reads and removes a one-time value in one statement, so it is used at most once. */
  async takeSecret(db: Db, key: string, now: Date): Promise<unknown> {
    const row = await db
      .deleteFrom('ralf.auth_secret')
      .where('key', '=', key)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .returning('value')
      .executeTakeFirst();
    return row?.value ?? null;
  },
  async findSecret(db: Db, key: string, now: Date): Promise<unknown> {
    const row = await db
      .selectFrom('ralf.auth_secret')
      .select('value')
      .where('key', '=', key)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .executeTakeFirst();
    return row?.value ?? null;
  },
  async deleteSecret(db: Db, key: string): Promise<void> {
    await db.deleteFrom('ralf.auth_secret').where('key', '=', key).execute();
  },
  /** Tells every replica's session cache, on commit, to forget a user's (`u:`) or one (`s:`) session. */
  async announce(db: Db, what: `u:${string}` | `s:${string}`): Promise<void> {
    await sql`select pg_notify(${SESSION_CHANNEL}, ${what})`.execute(db);
  },
  lockBootstrap: (db: Db) => sql`select pg_advisory_xact_lock(7261708)`.execute(db),
});
