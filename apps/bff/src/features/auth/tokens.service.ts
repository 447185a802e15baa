import { type ApiToken, type CreatedToken, type CreateTokenInput, msg, type TokenScope } from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import type { Clock } from '../../adapters/ports';
import { AppError } from '../../lib/app-error';
import type { AuditLog } from '../audit/audit.service';
import { actorOf, type Principal, type RequestMeta } from '../../lib/principal';
import { randomSecret, sha256Hex } from '../../lib/secrets';
import { toToken, tokensRepository as tokens } from './tokens.repository';

/** Agents' API tokens look like `ralf_<prefix>_<secret>`; the prefix is shown, the rest is stored hashed. */
const TOKEN_RE = /^ralf_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
const TOUCH_EVERY_MS = 60_000;

const auditView = (t: ApiToken) => ({
  name: t.name,
  prefix: t.prefix,
  scopes: t.scopes,
  expiresAt: t.expiresAt,
  revokedAt: t.revokedAt,
  signed: t.signed,
});

/** API tokens for agents (issue 3; the ingest API of issue 4 authenticates with them). */
export function createTokensService({ db, audit, clock }: { db: Db; audit: AuditLog; clock: Clock }) {
  return {
    list: async (): Promise<ApiToken[]> => (await tokens.list(db)).map(toToken),

    /** The secret is in this answer only: it is not stored and cannot be shown again. */
    async create(by: Principal, input: CreateTokenInput, meta: RequestMeta): Promise<CreatedToken> {
      // The signing secret must be read back to check signatures, so it is stored as is (like a
      // webhook secret); it never leaves the BFF again after this answer.
      const signingSecret = input.signed ? randomSecret() : null;
      const prefix = randomSecret(6).replace(/[-_]/g, 'x').slice(0, 8);
      const secret = `ralf_${prefix}_${randomSecret()}`;
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        if (await tokens.findByName(trx, input.name))
          throw new AppError('CONFLICT', { msg: msg('err.tokenNameTaken', { name: input.name }) });
        const expiresAt =
          input.expiresInDays === null ? null : new Date(now.getTime() + input.expiresInDays * 86_400_000);
        const token = toToken(
          await tokens.insert(trx, {
            name: input.name,
            prefix,
            secretHash: sha256Hex(secret),
            scopes: input.scopes,
            createdBy: actorOf(by),
            at: now,
            expiresAt,
            signingSecret,
          }),
        );
        await audit.record(trx, {
          actor: actorOf(by),
          action: 'token.create',
          subject: `token/${token.name}`,
          sourceIp: meta.ip,
          after: auditView(token),
        });
        return { token, secret, signingSecret };
      });
    },

    async revoke(by: Principal, id: string, meta: RequestMeta): Promise<ApiToken> {
      return db.transaction().execute(async (trx) => {
        const row = await tokens.lockById(trx, id);
        if (!row) throw new AppError('NOT_FOUND', { msg: msg('err.noToken', { id }) });
        const before = toToken(row);
        if (before.revokedAt) return before;
        const after = toToken(await tokens.revoke(trx, id, clock.now()));
        await audit.record(trx, {
          actor: actorOf(by),
          action: 'token.revoke',
          subject: `token/${after.name}`,
          sourceIp: meta.ip,
          before: auditView(before),
          after: auditView(after),
        });
        return after;
      });
    },

    /**
     * The token behind an `Authorization: Bearer` value. A malformed, unknown, revoked or expired
     * token is refused with a reason; a known token's refusal is audited (someone holds it).
     */
    async authenticate(secret: string, meta: RequestMeta): Promise<Principal & { kind: 'token' }> {
      const m = TOKEN_RE.exec(secret);
      const row = m ? await tokens.findBySecretHash(db, sha256Hex(secret)) : undefined;
      if (!row) throw new AppError('UNAUTHENTICATED', { message: 'unknown API token' });
      const now = clock.now();
      const refuse = async (why: string) => {
        await audit.recordAlone(db, {
          actor: `token:${row.name}`,
          action: 'token.use',
          subject: `token/${row.name}`,
          outcome: 'denied',
          sourceIp: meta.ip,
          details: { reason: why },
        });
        return new AppError('UNAUTHENTICATED', { message: `API token ${row.name} ${why}` });
      };
      if (row.revoked_at) throw await refuse('was revoked');
      if (row.expires_at && new Date(row.expires_at) <= now) throw await refuse('has expired');
      if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > TOUCH_EVERY_MS)
        await tokens.touch(db, row.id, now);
      return {
        kind: 'token',
        id: row.id,
        name: row.name,
        scopes: row.scopes as TokenScope[],
        signingSecret: row.signing_secret,
        createdBy: row.created_by,
      };
    },
  };
}

export type TokensService = ReturnType<typeof createTokensService>;
