import { sql } from 'kysely';
import type { Db } from '../../adapters/db/client';
import { AppError } from '../../lib/app-error';
import { sessionsRepository as repo } from './sessions.repository';

/**
 * Failed sign-ins allowed per window (issue 3, reworked in issue 15): per account and address (the
 * sixth is refused), per address across accounts, and per account across addresses. The last
 * refuses only addresses that have failed on the account themselves, so a stranger's guesses
 * never lock the owner out: a correct password from an address with no failures goes through.
 */
export const SIGN_IN_LIMITS = { windowMs: 60_000, perAccount: 5, perAddress: 20, perAccountAll: 20 } as const;

export interface Reservation {
  id: string;
}

export interface Refusal {
  retryAt: Date;
  what: string;
  /** The first refusal of this account and address in the window: the one that is audited. */
  first: boolean;
}

/**
 * Reserves a sign-in attempt before any hash is checked: the counting and the reservation are
 * one step under locks of the address and the account, so parallel wrong passwords cannot slip
 * past the limit while their hashes are being checked. An unfinished reservation counts as a
 * failure until `settle` says otherwise. Counts live in the database: every replica applies them.
 */
export async function reserveAttempt(
  db: Db,
  username: string,
  address: string,
  now: Date,
): Promise<Reservation | Refusal> {
  const since = new Date(now.getTime() - SIGN_IN_LIMITS.windowMs);
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`sign-in address ${address}`}, 0))`.execute(trx);
    await sql`select pg_advisory_xact_lock(hashtextextended(${`sign-in account ${username}`}, 0))`.execute(trx);
    const pair = await repo.failuresSince(trx, { username, address }, since, SIGN_IN_LIMITS.perAccount);
    const byAddress = await repo.failuresSince(trx, { address }, since, SIGN_IN_LIMITS.perAddress);
    const byAccount =
      pair.length > 0 ? await repo.failuresSince(trx, { username }, since, SIGN_IN_LIMITS.perAccountAll) : [];
    // The refusal marker is kept per limit that was hit (an address cycling names is one burst).
    const hit =
      pair.length >= SIGN_IN_LIMITS.perAccount
        ? { oldest: pair[0]!, what: 'this account from this address', marker: { username, address } }
        : byAddress.length >= SIGN_IN_LIMITS.perAddress
          ? { oldest: byAddress[0]!, what: 'this address', marker: { username: '*', address } }
          : byAccount.length >= SIGN_IN_LIMITS.perAccountAll
            ? { oldest: byAccount[0]!, what: 'this account', marker: { username, address: '*' } }
            : null;
    if (hit) {
      const first = !(await repo.hasRefusalSince(trx, hit.marker, since));
      if (first) await repo.insertAttempt(trx, { ...hit.marker, at: now, ok: false, refused: true });
      return { retryAt: new Date(hit.oldest.getTime() + SIGN_IN_LIMITS.windowMs), what: hit.what, first };
    }
    return { id: await repo.insertAttempt(trx, { username, address, at: now, ok: null }) };
  });
}

export const isRefusal = (r: Reservation | Refusal): r is Refusal => 'retryAt' in r;

/** The refusal as the caller sees it: 429 with when to come back (Retry-After). */
export const refusalError = (r: Refusal) =>
  new AppError('RATE_LIMITED', {
    message: `too many failed sign-ins for ${r.what}; try again at ${r.retryAt.toISOString()}`,
    retryAt: r.retryAt,
  });

/** Ends a reservation: a success no longer counts against anyone. */
export const settleAttempt = (db: Db, r: Reservation, ok: boolean) => repo.settleAttempt(db, r.id, ok);
