import type { NotifyChannel, NotifyChannelConfig } from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import { MatrixClient } from '../../adapters/matrix/matrix-client';
import type { ChannelTarget } from '../../adapters/notify/channels';
import type { ApprovalRoom } from './matrix-approvals';
import type { ResolvedChannel } from './notifications.service';

type Resolve = (ref: string) => string | null;

/** Where a channel sends, as the admin page shows it (never a secret). */
function targetText(c: NotifyChannelConfig, homeserver: string | null): string {
  if (c.type === 'ntfy') return `${c.url.replace(/\/+$/, '')}/${c.topic}`;
  if (c.type === 'email') return `smtp://${c.host}:${c.port} → ${c.to.join(', ')}`;
  if (c.type === 'matrix') return `${c.room} @ ${(c.homeserver ?? homeserver ?? '?').replace(/\/+$/, '')}`;
  return c.url;
}

/** Where a channel sends with its secret read from its vault:// reference, or why it cannot. */
function targetOf(
  c: NotifyChannelConfig,
  resolve: Resolve,
  homeserver: string | null,
): { target: ChannelTarget | null; unresolved: string | null } {
  const missing = (ref: string) => ({ target: null, unresolved: `${ref} has no value (set VAULT_… or VAULT_…_FILE)` });
  const secret = (ref: string | undefined) => (ref ? resolve(ref) : null);
  switch (c.type) {
    case 'webhook':
      if (c.secret && !secret(c.secret)) return missing(c.secret);
      return { target: { type: 'webhook', url: c.url, secret: secret(c.secret) }, unresolved: null };
    case 'ntfy':
      if (c.token && !secret(c.token)) return missing(c.token);
      return { target: { type: 'ntfy', url: c.url, topic: c.topic, token: secret(c.token) }, unresolved: null };
    case 'gotify': {
      const token = secret(c.token);
      return token ? { target: { type: 'gotify', url: c.url, token }, unresolved: null } : missing(c.token);
    }
    case 'matrix': {
      const hs = c.homeserver ?? homeserver;
      if (!hs)
        return { target: null, unresolved: 'no homeserver: set homeserver on the channel or MATRIX_HOMESERVER_URL' };
      const token = secret(c.token);
      if (!token) return missing(c.token);
      return { target: { type: 'matrix', homeserver: hs.replace(/\/+$/, ''), room: c.room, token }, unresolved: null };
    }
    case 'email':
      if (c.password && !secret(c.password)) return missing(c.password);
      return {
        target: {
          type: 'email',
          host: c.host,
          port: c.port,
          secure: c.secure ?? c.port === 465,
          user: c.user ?? null,
          password: secret(c.password),
          from: c.from,
          to: c.to,
        },
        unresolved: null,
      };
  }
}

/** One channel of the profile or of the admin page, resolved. */
export function resolveChannel(
  c: NotifyChannelConfig,
  source: NotifyChannel['source'],
  resolve: Resolve,
  homeserver: string | null = null,
): ResolvedChannel {
  const { target, unresolved } = targetOf(c, resolve, homeserver);
  return {
    info: {
      id: c.id,
      type: c.type,
      target: targetText(c, homeserver),
      kinds: c.kinds ?? null,
      minSeverity: c.min_severity,
      quietHours: c.quiet_hours ?? null,
      source,
      approvals: c.type === 'matrix' && c.approvals,
      failingSince: null,
      unresolved,
      config: source === 'settings' ? c : null,
    },
    target,
    unresolved,
  };
}

/**
 * The channels notifications go to (issue 23): NOTIFY_WEBHOOK_URL for a quick start (every event
 * of severity warning and above), then the profile's, each secret read from its vault:// reference.
 * A channel whose secret has no value is listed, and its deliveries fail saying so.
 */
export function resolveChannels(
  env: { url: string; secret: string | null } | null,
  profile: readonly NotifyChannelConfig[],
  resolve: Resolve,
  /** MATRIX_HOMESERVER_URL or the profile's, for Matrix channels that name none. */
  homeserver: string | null = null,
): ResolvedChannel[] {
  const out: ResolvedChannel[] = [];
  // The environment's secret is no vault reference: the channel names one that resolves to it.
  const ENV_SECRET = 'vault://environment/notify-webhook-secret';
  if (env)
    out.push(
      resolveChannel(
        {
          id: 'env-webhook',
          type: 'webhook',
          url: env.url,
          min_severity: 'warning',
          ...(env.secret && { secret: ENV_SECRET }),
        },
        'environment',
        (ref) => (ref === ENV_SECRET ? env.secret : null),
        homeserver,
      ),
    );
  for (const c of profile) out.push(resolveChannel(c, 'profile', resolve, homeserver));
  return out;
}

/**
 * Every channel: the fixed ones (environment, profile) and those saved on the admin page, read from
 * the database each time (any replica may have saved one), through the transaction when given.
 */
export function channelDirectory(fixed: readonly ResolvedChannel[], resolve: Resolve, homeserver: string | null) {
  return {
    fixed,
    async all(q: Db): Promise<ResolvedChannel[]> {
      const rows = await q.selectFrom('ralf.notify_channel').select('config').orderBy('id').execute();
      return [
        ...fixed,
        ...rows.map((r) => resolveChannel(r.config as NotifyChannelConfig, 'settings', resolve, homeserver)),
      ];
    },
    async byId(q: Db, id: string): Promise<ResolvedChannel | undefined> {
      return (await this.all(q)).find((c) => c.info.id === id);
    },
  };
}
export type ChannelDirectory = ReturnType<typeof channelDirectory>;

/** The Matrix channels that read approvals (`approvals: true`) and can send: their rooms and bots. */
export function approvalRooms(channels: readonly ResolvedChannel[], timeoutMs: number): ApprovalRoom[] {
  return channels.flatMap((c) =>
    c.info.approvals && c.target?.type === 'matrix'
      ? [
          {
            channel: c.info.id,
            room: c.target.room,
            client: new MatrixClient({ homeserver: c.target.homeserver, token: c.target.token, timeoutMs }),
          },
        ]
      : [],
  );
}
