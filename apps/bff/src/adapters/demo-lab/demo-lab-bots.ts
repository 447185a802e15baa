import { msg } from '@ralf/shared';
import type { BotStatus } from '@ralf/shared';
import type { BotCheck, BotHealthSource } from '../ports';

/**
 * The demo lab's bots (issue 8): healthy, except that one of them is degraded for ten minutes
 * in every thirty (not joined to its room after a restart of Synapse), so the page has
 * something to say.
 */
export class DemoLabBots implements BotHealthSource {
  readonly kind = 'demo-lab' as const;
  async check(bots: BotCheck[], now: Date): Promise<BotStatus[]> {
    const slot = Math.floor(now.getTime() / 600_000);
    const sick = slot % 3 === 0 ? bots[slot % Math.max(1, bots.length)]?.id : undefined;
    return bots.map((b, i) => ({
      id: b.id,
      userId: b.userId,
      room: b.room,
      homeserver: true,
      appservice: true,
      checkedAt: now.toISOString(),
      ...(b.id === sick
        ? {
            state: 'degraded' as const,
            reason: msg('bot.rejoining', { room: b.room }),
            joined: false,
            lastMessageAt: new Date(now.getTime() - 3_600_000).toISOString(),
          }
        : {
            state: 'healthy' as const,
            reason: msg('bot.joined', { room: b.room }),
            joined: true,
            lastMessageAt: new Date(now.getTime() - (i + 1) * 7 * 60_000).toISOString(),
          }),
    }));
  }
}
