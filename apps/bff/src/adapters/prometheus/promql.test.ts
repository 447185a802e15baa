import { describe, expect, it } from 'vitest';
import { byId, fleetSeriesQuery, quote, seriesQuery } from './promql';

describe('PromQL building', () => {
  it('escapes quotes, backslashes and newlines so a label value cannot end the string', () => {
    const evil = 'x"} or vector(1) #';
    expect(quote(evil)).toBe('"x\\"} or vector(1) #"');
    expect(quote('a\\b')).toBe('"a\\\\b"');
    expect(quote('a\nb')).toBe('"a\\nb"');
  });

  it('puts an id into exactly one quoted matcher', () => {
    const q = seriesQuery('cpu', byId('qemu/100"} or vector(1) #'), 60);
    // Every quote inside the value is escaped: the only unescaped quotes are the matchers' own.
    const unescaped = q.replace(/\\./g, '').match(/"/g) ?? [];
    expect(unescaped.length % 2).toBe(0);
    expect(q).toContain('{id="qemu/100\\"} or vector(1) #"}');
  });

  it('asks for the whole fleet in one query per metric', () => {
    const q = fleetSeriesQuery('cpu', 60);
    expect(q).toContain('id=~"(qemu|lxc)/[0-9]+"');
    expect(q.match(/pve_cpu_usage_ratio/g)).toHaveLength(1);
  });

  it('uses a rate window of at least a minute for counters', () => {
    expect(seriesQuery('netRx', '{id="node/pve1"}', 10)).toContain('[60s]');
    expect(seriesQuery('netTx', '{id="node/pve1"}', 600)).toContain('[600s]');
  });
});
