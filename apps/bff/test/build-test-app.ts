import { buildApp, type BuiltApp } from '../src/app';
import { loadConfig, type Config } from '../src/config';
import type { Clock } from '../src/adapters/ports';
import { createTestDb, type DbKind } from './test-db';

/** A fixed moment for tests: the demo lab's values at this time are known and do not move. */
export const FROZEN = new Date('2026-11-25T12:00:00Z');
export const frozenClock: Clock = { now: () => FROZEN };

/**
 * The whole BFF as `main` builds it, on a fresh database, with the demo lab frozen at FROZEN.
 * `env` is what an operator would set; the web app is not served.
 */
export async function buildTestApp(kind: DbKind, env: Record<string, string> = {}, opts: { clock?: Clock } = {}): Promise<BuiltApp & { config: Config; stop: () => Promise<void> }> {
  const db = await createTestDb(kind);
  const config = loadConfig({ RALF_SERVE_WEB: 'false', RALF_DEMO_FROZEN_AT: FROZEN.toISOString(), LOG_LEVEL: 'silent', ...env });
  config.database = db.config;
  const built = await buildApp(config, { clock: opts.clock ?? frozenClock, logger: false });
  return {
    ...built,
    config,
    stop: async () => {
      await built.app.close();
      await db.drop();
    },
  };
}
