import type { ApiToken, TokenScope } from '@ralf/shared';
import type { Selectable } from 'kysely';
import type { Db } from '../../adapters/db/client';
import { iso } from '../../adapters/db/iso';
import type { ApiTokenTable } from '../../adapters/db/tables-auth';

type TokenRow = Selectable<ApiTokenTable>;

export const tokensRepository = Object.freeze({
  list: (db: Db) => db.selectFrom('ralf.api_token').selectAll().orderBy('created_at', 'desc').execute(),
  findByName: (db: Db, name: string) =>
    db.selectFrom('ralf.api_token').selectAll().where('name', '=', name).executeTakeFirst(),
  findBySecretHash: (db: Db, hash: string) =>
    db.selectFrom('ralf.api_token').selectAll().where('secret_hash', '=', hash).executeTakeFirst(),
  lockById: (db: Db, id: string) =>
    db.selectFrom('ralf.api_token').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
  insert(
    db: Db,
    t: {
      name: string;
      prefix: string;
      secretHash: string;
      scopes: TokenScope[];
      createdBy: string;
      at: Date;
      expiresAt: Date | null;
      signingSecret: string | null;
    },
  ) {
    return db
      .insertInto('ralf.api_token')
      .values({
        name: t.name,
        prefix: t.prefix,
        secret_hash: t.secretHash,
        scopes: t.scopes,
        created_by: t.createdBy,
        created_at: t.at,
        expires_at: t.expiresAt,
        signing_secret: t.signingSecret,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  revoke: (db: Db, id: string, at: Date) =>
    db
      .updateTable('ralf.api_token')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  async touch(db: Db, id: string, at: Date): Promise<void> {
    await db.updateTable('ralf.api_token').set({ last_used_at: at }).where('id', '=', id).execute();
  },
});

export function toToken(r: TokenRow): ApiToken {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes: r.scopes as TokenScope[],
    createdBy: r.created_by,
    createdAt: iso(r.created_at),
    expiresAt: iso(r.expires_at),
    revokedAt: iso(r.revoked_at),
    lastUsedAt: iso(r.last_used_at),
    signed: r.signing_secret !== null,
  };
}
