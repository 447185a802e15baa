import type { Message, ServiceCheck } from '@ralf/shared';
import { sql } from 'kysely';
import type { Db } from '../../adapters/db/client';
import { iso } from '../../adapters/db/iso';
import type { CheckResult } from './http-check';

type Row = {
  service_id: string;
  at: Date | string;
  ok: boolean;
  status: number | null;
  latency_ms: number | null;
  reason: unknown;
  cert_expires_at: Date | string | null;
};

const toCheck = (r: Row): ServiceCheck => ({
  at: iso(r.at),
  ok: r.ok,
  status: r.status,
  latencyMs: r.latency_ms,
  reason: (r.reason as Message | null) ?? null,
  certExpiresAt: iso(r.cert_expires_at),
});

/** The HTTP checks of services (table ralf.service_check), written only from this folder. */
export const serviceChecksRepository = Object.freeze({
  async insert(db: Db, serviceId: string, at: Date, r: CheckResult): Promise<void> {
    await db
      .insertInto('ralf.service_check')
      .values({
        service_id: serviceId,
        at,
        ok: r.ok,
        status: r.status,
        latency_ms: r.latencyMs,
        reason: r.reason && JSON.stringify(r.reason),
        cert_expires_at: r.certExpiresAt,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  },

  /** Each service's newest check. */
  async latest(db: Db): Promise<Map<string, ServiceCheck>> {
    const rows = await sql<Row>`
      select distinct on (service_id) service_id, at, ok, status, latency_ms, reason, cert_expires_at
      from ralf.service_check order by service_id, at desc`.execute(db);
    return new Map(rows.rows.map((r) => [r.service_id, toCheck(r)]));
  },

  /** The share of checks that passed since `since`, per service. */
  async uptime(db: Db, since: Date, serviceId?: string): Promise<Map<string, number>> {
    let q = db
      .selectFrom('ralf.service_check')
      .select((eb) => [
        'service_id',
        eb.fn.countAll<string>().as('total'),
        eb.fn.count<string>(sql`case when ok then 1 end`).as('passed'),
      ])
      .where('at', '>=', since)
      .groupBy('service_id');
    if (serviceId) q = q.where('service_id', '=', serviceId);
    const rows = await q.execute();
    return new Map(rows.map((r) => [r.service_id, Number(r.passed) / Number(r.total)]));
  },

  async recent(db: Db, serviceId: string, limit: number): Promise<ServiceCheck[]> {
    const rows = await db
      .selectFrom('ralf.service_check')
      .selectAll()
      .where('service_id', '=', serviceId)
      .orderBy('at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => toCheck(r as Row));
  },

  async pruneBefore(db: Db, before: Date): Promise<void> {
    await db.deleteFrom('ralf.service_check').where('at', '<', before).execute();
  },
});
