import type { Catalog } from './index';

/** Refusals a person meets on a page (issue 18); API-only refusals (ingest, signing) stay English for their clients. */
export const errorMessages = {
  'err.noUser': { en: 'There is no user {id}.', de: 'Es gibt keinen Benutzer {id}.' },
  'err.usernameTaken': { en: 'The username {username} is taken.', de: 'Der Benutzername {username} ist vergeben.' },
  'err.disableSelf': { en: 'You cannot disable your own account.', de: 'Das eigene Konto lässt sich nicht sperren.' },
  'err.adminSelf': {
    en: 'You cannot take the admin role from yourself; ask another admin.',
    de: 'Die eigene Admin-Rolle lässt sich nicht entziehen; frag einen anderen Admin.',
  },
  'err.ssoUser': {
    en: '{username} signs in through single sign-on and has no password here.',
    de: '{username} meldet sich über Single Sign-on an und hat hier kein Passwort.',
  },
  'err.ssoSelf': {
    en: 'This account signs in through single sign-on and has no password here.',
    de: 'Dieses Konto meldet sich über Single Sign-on an und hat hier kein Passwort.',
  },
  'err.wrongCurrentPassword': { en: 'The current password is wrong.', de: 'Das aktuelle Passwort ist falsch.' },
  'err.tokenNameTaken': {
    en: 'A token named {name} exists; revoke it or choose another name.',
    de: 'Ein Token namens {name} existiert; widerrufe es oder wähle einen anderen Namen.',
  },
  'err.noToken': { en: 'There is no token {id}.', de: 'Es gibt kein Token {id}.' },
  'err.alreadySetUp': {
    en: 'ralf-ui is already set up; sign in instead.',
    de: 'ralf-ui ist bereits eingerichtet; bitte anmelden.',
  },
  'err.localAccountExists': {
    en: 'A local account named {username} exists; an admin must rename or remove it first.',
    de: 'Ein lokales Konto namens {username} existiert; ein Admin muss es zuerst umbenennen oder entfernen.',
  },
  'err.idpAway': {
    en: 'The identity provider at {issuer} did not answer: {error}',
    de: 'Der Identitätsanbieter unter {issuer} hat nicht geantwortet: {error}',
  },
  'err.noGuest': { en: 'There is no guest {id} in the inventory.', de: 'Es gibt keinen Gast {id} im Inventar.' },
  'err.noNode': { en: 'There is no node {id}.', de: 'Es gibt keinen Knoten {id}.' },
  'err.noSubject': { en: 'There is no node or guest {id}.', de: 'Es gibt keinen Knoten und keinen Gast {id}.' },
  'err.actionKeyReused': {
    en: 'The idempotency key {key} was used for another action; send a new key.',
    de: 'Der Idempotenzschlüssel {key} gehört zu einer anderen Aktion; bitte einen neuen senden.',
  },
  'err.noTask': { en: 'There is no task {id}.', de: 'Es gibt keine Aufgabe {id}.' },
  'err.noTrail': { en: 'There is no trail {id}.', de: 'Es gibt keinen Erklärungspfad {id}.' },
  'err.noRevision': {
    en: 'Plan {id} has no revision {revision}.',
    de: 'Plan {id} hat keine Revision {revision}.',
  },
  'err.noOutcomeYet': {
    en: 'The plan is {status}; an outcome exists once it is applied.',
    de: 'Der Plan ist {status}; ein Ergebnis gibt es erst, wenn er angewendet ist.',
  },
  'audit.unlinked': { en: 'does not link to the event before it', de: 'verweist nicht auf das Ereignis davor' },
  'audit.hashMismatch': {
    en: 'its content does not match its hash',
    de: 'sein Inhalt passt nicht zu seinem Hash',
  },
  'cli.passwordReset': {
    en: 'password of {username} reset; the account is enabled and its sessions ended',
    de: 'Passwort von {username} zurückgesetzt; das Konto ist aktiv und seine Sitzungen sind beendet',
  },
  'cli.badPassword': {
    en: 'the new password on standard input: {problem}',
    de: 'das neue Passwort auf der Standardeingabe: {problem}',
  },
  'cli.noAuditTrail': {
    en: 'this database has no audit trail yet: start ralf-ui on it once',
    de: 'diese Datenbank hat noch keinen Audit-Trail: ralf-ui einmal darauf starten',
  },
  'cli.auditOk': {
    en: 'audit chain verifies: {n, plural, one {# event} other {# events}}',
    de: 'Audit-Kette geprüft: {n, plural, one {# Ereignis} other {# Ereignisse}} stimmen',
  },
  'cli.auditBroken': {
    en: 'audit chain BROKEN: {broken} of {total} events do not verify',
    de: 'Audit-Kette GEBROCHEN: {broken} von {total} Ereignissen stimmen nicht',
  },
  'cli.auditEvent': { en: '  event #{seq} ({id}): {reason}', de: '  Ereignis #{seq} ({id}): {reason}' },
  'cli.auditMore': { en: '  … and {n} more', de: '  … und {n} weitere' },
  'cli.backupWritten': {
    en: 'backup written to {file}: {rows} rows in {tables} tables (ralf-ui {release}, {source})',
    de: 'Sicherung nach {file} geschrieben: {rows} Zeilen in {tables} Tabellen (ralf-ui {release}, {source})',
  },
  'cli.embedded': { en: 'embedded', de: 'eingebettet' },
  'cli.restored': {
    en: 'restored {rows} rows in {tables} tables from {file} (made by ralf-ui {release} on {createdAt})',
    de: '{rows} Zeilen in {tables} Tabellen aus {file} wiederhergestellt (von ralf-ui {release} am {createdAt})',
  },
  'cli.migratedTo': {
    en: 'moved {rows} rows in {tables} tables from the embedded database to {target}; start ralf-ui with DATABASE_URL set to it',
    de: '{rows} Zeilen in {tables} Tabellen aus der eingebetteten Datenbank nach {target} übertragen; ralf-ui nun mit dieser DATABASE_URL starten',
  },
} satisfies Catalog;
