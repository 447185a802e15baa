import type { Catalog } from './index';

/** What ralf-ui says in its notifications, in RALF_LANGUAGE (issue 23): a title and a text per kind. */
export const notifyMessages = {
  'notify.plan.awaiting.title': { en: 'Plan waits for approval: {summary}', de: 'Plan wartet auf Freigabe: {summary}' },
  'notify.plan.awaiting.text': {
    en: '{actions, plural, one {# action} other {# actions}}, risk {risk, select, low {low} medium {medium} high {high} other {{risk}}}; {needed, plural, one {# approval} other {# approvals}} needed. Proposed by {by}.\n{ref}',
    de: '{actions, plural, one {# Aktion} other {# Aktionen}}, Risiko {risk, select, low {niedrig} medium {mittel} high {hoch} other {{risk}}}; {needed, plural, one {# Freigabe} other {# Freigaben}} nötig. Vorgeschlagen von {by}.\n{ref}',
  },
  'notify.plan.applied.title': { en: 'Plan applied: {summary}', de: 'Plan umgesetzt: {summary}' },
  'notify.plan.applied.text': { en: '{message}', de: '{message}' },
  'notify.plan.failed.title': { en: 'Plan failed: {summary}', de: 'Plan fehlgeschlagen: {summary}' },
  'notify.plan.failed.text': { en: '{error}', de: '{error}' },
  'notify.deployment.failed.title': {
    en: 'Deployment failed: {name} ({template})',
    de: 'Bereitstellung fehlgeschlagen: {name} ({template})',
  },
  'notify.deployment.failed.text': { en: '{error}', de: '{error}' },
  'notify.deployment.attention.title': {
    en: 'Deployment needs attention: {name} ({template})',
    de: 'Bereitstellung braucht Aufmerksamkeit: {name} ({template})',
  },
  'notify.deployment.attention.text': {
    en: 'It is {status}: the executor did not answer or report in time. Open it to retry or settle it.',
    de: 'Sie ist {status}: der Executor hat nicht rechtzeitig geantwortet oder berichtet. Öffne sie, um sie zu wiederholen oder abzuschließen.',
  },
  'notify.test.title': { en: 'Test from ralf-ui', de: 'Test von ralf-ui' },
  'notify.test.text': {
    en: '{by} sent this test to the channel {channel}. If you read it, the channel works.',
    de: '{by} hat diesen Test an den Kanal {channel} gesendet. Wenn du ihn liest, funktioniert der Kanal.',
  },
  'err.noChannel': { en: 'There is no notification channel {id}.', de: 'Es gibt keinen Benachrichtigungskanal {id}.' },
  'notify.approvalsInProfile': {
    en: 'Reading approvals from a Matrix room is set in the profile (approvals: true), not here.',
    de: 'Freigaben aus einem Matrix-Raum lesen wird im Profil eingestellt (approvals: true), nicht hier.',
  },
  'notify.channelFixed': {
    en: 'The channel {id} comes from the profile or the environment; change it there.',
    de: 'Der Kanal {id} kommt aus dem Profil oder der Umgebung; ändere ihn dort.',
  },
  'notify.open': { en: 'Open: {url}', de: 'Öffnen: {url}' },
  'notify.group.title': {
    en: '{n, plural, one {# notification} other {# notifications}} from ralf-ui',
    de: '{n, plural, one {# Benachrichtigung} other {# Benachrichtigungen}} von ralf-ui',
  },
  'notify.group.more': { en: '… and {n} more', de: '… und {n} weitere' },
  'notify.matrix.answer': {
    en: 'Answer: !ralf approve {id} {hash} · !ralf reject {id} <reason>',
    de: 'Antwort: !ralf approve {id} {hash} · !ralf reject {id} <Grund>',
  },
  'notify.plan.ref': {
    en: 'Plan {id}, revision {revision} ({hash}).',
    de: 'Plan {id}, Revision {revision} ({hash}).',
  },
  'notify.alert.firing.title': { en: 'Alert: {name} on {target}', de: 'Alarm: {name} auf {target}' },
  'notify.alert.firing.text': { en: '{summary}', de: '{summary}' },
  'notify.alert.resolved.title': { en: 'Resolved: {name} on {target}', de: 'Behoben: {name} auf {target}' },
  'notify.alert.resolved.text': { en: 'The alert no longer fires.', de: 'Der Alarm feuert nicht mehr.' },
  'notify.loop.overdue.title': { en: 'Loop overdue: {loop}', de: 'Loop überfällig: {loop}' },
  'notify.loop.missed.title': { en: 'Loop run missed: {loop}', de: 'Loop-Lauf verpasst: {loop}' },
  'notify.loop.text': {
    en: 'Its last run: {last}. Expected by {due}.',
    de: 'Letzter Lauf: {last}. Erwartet bis {due}.',
  },
  'notify.finding.title': {
    en: 'New {severity, select, critical {critical} high {high} other {{severity}}} finding: {title}',
    de: 'Neuer Befund ({severity, select, critical {kritisch} high {hoch} other {{severity}}}): {title}',
  },
  'notify.finding.text': { en: '{target}: {detail}', de: '{target}: {detail}' },
  'notify.backup.stale.title': { en: 'Backup stale: {guest}', de: 'Sicherung veraltet: {guest}' },
  'notify.backup.failed.title': { en: 'Backup failed: {guest}', de: 'Sicherung fehlgeschlagen: {guest}' },
  'notify.backup.text': { en: '{issue}', de: '{issue}' },
  'notify.backup.staleText': {
    en: 'Its newest backup is from {at, datetime}; the next was due by {due, datetime}.',
    de: 'Die neueste Sicherung ist vom {at, datetime}; die nächste war bis {due, datetime} fällig.',
  },
  'notify.audit.broken.title': {
    en: 'The audit chain does not verify',
    de: 'Die Audit-Kette lässt sich nicht bestätigen',
  },
  'notify.audit.broken.text': {
    en: 'Checked {checked} events; the first that does not fit: #{seq}. Run `ralf-ui audit verify` and look at the audit page.',
    de: '{checked} Ereignisse geprüft; das erste, das nicht passt: #{seq}. Führe `ralf-ui audit verify` aus und sieh dir die Audit-Seite an.',
  },
  'notify.source.down.title': {
    en: 'Data source unavailable: {source}',
    de: 'Datenquelle nicht erreichbar: {source}',
  },
  'notify.source.down.text': {
    en: 'Unavailable since {since, datetime}: {reason}',
    de: 'Nicht erreichbar seit {since, datetime}: {reason}',
  },
  'mx.unlinked': {
    en: '{sender} is not linked to a ralf-ui account. Link it on your account page first.',
    de: '{sender} ist mit keinem ralf-ui-Konto verknüpft. Verknüpfe sie zuerst auf deiner Kontoseite.',
  },
  'mx.disabled': { en: 'The account {user} is disabled.', de: 'Das Konto {user} ist gesperrt.' },
  'mx.noRole': {
    en: '{user} may not decide plans: none of their roles grants it.',
    de: '{user} darf nicht über Pläne entscheiden: keine der Rollen erlaubt es.',
  },
  'mx.usage': {
    en: 'I understand: !ralf approve <plan id> <hash prefix> · !ralf reject <plan id> <reason>',
    de: 'Ich verstehe: !ralf approve <Plan-ID> <Hash-Anfang> · !ralf reject <Plan-ID> <Grund>',
  },
  'mx.noPlan': { en: 'There is no plan {id}.', de: 'Es gibt keinen Plan {id}.' },
  'mx.ambiguous': {
    en: '{id} fits more than one plan; give more of its id.',
    de: '{id} passt zu mehr als einem Plan; gib mehr von seiner ID an.',
  },
  'mx.staleHash': {
    en: 'Refused: {hash} is not the current revision of plan {id}. It is now at revision {revision} ({current}); look at it again.',
    de: 'Abgelehnt: {hash} ist nicht die aktuelle Revision von Plan {id}. Er steht jetzt bei Revision {revision} ({current}); sieh ihn dir noch einmal an.',
  },
  'mx.approved': {
    en: 'Approved revision {revision} of plan {id} as {user}. The plan is now {status}.',
    de: 'Revision {revision} von Plan {id} als {user} freigegeben. Der Plan ist jetzt {status}.',
  },
  'mx.rejected': {
    en: 'Rejected plan {id} as {user}: {reason}',
    de: 'Plan {id} als {user} abgelehnt: {reason}',
  },
  'mx.refused': { en: 'Refused: {reason}', de: 'Abgelehnt: {reason}' },
  'mx.code': {
    en: 'Your ralf-ui code to link {matrixId} to the account {user}: {code} (valid 15 minutes). If you did not ask for it, ignore this message.',
    de: 'Dein ralf-ui-Code, um {matrixId} mit dem Konto {user} zu verknüpfen: {code} (15 Minuten gültig). Wenn du ihn nicht angefordert hast, ignoriere diese Nachricht.',
  },
  'mx.noChannel': {
    en: 'No Matrix channel reads approvals: add one with approvals: true to the profile’s notifications.',
    de: 'Kein Matrix-Kanal liest Freigaben: füge im Profil unter notifications einen mit approvals: true hinzu.',
  },
  'mx.sendFailed': {
    en: 'The bot could not send the code: {reason}',
    de: 'Der Bot konnte den Code nicht senden: {reason}',
  },
  'mx.wait': {
    en: 'A code was sent less than a minute ago; ask again after {at, time}.',
    de: 'Vor weniger als einer Minute wurde ein Code gesendet; frag nach {at, time} noch einmal.',
  },
  'mx.codeWrong': {
    en: 'That code is wrong or has expired. Ask for a new one.',
    de: 'Der Code ist falsch oder abgelaufen. Fordere einen neuen an.',
  },
  'mx.takenId': {
    en: '{matrixId} is already linked to another account.',
    de: '{matrixId} ist bereits mit einem anderen Konto verknüpft.',
  },
} satisfies Catalog;
