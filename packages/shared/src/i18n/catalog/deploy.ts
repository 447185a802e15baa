import type { Catalog } from './index';

const cores = '{cores, plural, one {# core} other {# cores}}';
const kerne = '{cores, plural, one {# Kern} other {# Kerne}}';

/** The deploy form's pre-flight, placement, refusals and the deployment's log (issues 5, 18, 20). */
export const deployMessages = {
  'preflight.template': { en: '{name} {version}', de: '{name} {version}' },
  'preflight.noTemplate': { en: 'no template {id}', de: 'keine Vorlage {id}' },
  'preflight.nameTaken': { en: 'a guest named {name} exists ({id})', de: 'ein Gast namens {name} existiert ({id})' },
  'preflight.nameRunning': {
    en: 'a deployment of {name} is running',
    de: 'eine Bereitstellung von {name} läuft',
  },
  'preflight.nameFree': { en: '{name} is free', de: '{name} ist frei' },
  'preflight.nodeAuto': { en: 'automatic: {node}', de: 'automatisch: {node}' },
  'preflight.noRoom': {
    en: 'no node has room for this guest',
    de: 'kein Knoten hat Platz für diesen Gast',
  },
  'preflight.noNode': { en: 'no node {node}', de: 'kein Knoten {node}' },
  'preflight.nodeOffline': { en: '{node} is offline', de: '{node} ist offline' },
  'preflight.nodeChosen': { en: '{node} chosen', de: '{node} gewählt' },
  'preflight.noTarget': { en: 'no target node', de: 'kein Zielknoten' },
  'preflight.noMetrics': { en: 'no metrics: free memory unknown', de: 'keine Metriken: freier Speicher unbekannt' },
  'preflight.fits': {
    en: '{free, bytes} memory stays free on {node} ({memory, mib}, ' + cores + ', {disk, gib} disk)',
    de: '{free, bytes} Arbeitsspeicher bleiben auf {node} frei ({memory, mib}, ' + kerne + ', {disk, gib} Disk)',
  },
  'preflight.memoryShort': {
    en: 'needs {need, mib} memory and a tenth of the node free; the most any node has free is {most, bytes} ({node})',
    de: 'braucht {need, mib} Arbeitsspeicher und ein Zehntel des Knotens frei; am meisten frei hat {node} mit {most, bytes}',
  },
  'preflight.memoryShortOn': {
    en: 'needs {need, mib} memory and a tenth of the node free; {node} has {free, bytes} free',
    de: 'braucht {need, mib} Arbeitsspeicher und ein Zehntel des Knotens frei; {node} hat {free, bytes} frei',
  },
  'preflight.policies': { en: 'required: {policies, list}', de: 'erforderlich: {policies, list}' },
  'preflight.failed': { en: 'The pre-flight failed: {issues}', de: 'Die Vorabprüfung ist fehlgeschlagen: {issues}' },
  'setting.unknown': { en: 'not a setting of {template}', de: 'keine Einstellung von {template}' },
  'setting.boolean': { en: 'expected yes or no', de: 'erwartet ja oder nein' },
  'setting.pattern': { en: 'must match {pattern}', de: 'muss {pattern} entsprechen' },
  'placement.whyNotOffline': { en: 'offline', de: 'offline' },
  'placement.whyNotMemory': { en: 'not enough memory', de: 'zu wenig Arbeitsspeicher' },
  'placement.lessRoom': {
    en: 'less room: {free, bytes} memory free after',
    de: 'weniger Platz: danach {free, bytes} Arbeitsspeicher frei',
  },
  'placement.memoryUnknown': { en: 'less room: memory unknown', de: 'weniger Platz: Arbeitsspeicher unbekannt' },
  'deploy.keyReused': {
    en: 'The idempotency key {key} was used for another deployment request; send a new key.',
    de: 'Der Idempotenzschlüssel {key} gehört zu einer anderen Bereitstellung; bitte einen neuen senden.',
  },
  'deploy.notFound': { en: 'There is no deployment {id}.', de: 'Es gibt keine Bereitstellung {id}.' },
  'deploy.notRetriable': {
    en: 'Only a failed or cancelled deployment can be retried; this one is {status}.',
    de: 'Nur eine fehlgeschlagene oder abgebrochene Bereitstellung lässt sich wiederholen; diese ist {status}.',
  },
  'deploy.running': {
    en: 'A deployment of {name} is running.',
    de: 'Eine Bereitstellung von {name} läuft.',
  },
  'deploy.notCancellable': {
    en: 'The deployment is {status}; only a queued or running one can be cancelled.',
    de: 'Die Bereitstellung ist {status}; nur eine wartende oder laufende lässt sich abbrechen.',
  },
  'deploylog.preflightPassed': { en: 'pre-flight passed: {checks}', de: 'Vorabprüfung bestanden: {checks}' },
  'deploylog.queued': { en: 'queued for {executor} on {node}', de: 'eingereiht für {executor} auf {node}' },
  'deploylog.toProxmox': {
    en: 'handed to Proxmox: a clone of template {template}',
    de: 'an Proxmox übergeben: ein Klon der Vorlage {template}',
  },
  'deploylog.handedTo': {
    en: 'handed to {executor}; waiting for its progress',
    de: 'an {executor} übergeben; warte auf Fortschritt',
  },
  'deploylog.noAnswer': { en: 'no answer from the executor: {error}', de: 'keine Antwort vom Ausführer: {error}' },
  'deploylog.silent': {
    en: 'the executor took it but has not reported since',
    de: 'der Ausführer hat sie angenommen, meldet sich aber seitdem nicht',
  },
  'deploylog.noProgress': {
    en: 'no progress from the executor within {seconds, duration}: check n8n, then cancel or wait',
    de: 'kein Fortschritt vom Ausführer innerhalb von {seconds, duration}: n8n prüfen, dann abbrechen oder warten',
  },
  'deploylog.implied': {
    en: '{step} (reported by the executor together with {to})',
    de: '{step} (vom Ausführer zusammen mit {to} gemeldet)',
  },
  'deploylog.cancelled': { en: 'cancelled by {actor}', de: 'abgebrochen von {actor}' },
  'trail.deployAsked': {
    en: '{actor} asked to deploy {template} as {name}',
    de: '{actor} möchte {template} als {name} bereitstellen',
  },
  'trail.deployPlace': { en: 'Place {name} on {node}', de: '{name} auf {node} platzieren' },
  'trail.deployPreflight': { en: 'Pre-flight: {checks}.', de: 'Vorabprüfung: {checks}.' },
  'trail.headroomInput': {
    en: 'node headroom now (memory free after the new guest, CPU free)',
    de: 'Reserven der Knoten jetzt (Arbeitsspeicher frei nach dem neuen Gast, CPU frei)',
  },
  'deploylog.lesson': {
    en: 'Read the failing phase before retrying',
    de: 'Vor dem Wiederholen die fehlgeschlagene Phase lesen',
  },
  'deploylog.lessonBody': {
    en: "{error}. A retry with the same settings fails the same way; change what the error names (a template setting, the node's room), then retry.",
    de: '{error}. Ein Wiederholen mit denselben Einstellungen scheitert genauso; ändere, was der Fehler nennt (eine Einstellung der Vorlage, den Platz auf dem Knoten), dann wiederholen.',
  },
  'deploylog.cloning': {
    en: 'cloning template {template} as VM {vmid} on {node}',
    de: 'klone Vorlage {template} als VM {vmid} auf {node}',
  },
  'deploylog.configuring': {
    en: 'VM {vmid} cloned; setting ' + cores + ', {memory, mib} and cloud-init (user {user}, {ip})',
    de: 'VM {vmid} geklont; setze ' + kerne + ', {memory, mib} und Cloud-Init (Benutzer {user}, {ip})',
  },
  'deploylog.growing': { en: 'growing its disk to {disk, gib}', de: 'vergrößere ihre Disk auf {disk, gib}' },
  'deploylog.starting': { en: 'starting VM {vmid}', de: 'starte VM {vmid}' },
  'deploylog.cloned': {
    en: 'VM {vmid} ({name}) runs on {node}, cloned from template {template}',
    de: 'VM {vmid} ({name}) läuft auf {node}, geklont aus Vorlage {template}',
  },
  'deploylog.stepFailed': { en: '{step} of VM {vmid}: {status}', de: '{step} von VM {vmid}: {status}' },
  'deploylog.noTemplate': {
    en: 'the cluster {cluster} has no VM template {template}',
    de: 'der Cluster {cluster} hat keine VM-Vorlage {template}',
  },
  'delivery.repeat': {
    en: 'delivery {n} to {executor} (Idempotency-Key {key}): a repeat; if an earlier delivery arrived, {executor} drops this one by its key',
    de: 'Zustellung {n} an {executor} (Idempotency-Key {key}): eine Wiederholung; kam eine frühere an, verwirft {executor} diese anhand des Schlüssels',
  },
  'delivery.gaveUp': {
    en: 'the executor could not take it within {seconds, duration} ({attempts, plural, one {# attempt} other {# attempts}}): {error}',
    de: 'der Ausführer konnte sie nicht innerhalb von {seconds, duration} annehmen ({attempts, plural, one {# Versuch} other {# Versuche}}): {error}',
  },
  'delivery.retrying': {
    en: 'dispatch attempt {n} failed ({error}); trying again in {seconds, duration}',
    de: 'Zustellversuch {n} fehlgeschlagen ({error}); neuer Versuch in {seconds, duration}',
  },
  'delivery.refused': { en: 'the executor refused it: {error}', de: 'der Ausführer hat abgelehnt: {error}' },
  'delivery.attempt': {
    en: 'delivery {n} to {executor} (Idempotency-Key {key})',
    de: 'Zustellung {n} an {executor} (Idempotency-Key {key})',
  },
} satisfies Catalog;
