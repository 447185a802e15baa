/**
 * Notifications (issue 23): one row per message to one channel, written in the transaction of the
 * change it tells of and delivered by the outbox (retried with backoff). The log page reads it;
 * the dedupe key keeps the same news about the same subject to one message per window.
 */
export const m0016Notifications = {
  version: '0016-notifications',
  sql: `
create table ralf.notification_delivery (
  id uuid primary key default gen_random_uuid(),
  channel text not null,
  kind text not null,
  severity text not null,
  subject text,
  dedupe_key text not null,
  title jsonb not null,
  body jsonb not null,
  link text,
  status text not null default 'queued' check (status in ('queued', 'sent', 'failed')),
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  held_until timestamptz,
  sent_at timestamptz
);
create index notification_delivery_dedupe on ralf.notification_delivery (channel, dedupe_key, created_at);
create index notification_delivery_created on ralf.notification_delivery (created_at desc);
`,
};
