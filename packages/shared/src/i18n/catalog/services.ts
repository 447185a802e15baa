import type { Catalog } from './index';

/** Why a service's HTTP check failed (issue 21). */
export const serviceMessages = {
  'service.badUrl': {
    en: '{url} is not an http or https address',
    de: '{url} ist keine http- oder https-Adresse',
  },
  'service.certExpired': {
    en: 'its TLS certificate expired on {at, datetime}',
    de: 'sein TLS-Zertifikat ist am {at, datetime} abgelaufen',
  },
  'service.certUntrusted': {
    en: 'its TLS certificate is not trusted ({why})',
    de: 'seinem TLS-Zertifikat wird nicht vertraut ({why})',
  },
  'service.badStatus': { en: 'it answered HTTP {status}', de: 'es antwortete mit HTTP {status}' },
  'service.timeout': {
    en: 'no answer within {seconds, number} s',
    de: 'keine Antwort innerhalb von {seconds, number} s',
  },
  'service.refused': { en: 'the connection was refused', de: 'die Verbindung wurde abgelehnt' },
  'service.noSuchHost': { en: 'the host {host} is not known', de: 'der Host {host} ist unbekannt' },
  'service.failed': { en: 'the check failed: {why}', de: 'die Prüfung schlug fehl: {why}' },
  'err.noService': { en: 'There is no service {id}.', de: 'Es gibt keinen Dienst {id}.' },
  'err.noClusterToJoin': {
    en: 'There is no cluster to join the host to: ralf-ui reads no node yet.',
    de: 'Es gibt keinen Cluster, in den der Host aufgenommen werden könnte: ralf-ui liest noch keinen Knoten.',
  },
  'err.noHost': { en: 'There is no discovered host {id}.', de: 'Es gibt keinen entdeckten Host {id}.' },
  'health.httpDown': {
    en: '{service}: its HTTP check failed at {at, time}: {reason}',
    de: '{service}: seine HTTP-Prüfung schlug um {at, time} fehl: {reason}',
  },
} satisfies Catalog;
