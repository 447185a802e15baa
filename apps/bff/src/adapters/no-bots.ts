import { msg } from '@ralf/shared';
import type { BotHealthSource } from './ports';

/** No homeserver and no demo lab: every bot is unknown, and says what to set. */
export const noBots: BotHealthSource = {
  kind: 'none',
  check: async (bots, now) =>
    bots.map((b) => ({
      id: b.id,
      userId: b.userId,
      room: b.room,
      state: 'unknown' as const,
      reason: msg('bot.noHomeserver'),
      homeserver: null,
      appservice: null,
      joined: null,
      lastMessageAt: null,
      checkedAt: now.toISOString(),
    })),
};
