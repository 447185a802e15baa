import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import {
  type Language,
  type MatrixLink,
  MatrixLinkInputSchema,
  MatrixVerifyInputSchema,
  messageText,
  msg,
} from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import { iso } from '../../adapters/db/iso';
import { MatrixError } from '../../adapters/matrix/matrix-client';
import type { Clock } from '../../adapters/ports';
import { AppError } from '../../lib/app-error';
import { actorOf, type Principal, type RequestMeta } from '../../lib/principal';
import type { AuditLog } from '../audit/audit.service';
import type { ApprovalRoom } from './matrix-approvals';

const CODE_VALID_MS = 15 * 60_000;
const CODE_TRIES = 5;
const CODE_EVERY_MS = 60_000;
const hashOf = (code: string) => createHash('sha256').update(code).digest();

/**
 * Linking a user's Matrix ID (issue 23): the bot sends a one-time code to that ID in a direct room;
 * entered on the account page within 15 minutes (5 tries), it proves the ID is theirs, and from then
 * on their `!ralf` commands are theirs. One Matrix ID belongs to one account.
 */
export function createMatrixLinks(deps: {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  language: Language;
  rooms: readonly ApprovalRoom[];
}) {
  const { db, audit, clock } = deps;
  const mine = (by: Principal) => {
    if (by.kind !== 'user') throw new AppError('FORBIDDEN', { message: 'only a signed-in user links a Matrix ID' });
    return by.user;
  };

  return {
    async get(by: Principal): Promise<MatrixLink> {
      const r = await db
        .selectFrom('ralf.matrix_link')
        .selectAll()
        .where('user_id', '=', mine(by).id)
        .executeTakeFirst();
      return {
        matrixId: r?.matrix_id ?? null,
        verified: Boolean(r?.verified_at),
        codeExpiresAt: r?.code_expires_at && !r.verified_at ? iso(r.code_expires_at) : null,
        available: deps.rooms.length > 0,
      };
    },

    /** Sends a code to the Matrix ID; the link waits for it (an earlier link is replaced once it is entered). */
    async start(by: Principal, raw: unknown, meta: RequestMeta): Promise<MatrixLink> {
      const user = mine(by);
      const { matrixId } = MatrixLinkInputSchema.parse(raw);
      const room = deps.rooms[0];
      if (!room) throw new AppError('CONFLICT', { msg: msg('mx.noChannel') });
      // One code a minute: the bot must not become a way to message strangers in a loop.
      const last = await db
        .selectFrom('ralf.matrix_link')
        .select('code_expires_at')
        .where('user_id', '=', user.id)
        .executeTakeFirst();
      const sentAt = last?.code_expires_at ? last.code_expires_at.getTime() - CODE_VALID_MS : 0;
      if (clock.now().getTime() - sentAt < CODE_EVERY_MS)
        throw new AppError('RATE_LIMITED', {
          msg: msg('mx.wait', { at: new Date(sentAt + CODE_EVERY_MS).toISOString() }),
          retryAt: new Date(sentAt + CODE_EVERY_MS),
        });
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      try {
        const dm = await room.client.directRoom(matrixId);
        await room.client.send(dm, {
          msgtype: 'm.text',
          body: messageText(deps.language, msg('mx.code', { matrixId, user: user.username, code })),
        });
      } catch (err) {
        if (!(err instanceof MatrixError)) throw err;
        throw new AppError('UPSTREAM_UNAVAILABLE', { msg: msg('mx.sendFailed', { reason: err.message }) });
      }
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('ralf.matrix_link')
          .values({
            user_id: user.id,
            matrix_id: matrixId,
            code_hash: hashOf(code).toString('hex'),
            code_expires_at: new Date(now.getTime() + CODE_VALID_MS),
            created_at: now,
          })
          .onConflict((oc) =>
            oc.column('user_id').doUpdateSet({
              matrix_id: matrixId,
              code_hash: hashOf(code).toString('hex'),
              code_expires_at: new Date(now.getTime() + CODE_VALID_MS),
              code_attempts: 0,
              verified_at: null,
            }),
          )
          .execute();
        await audit.record(trx, {
          actor: actorOf(by),
          action: 'matrix.link_code',
          subject: `user/${user.username}`,
          sourceIp: meta.ip,
          details: { matrixId },
        });
      });
      return this.get(by);
    },

    /** The code the bot sent: right and in time links the ID; five wrong tries end it. */
    async verify(by: Principal, raw: unknown, meta: RequestMeta): Promise<MatrixLink> {
      const user = mine(by);
      const { code } = MatrixVerifyInputSchema.parse(raw);
      const now = clock.now();
      const outcome = await db.transaction().execute(async (trx) => {
        const r = await trx
          .selectFrom('ralf.matrix_link')
          .selectAll()
          .where('user_id', '=', user.id)
          .forUpdate()
          .executeTakeFirst();
        if (!r?.code_hash || !r.code_expires_at || r.code_expires_at < now) return 'wrong' as const;
        if (!timingSafeEqual(Buffer.from(r.code_hash, 'hex'), hashOf(code))) {
          const tries = r.code_attempts + 1;
          await trx
            .updateTable('ralf.matrix_link')
            .set(
              tries >= CODE_TRIES
                ? { code_hash: null, code_expires_at: null, code_attempts: tries }
                : { code_attempts: tries },
            )
            .where('user_id', '=', user.id)
            .execute();
          return 'wrong' as const;
        }
        try {
          await trx
            .updateTable('ralf.matrix_link')
            .set({ verified_at: now, code_hash: null, code_expires_at: null, code_attempts: 0 })
            .where('user_id', '=', user.id)
            .execute();
        } catch (err) {
          if ((err as { code?: string }).code === '23505')
            throw new AppError('CONFLICT', { msg: msg('mx.takenId', { matrixId: r.matrix_id }) });
          throw err;
        }
        await audit.record(trx, {
          actor: actorOf(by),
          action: 'matrix.link',
          subject: `user/${user.username}`,
          sourceIp: meta.ip,
          after: { matrixId: r.matrix_id },
        });
        return 'linked' as const;
      });
      if (outcome === 'wrong') throw new AppError('BAD_INPUT', { msg: msg('mx.codeWrong') });
      return this.get(by);
    },

    async unlink(by: Principal, meta: RequestMeta): Promise<MatrixLink> {
      const user = mine(by);
      await db.transaction().execute(async (trx) => {
        const gone = await trx
          .deleteFrom('ralf.matrix_link')
          .where('user_id', '=', user.id)
          .returning('matrix_id')
          .executeTakeFirst();
        if (gone)
          await audit.record(trx, {
            actor: actorOf(by),
            action: 'matrix.unlink',
            subject: `user/${user.username}`,
            sourceIp: meta.ip,
            before: { matrixId: gone.matrix_id },
          });
      });
      return this.get(by);
    },
  };
}

export type MatrixLinks = ReturnType<typeof createMatrixLinks>;
