import {
  msg,
  ServiceRefInputSchema,
  type Service,
  type ServiceCheck,
  type ServiceDetail,
  type ServiceRow,
  type ServiceState,
} from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import type { Clock } from '../../adapters/ports';
import { AppError } from '../../lib/app-error';
import { changeLog as changes } from '../../lib/change-log';
import { eachLimited } from '../../lib/each-limited';
import type { FleetService } from '../fleet/fleet.service';
import { checkHttp, type CheckResult } from './http-check';
import { serviceChecksRepository as repo } from './services.repository';

const DAY_MS = 24 * 3600_000;
/** Checks are kept eight days: enough for the 7-day uptime. */
const KEEP_MS = 8 * DAY_MS;
const RECENT = 60;

export const stateOf = (s: Pick<Service, 'httpCheckUrl'>, latest: ServiceCheck | undefined): ServiceState =>
  !s.httpCheckUrl ? 'none' : !latest ? 'unknown' : latest.ok ? 'up' : 'down';

/**
 * Services and their HTTP checks (issue 21): every service with an `http_check_url` is checked
 * every `intervalMs` (30 s by default); a check that changes a service's state is announced on
 * the change log, so open pages and the architecture turn red (or green) at once.
 */
export function createServicesService(deps: {
  db: Db;
  clock: Clock;
  fleet: Pick<FleetService, 'services' | 'inventory'>;
  intervalMs: number;
  timeoutMs: number;
  check?: (url: string) => Promise<CheckResult>;
}) {
  const { db, clock } = deps;
  const check = deps.check ?? ((url: string) => checkHttp(url, { timeoutMs: deps.timeoutMs }));

  async function rows(): Promise<ServiceRow[]> {
    const [services, inv, latest, uptime] = await Promise.all([
      deps.fleet.services(),
      deps.fleet.inventory(),
      repo.latest(db),
      repo.uptime(db, new Date(clock.now().getTime() - DAY_MS)),
    ]);
    const guestName = new Map(inv.guests.map((g) => [g.id, g.name]));
    return services
      .map((s) => ({
        ...s,
        guestName: (s.guestId && guestName.get(s.guestId)) ?? null,
        state: stateOf(s, latest.get(s.id)),
        latest: latest.get(s.id) ?? null,
        uptime24h: uptime.get(s.id) ?? null,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  return {
    list: rows,

    async get(raw: { id: string }): Promise<ServiceDetail> {
      const { id } = ServiceRefInputSchema.parse(raw);
      const service = (await rows()).find((s) => s.id === id);
      if (!service) throw new AppError('NOT_FOUND', { msg: msg('err.noService', { id }) });
      const [week, checks] = await Promise.all([
        repo.uptime(db, new Date(clock.now().getTime() - 7 * DAY_MS), id),
        repo.recent(db, id, RECENT),
      ]);
      return { service, uptime7d: week.get(id) ?? null, checks, intervalSeconds: Math.round(deps.intervalMs / 1000) };
    },

    /** The latest check of each service (the architecture colours service boxes by it). */
    latest: () => repo.latest(db),

    /**
     * Checks every service whose last check is older than most of an interval (another replica
     * may have just checked it), at most eight at a time, and stores each result.
     */
    async checkDue(): Promise<number> {
      const [services, latest] = await Promise.all([deps.fleet.services(), repo.latest(db)]);
      const now = clock.now().getTime();
      const due = services.filter((s) => {
        if (!s.httpCheckUrl) return false;
        const last = latest.get(s.id);
        return !last || now - new Date(last.at).getTime() >= deps.intervalMs * 0.9;
      });
      await eachLimited(due, 8, async (s) => {
        const result = await check(s.httpCheckUrl!);
        const at = clock.now();
        const before = stateOf(s, latest.get(s.id));
        await db.transaction().execute(async (trx) => {
          await repo.insert(trx, s.id, at, result);
          if (before !== (result.ok ? 'up' : 'down'))
            await changes.insertMany(trx, at, [{ topic: 'services', kind: 'service.state', subject: s.id }]);
        });
      });
      return due.length;
    },

    prune: () => repo.pruneBefore(db, new Date(clock.now().getTime() - KEEP_MS)),
  };
}

export type ServicesService = ReturnType<typeof createServicesService>;
