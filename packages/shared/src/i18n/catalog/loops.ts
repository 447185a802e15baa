import type { Catalog } from './index';

/** Loops: their schedules and health in words (issues 8, 18). */
export const loopMessages = {
  'loop.everyCron': {
    en: '{single, select, minute {every minute} hour {every hour} day {every day} other {every {period, duration}}}, {timezone} (cron {cron})',
    de: '{single, select, minute {jede Minute} hour {jede Stunde} day {jeden Tag} other {alle {period, duration}}}, {timezone} (Cron {cron})',
  },
  'loop.timer': {
    en: '{first, select, yes {timer} other {safety timer}} {single, select, minute {every minute} hour {every hour} day {every day} other {every {period, duration}}} ({timer})',
    de: '{first, select, yes {Timer} other {Sicherheitstimer}} {single, select, minute {jede Minute} hour {jede Stunde} day {jeden Tag} other {alle {period, duration}}} ({timer})',
  },
  'loop.paused': { en: 'paused: agents do not start it', de: 'pausiert: Agenten starten ihn nicht' },
  'loop.never': { en: 'no run reported yet', de: 'noch kein Lauf gemeldet' },
  'loop.missed': {
    en: 'missed two periods: last run started {ago, duration} ago, it runs every {period, duration}',
    de: 'zwei Perioden verpasst: der letzte Lauf begann vor {ago, duration}, er läuft alle {period, duration}',
  },
  'loop.overdue': {
    en: 'overdue: last run started {ago, duration} ago, it runs every {period, duration}',
    de: 'überfällig: der letzte Lauf begann vor {ago, duration}, er läuft alle {period, duration}',
  },
  'loop.onSchedule': { en: 'on schedule', de: 'im Plan' },
  'loop.unknown': {
    en: 'There is no loop {id} in the profile ({profile}).',
    de: 'Es gibt keine Loop {id} im Profil ({profile}).',
  },
  'loop.alreadyPaused': { en: 'Loop {id} is already paused.', de: 'Loop {id} ist bereits pausiert.' },
  'loop.alreadyRunning': {
    en: 'Loop {id} is already running on its schedule.',
    de: 'Loop {id} läuft bereits nach ihrem Zeitplan.',
  },
  'loop.pausedResume': {
    en: 'Loop {id} is paused; resume it first.',
    de: 'Loop {id} ist pausiert; zuerst fortsetzen.',
  },
} satisfies Catalog;
