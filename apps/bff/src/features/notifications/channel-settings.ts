import { msg, type NotifyChannel, NotifyChannelConfigSchema, NotifyChannelIdInputSchema } from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import type { Clock } from '../../adapters/ports';
import { AppError } from '../../lib/app-error';
import { actorOf, type Principal, type RequestMeta } from '../../lib/principal';
import type { AuditLog } from '../audit/audit.service';
import type { ChannelDirectory } from './channels-config';

/**
 * Channels saved on the admin page (issue 23), beside the environment's and the profile's (which
 * the page shows and cannot change). Secrets only as vault:// references, as in the profile; an id
 * is one channel wherever it is defined. Reading approvals from Matrix stays a profile setting: the
 * rooms are read from the start of the process.
 */
export function createChannelSettings(deps: { db: Db; audit: AuditLog; clock: Clock; channels: ChannelDirectory }) {
  const { db, audit, clock, channels } = deps;
  return {
    async save(by: Principal, raw: unknown, meta: RequestMeta): Promise<NotifyChannel> {
      const c = NotifyChannelConfigSchema.parse(raw);
      if (c.type === 'matrix' && c.approvals)
        throw new AppError('BAD_INPUT', { msg: msg('notify.approvalsInProfile') });
      if (channels.fixed.some((f) => f.info.id === c.id))
        throw new AppError('CONFLICT', { msg: msg('notify.channelFixed', { id: c.id }) });
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('ralf.notify_channel')
          .select('config')
          .where('id', '=', c.id)
          .forUpdate()
          .executeTakeFirst();
        await trx
          .insertInto('ralf.notify_channel')
          .values({ id: c.id, config: JSON.stringify(c), updated_by: actorOf(by), updated_at: now })
          .onConflict((oc) =>
            oc.column('id').doUpdateSet({ config: JSON.stringify(c), updated_by: actorOf(by), updated_at: now }),
          )
          .execute();
        await audit.record(trx, {
          actor: actorOf(by),
          action: 'notify.channel_save',
          subject: `channel/${c.id}`,
          sourceIp: meta.ip,
          before: before?.config ?? null,
          after: c,
        });
      });
      return (await channels.byId(db, c.id))!.info;
    },

    async remove(by: Principal, raw: unknown, meta: RequestMeta): Promise<void> {
      const { id } = NotifyChannelIdInputSchema.parse(raw);
      if (channels.fixed.some((f) => f.info.id === id))
        throw new AppError('CONFLICT', { msg: msg('notify.channelFixed', { id }) });
      await db.transaction().execute(async (trx) => {
        const gone = await trx
          .deleteFrom('ralf.notify_channel')
          .where('id', '=', id)
          .returning('config')
          .executeTakeFirst();
        if (!gone) throw new AppError('NOT_FOUND', { msg: msg('err.noChannel', { id }) });
        await audit.record(trx, {
          actor: actorOf(by),
          action: 'notify.channel_delete',
          subject: `channel/${id}`,
          sourceIp: meta.ip,
          before: gone.config,
        });
      });
    },
  };
}

export type ChannelSettings = ReturnType<typeof createChannelSettings>;
