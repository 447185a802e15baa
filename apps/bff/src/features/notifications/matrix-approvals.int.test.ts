import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, callerAs } from '../../../test/build-test-app';
import { startMatrixStub } from '../../../test/matrix-stub';
import { DB_KINDS } from '../../../test/test-db';
import { until } from '../../../test/until';
import { loadProfile } from '../../profile';
import { approvalRooms, resolveChannels } from './channels-config';
import { createMatrixApprovals, parseCommand } from './matrix-approvals';

const OPS = '!ops:homelab';
const BOT = '@ralf-core:homelab';

describe('the commands a Matrix message can be', () => {
  it('reads approve with a hash prefix and reject with a reason; anything else after !ralf asks for usage', () => {
    expect(parseCommand('!ralf approve 3F2A91C0 a1b2c3d4')).toEqual({
      verb: 'approve',
      id: '3f2a91c0',
      hash: 'a1b2c3d4',
    });
    expect(parseCommand('  !ralf reject 3f2a91c0 not during the backup window ')).toEqual({
      verb: 'reject',
      id: '3f2a91c0',
      reason: 'not during the backup window',
    });
    expect(parseCommand('!ralf approve 3f2a91c0')).toEqual({ verb: 'usage' });
    expect(parseCommand('!ralf')).toEqual({ verb: 'usage' });
    expect(parseCommand('good morning')).toBeNull();
    expect(parseCommand('I think !ralf approve 3f2a91c0 a1b2c3d4')).toBeNull();
  });
});

describe.each(DB_KINDS)('approving from Matrix on %s', (kind) => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let hs: Awaited<ReturnType<typeof startMatrixStub>>;
  /** The bot's answer in a thread under a command. */
  const answerTo = (eventId: string) =>
    until(`the answer to ${eventId}`, async () =>
      hs.sent(OPS).find((e) => (e.content['m.relates_to'] as { event_id?: string } | undefined)?.event_id === eventId),
    );
  const propose = async (summary: string, by: Awaited<ReturnType<typeof callerAs>>) => {
    const r = await by.plans.propose({
      actions: [
        { type: 'resize', guestId: 'lxc/210', resource: 'memoryMiB', to: 1024 + Math.floor(Math.random() * 900) },
      ],
      summary,
    });
    const plan = await by.plans.byId({ id: r.planId });
    return { id: r.planId, short: r.planId.slice(0, 8), hash: plan.revisionHash };
  };
  /** Links a user's Matrix ID the way the account page does: the code the bot sent, entered. */
  const link = async (role: 'approver' | 'operator' | { username: string; password: string }, matrixId: string) => {
    const me = await callerAs(t, role);
    await me.matrixLink.start({ matrixId });
    // A second code within the minute is refused: the bot is no way to message strangers in a loop.
    await expect(me.matrixLink.start({ matrixId })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    const dm = [...hs.state.invites].find(([, who]) => who.includes(matrixId))![0];
    const body = String(hs.sent(dm).at(-1)!.content.body);
    await expect(me.matrixLink.verify({ code: body.includes('000000') ? '111111' : '000000' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const linked = await me.matrixLink.verify({ code: /: (\d{6}) /.exec(body)![1]! });
    expect(linked).toMatchObject({ matrixId, verified: true, codeExpiresAt: null });
  };

  beforeAll(async () => {
    hs = await startMatrixStub();
    hs.state.tokens = new Map([['bot-token', BOT]]);
    hs.state.rooms = new Map([[OPS, new Set([BOT, '@anna:homelab', '@sam:homelab', '@eve:homelab', '@olga:homelab'])]]);
    const profile = join(mkdtempSync(join(tmpdir(), 'ralf-matrix-')), 'profile.yaml');
    writeFileSync(
      profile,
      [
        'notifications:',
        '  channels:',
        `    - { id: ops, type: matrix, homeserver: ${hs.url}, room: '${OPS}', token: vault://matrix/bots/ralf-core, approvals: true, kinds: [plan.awaiting, plan.applied] }`,
      ].join('\n'),
    );
    t = await buildTestApp(
      kind,
      { RALF_PROFILE: profile, VAULT_MATRIX_BOTS_RALF_CORE: 'bot-token', RALF_LANGUAGE: 'en' },
      { clock: { now: () => new Date() }, retryBaseMs: 50 },
    );
    await until('the first sync', async () => t.db.db.selectFrom('ralf.matrix_sync').selectAll().executeTakeFirst());
    const admin = await callerAs(t, 'admin');
    await admin.users.create({
      username: 'sam',
      password: 'sam-the-two-hat-user',
      roles: ['operator', 'approver'],
    });
    await link('approver', '@anna:homelab');
    await link('operator', '@olga:homelab');
    await link({ username: 'sam', password: 'sam-the-two-hat-user' }, '@sam:homelab');
  });
  afterAll(async () => {
    await t?.stop();
    await hs?.stop();
  });

  it('posts a plan awaiting decision with its short id and hash; a linked approver approves it from the room, answered in a thread and audited via Matrix', async () => {
    const operator = await callerAs(t, 'operator');
    const p = await propose('Mosquitto: more memory', operator);
    const post = await until('the plan in the room', async () =>
      hs.sent(OPS).find((e) => String(e.content.body).includes('Plan waits for approval: Mosquitto: more memory')),
    );
    expect(String(post.content.body)).toContain(`Plan ${p.short}, revision 1 (${p.hash.slice(0, 8)}).`);
    expect(String(post.content.body)).toContain(`Answer: !ralf approve ${p.short} ${p.hash.slice(0, 8)}`);
    expect(post.content.formatted_body).toContain('<strong>Plan waits for approval: Mosquitto: more memory</strong>');

    const cmd = hs.post(OPS, '@anna:homelab', `!ralf approve ${p.short} ${p.hash.slice(0, 8)}`);
    const answer = await answerTo(cmd);
    expect(answer.content.body).toMatch(
      new RegExp(`^Approved revision 1 of plan ${p.short} as approver\\. The plan is now `),
    );
    expect(answer.content['m.relates_to']).toMatchObject({ rel_type: 'm.thread', event_id: cmd });
    const plan = await operator.plans.byId({ id: p.id });
    expect(plan.approvalList.map((a) => a.approver)).toEqual(['user:approver']);
    const admin = await callerAs(t, 'admin');
    const audit = await admin.audit.list({ action: 'plan.approve', limit: 5 });
    expect(audit.events.find((e) => e.subject === `plan/${p.id}`)).toMatchObject({
      actor: 'user:approver',
      details: { via: { channel: 'matrix', account: '@anna:homelab', event: cmd } },
    });
  });

  it('refuses self-approval, a stale hash, an unlinked sender and a user without the role, saying why in the thread', async () => {
    const sam = await callerAs(t, { username: 'sam', password: 'sam-the-two-hat-user' });
    const own = await propose('Sam’s own change', sam);
    const self = await answerTo(hs.post(OPS, '@sam:homelab', `!ralf approve ${own.short} ${own.hash.slice(0, 8)}`));
    expect(self.content.body).toBe('Refused: you submitted this plan; someone else must approve it');

    const stale = await answerTo(hs.post(OPS, '@anna:homelab', `!ralf approve ${own.short} 00000000`));
    expect(stale.content.body).toBe(
      `Refused: 00000000 is not the current revision of plan ${own.short}. It is now at revision 1 (${own.hash.slice(0, 8)}); look at it again.`,
    );
    const stranger = await answerTo(hs.post(OPS, '@eve:homelab', `!ralf approve ${own.short} ${own.hash.slice(0, 8)}`));
    expect(stranger.content.body).toBe(
      '@eve:homelab is not linked to a ralf-ui account. Link it on your account page first.',
    );
    const noRole = await answerTo(hs.post(OPS, '@olga:homelab', `!ralf approve ${own.short} ${own.hash.slice(0, 8)}`));
    expect(noRole.content.body).toBe('operator may not decide plans: none of their roles grants it.');
    const usage = await answerTo(hs.post(OPS, '@anna:homelab', '!ralf please'));
    expect(usage.content.body).toContain('!ralf approve <plan id> <hash prefix>');
    expect((await sam.plans.byId({ id: own.id })).approvalList).toEqual([]);
  });

  it('acts once on an event delivered twice, and after a restart between two syncs neither misses nor repeats a command', async () => {
    const operator = await callerAs(t, 'operator');
    const a = await propose('Twice delivered', operator);
    const cmd = hs.post(OPS, '@anna:homelab', `!ralf reject ${a.short} not tonight`);
    const first = await answerTo(cmd);
    expect(first.content.body).toBe(`Rejected plan ${a.short} as approver: not tonight`);
    hs.redeliver(cmd);
    const b = await propose('After the restart', operator);
    // The process stops; a command arrives while it is down; a new one starts from the kept position.
    await t.services.matrix.approvals.stop();
    const whileDown = hs.post(OPS, '@anna:homelab', `!ralf approve ${b.short} ${b.hash.slice(0, 8)}`);
    const channels = resolveChannels(null, loadProfile(t.config.profilePath!).notifications, () => 'bot-token');
    const next = createMatrixApprovals({
      db: t.db.db,
      clock: { now: () => new Date() },
      language: 'en',
      plans: t.services.plans,
      rooms: approvalRooms(channels, 2000),
      pollMs: 200,
    });
    const stop = next.start({ warn: () => {} });
    try {
      await answerTo(whileDown);
      expect((await operator.plans.byId({ id: b.id })).approvalList.map((x) => x.approver)).toEqual(['user:approver']);
      // Let a few more syncs pass: nothing acted on before is acted on again.
      await new Promise((r) => setTimeout(r, 800));
      const answers = (id: string) =>
        hs.sent(OPS).filter((e) => (e.content['m.relates_to'] as { event_id?: string } | undefined)?.event_id === id);
      expect(answers(cmd)).toHaveLength(1);
      expect(answers(whileDown)).toHaveLength(1);
      const acted = await t.db.db
        .selectFrom('ralf.matrix_command')
        .select('event_id')
        .where('event_id', '=', cmd)
        .execute();
      expect(acted).toHaveLength(1);
      expect((await operator.plans.byId({ id: a.id })).status).toBe('rejected');
    } finally {
      await stop();
    }
  });
});
