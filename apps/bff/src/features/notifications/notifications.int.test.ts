import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { msg } from '@ralf/shared';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, callerAs } from '../../../test/build-test-app';
import { DB_KINDS } from '../../../test/test-db';
import { until } from '../../../test/until';
import { sign } from '../../lib/signing';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One local receiver for the three channels' documented APIs; `answers` decides each status in turn. */
async function receiver() {
  const got: Received[] = [];
  const answers: number[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      got.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(answers.shift() ?? 200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { got, answers, url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const SECRET = 'a-webhook-secret-of-length';
/** The UTC wall time `minutes` from now, as HH:MM. */
const hhmm = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString().slice(11, 16);

/** A real SMTP server on loopback (the `smtp-server` package) that keeps every mail it accepts. */
async function smtp() {
  const mails: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, done) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        mails.push(raw);
        done();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as AddressInfo).port;
  return { mails, port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe.each(DB_KINDS)('notifications out on %s', (kind) => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let rx: Awaited<ReturnType<typeof receiver>>;
  let mail: Awaited<ReturnType<typeof smtp>>;
  beforeAll(async () => {
    rx = await receiver();
    mail = await smtp();
    const profile = join(mkdtempSync(join(tmpdir(), 'ralf-notify-')), 'profile.yaml');
    writeFileSync(
      profile,
      [
        'notifications:',
        '  channels:',
        `    - { id: ops-ntfy, type: ntfy, url: ${rx.url}/ntfy, topic: ralf-ops, kinds: [plan.awaiting, deployment.failed], min_severity: info }`,
        `    - { id: phone, type: gotify, url: ${rx.url}/gotify, token: vault://notify/gotify, min_severity: critical }`,
        `    - { id: lost, type: gotify, url: ${rx.url}/gotify, token: vault://notify/missing, kinds: [plan.awaiting] }`,
        `    - { id: quiet, type: webhook, url: ${rx.url}/quiet, min_severity: info, kinds: [plan.awaiting, deployment.failed], quiet_hours: { from: '${hhmm(-60)}', to: '${hhmm(60)}', timezone: UTC } }`,
        `    - { id: mail, type: email, host: 127.0.0.1, port: ${mail.port}, from: ralf@lab.example, to: [ops@lab.example], kinds: [plan.awaiting], min_severity: info }`,
      ].join('\n'),
    );
    t = await buildTestApp(
      kind,
      {
        RALF_PROFILE: profile,
        NOTIFY_WEBHOOK_URL: `${rx.url}/hook`,
        NOTIFY_WEBHOOK_SECRET: SECRET,
        VAULT_NOTIFY_GOTIFY: 'gotify-app-token',
        RALF_PUBLIC_URL: 'https://ralf.example.org',
        RALF_LANGUAGE: 'de',
      },
      { clock: { now: () => new Date() }, retryBaseMs: 50 },
    );
  });
  afterAll(async () => {
    await t?.stop();
    await rx?.close();
    await mail?.close();
  });

  it('a proposed plan reaches the signed webhook and ntfy in German with its link; a channel whose secret is missing fails saying so', async () => {
    const operator = await callerAs(t, 'operator');
    const { planId } = await operator.plans.propose({
      actions: [{ type: 'resize', guestId: 'lxc/210', resource: 'memoryMiB', to: 2048 }],
      summary: 'Mosquitto: mehr Speicher für Nachrichten',
    });
    const hook = await until('the webhook', async () => rx.got.find((r) => r.path === '/hook'));
    const body = JSON.parse(hook.body);
    expect(body).toMatchObject({
      kind: 'plan.awaiting',
      severity: 'warning',
      subject: `plan/${planId}`,
      title: 'Plan wartet auf Freigabe: Mosquitto: mehr Speicher für Nachrichten',
      link: `https://ralf.example.org/plans/${planId}`,
    });
    expect(body.text).toMatch(
      /^1 Aktion, Risiko (niedrig|mittel|hoch); 1 Freigabe nötig\. Vorgeschlagen von user:operator\./,
    );
    // Signed like ingest requests: t=<unix>,v1=HMAC-SHA256(secret, "<t>.<body>").
    const t0 = Number(/^t=(\d+),/.exec(String(hook.headers['x-ralf-signature']))![1]);
    expect(hook.headers['x-ralf-signature']).toBe(sign(SECRET, t0, hook.body));
    const ntfy = await until('ntfy', async () => rx.got.find((r) => r.path === '/ntfy/ralf-ops'));
    expect(ntfy.headers.priority).toBe('4');
    expect(ntfy.headers.tags).toBe('warning,ralf,plan.awaiting');
    expect(ntfy.headers.click).toBe(`https://ralf.example.org/plans/${planId}`);
    // A title beyond Latin-1 travels as an RFC 2047 encoded word.
    expect(Buffer.from(/^=\?UTF-8\?B\?(.+)\?=$/.exec(String(ntfy.headers.title))![1]!, 'base64').toString()).toBe(
      'Plan wartet auf Freigabe: Mosquitto: mehr Speicher für Nachrichten',
    );
    // Gotify here takes only critical news: a plan waiting is not sent there.
    expect(rx.got.some((r) => r.path.startsWith('/gotify'))).toBe(false);
    // And a mail over SMTP: its subject the title, its text with the link.
    const raw = await until('the mail', async () => mail.mails[0]);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Plan wartet auf Freigabe: Mosquitto: mehr Speicher für Nachrichten');
    expect(parsed.to && 'text' in parsed.to ? parsed.to.text : '').toBe('ops@lab.example');
    expect(parsed.headers.get('x-ralf-event')).toBe('plan.awaiting');
    expect(parsed.text).toContain(`Öffnen: https://ralf.example.org/plans/${planId}`);
    const admin = await callerAs(t, 'admin');
    const lost = await until('the failed delivery', async () =>
      (await admin.notifications.overview()).deliveries.find((d) => d.channel === 'lost' && d.status === 'failed'),
    );
    expect(lost.lastError).toMatch(/vault:\/\/notify\/missing has no value/);
    const { channels } = await admin.notifications.overview();
    expect(channels.map((c) => [c.id, c.type, c.source])).toEqual([
      ['env-webhook', 'webhook', 'environment'],
      ['ops-ntfy', 'ntfy', 'profile'],
      ['phone', 'gotify', 'profile'],
      ['lost', 'gotify', 'profile'],
      ['quiet', 'webhook', 'profile'],
      ['mail', 'email', 'profile'],
    ]);
    expect(JSON.stringify(channels)).not.toContain('gotify-app-token');
  });

  it('retries a receiver that answers 503, gives up at once on a 400, and sends the same news about the same subject once', async () => {
    const admin = await callerAs(t, 'admin');
    rx.got.length = 0;
    rx.answers.push(503, 503);
    const { id } = await admin.notifications.test({ channel: 'env-webhook' });
    const sent = await until('sent after retries', async () =>
      (await admin.notifications.overview()).deliveries.find((d) => d.id === id && d.status === 'sent'),
    );
    expect(sent.attempts).toBe(3);
    expect(rx.got.filter((r) => r.path === '/hook')).toHaveLength(3);
    expect(JSON.parse(rx.got.at(-1)!.body).title).toBe('Test von ralf-ui');

    rx.answers.push(400);
    const bad = await admin.notifications.test({ channel: 'phone' });
    const failed = await until('failed on 400', async () =>
      (await admin.notifications.overview()).deliveries.find((d) => d.id === bad.id && d.status === 'failed'),
    );
    expect(failed).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/answered HTTP 400/) });
    expect(rx.got.at(-1)!.headers['x-gotify-key']).toBe('gotify-app-token');

    const news = {
      kind: 'deployment.failed' as const,
      subject: 'deployment/d1',
      title: msg('notify.deployment.failed.title', { name: 'jellyfin-2', template: 'Jellyfin' }),
      body: msg('notify.deployment.failed.text', { error: 'no space left' }),
      path: '/deployments/d1',
    };
    for (let i = 0; i < 2; i++) await t.db.db.transaction().execute((trx) => t.services.notifications.emit(trx, news));
    const rows = (await admin.notifications.overview()).deliveries.filter((d) => d.subject === 'deployment/d1');
    // Once per channel that takes it: the webhook (warning and up), ntfy (named kind), Gotify (critical).
    expect(rows.map((d) => d.channel).sort()).toEqual(['env-webhook', 'ops-ntfy', 'phone', 'quiet']);
    await until('the critical news sent through the quiet hours', async () =>
      (await admin.notifications.overview()).deliveries.find(
        (d) => d.channel === 'quiet' && d.subject === 'deployment/d1' && d.status === 'sent',
      ),
    );
  });

  it("holds back all but critical news in a channel's quiet hours until they end", async () => {
    const admin = await callerAs(t, 'admin');
    const held = await until('the held delivery', async () =>
      (await admin.notifications.overview()).deliveries.find(
        (d) => d.channel === 'quiet' && d.kind === 'plan.awaiting',
      ),
    );
    expect(held.status).toBe('queued');
    const until1h = new Date(held.heldUntil!).getTime() - Date.now();
    expect(until1h).toBeGreaterThan(50 * 60_000);
    expect(until1h).toBeLessThan(61 * 60_000);
    // The critical news of the test before went out at once.
    const critical = (await admin.notifications.overview()).deliveries.find(
      (d) => d.channel === 'quiet' && d.kind === 'deployment.failed',
    );
    expect(critical).toMatchObject({ status: 'sent', heldUntil: null });
    expect(rx.got.filter((r) => r.path === '/quiet').map((r) => JSON.parse(r.body).kind)).toEqual([
      'deployment.failed',
    ]);
  });

  it('groups a burst into one message, and names a channel whose every delivery failed for an hour', async () => {
    const admin = await callerAs(t, 'admin');
    rx.got.length = 0;
    const news = (i: number) => ({
      kind: 'deployment.attention' as const,
      subject: `deployment/burst-${i}`,
      title: msg('notify.deployment.attention.title', { name: `app-${i}`, template: 'Jellyfin' }),
      body: msg('notify.deployment.attention.text', { status: 'dispatch_unknown' }),
      path: `/deployments/burst-${i}`,
    });
    for (let i = 1; i <= 3; i++)
      await t.db.db.transaction().execute((trx) => t.services.notifications.emit(trx, news(i)));
    await until('the burst sent', async () => {
      const rows = (await admin.notifications.overview()).deliveries.filter(
        (d) => d.channel === 'env-webhook' && d.subject?.startsWith('deployment/burst-'),
      );
      return rows.length === 3 && rows.every((d) => d.status === 'sent');
    });
    const hooks = rx.got.filter((r) => r.path === '/hook').map((r) => JSON.parse(r.body));
    expect(hooks).toHaveLength(1);
    expect(hooks[0].title).toBe('3 Benachrichtigungen von ralf-ui');
    expect(hooks[0].text).toContain('• Bereitstellung braucht Aufmerksamkeit: app-1 (Jellyfin)');
    expect(hooks[0].text).toContain('• Bereitstellung braucht Aufmerksamkeit: app-3 (Jellyfin)');
    expect(hooks[0].items.map((i: { subject: string; link: string }) => [i.subject, i.link])).toEqual([
      ['deployment/burst-1', 'https://ralf.example.org/deployments/burst-1'],
      ['deployment/burst-2', 'https://ralf.example.org/deployments/burst-2'],
      ['deployment/burst-3', 'https://ralf.example.org/deployments/burst-3'],
    ]);

    // The lost Gotify channel has only failed; once its first failure is an hour old, it is named.
    expect(await admin.notifications.failing()).toEqual([]);
    await t.db.db
      .updateTable('ralf.notification_delivery')
      .set({ created_at: new Date(Date.now() - 61 * 60_000) })
      .where('channel', '=', 'lost')
      .execute();
    const failing = await (await callerAs(t, 'viewer')).notifications.failing();
    expect(failing).toEqual([
      {
        channel: 'lost',
        since: expect.any(String),
        lastError: expect.stringMatching(/vault:\/\/notify\/missing has no value/),
      },
    ]);
    expect((await admin.notifications.overview()).channels.find((c) => c.id === 'lost')?.failingSince).toBe(
      failing[0]!.since,
    );
  });

  it('saves a channel on the admin page beside the profile’s, sends to it, refuses one that clashes or is malformed, and removes it', async () => {
    const admin = await callerAs(t, 'admin');
    rx.got.length = 0;
    const saved = await admin.notifications.saveChannel({
      id: 'n8n',
      type: 'webhook',
      url: `${rx.url}/n8n`,
      kinds: ['deployment.failed'],
      min_severity: 'info',
    });
    expect(saved).toMatchObject({
      id: 'n8n',
      source: 'settings',
      target: `${rx.url}/n8n`,
      kinds: ['deployment.failed'],
    });
    expect(saved.config).toMatchObject({ id: 'n8n', type: 'webhook', url: `${rx.url}/n8n` });
    await t.db.db.transaction().execute((trx) =>
      t.services.notifications.emit(trx, {
        kind: 'deployment.failed',
        subject: 'deployment/saved-1',
        title: msg('notify.deployment.failed.title', { name: 'immich', template: 'Immich' }),
        body: msg('notify.deployment.failed.text', { error: 'disk full' }),
        path: '/deployments/saved-1',
      }),
    );
    const got = await until('the saved channel', async () => rx.got.find((r) => r.path === '/n8n'));
    expect(JSON.parse(got.body).title).toBe('Bereitstellung fehlgeschlagen: immich (Immich)');

    await expect(
      admin.notifications.saveChannel({ id: 'ops-ntfy', type: 'ntfy', url: rx.url, topic: 'x' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      admin.notifications.saveChannel({
        id: 'm',
        type: 'matrix',
        room: '!ops:homelab',
        token: 'vault://m/t',
        approvals: true,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      admin.notifications.saveChannel({ id: 'bad', type: 'gotify', url: 'ftp://x', token: 'plain-secret' } as never),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect((await callerAs(t, 'operator')).notifications.removeChannel({ id: 'n8n' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await admin.notifications.removeChannel({ id: 'n8n' });
    expect((await admin.notifications.overview()).channels.some((c) => c.id === 'n8n')).toBe(false);
    await expect(admin.notifications.removeChannel({ id: 'n8n' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const audit = await admin.audit.list({ subject: 'channel/n8n', limit: 5 });
    expect(audit.events.map((e) => e.action)).toEqual(['notify.channel_delete', 'notify.channel_save']);
  });

  it('is for admins only', async () => {
    const operator = await callerAs(t, 'operator');
    await expect(operator.notifications.overview()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await callerAs(t, 'admin')).notifications.test({ channel: 'nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
