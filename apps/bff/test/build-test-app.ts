import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '@ralf/shared';
import { buildApp, type BuiltApp } from '../src/app';
import type { RequestMeta } from '../src/lib/principal';
import { appRouter } from '../src/trpc/app-router';
import type { Context } from '../src/trpc/context';
import { createCallerFactory } from '../src/trpc/trpc';
import { loadConfig, type Config } from '../src/config';
import type { Clock } from '../src/adapters/ports';
import type { Passwords } from '../src/features/auth/passwords';
import { createTestDb, type DbKind, type TestDb } from './test-db';

/** A fixed moment for tests: the demo lab's values at this time are known and do not move. */
export const FROZEN = new Date('2026-11-25T12:00:00Z');
export const frozenClock: Clock = { now: () => FROZEN };

/**
 * The whole BFF as `main` builds it, on a fresh database, with the demo lab frozen at FROZEN.
 * `env` is what an operator would set; the web app is not served.
 */
export async function buildTestApp(
  kind: DbKind,
  env: Record<string, string> = {},
  opts: {
    clock?: Clock;
    passwords?: Passwords;
    log?: string[];
    db?: TestDb;
    demoSpeed?: number;
    retryBaseMs?: number;
    demoPlanner?: boolean;
  } = {},
): Promise<BuiltApp & { config: Config; stop: () => Promise<void> }> {
  const db = opts.db ?? (await createTestDb(kind));
  const config = loadConfig(
    {
      RALF_SERVE_WEB: 'false',
      RALF_DEMO_FROZEN_AT: FROZEN.toISOString(),
      LOG_LEVEL: 'silent',
      RALF_DATA_DIR: mkdtempSync(join(tmpdir(), 'ralf-test-data-')),
      ...env,
    },
    {
      catalogDir: join(import.meta.dirname, '../catalog'),
      profile: join(import.meta.dirname, '../profiles/core.yaml'),
    },
  );
  config.database = db.config;
  const log = opts.log;
  if (log && !env.LOG_LEVEL) config.logLevel = 'debug';
  const built = await buildApp(config, {
    clock: opts.clock ?? frozenClock,
    logger: log ? { write: (l: string) => void log.push(l) } : false,
    demoSpeed: opts.demoSpeed ?? 0.02,
    retryBaseMs: opts.retryBaseMs ?? 1000,
    demoPlanner: opts.demoPlanner ?? false,
    ...(opts.passwords && { passwords: opts.passwords }),
  });
  return {
    ...built,
    config,
    stop: async () => {
      await built.app.close();
      if (!opts.db) await db.drop();
    },
  };
}

export const TEST_META = { ip: '127.0.0.1', userAgent: 'vitest' } as const;

/**
 * A tRPC context as the HTTP layer builds it: signed in as the demo account of `role` (with the
 * session's CSRF token), or signed out for null. `cookie` records what the procedures set.
 */
export async function contextAs(
  t: Pick<BuiltApp, 'services'>,
  role: Role | { username: string; password: string } | null,
  meta: RequestMeta = TEST_META,
): Promise<Context & { cookieLog: string[] }> {
  const cookieLog: string[] = [];
  let current: string | null = null;
  let csrfToken: string | null = null;
  if (role) {
    const s = await t.services.auth.signIn(
      typeof role === 'string' ? { username: role, password: `demo-${role}` } : role,
      meta,
      null,
    );
    current = s.token;
    csrfToken = s.session.csrfToken;
  }
  return {
    services: t.services,
    principal: null,
    meta,
    csrfToken,
    cookie: { current, set: (token) => void cookieLog.push(`set ${token}`), clear: () => void cookieLog.push('clear') },
    cookieLog,
  };
}

const call = createCallerFactory(appRouter);
/** A router caller signed in as the demo account of `role`. */
export const callerAs = async (t: Pick<BuiltApp, 'services'>, role: Parameters<typeof contextAs>[1]) =>
  call(await contextAs(t, role));

/**
 * Signs in over HTTP as the browser does and returns the headers a browser would send next:
 * the session cookie and the CSRF token.
 */
export async function signInHeaders(
  app: BuiltApp['app'],
  role: Role,
  password = `demo-${role}`,
): Promise<{ cookie: string; 'x-ralf-csrf': string }> {
  const res = await app.inject({
    method: 'POST',
    url: '/trpc/auth.signIn',
    headers: { 'content-type': 'application/json' },
    payload: { username: role, password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in as ${role} failed: ${res.statusCode} ${res.body}`);
  const set = res.cookies.find((c) => c.name === 'ralf_session');
  if (!set) throw new Error('sign-in set no session cookie');
  return { cookie: `ralf_session=${set.value}`, 'x-ralf-csrf': res.json().result.data.csrfToken };
}
