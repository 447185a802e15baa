import type { Db } from '../../adapters/db/client';
import { AppError } from '../../lib/app-error';
import { sessionsRepository as repo } from './sessions.repository';

/** Failed sign-ins allowed per window, per account and per address (issue 3: the sixth is refused). */
export const SIGN_IN_LIMITS = { windowMs: 60_000, perAccount: 5, perAddress: 20 } as const;

/**
 * Refuses a sign-in before any hash is checked when the account or the address has used up its
 * failures in the window; the error says when the oldest of them leaves the window. Counts live
 * in the database, so every replica applies the same limit.
 */
export async function assertMayTry(db: Db, username: string, address: string, now: Date): Promise<void> {
  const since = new Date(now.getTime() - SIGN_IN_LIMITS.windowMs);
  const checks = [
    ['username', username, SIGN_IN_LIMITS.perAccount, 'this account'],
    ['address', address, SIGN_IN_LIMITS.perAddress, 'this address'],
  ] as const;
  for (const [by, value, limit, what] of checks) {
    const failures = await repo.failuresSince(db, by, value, since, limit);
    if (failures.length >= limit) {
      const retryAt = new Date(failures[0]!.getTime() + SIGN_IN_LIMITS.windowMs);
      throw new AppError('RATE_LIMITED', { message: `too many failed sign-ins for ${what}; try again at ${retryAt.toISOString()}`, retryAt });
    }
  }
}
