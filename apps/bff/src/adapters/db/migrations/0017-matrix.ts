/**
 * Approving from Matrix (issue 23): a user's Matrix ID, linked once they entered the code the bot
 * sent them; each Matrix channel's `/sync` position, so a restart neither misses nor repeats a
 * command; and every command event acted on, by its event id, so one delivered twice acts once.
 * A delivery may carry what its channel needs beyond the words (a plan's id and revision hash), and
 * the delivery whose message it went out in (a burst grouped into one).
 */
export const m0017Matrix = {
  version: '0017-matrix',
  sql: `
create table ralf.matrix_link (
  user_id uuid primary key references ralf.app_user (id) on delete cascade,
  matrix_id text not null,
  code_hash text,
  code_expires_at timestamptz,
  code_attempts integer not null default 0,
  verified_at timestamptz,
  created_at timestamptz not null default now()
);
create unique index matrix_link_verified on ralf.matrix_link (matrix_id) where verified_at is not null;
create table ralf.matrix_sync (
  channel text primary key,
  next_batch text not null,
  updated_at timestamptz not null default now()
);
create table ralf.matrix_command (
  event_id text primary key,
  channel text not null,
  sender text not null,
  body text not null,
  received_at timestamptz not null default now(),
  answer jsonb
);
-- What the watcher has told of (an alert firing, a new finding, a stale backup…), so the news goes
-- out once whichever replica saw it first, and an alert's end can be told.
create table ralf.notify_seen (
  key text primary key,
  since timestamptz not null,
  gone jsonb
);
-- Notification channels saved on the admin page, beside the profile's (secrets as vault:// references).
create table ralf.notify_channel (
  id text primary key,
  config jsonb not null,
  updated_by text not null,
  updated_at timestamptz not null
);
alter table ralf.notification_delivery add column extra jsonb;
-- A burst goes out as one message: the first delivery to be sent claims the others due with it.
alter table ralf.notification_delivery add column group_id uuid;
`,
};
