import type { Catalog } from './index';

/** Silencing alerts through Alertmanager (issue 21). */
export const alertMessages = {
  'alerts.noAlertmanager': {
    en: 'No Alertmanager is connected: set ALERTMANAGER_URL to silence alerts from ralf-ui.',
    de: 'Kein Alertmanager verbunden: setze ALERTMANAGER_URL, um Alarme in ralf-ui stummzuschalten.',
  },
  'alerts.unreadable': {
    en: 'The silences could not be read from Alertmanager: {why}',
    de: 'Die Stummschaltungen ließen sich nicht aus dem Alertmanager lesen: {why}',
  },
  'alerts.gone': {
    en: 'The alert {name} is no longer firing.',
    de: 'Der Alarm {name} ist nicht mehr aktiv.',
  },
} satisfies Catalog;
