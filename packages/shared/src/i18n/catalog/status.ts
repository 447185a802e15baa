import type { Catalog } from './index';

/** Health in words: bots, sign-in (issues 3, 8, 18). */
export const statusMessages = {
  'bot.notChecked': { en: 'not checked yet', de: 'noch nicht geprüft' },
  'bot.noHomeserver': {
    en: 'no homeserver configured: set MATRIX_HOMESERVER_URL',
    de: 'kein Homeserver eingerichtet: MATRIX_HOMESERVER_URL setzen',
  },
  'bot.rateLimitedUntil': {
    en: 'rate limited by the homeserver (M_LIMIT_EXCEEDED); next check after {at, time}',
    de: 'vom Homeserver gebremst (M_LIMIT_EXCEEDED); nächste Prüfung nach {at, time}',
  },
  'bot.rateLimited': {
    en: 'rate limited by the homeserver (M_LIMIT_EXCEEDED); checked later',
    de: 'vom Homeserver gebremst (M_LIMIT_EXCEEDED); später geprüft',
  },
  'bot.homeserverAway': {
    en: "the homeserver does not answer ({why}); the bots' state is unknown",
    de: 'der Homeserver antwortet nicht ({why}); der Zustand der Bots ist unbekannt',
  },
  'bot.appserviceTokenUnset': {
    en: 'the appservice token reference is not set on the BFF',
    de: 'die Token-Referenz des Appservice ist im BFF nicht gesetzt',
  },
  'bot.appservicePing': { en: 'appservice ping failed: {why}', de: 'Appservice-Ping fehlgeschlagen: {why}' },
  'bot.tokenUnset': {
    en: 'the token reference {ref} is not set on the BFF',
    de: 'die Token-Referenz {ref} ist im BFF nicht gesetzt',
  },
  'bot.whoami': { en: 'whoami refused: {why}', de: 'whoami abgelehnt: {why}' },
  'bot.otherUser': { en: 'the token belongs to {owner}, not {user}', de: 'das Token gehört {owner}, nicht {user}' },
  'bot.alias': {
    en: 'room alias {room} does not resolve: {why}',
    de: 'Raumalias {room} lässt sich nicht auflösen: {why}',
  },
  'bot.joinedRooms': { en: 'joined_rooms refused: {why}', de: 'joined_rooms abgelehnt: {why}' },
  'bot.notJoined': { en: 'not joined to {room}', de: 'nicht in {room}' },
  'bot.rejoining': {
    en: 'not joined to {room} (rejoining after a Synapse restart)',
    de: 'nicht in {room} (tritt nach einem Synapse-Neustart wieder bei)',
  },
  'bot.quiet': {
    en: 'no message in {room} for more than a day',
    de: 'seit über einem Tag keine Nachricht in {room}',
  },
  'bot.joined': { en: 'joined to {room}', de: 'in {room}' },
  'bot.joinedQuiet': { en: 'joined to {room}; no message yet', de: 'in {room}; noch keine Nachricht' },
} satisfies Catalog;
