import { z } from 'zod';
import { MessageSchema } from './i18n/message-schema';
import { QuietHoursSchema } from './quiet-hours';

/**
 * What ralf-ui tells its operators outside the dashboard (issue 23), each kind with the severity
 * it is sent at. A channel takes the kinds it names (all by default) from its lowest severity up.
 */
export const NOTIFY_SEVERITIES = ['info', 'warning', 'critical'] as const;
export const NotifySeveritySchema = z.enum(NOTIFY_SEVERITIES);
export type NotifySeverity = z.infer<typeof NotifySeveritySchema>;

export const NOTIFY_KINDS = {
  /** A plan waits for a decision: its summary, the approvals it needs, its page. */
  'plan.awaiting': 'warning',
  'plan.applied': 'info',
  'plan.failed': 'critical',
  'deployment.failed': 'critical',
  /** No progress came back in time, or the executor's answer was lost: someone should look. */
  'deployment.attention': 'warning',
  /** A Prometheus alert began firing, or stopped. */
  'alert.firing': 'warning',
  'alert.resolved': 'info',
  /** A loop's run is late (overdue) or a scheduled run did not happen (missed). */
  'loop.overdue': 'warning',
  'loop.missed': 'warning',
  /** A new open finding of severity critical, or high. */
  'finding.critical': 'critical',
  'finding.high': 'warning',
  /** A guest's last good backup is older than its policy allows, or its last backup task failed. */
  'backup.stale': 'warning',
  'backup.failed': 'critical',
  /** The audit chain did not verify. */
  'audit.broken': 'critical',
  /** A data source (metrics, a Proxmox cluster, the database…) has been unavailable longer than allowed. */
  'source.unavailable': 'warning',
  /** A channel's own test message ("send a test"). */
  test: 'info',
} as const satisfies Record<string, NotifySeverity>;
export type NotifyKind = keyof typeof NOTIFY_KINDS;
export const NotifyKindSchema = z.enum(Object.keys(NOTIFY_KINDS) as [NotifyKind, ...NotifyKind[]]);

export const severityRank = (s: NotifySeverity) => NOTIFY_SEVERITIES.indexOf(s);

const ChannelId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'a short id such as ops-ntfy');
const VaultRef = z
  .string()
  .regex(
    /^vault:\/\/[A-Za-z0-9][A-Za-z0-9/_.-]*$/,
    'a reference such as vault://notify/ntfy (never the secret itself)',
  );
const Url = z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' });
const common = {
  id: ChannelId,
  /** The kinds this channel takes; all when left out. */
  kinds: z.array(NotifyKindSchema).min(1).optional(),
  min_severity: NotifySeveritySchema.default('warning'),
  /** Outside these hours only critical news goes out at once; the rest waits until they end. */
  quiet_hours: QuietHoursSchema.optional(),
};

/** A channel as the profile's `notifications.channels` names it; secrets only as vault:// references. */
export const NotifyChannelConfigSchema = z.discriminatedUnion('type', [
  /** JSON POSTed to the URL, signed with HMAC-SHA256 like ingest requests when a secret is set. */
  z.object({ type: z.literal('webhook'), url: Url, secret: VaultRef.optional(), ...common }).strict(),
  /** ntfy: a message to `<url>/<topic>` with title, priority, tags and a click URL. */
  z
    .object({
      type: z.literal('ntfy'),
      url: Url,
      topic: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and -'),
      token: VaultRef.optional(),
      ...common,
    })
    .strict(),
  /** Gotify: a message to `<url>/message` with an application token. */
  z.object({ type: z.literal('gotify'), url: Url, token: VaultRef, ...common }).strict(),
  /**
   * A Matrix room through the client-server API with a bot's access token. With `approvals`, the
   * bot also reads the room (`/sync`) and acts on `!ralf approve|reject` from linked users.
   */
  z
    .object({
      type: z.literal('matrix'),
      /** The homeserver; MATRIX_HOMESERVER_URL or the profile's matrix_webhooks.homeserver when left out. */
      homeserver: Url.optional(),
      room: z.string().regex(/^![^:\s]+:\S+$/, 'a room id such as !ops:homelab'),
      token: VaultRef,
      approvals: z.boolean().default(false),
      ...common,
    })
    .strict(),
  /** Email over SMTP: STARTTLS when the server offers it, TLS from the start with `secure` (port 465). */
  z
    .object({
      type: z.literal('email'),
      host: z.string().regex(/^[A-Za-z0-9.-]{1,253}$/, 'a host name such as mail.lan'),
      port: z.number().int().min(1).max(65535).default(587),
      secure: z.boolean().optional(),
      user: z.string().min(1).max(256).optional(),
      password: VaultRef.optional(),
      from: z.email(),
      to: z.array(z.email()).min(1).max(20),
      ...common,
    })
    .strict(),
]);
export type NotifyChannelConfig = z.infer<typeof NotifyChannelConfigSchema>;

/** A channel as the admin page shows it: never its secret. */
export const NotifyChannelSchema = z.object({
  id: z.string(),
  type: z.enum(['webhook', 'ntfy', 'gotify', 'email', 'matrix']),
  /** Where it sends (its URL; for ntfy with the topic). */
  target: z.string(),
  kinds: z.array(NotifyKindSchema).nullable(),
  minSeverity: NotifySeveritySchema,
  quietHours: QuietHoursSchema.nullable(),
  /** From the environment (NOTIFY_WEBHOOK_URL), the profile, or saved on the admin page (`settings`). */
  source: z.enum(['environment', 'profile', 'settings']),
  /** Reads `!ralf approve|reject` from its room (Matrix only). */
  approvals: z.boolean(),
  /** Every delivery of the last hour failed (at least one, none sent): since when. */
  failingSince: z.string().nullable(),
  /** Why the channel cannot send at all (its secret is missing). */
  unresolved: z.string().nullable(),
  /** A channel saved on the admin page, as saved (secrets only as vault:// references), to edit it. */
  config: NotifyChannelConfigSchema.nullable(),
});
export type NotifyChannel = z.infer<typeof NotifyChannelSchema>;

export const DELIVERY_STATUSES = ['queued', 'sent', 'failed'] as const;

/** One message to one channel, as the delivery log shows it. */
export const NotifyDeliverySchema = z.object({
  id: z.string(),
  channel: z.string(),
  kind: NotifyKindSchema,
  severity: NotifySeveritySchema,
  subject: z.string().nullable(),
  title: MessageSchema,
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  /** Why the last attempt failed (it is retried, or gave up). */
  lastError: z.string().nullable(),
  /** Held back by the channel's quiet hours until then (null: sent at once). */
  heldUntil: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type NotifyDelivery = z.infer<typeof NotifyDeliverySchema>;

export const NotifyOverviewSchema = z.object({
  channels: z.array(NotifyChannelSchema),
  deliveries: z.array(NotifyDeliverySchema),
});
export type NotifyOverview = z.infer<typeof NotifyOverviewSchema>;

/** A channel whose deliveries have all failed for an hour or more: the overview warns of it. */
export const NotifyFailingSchema = z.object({ channel: z.string(), since: z.string(), lastError: z.string() });
export type NotifyFailing = z.infer<typeof NotifyFailingSchema>;

/** Removing a channel saved on the admin page. */
export const NotifyChannelIdInputSchema = z.object({ id: ChannelId }).strict();

export const NotifyTestInputSchema = z.object({ channel: ChannelId }).strict();

/** A user's Matrix ID as their account page shows it (issue 23): linked once proven by a code. */
export const MatrixLinkSchema = z.object({
  matrixId: z.string().nullable(),
  verified: z.boolean(),
  /** A code was sent and waits to be entered until then. */
  codeExpiresAt: z.string().nullable(),
  /** A Matrix channel reads approvals, so linking is possible. */
  available: z.boolean(),
});
export type MatrixLink = z.infer<typeof MatrixLinkSchema>;

export const MatrixIdSchema = z
  .string()
  .trim()
  .max(255)
  .regex(/^@[a-z0-9._=\-/+]+:[A-Za-z0-9.-]+(:\d{1,5})?$/, 'a Matrix user id such as @alice:homelab');
export const MatrixLinkInputSchema = z.object({ matrixId: MatrixIdSchema }).strict();
export const MatrixVerifyInputSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'the 6 digits'),
  })
  .strict();
