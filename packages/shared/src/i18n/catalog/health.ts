import type { Catalog } from './index';

const who = '{name} ({id})';

/** Why each box of the architecture has its colour (issues 9, 18). */
export const healthMessages = {
  'health.stopped': { en: who + ' is stopped', de: who + ' ist gestoppt' },
  'health.paused': { en: who + ' is paused', de: who + ' ist pausiert' },
  'health.stateUnknown': {
    en: who + ': the inventory does not know its state',
    de: who + ': das Inventar kennt seinen Zustand nicht',
  },
  'health.nodeOffline': { en: who + ': its node {node} is offline', de: who + ': sein Knoten {node} ist offline' },
  'health.upZero': {
    en: who + ' is running, but Prometheus reports it down (up = 0)',
    de: who + ' läuft, aber Prometheus meldet es als ausgefallen (up = 0)',
  },
  'health.alert': {
    en: who + ': alert {alert} firing{summary, select, none {} other { ({summary})}}',
    de: who + ': Alarm {alert} aktiv{summary, select, none {} other { ({summary})}}',
  },
  'health.noSample': {
    en: who + ' is running per the inventory; no Prometheus sample for it',
    de: who + ' läuft laut Inventar; Prometheus hat keinen Messwert dafür',
  },
  'health.metricsAway': {
    en: who + ' is running per the inventory; metrics {state}{message, select, none {} other {: {message}}}',
    de: who + ' läuft laut Inventar; Metriken {state}{message, select, none {} other {: {message}}}',
  },
  'health.up': { en: who + ' is running and up', de: who + ' läuft und ist erreichbar' },
  'health.service': { en: '{service}: {reason}', de: '{service}: {reason}' },
  'health.noService': { en: 'no service {id} in the inventory', de: 'kein Dienst {id} im Inventar' },
  'health.noGuest': {
    en: '{service}: its guest {guest} is not in the inventory',
    de: '{service}: sein Gast {guest} ist nicht im Inventar',
  },
  'health.noLoop': { en: 'no loop {id} in the profile', de: 'keine Loop {id} im Profil' },
  'health.loop': { en: 'loop {name}: {reason}', de: 'Loop {name}: {reason}' },
  'health.loopPaused': {
    en: 'loop {name} is paused by {by}: {reason}',
    de: 'Loop {name} ist pausiert von {by}: {reason}',
  },
  'health.loopNever': { en: 'loop {name} has not run yet', de: 'Loop {name} ist noch nicht gelaufen' },
  'health.loopFailed': {
    en: 'loop {name}: its last run failed{phase, select, none {} other { in {phase}}}',
    de: 'Loop {name}: der letzte Lauf ist fehlgeschlagen{phase, select, none {} other { in {phase}}}',
  },
  'health.bot': { en: 'bot {id}: {reason}', de: 'Bot {id}: {reason}' },
  'health.noBot': { en: 'no bot {id} in the profile', de: 'kein Bot {id} im Profil' },
  'health.agentNever': { en: 'no run of {id} seen', de: 'kein Lauf von {id} gesehen' },
  'health.agentQuiet': {
    en: '{id} has not run for a day (last: {title})',
    de: '{id} ist seit einem Tag nicht gelaufen (zuletzt: {title})',
  },
  'health.agentFailed': {
    en: "{id}'s last run failed: {title}",
    de: 'der letzte Lauf von {id} ist fehlgeschlagen: {title}',
  },
  'health.agentRolledBack': {
    en: "{id}'s last run was rolled back: {title}",
    de: 'der letzte Lauf von {id} wurde zurückgerollt: {title}',
  },
  'health.agentRunning': { en: "{id}'s last run is running: {title}", de: 'der letzte Lauf von {id} läuft: {title}' },
  'health.agentOk': { en: "{id}'s last run succeeded: {title}", de: 'der letzte Lauf von {id} ist gelungen: {title}' },
  'health.newHosts': {
    en: '{n, plural, one {# new host} other {# new hosts}} waiting for a decision: {hosts, list}',
    de: '{n, plural, one {# neuer Host wartet} other {# neue Hosts warten}} auf eine Entscheidung: {hosts, list}',
  },
  'health.noNewHost': { en: 'no new host waiting', de: 'kein neuer Host wartet' },
  'health.pbsInUse': {
    en: 'Proxmox Backup Server {name} is in use',
    de: 'Proxmox Backup Server {name} ist in Betrieb',
  },
  'health.pbsFound': {
    en: 'Proxmox Backup Server {name} found, waiting for a decision',
    de: 'Proxmox Backup Server {name} gefunden, wartet auf eine Entscheidung',
  },
  'health.noPbs': { en: 'no Proxmox Backup Server found', de: 'kein Proxmox Backup Server gefunden' },
  'health.nothing': { en: 'nothing tells its health', de: 'nichts meldet seinen Zustand' },
  'health.sourceAway': { en: '{what} unavailable: {error}', de: '{what} nicht verfügbar: {error}' },
} satisfies Catalog;
