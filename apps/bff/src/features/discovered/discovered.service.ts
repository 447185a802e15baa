import { DiscoveredDecisionInputSchema, msg, type DiscoveredHost } from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import type { Clock } from '../../adapters/ports';
import { AppError } from '../../lib/app-error';
import { changeLog as changes } from '../../lib/change-log';
import { actorOf, type Principal, type RequestMeta } from '../../lib/principal';
import type { AuditLog } from '../audit/audit.service';
import type { FleetService } from '../fleet/fleet.service';

/**
 * The hosts Foreman found (issue 21): listed with their facts and suggested role; an operator
 * accepts one (it is to join the lab) or ignores it (no longer asked about), audited, and the
 * architecture's new-host box follows at once.
 */
export function createDiscoveredService(deps: {
  db: Db;
  clock: Clock;
  audit: AuditLog;
  fleet: Pick<FleetService, 'discoveredHosts' | 'decideDiscoveredHost'>;
}) {
  return {
    list: (): Promise<DiscoveredHost[]> => deps.fleet.discoveredHosts(),

    async decide(by: Principal, raw: unknown, meta: RequestMeta): Promise<DiscoveredHost> {
      const { id, decision } = DiscoveredDecisionInputSchema.parse(raw);
      const state = decision === 'accept' ? 'accepted' : 'ignored';
      return deps.db.transaction().execute(async (trx) => {
        const done = await deps.fleet.decideDiscoveredHost(trx, id, state);
        if (!done) throw new AppError('NOT_FOUND', { msg: msg('err.noHost', { id }) });
        await deps.audit.record(trx, {
          actor: actorOf(by),
          action: `discovered.${decision}`,
          subject: `host/${done.after.mac}`,
          sourceIp: meta.ip,
          before: { state: done.before.state },
          after: { state, hostname: done.after.hostname, suggestedRole: done.after.suggestedRole },
        });
        await changes.insertMany(trx, deps.clock.now(), [
          { topic: 'inventory', kind: 'discovered.decided', subject: `host/${done.after.mac}` },
        ]);
        return done.after;
      });
    },
  };
}

export type DiscoveredService = ReturnType<typeof createDiscoveredService>;
