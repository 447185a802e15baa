import type { FastifyBaseLogger } from 'fastify';
import { watchPolicyDir } from './adapters/policy-files/policy-dir';
import type { Services } from './trpc/context';

/**
 * What runs on its own beside requests, on every replica (each step is idempotent): the policy
 * folder read now and whenever a file changes (and every 10 s, should a change be missed), the
 * bots checked every minute, and old ingest traffic, event ids and changes forgotten every hour.
 * Returns what stops it all.
 */
export async function startBackgroundWork(
  services: Services,
  { policyDir, log }: { policyDir: string | null; log: FastifyBaseLogger },
): Promise<() => void> {
  const warn = (what: string) => (err: unknown) => log.warn({ err }, what);
  const stops: (() => void)[] = [];
  if (policyDir) {
    const scan = () => services.findings.scanFolder().catch(warn('policy folder scan failed'));
    await scan();
    stops.push(watchPolicyDir(policyDir, () => void scan(), 10_000));
  }
  const checkBots = () => services.bots.check().catch(warn('bot check failed'));
  void checkBots();
  const bots = setInterval(() => void checkBots(), 60_000).unref();
  const housekeeping = () => services.ingest.housekeeping().catch(warn('housekeeping failed'));
  await housekeeping();
  const hourly = setInterval(() => void housekeeping(), 3_600_000).unref();
  return () => {
    clearInterval(bots);
    clearInterval(hourly);
    for (const stop of stops) stop();
  };
}
