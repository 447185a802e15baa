import { englishText, messageText } from '@ralf/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMatrixStub } from '../../../test/matrix-stub';
import type { BotCheck } from '../ports';
import { MatrixBotHealth } from './matrix-bot-health';

const bot = (id: string, token: string | null, room = `!${id}:homelab`): BotCheck => ({
  id,
  userId: `@${id}:homelab`,
  room,
  token,
  tokenRef: `vault://matrix/bots/${id}`,
});

describe('bot health from a homeserver that follows the Matrix client-server API', () => {
  let hs: Awaited<ReturnType<typeof startMatrixStub>>;
  beforeAll(async () => {
    hs = await startMatrixStub();
  });
  afterAll(async () => hs?.stop());
  beforeEach(() => {
    const s = hs.state;
    s.tokens = new Map([
      ['t-health', '@ralf-health:homelab'],
      ['t-infra', '@ralf-infra:homelab'],
      ['t-sec', '@ralf-sec:homelab'],
    ]);
    s.rooms = new Map([
      ['!ralf-health:homelab', new Set(['@ralf-health:homelab'])],
      ['!ralf-infra:homelab', new Set<string>()],
      ['!sec-room:homelab', new Set(['@ralf-sec:homelab'])],
    ]);
    s.aliases = new Map([['#sec:homelab', '!sec-room:homelab']]);
    s.lastMessage = new Map([
      ['!ralf-health:homelab', Date.now() - 60_000],
      ['!sec-room:homelab', Date.now() - 3 * 86_400_000],
    ]);
    s.pingForbidden = false;
    s.limitNext = 0;
  });
  const health = (appserviceToken = 'as-secret') =>
    new MatrixBotHealth({ homeserver: hs.url, timeoutMs: 1000, appservice: { id: 'ralf', token: appserviceToken } });

  it('says healthy, not joined, unknown token (401 M_UNKNOWN_TOKEN), silent for days, and token not set, each with its reason', async () => {
    const r = await health().check(
      [
        bot('ralf-health', 't-health'),
        bot('ralf-infra', 't-infra'),
        bot('ralf-planner', 'revoked'),
        bot('ralf-sec', 't-sec', '#sec:homelab'),
        bot('ralf-core', null),
      ],
      new Date(),
    );
    expect(r.map((b) => [b.id, b.state, englishText(b.reason)])).toEqual([
      ['ralf-health', 'healthy', 'joined to !ralf-health:homelab'],
      ['ralf-infra', 'degraded', 'not joined to !ralf-infra:homelab'],
      ['ralf-planner', 'down', 'whoami refused: 401 M_UNKNOWN_TOKEN Invalid access token passed.'],
      ['ralf-sec', 'degraded', 'no message in #sec:homelab for more than a day'],
      ['ralf-core', 'unknown', 'the token reference vault://matrix/bots/ralf-core is not set on the BFF'],
    ]);
    expect(r[0]).toMatchObject({ homeserver: true, appservice: true, joined: true, lastMessageAt: expect.any(String) });
  });

  it('marks the bots degraded when the appservice ping is refused (403 M_FORBIDDEN)', async () => {
    const [b] = await health('wrong-as-token').check([bot('ralf-health', 't-health')], new Date());
    expect(b).toMatchObject({ state: 'degraded', appservice: false });
    expect(englishText(b!.reason)).toBe(
      'appservice ping failed: 403 M_FORBIDDEN Provided access token is not valid for this appservice',
    );
  });

  it('respects 429 M_LIMIT_EXCEEDED: no request until retry_after_ms has passed, and says so', async () => {
    const h = health();
    hs.state.limitNext = 1;
    await h.check([bot('ralf-health', 't-health')], new Date());
    const before = hs.state.calls.length;
    const [b] = await h.check([bot('ralf-health', 't-health')], new Date());
    expect(hs.state.calls.length).toBe(before);
    expect(englishText(b!.reason)).toMatch(/^rate limited by the homeserver \(M_LIMIT_EXCEEDED\); next check after /);
  });

  it('calls the bots "unknown", not "down", when the homeserver does not answer, and says why', async () => {
    const gone = await startMatrixStub();
    await gone.stop();
    const down = new MatrixBotHealth({ homeserver: gone.url, timeoutMs: 500 });
    const [b] = await down.check([bot('ralf-health', 't-health')], new Date());
    expect(b).toMatchObject({ state: 'unknown', homeserver: false });
    expect([englishText(b!.reason), messageText('de', b!.reason)]).toEqual([
      "the homeserver does not answer (ECONNREFUSED); the bots' state is unknown",
      'der Homeserver antwortet nicht (ECONNREFUSED); der Zustand der Bots ist unbekannt',
    ]);
  });
});
