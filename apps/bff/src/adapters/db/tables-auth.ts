import type { ColumnType, Generated } from 'kysely';
import type { Timestamp, Json } from './columns';

/** Accounts, sessions, API tokens and sign-in limits (features/auth). */

export interface AppUserTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string | null;
  roles: string[];
  source: string;
  oidc_subject: string | null;
  demo: boolean;
  disabled_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_sign_in_at: Timestamp | null;
}

export interface SessionTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  source_ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: Generated<string>;
  name: string;
  prefix: string;
  secret_hash: string;
  scopes: string[];
  created_by: string;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
  signing_secret: string | null;
}

export interface SignInAttemptTable {
  id: ColumnType<string | number, never, never>;
  username: string;
  address: string;
  at: Timestamp;
  /** Null while the attempt's hash is being checked (reserved before, issue 15). */
  ok: boolean | null;
  /** A refusal marker: one per account and address per window, so a burst is one audit row. */
  refused: Generated<boolean>;
}

export interface AuthSecretTable {
  key: string;
  value: Json;
  expires_at: Timestamp | null;
}
