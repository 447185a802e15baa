import { englishText, type LoopDefinition, messageText } from '@ralf/shared';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../profile';
import { health, loopPeriod, nextRun, timerSeconds, triggerText } from './loop-schedule';

const CORE = new URL('../../../profiles/core.yaml', import.meta.url).pathname;
const loop = (triggers: LoopDefinition['triggers']): LoopDefinition => ({
  id: 'x',
  name: 'x',
  runtime: 'n8n',
  template: 't',
  triggers,
  inputs: [],
  outputs: [],
  phases: ['a'],
});

describe('loop schedules from the profile', () => {
  it('reads the seed’s three loops with both timer forms', () => {
    const p = loadProfile(CORE);
    expect(p.loops.map((l) => [l.id, l.runtime, l.triggers])).toEqual([
      ['main', 'n8n', [{ cron: '*/5 * * * *', timezone: 'Europe/Berlin' }, { timer: 'PT15M' }]],
      ['discovery', 'foreman', [{ timer: 3600 }]],
      ['adaptive', 'n8n', [{ cron: '0 * * * *', timezone: 'Europe/Berlin' }]],
    ]);
    expect(p.loops[0]!.phases).toHaveLength(4);
    expect(timerSeconds('PT15M')).toBe(900);
    expect(timerSeconds(3600)).toBe(3600);
    expect(timerSeconds('P1DT2H')).toBe(93_600);
  });

  it('says the triggers in words', () => {
    const now = new Date('2026-11-25T12:01:00Z');
    const main = loadProfile(CORE).loops[0]!;
    const said = main.triggers.map((t, i) => triggerText(t, now, i === 0));
    expect(said.map(englishText)).toEqual([
      'every 5 minutes, Europe/Berlin (cron */5 * * * *)',
      'safety timer every 15 minutes (PT15M)',
    ]);
    expect(said.map((m) => messageText('de', m))).toEqual([
      'alle 5 Minuten, Europe/Berlin (Cron */5 * * * *)',
      'Sicherheitstimer alle 15 Minuten (PT15M)',
    ]);
    expect(loopPeriod(main, now)).toBe(300);
    const hourly = loadProfile(CORE).loops[2]!;
    expect(messageText('de', triggerText(hourly.triggers[0]!, now, true))).toBe(
      'jede Stunde, Europe/Berlin (Cron 0 * * * *)',
    );
    expect(englishText(triggerText(hourly.triggers[0]!, now, true))).toBe('every hour, Europe/Berlin (cron 0 * * * *)');
  });

  it('computes the next run in the loop’s time zone, across the change to winter time in Europe/Berlin', () => {
    const daily = loop([{ cron: '30 2 * * *', timezone: 'Europe/Berlin' }]);
    // 25 October 2026: clocks go back at 03:00 CEST to 02:00 CET; 02:30 happens twice, the cron fires once.
    expect(nextRun(daily, null, new Date('2026-10-24T12:00:00Z'))).toEqual(new Date('2026-10-25T00:30:00Z'));
    expect(nextRun(daily, null, new Date('2026-10-25T12:00:00Z'))).toEqual(new Date('2026-10-26T01:30:00Z'));
    // 29 March 2026: 02:30 does not exist in Berlin; the run moves to 03:30 CEST (01:30 UTC) or later, never before 01:00 UTC.
    const spring = nextRun(daily, null, new Date('2026-03-28T12:00:00Z'))!;
    expect(spring.getTime()).toBeGreaterThanOrEqual(Date.parse('2026-03-29T00:30:00Z'));
    expect(spring.getTime()).toBeLessThanOrEqual(Date.parse('2026-03-29T01:30:00Z'));
    expect(nextRun(daily, null, new Date('2026-03-29T12:00:00Z'))).toEqual(new Date('2026-03-30T00:30:00Z'));
  });

  it('counts a timer from the last start, and takes the earliest trigger', () => {
    const now = new Date('2026-11-25T12:01:00Z');
    expect(nextRun(loop([{ timer: 'PT15M' }]), new Date('2026-11-25T11:50:00Z'), now)).toEqual(
      new Date('2026-11-25T12:05:00Z'),
    );
    expect(
      nextRun(
        loop([{ timer: 'PT15M' }, { cron: '*/5 * * * *', timezone: 'UTC' }]),
        new Date('2026-11-25T12:00:00Z'),
        now,
      ),
    ).toEqual(new Date('2026-11-25T12:05:00Z'));
  });

  it('flags a loop overdue after its period and a grace, and red after two', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    const ago = (min: number) => new Date(now.getTime() - min * 60_000);
    expect(health(ago(4), 300, false, now).health).toBe('ok');
    const late = health(ago(7), 300, false, now);
    expect([late.health, englishText(late.reason), messageText('de', late.reason)]).toEqual([
      'overdue',
      'overdue: last run started 7 minutes ago, it runs every 5 minutes',
      'überfällig: der letzte Lauf begann vor 7 Minuten, er läuft alle 5 Minuten',
    ]);
    expect(health(ago(12), 300, false, now).health).toBe('missed');
    expect(health(null, 300, false, now).health).toBe('never');
    expect(health(ago(60), 300, true, now).health).toBe('paused');
  });
});
