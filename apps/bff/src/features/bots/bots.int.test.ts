import { englishText } from '@ralf/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, callerAs } from '../../../test/build-test-app';
import { startMatrixStub } from '../../../test/matrix-stub';

describe('the bots page against a homeserver', () => {
  let hs: Awaited<ReturnType<typeof startMatrixStub>>;
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  beforeAll(async () => {
    hs = await startMatrixStub();
    hs.state.tokens = new Map([['syt-health-secret', '@ralf-health:homelab']]);
    hs.state.rooms = new Map([['!health:homelab', new Set(['@ralf-health:homelab'])]]);
    t = await buildTestApp('pglite', {
      MATRIX_HOMESERVER_URL: hs.url,
      VAULT_MATRIX_BOTS_RALF_HEALTH: 'syt-health-secret',
      VAULT_MATRIX_APPSERVICE_AS_TOKEN: 'as-secret',
    });
  });
  afterAll(async () => {
    await t?.stop();
    await hs?.stop();
  });

  it('checks the profile’s five bots with the tokens its vault:// references name, and never shows a token', async () => {
    await t.services.bots.check();
    const bots = await (await callerAs(t, 'viewer')).bots.list();
    expect(bots.source).toBe('matrix');
    expect(bots.bots.map((b) => [b.id, b.state])).toEqual([
      ['ralf-health', 'healthy'],
      ['ralf-infra', 'unknown'],
      ['ralf-planner', 'unknown'],
      ['ralf-sec', 'unknown'],
      ['ralf-core', 'unknown'],
    ]);
    expect(englishText(bots.bots[1]!.reason)).toBe(
      'the token reference vault://matrix/bots/ralf-infra is not set on the BFF',
    );
    expect(JSON.stringify(bots)).not.toMatch(/syt-health-secret|as-secret/);
    expect(hs.state.calls).toContain('POST /_matrix/client/v1/appservice/ralf/ping');
  });
});
