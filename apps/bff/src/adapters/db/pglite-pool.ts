import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * PGlite is one connection, so this pool hands it to one borrower at a time: a Kysely
 * transaction keeps it until release(), and nothing else interleaves with its statements.
 */
export class PGlitePool implements PostgresPool {
  private queue: Promise<void> = Promise.resolve();
  constructor(readonly pglite: PGlite) {}

  /** Runs fn with exclusive use of the connection. */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const client = await this.connect();
    try {
      return await fn();
    } finally {
      client.release();
    }
  }

  connect(): Promise<PostgresPoolClient> {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const turn = this.queue;
    this.queue = turn.then(() => released);
    const pglite = this.pglite;
    let done = false;
    const client = {
      async query(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<unknown>> {
        const res = await pglite.query(sql, parameters as unknown[]);
        const command = (/^\s*(\w+)/.exec(sql)?.[1] ?? 'SELECT').toUpperCase();
        return {
          command: command as PostgresQueryResult<unknown>['command'],
          rowCount: res.affectedRows ?? res.rows.length,
          rows: res.rows,
        };
      },
      release() {
        if (!done) {
          done = true;
          release();
        }
      },
    };
    return turn.then(() => client as unknown as PostgresPoolClient);
  }

  async end(): Promise<void> {
    await this.pglite.close();
  }
}
