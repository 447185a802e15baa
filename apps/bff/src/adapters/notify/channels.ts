import type { NotifyKind, NotifySeverity } from '@ralf/shared';
import { createTransport } from 'nodemailer';
import { sign } from '../../lib/signing';
import { MatrixClient, MatrixError } from '../matrix/matrix-client';

/** A message as every channel gets it: words already in RALF_LANGUAGE. */
export interface OutgoingMessage {
  id: string;
  kind: NotifyKind;
  severity: NotifySeverity;
  subject: string | null;
  title: string;
  text: string;
  /** The page in ralf-ui it is about (RALF_PUBLIC_URL), if known. */
  link: string | null;
  at: Date;
  /** How to answer from this channel (Matrix: `!ralf approve …`), already in RALF_LANGUAGE. */
  answer?: string | null;
  /** A burst sent as one message: each news in it (the webhook's JSON lists them). */
  items?: Pick<OutgoingMessage, 'kind' | 'severity' | 'subject' | 'title' | 'text' | 'link'>[];
}

/** A channel ready to send: its secret already resolved from its vault:// reference. */
export type ChannelTarget =
  | { type: 'webhook'; url: string; secret: string | null }
  | { type: 'ntfy'; url: string; topic: string; token: string | null }
  | { type: 'gotify'; url: string; token: string }
  | { type: 'matrix'; homeserver: string; room: string; token: string }
  | {
      type: 'email';
      host: string;
      port: number;
      secure: boolean;
      user: string | null;
      password: string | null;
      from: string;
      to: string[];
    };

/** Why a send failed, and whether trying again may help (a 4xx will not). */
export class SendError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
  }
}

const NTFY_PRIORITY: Record<NotifySeverity, string> = { info: '3', warning: '4', critical: '5' };
const GOTIFY_PRIORITY: Record<NotifySeverity, number> = { info: 2, warning: 5, critical: 8 };
const NTFY_TAG: Record<NotifySeverity, string> = {
  info: 'information_source',
  warning: 'warning',
  critical: 'rotating_light',
};

/** The request each channel's documented API expects for a message. */
export function requestFor(
  c: Exclude<ChannelTarget, { type: 'email' | 'matrix' }>,
  m: OutgoingMessage,
  nowS: number,
): { url: string; headers: Record<string, string>; body: string } {
  const trim = (u: string) => u.replace(/\/+$/, '');
  switch (c.type) {
    case 'webhook': {
      const body = JSON.stringify({
        id: m.id,
        kind: m.kind,
        severity: m.severity,
        subject: m.subject,
        title: m.title,
        text: m.text,
        link: m.link,
        at: m.at.toISOString(),
        ...(m.items && { items: m.items }),
      });
      return {
        url: c.url,
        headers: {
          'content-type': 'application/json',
          'x-ralf-event': m.kind,
          'x-ralf-delivery': m.id,
          ...(c.secret ? { 'x-ralf-signature': sign(c.secret, nowS, body) } : {}),
        },
        body,
      };
    }
    case 'ntfy':
      // ntfy's publish API: the body is the message; title, priority, tags and click are headers.
      return {
        url: `${trim(c.url)}/${c.topic}`,
        headers: {
          'content-type': 'text/plain; charset=utf-8',
          title: encodeHeader(m.title),
          priority: NTFY_PRIORITY[m.severity],
          tags: `${NTFY_TAG[m.severity]},ralf,${m.kind}`,
          ...(m.link ? { click: m.link } : {}),
          ...(c.token ? { authorization: `Bearer ${c.token}` } : {}),
        },
        body: m.text,
      };
    case 'gotify':
      return {
        url: `${trim(c.url)}/message`,
        headers: { 'content-type': 'application/json', 'x-gotify-key': c.token },
        body: JSON.stringify({
          title: m.title,
          message: m.link ? `${m.text}\n\n${m.link}` : m.text,
          priority: GOTIFY_PRIORITY[m.severity],
          extras: m.link ? { 'client::notification': { click: { url: m.link } } } : undefined,
        }),
      };
  }
}

/**
 * Header values must be Latin-1: ntfy reads RFC 2047 encoded words, so a title with umlauts or
 * other characters beyond it is sent as `=?UTF-8?B?…?=`.
 */
function encodeHeader(s: string): string {
  return /^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
}

/** Sends one message; throws SendError with what the receiver said. */
export async function send(c: ChannelTarget, m: OutgoingMessage, timeoutMs = 10_000): Promise<void> {
  if (c.type === 'email') return sendMail(c, m, timeoutMs);
  if (c.type === 'matrix') return sendMatrix(c, m, timeoutMs);
  const req = requestFor(c, m, Math.floor(Date.now() / 1000));
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: 'POST',
      headers: req.headers,
      body: req.body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const why = e.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (e.cause?.code ?? e.message);
    throw new SendError(`${new URL(req.url).host}: ${why}`, true);
  }
  if (res.ok) return;
  const said = (await res.text().catch(() => '')).slice(0, 200).trim();
  throw new SendError(
    `${new URL(req.url).host} answered HTTP ${res.status}${said ? `: ${said}` : ''}`,
    res.status >= 500 || res.status === 429,
  );
}

/** One mail over SMTP; a 5xx answer is final, a connection that fails or a 4xx is tried again. */
async function sendMail(
  c: Extract<ChannelTarget, { type: 'email' }>,
  m: OutgoingMessage,
  timeoutMs: number,
): Promise<void> {
  const transport = createTransport({
    host: c.host,
    port: c.port,
    secure: c.secure,
    ...(c.user ? { auth: { user: c.user, pass: c.password ?? '' } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    await transport.sendMail({
      from: c.from,
      to: c.to,
      subject: m.title,
      text: m.text,
      headers: { 'X-Ralf-Event': m.kind, 'X-Ralf-Severity': m.severity },
    });
  } catch (err) {
    const e = err as Error & { responseCode?: number; code?: string; response?: string };
    const said = (e.response ?? e.message).slice(0, 200);
    throw new SendError(`${c.host}:${c.port}: ${said}`, !(e.responseCode && e.responseCode >= 500));
  } finally {
    transport.close();
  }
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** A Matrix message: the title in bold, the text, the answer line as code; HTML beside plain text. */
export function matrixContent(m: OutgoingMessage) {
  const lines = m.text.split('\n');
  return {
    msgtype: 'm.text' as const,
    body: [m.title, ...lines, ...(m.answer ? [m.answer] : [])].join('\n'),
    format: 'org.matrix.custom.html' as const,
    formatted_body: [
      `<strong>${escapeHtml(m.title)}</strong>`,
      ...lines.map(escapeHtml),
      ...(m.answer ? [`<code>${escapeHtml(m.answer)}</code>`] : []),
    ].join('<br>'),
  };
}

/** Into the room; the delivery id is the transaction id, so a retried send is one message. */
async function sendMatrix(c: Extract<ChannelTarget, { type: 'matrix' }>, m: OutgoingMessage, timeoutMs: number) {
  try {
    await new MatrixClient({ homeserver: c.homeserver, token: c.token, timeoutMs }).send(
      c.room,
      matrixContent(m),
      m.id,
    );
  } catch (err) {
    if (err instanceof MatrixError) throw new SendError(err.message, err.retry);
    throw err;
  }
}
