import { mkdirSync, readFileSync } from 'node:fs';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../../config';
import type { Database } from './tables';
import { PGlitePool } from './pglite-pool';
import { lockDataDir } from './data-dir-lock';
import { seedFor, unpackSeed } from './pglite-seed';

export type Db = Kysely<Database>;

/** The lock replicas take turns under while they sync the catalog and seed the demo lab (issue 16). */
export const STARTUP_LOCK = 'ralf-ui startup';

export interface DbClient {
  readonly kind: 'postgres' | 'pglite';
  readonly db: Db;
  /** Runs fn with one connection to itself: multi-statement scripts and plain queries (migrations). */
  withScript<T>(fn: (conn: ScriptConnection) => Promise<T>): Promise<T>;
  /**
   * Runs fn while this process holds the lock named `key` across the whole database, so that
   * replicas starting at once take turns (seeding, catalog sync: issue 16). PGlite serves one
   * process per data folder, so there it just runs fn.
   */
  exclusively<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** True when the database answers `select 1` within timeoutMs. */
  ping(timeoutMs: number): Promise<{ ok: boolean; message: string | null }>;
  /**
   * Calls `onNotify` for every NOTIFY on `channel` (delivered on commit) and `onReconnect` when a
   * lost listening connection is back, since notifications sent meanwhile are gone. Returns stop.
   */
  listen(channel: string, onNotify: (payload: string) => void, onReconnect: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface ScriptConnection {
  exec(script: string): Promise<void>;
  rows<R>(query: string): Promise<R[]>;
}

export class DatabaseUnreachableError extends Error {}

/** Opens PostgreSQL (DATABASE_URL) or PGlite (embedded) behind the same Kysely API. */
export async function openDatabase(cfg: Config['database']): Promise<DbClient> {
  if (cfg.kind === 'postgres') return openPostgres(cfg.url);
  const { PGlite } = await import('@electric-sql/pglite');
  if (cfg.dataDir) mkdirSync(cfg.dataDir, { recursive: true });
  const unlock = cfg.dataDir ? lockDataDir(cfg.dataDir) : () => {};
  // PostgreSQL's default 128 MB of shared buffers lives in PGlite's WASM heap, inside the BFF
  // process; a homelab inventory needs far less (bench/RESULTS.md: resident memory).
  const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB', '-c', 'work_mem=4MB'];
  // A new data folder is unpacked from the seed made at build time instead of running initdb (issue 24).
  const seed = seedFor(cfg.dataDir, cfg.seed);
  if (seed && cfg.dataDir) unpackSeed(seed, cfg.dataDir);
  const loadDataDir = seed && !cfg.dataDir ? new Blob([readFileSync(seed)]) : undefined;
  const pglite = await PGlite.create(cfg.dataDir ?? undefined, { startParams, loadDataDir }).catch((err: unknown) => {
    unlock();
    throw err;
  });
  const pool = new PGlitePool(pglite);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'pglite',
    db,
    withScript: (fn) =>
      pool.exclusive(() =>
        fn({
          exec: async (script) => void (await pglite.exec(script)),
          rows: async <R>(query: string) => (await pglite.query<R>(query)).rows,
        }),
      ),
    exclusively: (_key, fn) => fn(),
    ping: async () => {
      try {
        await sql`select 1`.execute(db);
        return { ok: true, message: null };
      } catch (err) {
        return { ok: false, message: (err as Error).message };
      }
    },
    // LISTEN is issued between borrowers, never inside another's transaction; PGlite delivers
    // notifications in process and its connection cannot be lost.
    listen: async (channel, onNotify) =>
      pool.exclusive(() => pglite.listen(channel, onNotify)).then((stop) => () => pool.exclusive(stop)),
    close: () => db.destroy().finally(unlock),
  };
}

async function openPostgres(url: string): Promise<DbClient> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
  });
  // A restart of the server kills its connections: an idle one errors on the pool, one in use on
  // its client. Both are dropped (never an unhandled 'error' that ends the process) and the next
  // query connects again.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  try {
    const c = await pool.connect();
    c.release();
  } catch (err) {
    await pool.end().catch(() => {});
    throw new DatabaseUnreachableError(`DATABASE_URL: cannot connect to ${redact(url)}: ${(err as Error).message}`);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    async withScript(fn) {
      const client = await pool.connect();
      try {
        return await fn({
          exec: async (script) => void (await client.query(script)),
          rows: async <R>(query: string) => (await client.query(query)).rows as R[],
        });
      } finally {
        client.release();
      }
    },
    async exclusively(key, fn) {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [key]);
        try {
          return await fn();
        } finally {
          await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch(() => {});
        }
      } finally {
        client.release();
      }
    },
    async ping(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          pool.query('select 1'),
          new Promise(
            (_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)),
          ),
        ]);
        return { ok: true, message: null };
      } catch (err) {
        return { ok: false, message: (err as Error).message };
      } finally {
        clearTimeout(timer);
      }
    },
    listen: (channel, onNotify, onReconnect) => listenPostgres(url, channel, onNotify, onReconnect),
    close: () => db.destroy(),
  };
}

/**
 * A dedicated connection that LISTENs (a pooled one would be handed to queries). When the server
 * restarts it is lost: it reconnects with backoff and calls onReconnect, so the reader catches up
 * from the change log.
 */
async function listenPostgres(
  url: string,
  channel: string,
  onNotify: (payload: string) => void,
  onReconnect: () => void,
): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | null = null;
  let delay = 250;
  const connect = async (first: boolean): Promise<void> => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    c.on('notification', (n) => n.channel === channel && onNotify(n.payload ?? ''));
    c.on('error', () => {});
    c.on('end', () => {
      if (stopped || client !== c) return; // only the live connection's loss starts a retry
      client = null;
      setTimeout(() => void retry(), delay);
    });
    try {
      await c.connect();
      await c.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch (err) {
      await c.end().catch(() => {});
      throw err;
    }
    client = c;
    delay = 250;
    if (!first) onReconnect();
  };
  const retry = async (): Promise<void> => {
    if (stopped) return;
    try {
      await connect(false);
    } catch {
      delay = Math.min(delay * 2, 5000);
      setTimeout(() => void retry(), delay);
    }
  };
  await connect(true);
  return async () => {
    stopped = true;
    await client?.end().catch(() => {});
  };
}

export const redact = (url: string) => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
