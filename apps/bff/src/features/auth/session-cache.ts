import type { Principal } from '../../lib/principal';

type UserPrincipal = Principal & { kind: 'user' };

/**
 * Sessions this process has just checked against the database. A request within `recheckMs`
 * of the last check is answered from here (the check was the largest cost of a status read);
 * everything that ends or changes a session (sign-out, disable, password reset, role change)
 * forgets it at once here, and on every other replica when its NOTIFY arrives (`announced`);
 * should that be lost, within `recheckMs`.
 * While the database is unreachable, a session checked within `graceMs` is still accepted for
 * reads, so status pages keep showing the last inventory instead of a sign-in page nobody can use.
 */
export class SessionCache {
  private readonly entries = new Map<string, { principal: UserPrincipal; checkedAt: number }>();
  constructor(private readonly opts: { recheckMs: number; graceMs: number; max: number }) {}

  fresh(tokenHash: string, now: Date): UserPrincipal | null {
    const e = this.entries.get(tokenHash);
    if (!e || now.getTime() - e.checkedAt >= this.opts.recheckMs || e.principal.expiresAt <= now) return null;
    return e.principal;
  }

  /** The last known principal while the database cannot be asked. */
  duringOutage(tokenHash: string, now: Date): UserPrincipal | null {
    const e = this.entries.get(tokenHash);
    return e && now.getTime() - e.checkedAt < this.opts.graceMs && e.principal.expiresAt > now ? e.principal : null;
  }

  remember(principal: UserPrincipal, now: Date): void {
    this.entries.delete(principal.tokenHash);
    if (this.entries.size >= this.opts.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(principal.tokenHash, { principal, checkedAt: now.getTime() });
  }

  forgetSession(tokenHash: string): void {
    this.entries.delete(tokenHash);
  }

  /** A `u:<user id>` or `s:<token hash>` announcement from any replica (sessions.repository.ts). */
  announced(payload: string): void {
    if (payload.startsWith('u:')) this.forgetUser(payload.slice(2));
    else if (payload.startsWith('s:')) this.forgetSession(payload.slice(2));
  }

  forgetUser(userId: string): void {
    for (const [hash, e] of this.entries) if (e.principal.user.id === userId) this.entries.delete(hash);
  }
}
