import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../lib/canonical-json';
import { chainHash, GENESIS } from './audit-hash';

const event = {
  at: '2026-11-25T12:00:00.000Z',
  actor: 'user:alice',
  action: 'plan.approve',
  subject: 'plan/7',
  outcome: 'success',
  sourceIp: null,
  before: { a: 1, b: [1, { y: 2, x: 1 }] },
  after: null,
  details: null,
};

describe('audit hash chain', () => {
  it('hashes the same content the same way whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 0 }] } })).toBe(
      '{"a":{"c":[3,{"e":0,"f":1}],"d":2},"b":1}',
    );
    expect(chainHash(GENESIS, event)).toBe(chainHash(GENESIS, { ...event, before: { b: [1, { x: 1, y: 2 }], a: 1 } }));
  });

  it('changes with any edit of the content or of the link to the row before', () => {
    const h = chainHash(GENESIS, event);
    expect(chainHash(GENESIS, { ...event, actor: 'user:mallory' })).not.toBe(h);
    expect(chainHash(GENESIS, { ...event, before: { a: 2, b: [1, { y: 2, x: 1 }] } })).not.toBe(h);
    expect(chainHash('1'.repeat(64), event)).not.toBe(h);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
  });
});
