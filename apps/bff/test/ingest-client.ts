import type { BuiltApp } from '../src/app';
import { sign } from '../src/lib/signing';
import { signInHeaders } from './build-test-app';

/** Creates an API token as the demo admin would, through the tRPC API. */
export async function createToken(
  app: BuiltApp['app'],
  input: { name: string; scopes: string[]; expiresInDays?: number | null; signed?: boolean },
) {
  const admin = await signInHeaders(app, 'admin');
  const res = await app.inject({
    method: 'POST',
    url: '/trpc/tokens.create',
    headers: { ...admin, 'content-type': 'application/json' },
    payload: { expiresInDays: null, ...input },
  });
  if (res.statusCode !== 200) throw new Error(`token not created: ${res.body}`);
  return res.json().result.data as {
    token: { id: string; name: string };
    secret: string;
    signingSecret: string | null;
  };
}

/** An agent's POST to the ingest API, signed when given a signing secret. */
export function ingest(
  app: BuiltApp['app'],
  path: string,
  body: unknown,
  auth: { secret: string; signingSecret?: string | null; t?: number },
) {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = {
    authorization: `Bearer ${auth.secret}`,
    'content-type': 'application/json',
  };
  if (auth.signingSecret)
    headers['x-ralf-signature'] = sign(auth.signingSecret, auth.t ?? Math.floor(Date.now() / 1000), payload);
  return app.inject({ method: 'POST', url: `/api/ingest/v1/${path}`, headers, payload });
}

export async function revokeToken(app: BuiltApp['app'], id: string) {
  const admin = await signInHeaders(app, 'admin');
  const res = await app.inject({
    method: 'POST',
    url: '/trpc/tokens.revoke',
    headers: { ...admin, 'content-type': 'application/json' },
    payload: { id },
  });
  if (res.statusCode !== 200) throw new Error(`token not revoked: ${res.body}`);
}
