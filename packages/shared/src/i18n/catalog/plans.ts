import type { Catalog } from './index';

const guest = '{guest} ({name})';

/** Plans: why one cannot approve, ralf-ui's own checks, refusals, the plan's log (issues 6, 16, 18, 20). */
export const planMessages = {
  'blocker.status': {
    en: 'the plan is {status}; only a proposed plan can be approved',
    de: 'der Plan ist {status}; nur ein vorgeschlagener Plan kann genehmigt werden',
  },
  'blocker.own': {
    en: 'you submitted this plan; someone else must approve it',
    de: 'du hast diesen Plan eingereicht; jemand anderes muss ihn genehmigen',
  },
  'blocker.ownToken': {
    en: 'you submitted this plan through API token {token}, which you created; someone else must approve it',
    de: 'du hast diesen Plan über dein API-Token {token} eingereicht; jemand anderes muss ihn genehmigen',
  },
  'blocker.twice': {
    en: 'you have already approved revision {revision}',
    de: 'du hast Revision {revision} schon genehmigt',
  },
  'blocker.expired': { en: 'the plan expired at {at, datetime}', de: 'der Plan ist am {at, datetime} abgelaufen' },
  'blocker.stale': {
    en: 'the plan needs a new revision: {reason}',
    de: 'der Plan braucht eine neue Revision: {reason}',
  },
  'blocker.policy': {
    en: 'blocking policy check failed ({policies, list}): an admin must override it with a reason first',
    de: 'blockierende Richtlinienprüfung fehlgeschlagen ({policies, list}): zuerst muss ein Admin sie mit Begründung übersteuern',
  },
  'plan.notFound': { en: 'There is no plan {id}.', de: 'Es gibt keinen Plan {id}.' },
  'plan.replaced': {
    en: 'Revision {revision} has replaced revision {reviewed}, which you reviewed; review the new revision, then decide again.',
    de: 'Revision {revision} hat die von dir geprüfte Revision {reviewed} ersetzt; prüfe die neue Revision und entscheide dann erneut.',
  },
  'plan.notRejectable': {
    en: 'The plan is {status}; it can no longer be rejected.',
    de: 'Der Plan ist {status}; er kann nicht mehr abgelehnt werden.',
  },
  'plan.notOverridable': {
    en: "The plan is {status}; only a proposed plan's checks can be overridden.",
    de: 'Der Plan ist {status}; nur die Prüfungen eines vorgeschlagenen Plans lassen sich übersteuern.',
  },
  'plan.nothingToOverride': {
    en: 'No blocking policy check failed: there is nothing to override.',
    de: 'Keine blockierende Prüfung ist fehlgeschlagen: es gibt nichts zu übersteuern.',
  },
  'plan.notRetriable': {
    en: 'The plan is {status}; only a plan whose delivery is unknown or that needs attention can be retried or marked failed.',
    de: 'Der Plan ist {status}; nur ein Plan mit unklarer Zustellung oder der Aufmerksamkeit braucht, lässt sich wiederholen oder als fehlgeschlagen markieren.',
  },
  'plan.notApplicableNow': {
    en: 'The plan is {status}; only an approved plan waiting for its window can be applied now.',
    de: 'Der Plan ist {status}; nur ein genehmigter Plan, der auf sein Fenster wartet, lässt sich jetzt anwenden.',
  },
  'plan.applying': { en: 'The plan is already being applied.', de: 'Der Plan wird bereits angewendet.' },
  'plan.blocked': { en: '{reasons}', de: '{reasons}' },
  'plan.refused': {
    en: 'The plan was refused ({n, plural, one {# problem} other {# problems}}): {issues}',
    de: 'Der Plan wurde abgelehnt ({n, plural, one {# Problem} other {# Probleme}}): {issues}',
  },
  'problem.noService': { en: 'no service {id}', de: 'kein Dienst {id}' },
  'problem.noGuest': { en: 'no guest {id}', de: 'kein Gast {id}' },
  'problem.noNode': { en: 'no node {id}', de: 'kein Knoten {id}' },
  'problem.nodeExists': { en: 'there is already a node {id}', de: 'es gibt bereits einen Knoten {id}' },
  'problem.notOn': { en: guest + ' is on {on}, not {from}', de: guest + ' ist auf {on}, nicht auf {from}' },
  'problem.nodeState': { en: '{node} is {status}', de: '{node} ist {status}' },
  'problem.alreadyOn': { en: guest + ' is already on {node}', de: guest + ' ist bereits auf {node}' },
  'problem.size': {
    en: guest + ' has {size} {resource}, not {from}',
    de: guest + ' hat {size} {resource}, nicht {from}',
  },
  'problem.running': { en: guest + ' is already running', de: guest + ' läuft bereits' },
  'problem.notRunning': { en: guest + ' is not running ({status})', de: guest + ' läuft nicht ({status})' },
  'problem.simulationLacks': {
    en: 'the simulation lacks {node}, which the actions touch',
    de: 'der Simulation fehlt {node}, den die Aktionen berühren',
  },
  'problem.alreadyHas': {
    en: guest + ' already has {to} {resource}',
    de: guest + ' hat bereits {to} {resource}',
  },
  'problem.confirmName': {
    en: "type the guest's name, {name}, to confirm",
    de: 'zum Bestätigen den Namen des Gasts eingeben: {name}',
  },
  'problem.container': {
    en: '{name} is a container: shut it down or stop it instead',
    de: '{name} ist ein Container: stattdessen herunterfahren oder stoppen',
  },
  'problem.confirmCount': {
    en: 'confirm with the number of guests, {n}',
    de: 'mit der Zahl der Gäste bestätigen: {n}',
  },
  'problem.past': { en: '{at, datetime} is in the past', de: '{at, datetime} liegt in der Vergangenheit' },
  'check.overcommitted': {
    en: 'memory would be overcommitted on {nodes, list}',
    de: 'Arbeitsspeicher wäre überbucht auf {nodes, list}',
  },
  'check.aboveThresholds': {
    en: 'above the thresholds after: {nodes, list}',
    de: 'danach über den Schwellen: {nodes, list}',
  },
  'check.belowThresholds': {
    en: 'every node stays below its thresholds',
    de: 'jeder Knoten bleibt unter seinen Schwellen',
  },
  'check.core': {
    en: 'touches {n, plural, one {# core service} other {# core services}}: expect a short interruption',
    de: 'berührt {n, plural, one {# Kerndienst} other {# Kerndienste}}: mit kurzer Unterbrechung rechnen',
  },
  'check.noCore': { en: 'no core service is touched', de: 'kein Kerndienst ist betroffen' },
  'action.scale': { en: 'Scale {service} from {from} to {to}', de: '{service} von {from} auf {to} skalieren' },
  'action.migrate': { en: 'Move {name} from {from} to {to}', de: '{name} von {from} nach {to} verschieben' },
  'action.memory': {
    en: 'Give {name} {to, mib} of memory (now {from, mib})',
    de: '{name} {to, mib} Arbeitsspeicher geben (jetzt {from, mib})',
  },
  'action.cores': {
    en: 'Give {name} {to, plural, one {# core} other {# cores}} (now {from})',
    de: '{name} {to, plural, one {# Kern} other {# Kerne}} geben (jetzt {from})',
  },
  'action.disk': {
    en: 'Grow the disk of {name} to {to, gib} (now {from, gib})',
    de: 'Disk von {name} auf {to, gib} vergrößern (jetzt {from, gib})',
  },
  'action.addNode': {
    en: 'Add {name} ({mac}) to the cluster {cluster} as a node',
    de: '{name} ({mac}) als Knoten in den Cluster {cluster} aufnehmen',
  },
  'action.rollback': {
    en: 'Roll {name} back to its snapshot {snapshot}',
    de: '{name} auf seinen Snapshot {snapshot} zurücksetzen',
  },
  'action.start': { en: 'Start {name}', de: '{name} starten' },
  'action.stop': { en: 'Stop {name}', de: '{name} stoppen' },
  'plan.noMetrics': {
    en: 'No current metrics: the simulation needs the nodes’ utilisation now.',
    de: 'Keine aktuellen Metriken: die Simulation braucht die Auslastung der Knoten jetzt.',
  },
  'plan.simulated': {
    en: 'Simulated by ralf-ui from the metrics of {at, datetime}.',
    de: 'Von ralf-ui aus den Metriken von {at, datetime} simuliert.',
  },
  'plan.byHand': { en: 'Proposed by hand by {actor}.', de: 'Von Hand vorgeschlagen von {actor}.' },
  'plan.joinHost': {
    en: '{actor} accepted the host Foreman found; once approved, the installer provisions Proxmox VE on it and joins it as {name} (suggested role: {role}).',
    de: '{actor} hat den von Foreman gefundenen Host angenommen; nach der Freigabe installiert der Installer Proxmox VE darauf und nimmt ihn als {name} auf (vorgeschlagene Rolle: {role}).',
  },
  'planlog.proposed': { en: 'proposed by {actor}: {summary}', de: 'vorgeschlagen von {actor}: {summary}' },
  'planlog.withdrew': {
    en: '{actor} withdrew the approval to reject it',
    de: '{actor} hat die Genehmigung zurückgezogen, um abzulehnen',
  },
  'planlog.rejected': { en: 'rejected by {actor}: {comment}', de: 'abgelehnt von {actor}: {comment}' },
  'planlog.approvalRefused': {
    en: 'approval by {actor} refused: {reason}',
    de: 'Genehmigung durch {actor} abgewiesen: {reason}',
  },
  'planlog.approved': {
    en: 'approved by {actor} ({count} of {needed}){comment, select, none {} other {: {comment}}}',
    de: 'genehmigt von {actor} ({count} von {needed}){comment, select, none {} other {: {comment}}}',
  },
  'planlog.approvedWaits': {
    en: 'approved by {actor} ({count} of {needed}); waits for the maintenance window at {at, datetime}',
    de: 'genehmigt von {actor} ({count} von {needed}); wartet auf das Wartungsfenster am {at, datetime}',
  },
  'planlog.approvedNoWindow': {
    en: 'approved by {actor} ({count} of {needed}); no maintenance window opens in the next 15 days',
    de: 'genehmigt von {actor} ({count} von {needed}); in den nächsten 15 Tagen öffnet kein Wartungsfenster',
  },
  'planlog.overrode': {
    en: '{actor} overrode the failed blocking {n, plural, one {check} other {checks}} {policies, list}: {reason}',
    de: '{actor} hat {n, plural, one {die fehlgeschlagene blockierende Prüfung} other {die fehlgeschlagenen blockierenden Prüfungen}} {policies, list} übersteuert: {reason}',
  },
  'planlog.retries': {
    en: '{actor} retries the delivery to {executor} (the same Idempotency-Key, so a copy that arrived is dropped): {reason}',
    de: '{actor} wiederholt die Zustellung an {executor} (derselbe Idempotency-Key, eine angekommene Kopie wird verworfen): {reason}',
  },
  'planlog.markedFailed': {
    en: 'marked failed by {actor}: {reason}',
    de: 'als fehlgeschlagen markiert von {actor}: {reason}',
  },
  'planlog.applyNow': {
    en: '{actor} applies it now, outside the maintenance windows: {reason}',
    de: '{actor} wendet ihn jetzt an, außerhalb der Wartungsfenster: {reason}',
  },
  'planlog.drift': {
    en: 'not applied: the inventory changed since approval (version {before} → {now}): {changes}. Nothing was changed; the plan needs a new revision',
    de: 'nicht angewendet: das Inventar hat sich seit der Genehmigung geändert (Version {before} → {now}): {changes}. Nichts wurde geändert; der Plan braucht eine neue Revision',
  },
  'planlog.applyingRevision': {
    en: 'applying revision {revision} through {through}{now, select, yes { (applied now by an admin)} other {}}',
    de: 'wende Revision {revision} über {through} an{now, select, yes { (jetzt von einem Admin angewendet)} other {}}',
  },
  'planlog.took': {
    en: '{executor} took it; waiting for its progress',
    de: '{executor} hat ihn angenommen; warte auf Fortschritt',
  },
  'planlog.noAnswer': {
    en: 'no answer from {executor} ({error}); its report settles it, or an admin retries the delivery or marks it failed',
    de: 'keine Antwort von {executor} ({error}); sein Bericht klärt es, oder ein Admin wiederholt die Zustellung oder markiert ihn als fehlgeschlagen',
  },
  'planlog.noProgress': {
    en: 'no progress from {executor} within {seconds, duration}: check it, then retry the delivery or mark the plan failed',
    de: 'kein Fortschritt von {executor} innerhalb von {seconds, duration}: prüfen, dann die Zustellung wiederholen oder den Plan als fehlgeschlagen markieren',
  },
  'planlog.failed': { en: 'failed: {error}', de: 'fehlgeschlagen: {error}' },
  'planlog.expired': {
    en: 'expired at {at, datetime} without a decision',
    de: 'am {at, datetime} ohne Entscheidung abgelaufen',
  },
  'planlog.stepFailed': { en: '{action}: {error}', de: '{action}: {error}' },
  'planlog.stepDone': {
    en: 'done: {action} ({upid, select, none {Proxmox answered at once} other {Proxmox task {upid}}})',
    de: 'erledigt: {action} ({upid, select, none {Proxmox hat sofort geantwortet} other {Proxmox-Task {upid}}})',
  },
  'planlog.stepEnded': {
    en: '{action}: {state, select, unknown {outcome unknown} other {failed}} ({why})',
    de: '{action}: {state, select, unknown {Ausgang unbekannt} other {fehlgeschlagen}} ({why})',
  },
  'step.migrate': { en: 'migration of {guest} {from} → {to}', de: 'Migration von {guest} {from} → {to}' },
  'step.resize': { en: '{guest} {resource} {from} → {to}', de: '{guest} {resource} {from} → {to}' },
  'step.rollback': { en: 'rollback of {guest} to {snapshot}', de: 'Zurücksetzen von {guest} auf {snapshot}' },
  'step.power': { en: '{type} of {guest}', de: '{type} von {guest}' },
  'planlog.done': { en: '{action}: done', de: '{action}: erledigt' },
  'planlog.allDone': {
    en: 'all actions done through Proxmox ({n}); the inventory follows',
    de: 'alle Aktionen über Proxmox erledigt ({n}); das Inventar folgt',
  },
  'planlog.raised': {
    en: '{actor} raised the approvals needed to {needed}; {given} given, so it waits for more before it is applied',
    de: '{actor} hat die nötigen Genehmigungen auf {needed} erhöht; {given} liegen vor, er wartet also auf weitere',
  },
  'plan.inventoryChanged': {
    en: 'the inventory changed since revision {revision}: {problems}',
    de: 'das Inventar hat sich seit Revision {revision} geändert: {problems}',
  },
} satisfies Catalog;
