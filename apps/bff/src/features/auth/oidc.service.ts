import * as oidc from 'openid-client';
import { msg, type Role, ROLES, UsernameSchema } from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import type { Clock } from '../../adapters/ports';
import type { OidcConfig } from '../../config';
import { AppError } from '../../lib/app-error';
import type { AuditLog } from '../audit/audit.service';
import type { AuthService, SignedIn } from './auth.service';
import type { RequestMeta } from '../../lib/principal';
import type { SessionCache } from './session-cache';
import { sessionsRepository as secrets } from './sessions.repository';
import { usersRepository as users } from './users.repository';

const FLOW_TTL_MS = 10 * 60_000;

interface Flow {
  verifier: string;
  nonce: string;
  next: string;
  redirectUri: string;
}

/** The roles a user's claim values map to, in the order of ROLES. */
export function mapRoles(claim: unknown, map: Record<string, Role>): Role[] {
  const values = Array.isArray(claim) ? claim.map(String) : typeof claim === 'string' ? claim.split(/[\s,]+/) : [];
  const granted = new Set(values.map((v) => map[v]).filter((r): r is Role => r !== undefined));
  return ROLES.filter((r) => granted.has(r));
}

/**
 * OIDC sign-in (Authentik, Keycloak) through openid-client: authorization code with PKCE,
 * state and nonce. The flow's secrets wait in the database (any replica finishes what another
 * started); the roles come from a claim at every sign-in, so the identity provider stays in charge.
 */
export function createOidcService(deps: {
  cfg: OidcConfig;
  db: Db;
  cache: SessionCache;
  audit: AuditLog;
  clock: Clock;
  auth: AuthService;
}) {
  const { cfg, db, cache, audit, clock, auth } = deps;
  let discovered: Promise<oidc.Configuration> | null = null;
  const configuration = () => {
    discovered ??= oidc
      .discovery(
        new URL(cfg.issuer),
        cfg.clientId,
        cfg.clientSecret ?? undefined,
        cfg.clientSecret ? undefined : oidc.None(),
        {
          // An issuer the operator wrote as http:// (a LAN without TLS, the tests' loopback provider).
          ...(cfg.issuer.startsWith('http://') && { execute: [oidc.allowInsecureRequests] }),
          timeout: 5,
        },
      )
      .catch((err: unknown) => {
        discovered = null;
        throw new AppError('UPSTREAM_UNAVAILABLE', {
          source: 'oidc',
          msg: msg('err.idpAway', { issuer: cfg.issuer, error: (err as Error).message }),
          cause: err,
        });
      });
    return discovered;
  };

  return {
    /** Where to send the browser, and the state to bind to it with a cookie. */
    async start(next: string, redirectUri: string): Promise<{ url: string; state: string }> {
      const config = await configuration();
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const flow: Flow = { verifier, nonce, next, redirectUri };
      await secrets.putSecret(db, `oidc:${state}`, flow, new Date(clock.now().getTime() + FLOW_TTL_MS));
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid profile email',
        state,
        nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      return { url: url.href, state };
    },

    /** Finishes the flow the browser comes back with; the state must be the one its cookie holds. */
    async finish(
      currentUrl: URL,
      cookieState: string | null,
      meta: RequestMeta,
      current: string | null,
    ): Promise<SignedIn & { next: string }> {
      const state = currentUrl.searchParams.get('state');
      const fail = async (
        reason: string,
        code: 'UNAUTHENTICATED' | 'FORBIDDEN' = 'UNAUTHENTICATED',
        who = 'system:oidc',
      ) => {
        await audit.recordAlone(db, {
          actor: who,
          action: 'auth.sign-in',
          subject: null,
          outcome: 'failure',
          sourceIp: meta.ip,
          details: { via: 'oidc', reason },
        });
        return new AppError(code, { message: reason });
      };
      if (!state || state !== cookieState)
        throw await fail('the sign-in did not start in this browser (state mismatch)');
      const flow = (await secrets.takeSecret(db, `oidc:${state}`, clock.now())) as Flow | null;
      if (!flow) throw await fail('the sign-in took too long or was already used; start again');
      let claims: oidc.IDToken | undefined;
      try {
        const callback = new URL(flow.redirectUri);
        callback.search = currentUrl.search;
        const tokens = await oidc.authorizationCodeGrant(await configuration(), callback, {
          pkceCodeVerifier: flow.verifier,
          expectedState: state,
          expectedNonce: flow.nonce,
        });
        claims = tokens.claims();
      } catch (err) {
        if (err instanceof AppError) throw err;
        throw await fail(`the identity provider's answer was refused: ${(err as Error).message}`);
      }
      if (!claims) throw await fail('the identity provider sent no ID token');
      const parsed = UsernameSchema.safeParse(claims.preferred_username ?? claims.email ?? claims.sub);
      if (!parsed.success)
        throw await fail(
          `the identity provider's username cannot be used here: ${parsed.error.issues[0]?.message ?? ''}`,
        );
      const username = parsed.data;
      const roles = mapRoles(claims[cfg.roleClaim], cfg.roleMap);
      if (roles.length === 0)
        throw await fail(
          `no role is mapped from the claim ${cfg.roleClaim} (OIDC_ROLE_MAP)`,
          'FORBIDDEN',
          `user:${username}`,
        );
      const subject = `${cfg.issuer}#${claims.sub}`;
      const user = await db.transaction().execute(async (trx) => {
        const known = await users.findByOidcSubject(trx, subject);
        const now = clock.now();
        if (!known) {
          if (await users.findByUsername(trx, username))
            throw new AppError('CONFLICT', { msg: msg('err.localAccountExists', { username }) });
          const u = await users.insert(trx, {
            username,
            displayName: typeof claims.name === 'string' ? claims.name : username,
            passwordHash: null,
            roles,
            source: 'oidc',
            oidcSubject: subject,
            at: now,
          });
          await audit.record(trx, {
            actor: `user:${username}`,
            action: 'user.create',
            subject: `user/${username}`,
            sourceIp: meta.ip,
            after: { username, roles, source: 'oidc' },
          });
          return u;
        }
        if (known.disabled_at) return known;
        if (known.roles.join() === roles.join()) return known;
        const u = await users.update(trx, known.id, { roles, at: now });
        cache.forgetUser(known.id);
        await secrets.announce(trx, `u:${known.id}`);
        await audit.record(trx, {
          actor: `user:${known.username}`,
          action: 'user.update',
          subject: `user/${known.username}`,
          sourceIp: meta.ip,
          before: { roles: known.roles },
          after: { roles },
          details: { from: `claim ${cfg.roleClaim}` },
        });
        return u;
      });
      if (user.disabled_at)
        throw await fail('this account is disabled; ask an administrator', 'UNAUTHENTICATED', `user:${user.username}`);
      return { ...(await auth.signInExternal(user, meta, current)), next: flow.next };
    },
  };
}

export type OidcService = ReturnType<typeof createOidcService>;
