import { msg, type Bots, type BotStatus } from '@ralf/shared';
import type { BotHealthSource, Clock } from '../../adapters/ports';
import type { Profile } from '../../profile';

/**
 * The profile's bots with their last check (issue 8). Checks run in the background every
 * minute; pages read the last answer, so a slow homeserver never slows a page.
 */
export function createBotsService({
  source,
  profile,
  clock,
  resolve,
  homeserver,
}: {
  source: BotHealthSource;
  profile: Profile;
  clock: Clock;
  resolve: (ref: string) => string | null;
  homeserver: string | null;
}) {
  let last: BotStatus[] = profile.matrix.bots.map((b) => ({
    id: b.id,
    userId: b.userId,
    room: b.room,
    state: 'unknown',
    reason: msg('bot.notChecked'),
    homeserver: null,
    appservice: null,
    joined: null,
    lastMessageAt: null,
    checkedAt: null,
  }));
  const checks = profile.matrix.bots.map((b) => ({
    id: b.id,
    userId: b.userId,
    room: b.room,
    tokenRef: b.token,
    token: resolve(b.token),
  }));
  return {
    async check(): Promise<BotStatus[]> {
      if (!checks.length) return [];
      last = await source.check(checks, clock.now());
      return last;
    },
    list: (): Bots => ({ source: source.kind, homeserver, bots: last }),
    summary: () => ({
      total: last.length,
      healthy: last.filter((b) => b.state === 'healthy').length,
      degraded: last.filter((b) => b.state === 'degraded').length,
      down: last.filter((b) => b.state === 'down').length,
      unknown: last.filter((b) => b.state === 'unknown').length,
    }),
  };
}

export type BotsService = ReturnType<typeof createBotsService>;
