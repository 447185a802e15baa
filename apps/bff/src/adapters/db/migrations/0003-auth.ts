/**
 * Accounts, sessions, API tokens and sign-in attempts (issue 3). Everything a BFF replica
 * needs to accept a session or refuse a sign-in lives here, so replicas share it.
 */
export const m0003Auth = {
  version: '0003-auth',
  sql: `
create table ralf.app_user (
  id uuid primary key default gen_random_uuid(),
  username text not null unique check (username ~ '^[a-z0-9][a-z0-9._@-]{0,63}$'),
  display_name text not null,
  password_hash text,
  roles text[] not null check (roles <@ array['viewer','operator','approver','admin']::text[]),
  source text not null default 'local' check (source in ('local', 'oidc')),
  oidc_subject text unique,
  demo boolean not null default false,
  disabled_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  last_sign_in_at timestamptz
);

create table ralf.session (
  token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
  user_id uuid not null references ralf.app_user (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  expires_at timestamptz not null,
  source_ip text,
  user_agent text
);
create index session_user_idx on ralf.session (user_id);

create table ralf.api_token (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  prefix text not null,
  secret_hash text not null unique check (secret_hash ~ '^[0-9a-f]{64}$'),
  scopes text[] not null,
  created_by text not null,
  created_at timestamptz not null,
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz
);

create table ralf.sign_in_attempt (
  id bigint generated always as identity primary key,
  username text not null,
  address text not null,
  at timestamptz not null,
  ok boolean not null
);
create index sign_in_attempt_user_idx on ralf.sign_in_attempt (username, at);
create index sign_in_attempt_address_idx on ralf.sign_in_attempt (address, at);

-- One-time values with an expiry: the setup token, OIDC state. Stored hashed where secret.
create table ralf.auth_secret (
  key text primary key,
  value jsonb not null,
  expires_at timestamptz
);
`,
};
