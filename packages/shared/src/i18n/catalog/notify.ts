import type { Catalog } from './index';

/** What ralf-ui says in its notifications, in RALF_LANGUAGE (issue 23): a title and a text per kind. */
export const notifyMessages = {
  'notify.plan.awaiting.title': { en: 'Plan waits for approval: {summary}', de: 'Plan wartet auf Freigabe: {summary}' },
  'notify.plan.awaiting.text': {
    en: '{actions, plural, one {# action} other {# actions}}, risk {risk, select, low {low} medium {medium} high {high} other {{risk}}}; {needed, plural, one {# approval} other {# approvals}} needed. Proposed by {by}.',
    de: '{actions, plural, one {# Aktion} other {# Aktionen}}, Risiko {risk, select, low {niedrig} medium {mittel} high {hoch} other {{risk}}}; {needed, plural, one {# Freigabe} other {# Freigaben}} nötig. Vorgeschlagen von {by}.',
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
  'notify.open': { en: 'Open: {url}', de: 'Öffnen: {url}' },
} satisfies Catalog;
