import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { health, loopPeriod } from '../../features/loops/loop-schedule';
import { loadProfile } from '../../profile';
import { lastSlot } from './demo-lab-loops';

const profile = loadProfile(join(import.meta.dirname, '../../../profiles/core.yaml'));
const loop = (id: string) => profile.loops.find((l) => l.id === id)!;
const at = (hhmmss: string) => new Date(`2026-11-25T${hhmmss}Z`);

describe("the demo lab's seeded loop history", () => {
  it("ends at the loop's latest slot that has come, a minute back at least", () => {
    expect(lastSlot(loop('main'), at('12:03:30'))).toEqual(at('12:00:00'));
    expect(lastSlot(loop('main'), at('12:00:20'))).toEqual(at('11:55:00'));
    expect(lastSlot(loop('adaptive'), at('12:20:00'))).toEqual(at('12:00:00'));
  });

  it('never shows an hourly loop overdue on a fresh install before its next slot', () => {
    const adaptive = loop('adaptive');
    const installed = at('12:20:00');
    const period = loopPeriod(adaptive, installed);
    // Just before 13:00, the next slot: on schedule (it was "overdue" from 12:32 when the seed ended an hour back).
    expect(health(lastSlot(adaptive, installed), period, false, at('12:59:50')).health).toBe('ok');
  });
});
