import {
  type AuditEntry,
  type AuditEvent,
  type AuditListInput,
  AuditListInputSchema,
  type AuditPage,
  type AuditVerification,
  msg,
  wellFormed,
} from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import type { Clock } from '../../adapters/ports';
import { AppError } from '../../lib/app-error';
import { holdWriteLock } from '../../lib/write-lock';
import { chainHash, GENESIS, type HashedContent } from './audit-hash';
import { auditRepository as repo } from './audit.repository';

const content = (e: Omit<AuditEvent, 'seq' | 'id' | 'prevHash' | 'hash'>): HashedContent => ({
  at: e.at,
  actor: e.actor,
  action: e.action,
  subject: e.subject,
  outcome: e.outcome,
  sourceIp: e.sourceIp,
  before: e.before,
  after: e.after,
  details: e.details,
});

/**
 * Every string made storable exactly as it will be read back (NUL and lone surrogates become
 * U+FFFD, as PostgreSQL would keep them), so that the hash is over what is stored (issue 15).
 * Inputs refuse such text at the door; this holds for what ralf-ui composes itself too.
 */
function storable<T>(value: T): T {
  if (typeof value === 'string') return wellFormed(value) as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [wellFormed(k), storable(v)])) as T;
  }
  return value;
}

/** How many broken rows a verification lists; the count says how many there are in all. */
const LISTED = 100;

export interface ChainCheck {
  /** The last row checked and its stored hash: where the next check goes on. */
  last: { seq: number; hash: string } | null;
  checked: number;
  broken: AuditVerification['broken'];
  brokenCount: number;
}

/**
 * The audit trail every change goes through (issue 3): `record` appends an event inside the
 * caller's transaction, so the change and its record commit together or not at all (fail
 * closed); `verify` recomputes the chain and names every row that does not match.
 */
export function createAuditLog({ clock }: { clock: Clock }) {
  /**
   * Checks the rows after `from` (the whole chain from null), going on from its stored hash. A
   * row whose content was edited breaks alone; a row whose hash was recomputed to hide the edit
   * breaks its successor's link: both are listed, and the walk goes on past them.
   */
  async function check(db: Db, from: ChainCheck | null, pageSize: number): Promise<ChainCheck> {
    const out: ChainCheck = from
      ? { ...from, broken: [...from.broken] }
      : { last: null, checked: 0, broken: [], brokenCount: 0 };
    let prev = out.last?.hash ?? GENESIS;
    let after = out.last?.seq ?? 0;
    for (;;) {
      const page = await repo.listAfter(db, after, pageSize);
      for (const e of page) {
        const reason =
          e.prevHash !== prev
            ? msg('audit.unlinked')
            : chainHash(e.prevHash, content(e)) !== e.hash
              ? msg('audit.hashMismatch')
              : null;
        if (reason) {
          out.brokenCount++;
          if (out.broken.length < LISTED) out.broken.push({ seq: e.seq, id: e.id, reason });
        } else out.checked++;
        prev = e.hash;
        out.last = { seq: e.seq, hash: e.hash };
      }
      if (page.length < pageSize) return out;
      after = page[page.length - 1]!.seq;
    }
  }

  return {
    async record(trx: Db, entry: AuditEntry): Promise<AuditEvent> {
      if (!trx.isTransaction)
        throw new AppError('INTERNAL', {
          message: 'audit events are recorded inside the transaction of the change they record',
        });
      const event = storable({
        at: clock.now().toISOString(),
        actor: entry.actor,
        action: entry.action,
        subject: entry.subject ?? null,
        outcome: entry.outcome ?? 'success',
        sourceIp: entry.sourceIp ?? null,
        before: entry.before ?? null,
        after: entry.after ?? null,
        details: entry.details ?? null,
      });
      try {
        await holdWriteLock(trx);
        const prevHash = (await repo.findLastHash(trx)) ?? GENESIS;
        return await repo.insertEvent(trx, { ...event, prevHash, hash: chainHash(prevHash, content(event)) });
      } catch (err) {
        // The caller's transaction rolls back with it: no change without its record (fail closed).
        throw new AppError('INTERNAL', {
          message: `the audit event for ${entry.action} could not be written, so the change was not made`,
          cause: err,
        });
      }
    },

    /** For an event that accompanies no other change (a failed sign-in, a refused request). */
    async recordAlone(db: Db, entry: AuditEntry): Promise<AuditEvent> {
      return db.transaction().execute((trx) => this.record(trx, entry));
    },

    async list(db: Db, input: AuditListInput): Promise<AuditPage> {
      const f = AuditListInputSchema.parse(input);
      const events = await repo.list(db, f, f.limit + 1);
      const more = events.length > f.limit;
      if (more) events.pop();
      return { events, nextCursor: more ? events[events.length - 1]!.seq : null };
    },

    /** Every event matching the filter, newest first, a page at a time (for the export). */
    async *all(db: Db, filter: Omit<AuditListInput, 'limit' | 'cursor'>): AsyncGenerator<AuditEvent> {
      let cursor: number | null = null;
      for (;;) {
        const page = await this.list(db, { ...filter, cursor, limit: 500 });
        yield* page.events;
        if (page.nextCursor === null) return;
        cursor = page.nextCursor;
      }
    },

    check,

    /** The whole chain recomputed (`ralf audit verify`). */
    async verify(db: Db, pageSize = 1000): Promise<AuditVerification> {
      const c = await check(db, null, pageSize);
      return {
        ok: c.brokenCount === 0,
        checked: c.checked,
        broken: c.broken,
        brokenCount: c.brokenCount,
        fullCheckAt: clock.now().toISOString(),
      };
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;

/** How often the page's check recomputes the whole chain; in between it checks only new rows. */
export const FULL_CHECK_EVERY_MS = 3_600_000;

/**
 * The audit page's reads and the records of refused requests, bound to the database. The chain
 * check of the page is bounded (issue 15): callers at the same moment share one check, and a
 * check goes on from the last verified row (whose hash it confirms first), recomputing the whole
 * chain at most once an hour. `ralf audit verify` always recomputes everything.
 */
export function createAuditService({ db, log, clock }: { db: Db; log: AuditLog; clock: Clock }) {
  let state: (ChainCheck & { fullAt: number }) | null = null;
  let running: Promise<AuditVerification> | null = null;

  async function verify(): Promise<AuditVerification> {
    const now = clock.now().getTime();
    let from = state && now - state.fullAt < FULL_CHECK_EVERY_MS ? state : null;
    if (from?.last && (await repo.findHash(db, from.last.seq)) !== from.last.hash) from = null;
    const c = await log.check(db, from, 1000);
    state = { ...c, fullAt: from ? from.fullAt : now };
    return {
      ok: c.brokenCount === 0,
      checked: c.checked,
      broken: c.broken,
      brokenCount: c.brokenCount,
      fullCheckAt: new Date(state.fullAt).toISOString(),
    };
  }

  return {
    list: (input: AuditListInput) => log.list(db, input),
    all: (filter: Omit<AuditListInput, 'limit' | 'cursor'>) => log.all(db, filter),
    verify(): Promise<AuditVerification> {
      running ??= verify().finally(() => (running = null));
      return running;
    },
    recordDenied: (entry: Omit<AuditEntry, 'outcome'>) => log.recordAlone(db, { ...entry, outcome: 'denied' }),
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
