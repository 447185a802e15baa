import type { NotifyChannelConfig } from '@ralf/shared';
import { MatrixClient } from '../../adapters/matrix/matrix-client';
import type { ChannelTarget } from '../../adapters/notify/channels';
import type { ApprovalRoom } from './matrix-approvals';
import type { ResolvedChannel } from './notifications.service';

/**
 * The channels notifications go to (issue 23): NOTIFY_WEBHOOK_URL for a quick start (every event
 * of severity warning and above), then the profile's, each secret read from its vault:// reference.
 * A channel whose secret has no value is listed, and its deliveries fail saying so.
 */
export function resolveChannels(
  env: { url: string; secret: string | null } | null,
  profile: readonly NotifyChannelConfig[],
  resolve: (ref: string) => string | null,
  /** MATRIX_HOMESERVER_URL or the profile's, for Matrix channels that name none. */
  homeserver: string | null = null,
): ResolvedChannel[] {
  const out: ResolvedChannel[] = [];
  if (env)
    out.push({
      info: {
        id: 'env-webhook',
        type: 'webhook',
        target: env.url,
        kinds: null,
        minSeverity: 'warning',
        quietHours: null,
        source: 'environment',
        approvals: false,
        failingSince: null,
        unresolved: null,
      },
      target: { type: 'webhook', url: env.url, secret: env.secret },
      unresolved: null,
    });
  for (const c of profile) {
    const missing = (ref: string) => `${ref} has no value (set VAULT_… or VAULT_…_FILE)`;
    let target: ChannelTarget | null = null;
    let unresolved: string | null = null;
    if (c.type === 'webhook') {
      const secret = c.secret ? resolve(c.secret) : null;
      if (c.secret && !secret) unresolved = missing(c.secret);
      else target = { type: 'webhook', url: c.url, secret };
    } else if (c.type === 'ntfy') {
      const token = c.token ? resolve(c.token) : null;
      if (c.token && !token) unresolved = missing(c.token);
      else target = { type: 'ntfy', url: c.url, topic: c.topic, token };
    } else if (c.type === 'gotify') {
      const token = resolve(c.token);
      if (!token) unresolved = missing(c.token);
      else target = { type: 'gotify', url: c.url, token };
    } else if (c.type === 'matrix') {
      const token = resolve(c.token);
      const hs = c.homeserver ?? homeserver;
      if (!hs) unresolved = 'no homeserver: set homeserver on the channel or MATRIX_HOMESERVER_URL';
      else if (!token) unresolved = missing(c.token);
      else target = { type: 'matrix', homeserver: hs.replace(/\/+$/, ''), room: c.room, token };
    } else {
      const password = c.password ? resolve(c.password) : null;
      if (c.password && !password) unresolved = missing(c.password);
      else
        target = {
          type: 'email',
          host: c.host,
          port: c.port,
          secure: c.secure ?? c.port === 465,
          user: c.user ?? null,
          password,
          from: c.from,
          to: c.to,
        };
    }
    out.push({
      info: {
        id: c.id,
        type: c.type,
        target:
          c.type === 'ntfy'
            ? `${c.url.replace(/\/+$/, '')}/${c.topic}`
            : c.type === 'email'
              ? `smtp://${c.host}:${c.port} → ${c.to.join(', ')}`
              : c.type === 'matrix'
                ? `${c.room} @ ${(c.homeserver ?? homeserver ?? '?').replace(/\/+$/, '')}`
                : c.url,
        kinds: c.kinds ?? null,
        minSeverity: c.min_severity,
        quietHours: c.quiet_hours ?? null,
        source: 'profile',
        approvals: c.type === 'matrix' && c.approvals,
        failingSince: null,
        unresolved,
      },
      target,
      unresolved,
    });
  }
  return out;
}

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
