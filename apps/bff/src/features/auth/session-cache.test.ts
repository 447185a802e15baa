import { describe, expect, it } from 'vitest';
import { SessionCache } from './session-cache';

const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 12, 0, s));
const principal = (hash: string, userId: string) => ({
  kind: 'user' as const,
  tokenHash: hash,
  csrfToken: 'c',
  expiresAt: at(3600),
  user: {
    id: userId,
    username: userId,
    displayName: userId,
    roles: ['viewer' as const],
    permissions: ['read' as const],
    source: 'local' as const,
  },
});

describe('the session cache', () => {
  it('answers from memory only until the next check is due, and forgets what was ended here at once', () => {
    const c = new SessionCache({ recheckMs: 2000, graceMs: 300_000, max: 10 });
    c.remember(principal('a', 'u1'), at(0));
    c.remember(principal('b', 'u1'), at(0));
    c.remember(principal('c', 'u2'), at(0));
    expect(c.fresh('a', at(1))?.user.id).toBe('u1');
    expect(c.fresh('a', at(2))).toBeNull();
    c.forgetUser('u1');
    expect(c.fresh('b', at(1))).toBeNull();
    expect(c.fresh('c', at(1))?.user.id).toBe('u2');
    c.forgetSession('c');
    expect(c.duringOutage('c', at(1))).toBeNull();
  });

  it('bridges a database outage for a while, never past the grace or the session end', () => {
    const c = new SessionCache({ recheckMs: 2000, graceMs: 300_000, max: 10 });
    c.remember(principal('a', 'u1'), at(0));
    expect(c.duringOutage('a', at(299))?.user.id).toBe('u1');
    expect(c.duringOutage('a', at(300))).toBeNull();
    c.remember({ ...principal('b', 'u1'), expiresAt: at(10) }, at(0));
    expect(c.duringOutage('b', at(10))).toBeNull();
  });

  it('holds at most `max` sessions, dropping the oldest', () => {
    const c = new SessionCache({ recheckMs: 2000, graceMs: 300_000, max: 2 });
    for (const h of ['a', 'b', 'c']) c.remember(principal(h, h), at(0));
    expect(['a', 'b', 'c'].map((h) => c.fresh(h, at(1)) !== null)).toEqual([false, true, true]);
  });
});
