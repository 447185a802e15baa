import type { Catalog } from './index';

/** The words of the trail events ralf-ui writes itself, in RALF_LANGUAGE (issues 7, 18, 20). */
export const trailMessages = {
  'ptrail.proposed': {
    en: 'Proposed for review as a plan: {summary}',
    de: 'Als Plan zur Prüfung vorgeschlagen: {summary}',
  },
  'ptrail.revision': { en: 'Revision {revision}: {summary}', de: 'Revision {revision}: {summary}' },
  'ptrail.discarded': {
    en: '{n, plural, one {# approval} other {# approvals}} of revision {revision} were discarded.',
    de: '{n, plural, one {# Freigabe} other {# Freigaben}} von Revision {revision} wurden verworfen.',
  },
  'ptrail.rejected': { en: 'Rejected by {actor}', de: 'Abgelehnt von {actor}' },
  'ptrail.notAppliedRejected': {
    en: 'Not applied: the plan was rejected',
    de: 'Nicht angewendet: der Plan wurde abgelehnt',
  },
  'ptrail.approved': {
    en: 'Approved by {actor} (revision {revision}, {count} of {needed})',
    de: 'Freigegeben von {actor} (Revision {revision}, {count} von {needed})',
  },
  'ptrail.approvedInput': {
    en: 'plan revision {revision} ({hash}), inventory version {version}',
    de: 'Plan-Revision {revision} ({hash}), Inventarversion {version}',
  },
  'ptrail.markedFailed': { en: 'Marked failed by {actor}', de: 'Als fehlgeschlagen markiert von {actor}' },
  'ptrail.drift': {
    en: 'Not applied: the inventory changed since approval',
    de: 'Nicht angewendet: das Inventar hat sich seit der Freigabe geändert',
  },
  'ptrail.applying': {
    en: 'Applying revision {revision} through {through}',
    de: 'Wende Revision {revision} über {through} an',
  },
  'ptrail.failed': { en: 'Applying failed: {error}', de: 'Anwenden fehlgeschlagen: {error}' },
  'ptrail.applied': { en: 'Applied: {summary}', de: 'Angewendet: {summary}' },
  'ptrail.expired': {
    en: 'Not applied: the plan expired without a decision',
    de: 'Nicht angewendet: der Plan ist ohne Entscheidung abgelaufen',
  },
  'ttrail.asked': {
    en: '{actor} asked to {action, select, start {start} shutdown {shut down} stop {stop} reboot {reboot} suspend {suspend} resume {resume} backup {back up} snapshot {snapshot} rollback {roll back} delete-snapshot {delete a snapshot of} migrate {migrate} resize {resize} clone {clone a template as} configure {configure} other {{action}}} {guest}{target, select, none {} other { ({target})}}',
    de: '{actor} möchte {guest}{target, select, none {} other { ({target})}} {action, select, start {starten} shutdown {herunterfahren} stop {stoppen} reboot {neu starten} suspend {anhalten} resume {fortsetzen} backup {sichern} snapshot {mit einem Snapshot sichern} rollback {zurücksetzen} delete-snapshot {von einem Snapshot befreien} migrate {migrieren} resize {in der Größe ändern} clone {als Klon einer Vorlage anlegen} configure {konfigurieren} other {{action}}}',
  },
  'ttrail.why': { en: 'Why: {reason}', de: 'Warum: {reason}' },
  'ttrail.noWhy': { en: 'No reason given.', de: 'Kein Grund angegeben.' },
  'ttrail.from': { en: 'From {ip}.', de: 'Von {ip}.' },
  'ttrail.fromUnknown': { en: 'From an unknown address.', de: 'Von einer unbekannten Adresse.' },
  'ttrail.task': {
    en: 'Proxmox {type} on {node} (cluster {cluster})',
    de: 'Proxmox {type} auf {node} (Cluster {cluster})',
  },
  'ttrail.done': { en: '{type} of {guest} done', de: '{type} von {guest} erledigt' },
  'ttrail.unknown': { en: '{type} of {guest}: outcome unknown', de: '{type} von {guest}: Ausgang unbekannt' },
  'ttrail.failed': { en: '{type} of {guest} failed', de: '{type} von {guest} fehlgeschlagen' },
  'ttrail.upid': { en: 'Task {upid}', de: 'Aufgabe {upid}' },
  'ttrail.noTask': { en: 'Proxmox started no task.', de: 'Proxmox hat keine Aufgabe gestartet.' },
} satisfies Catalog;
