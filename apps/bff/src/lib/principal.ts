import type { SessionUser, TokenScope } from '@ralf/shared';

/** Who is calling: a signed-in user (cookie session) or an agent (API token). */
export type Principal =
  | { kind: 'user'; user: SessionUser; tokenHash: string; csrfToken: string; expiresAt: Date }
  | {
      kind: 'token';
      id: string;
      name: string;
      scopes: TokenScope[];
      signingSecret: string | null;
      /** Who created the token (`user:<name>`): the person behind what it submits (four eyes, issue 15). */
      createdBy: string;
    };

/** Where a request came from, for the audit trail and the sign-in limits. */
export interface RequestMeta {
  ip: string;
  userAgent: string | null;
  /** Another way in than the web or the API (`matrix`: a command in a Matrix room), for the audit trail. */
  via?: { channel: 'matrix'; account: string; event: string };
}

export const actorOf = (p: Principal) => (p.kind === 'user' ? `user:${p.user.username}` : `token:${p.name}`);
