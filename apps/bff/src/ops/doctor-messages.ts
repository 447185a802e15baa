import { catalogText, type Language, type MessageParams, type NestedMessage } from '@ralf/shared';

/**
 * `ralf-ui doctor` (issue 25): what each check found and what to do, in RALF_LANGUAGE like the rest
 * of the CLI. Kept here, not in the shared catalog: the browser never shows them, and the shared
 * catalog is part of every page's first load.
 */
const DOCTOR_MESSAGES = {
  'doctor.text': { en: '{text}', de: '{text}' },
  'doctor.title': { en: 'ralf-ui {version}: doctor', de: 'ralf-ui {version}: Diagnose' },
  'doctor.allPassed': { en: 'all required checks passed', de: 'alle nötigen Prüfungen bestanden' },
  'doctor.failed': {
    en: '{n, plural, one {# required check failed} other {# required checks failed}}: {checks}',
    de: '{n, plural, one {# nötige Prüfung fehlgeschlagen} other {# nötige Prüfungen fehlgeschlagen}}: {checks}',
  },
  'doctor.at': { en: '{url}: {reason}', de: '{url}: {reason}' },
  'doctor.reachFix': {
    en: 'is it running, and the address right from this machine?',
    de: 'läuft es, und stimmt die Adresse von dieser Maschine aus?',
  },
  'doctor.pgVersion': { en: 'PostgreSQL {version}', de: 'PostgreSQL {version}' },
  'doctor.pgTooOld': {
    en: 'PostgreSQL {version}; ralf-ui needs 15 or newer',
    de: 'PostgreSQL {version}; ralf-ui braucht 15 oder neuer',
  },
  'doctor.pgTooOldFix': {
    en: 'upgrade PostgreSQL, or point DATABASE_URL at a newer server',
    de: 'PostgreSQL aktualisieren oder DATABASE_URL auf einen neueren Server zeigen lassen',
  },
  'doctor.rightsSchema': { en: 'may use and change schema ralf', de: 'darf Schema ralf nutzen und ändern' },
  'doctor.rightsDatabase': { en: 'may create schema ralf', de: 'darf Schema ralf anlegen' },
  'doctor.noRightsSchema': { en: 'no CREATE or USAGE on schema ralf', de: 'kein CREATE oder USAGE auf Schema ralf' },
  'doctor.noRightsDatabase': {
    en: 'no CREATE on the database (schema ralf cannot be made)',
    de: 'kein CREATE auf der Datenbank (Schema ralf kann nicht angelegt werden)',
  },
  'doctor.rightsFix': {
    en: "make DATABASE_URL's user own the database: ALTER DATABASE … OWNER TO …",
    de: 'den Benutzer aus DATABASE_URL zum Eigentümer der Datenbank machen: ALTER DATABASE … OWNER TO …',
  },
  'doctor.migrationsNone': {
    en: 'none applied yet: ralf-ui applies {n} at its first start',
    de: 'noch keine angewandt: ralf-ui wendet beim ersten Start {n} an',
  },
  'doctor.migrationsNewer': {
    en: '{versions} unknown to ralf-ui {release}: a newer release upgraded this database',
    de: '{versions} kennt ralf-ui {release} nicht: ein neueres Release hat diese Datenbank aktualisiert',
  },
  'doctor.migrationsNewerFix': {
    en: 'run that release or newer; downgrades are refused',
    de: 'dieses Release oder ein neueres starten; ein Downgrade wird abgelehnt',
  },
  'doctor.migrationsPending': {
    en: '{pending} of {total} to apply at the next start (up to {last})',
    de: '{pending} von {total} werden beim nächsten Start angewandt (bis {last})',
  },
  'doctor.migrationsDone': { en: 'all {n} applied', de: 'alle {n} angewandt' },
  'doctor.clock': {
    en: '{seconds} s between this machine and the database',
    de: '{seconds} s zwischen dieser Maschine und der Datenbank',
  },
  'doctor.clockFix': {
    en: 'run NTP (chrony or systemd-timesyncd) on both machines',
    de: 'NTP (chrony oder systemd-timesyncd) auf beiden Maschinen betreiben',
  },
  'doctor.promIds': { en: '{url}: pve_* series for {n} ids', de: '{url}: pve_*-Reihen für {n} IDs' },
  'doctor.promMatched': {
    en: '{url}: pve_* series for {matched} of {total} inventory ids',
    de: '{url}: pve_*-Reihen für {matched} von {total} IDs des Inventars',
  },
  'doctor.promNoMatch': {
    en: '{url}: pve_* series for none of {total} inventory ids (it has {some}…)',
    de: '{url}: pve_*-Reihen für keine der {total} IDs des Inventars (es hat {some}…)',
  },
  'doctor.promNoMatchFix': {
    en: 'scrape prometheus-pve-exporter for the cluster the inventory comes from',
    de: 'prometheus-pve-exporter für den Cluster abfragen, aus dem das Inventar kommt',
  },
  'doctor.promSome': {
    en: '{url}: pve_* series for {matched} of {total} inventory ids; without: {missing}',
    de: '{url}: pve_*-Reihen für {matched} von {total} IDs des Inventars; ohne: {missing}',
  },
  'doctor.promSomeFix': {
    en: 'guests without series show no usage: does the exporter cover every node?',
    de: 'Gäste ohne Reihen zeigen keine Auslastung: deckt der Exporter jeden Knoten ab?',
  },
  'doctor.promFix': {
    en: 'is Prometheus running at PROMETHEUS_URL, and does it scrape prometheus-pve-exporter?',
    de: 'läuft Prometheus unter PROMETHEUS_URL, und fragt es prometheus-pve-exporter ab?',
  },
  'doctor.proxmoxOk': {
    en: '{url}: {product} {version}, token {token} accepted',
    de: '{url}: {product} {version}, Token {token} angenommen',
  },
  'doctor.fingerprintFix': {
    en: '{prefix}_FINGERPRINT: set the fingerprint the server shows (pvenode cert info)',
    de: '{prefix}_FINGERPRINT: den Fingerabdruck setzen, den der Server zeigt (pvenode cert info)',
  },
  'doctor.tokenFix': {
    en: 'the token id or secret is wrong, or the token was removed: make a new one (pveum user token add)',
    de: 'Token-ID oder Geheimnis falsch, oder das Token wurde entfernt: ein neues anlegen (pveum user token add)',
  },
  'doctor.privilegesUnlisted': {
    en: "cannot list the token's privileges: {reason}",
    de: 'die Rechte des Tokens lassen sich nicht auflisten: {reason}',
  },
  'doctor.privilegesMissing': { en: 'the token lacks {privileges}', de: 'dem Token fehlt {privileges}' },
  'doctor.privilegesFixPve': {
    en: 'pveum acl modify / --tokens <token> --roles PVEAuditor',
    de: 'pveum acl modify / --tokens <token> --roles PVEAuditor',
  },
  'doctor.privilegesFixPbs': {
    en: 'give the token the DatastoreAudit role on /datastore',
    de: 'dem Token die Rolle DatastoreAudit auf /datastore geben',
  },
  'doctor.privilegesActing': {
    en: 'reads; acting needs {privileges}',
    de: 'liest; zum Handeln fehlt {privileges}',
  },
  'doctor.privilegesActingFix': {
    en: 'give the token the RalfOperator role (README: acting on Proxmox) to power, snapshot and back up',
    de: 'dem Token die Rolle RalfOperator geben (README: Handeln auf Proxmox), um zu schalten, Snapshots und Sicherungen zu machen',
  },
  'doctor.privilegesPve': { en: 'reads and acts', de: 'liest und handelt' },
  'doctor.privilegesPbs': { en: 'reads the datastores', de: 'liest die Datastores' },
  'doctor.answers': { en: '{url}: answers (HTTP {status})', de: '{url}: antwortet (HTTP {status})' },
  'doctor.httpStatus': { en: 'HTTP {status}', de: 'HTTP {status}' },
  'doctor.issuerOther': { en: 'names issuer {named}, not {issuer}', de: 'nennt Aussteller {named}, nicht {issuer}' },
  'doctor.noAuthEndpoint': { en: 'has no authorization_endpoint', de: 'hat keinen authorization_endpoint' },
  'doctor.notRalf': { en: 'does not answer as ralf-ui', de: 'antwortet nicht wie ralf-ui' },
  'doctor.otherRelease': {
    en: 'reaches ralf-ui {release}, not this {ours}',
    de: 'erreicht ralf-ui {release}, nicht dieses {ours}',
  },
  'doctor.oidcOk': {
    en: '{issuer}: discovery document read; register the redirect URI {redirect}',
    de: '{issuer}: Discovery-Dokument gelesen; die Redirect-URI {redirect} dort eintragen',
  },
  'doctor.matrixIn': { en: '{user} in {room}', de: '{user} in {room}' },
  'doctor.matrixNotJoined': { en: '{user} has not joined {room}', de: '{user} ist {room} nicht beigetreten' },
  'doctor.matrixInviteFix': {
    en: 'invite {user} to the room and accept the invitation',
    de: '{user} in den Raum einladen und die Einladung annehmen',
  },
  'doctor.matrixTokenFix': {
    en: 'is the access token valid (log in again as the bot to get a new one)?',
    de: 'ist das Zugriffstoken gültig (als Bot neu anmelden für ein neues)?',
  },
  'doctor.dataDirInUse': {
    en: 'in use by the running ralf-ui (one process per folder): stop it to check the folder',
    de: 'vom laufenden ralf-ui belegt (ein Prozess je Ordner): es stoppen, um den Ordner zu prüfen',
  },
  'doctor.dbFix': {
    en: 'is PostgreSQL running, and DATABASE_URL right?',
    de: 'läuft PostgreSQL, und stimmt DATABASE_URL?',
  },
  'doctor.dataDirFix': { en: 'is RALF_DATA_DIR writable?', de: 'ist RALF_DATA_DIR beschreibbar?' },
  'doctor.demoMetrics': { en: "the demo lab's own metrics", de: 'die eigenen Metriken des Demo-Labs' },
  'doctor.demoApi': { en: "the demo lab's own API", de: 'die eigene API des Demo-Labs' },
  'doctor.notSet': { en: '{name} not set', de: '{name} nicht gesetzt' },
  'doctor.publicUrlUnset': {
    en: 'not set: addresses are taken from each request',
    de: 'nicht gesetzt: Adressen kommen aus jeder Anfrage',
  },
} satisfies Record<string, Record<Language, string>>;

export type DoctorCode = keyof typeof DOCTOR_MESSAGES;
/** One of the doctor's sentences, said in the reader's language when printed. */
export interface DoctorText extends NestedMessage {
  code: DoctorCode;
}
export const dm = (code: DoctorCode, params: MessageParams = {}): DoctorText => ({ code, params });

/** The sentence in `lang`; a nested one (a problem inside a finding) in the same language. */
export const doctorText = (lang: Language, m: NestedMessage): string => catalogText(DOCTOR_MESSAGES, lang, m);

/** Every sentence with both languages' templates, for the test that they use the same arguments. */
export const doctorTemplates = (): [string, Record<Language, string>][] => Object.entries(DOCTOR_MESSAGES);
