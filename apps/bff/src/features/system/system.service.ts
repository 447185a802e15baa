import type { Readiness, SystemInfo } from '@ralf/shared';
import type { DbClient } from '../../adapters/db/client';
import type { MetricsFeed } from '../fleet/metrics-feed';

/** What the browser knows of the installation (it reads no env) and whether it is ready. */
export function createSystemService(deps: { info: SystemInfo; db: DbClient; metrics: MetricsFeed }) {
  return {
    info: (): SystemInfo => deps.info,
    /** Ready when the database answers; the metrics source is reported, never fatal (issue 2). */
    async readiness(): Promise<Readiness> {
      const [database] = await Promise.all([deps.db.ping(1500), deps.metrics.snapshot()]);
      return { ready: database.ok, database, metrics: deps.metrics.freshness() };
    },
  };
}

export type SystemService = ReturnType<typeof createSystemService>;
