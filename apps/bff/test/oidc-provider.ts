import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export interface OidcUser {
  sub: string;
  preferred_username: string;
  name?: string;
  groups: string[];
}

/**
 * A small OpenID Connect provider on loopback, as Authentik or Keycloak answer: discovery,
 * JWKS, an authorization endpoint that signs `user` in at once, and a token endpoint that
 * checks the client secret and the PKCE verifier before it signs an RS256 ID token.
 */
export async function startOidcProvider(opts: { clientId: string; clientSecret: string }) {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { challenge: string; nonce: string; redirectUri: string; user: OidcUser }>();
  let user: OidcUser = { sub: 'u-1', preferred_username: 'alice', groups: [] };
  const seen = { tokenRequests: 0 };
  let issuer = '';

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return send(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      });
    }
    if (url.pathname === '/jwks') return send(200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      const p = url.searchParams;
      if (p.get('client_id') !== opts.clientId || p.get('code_challenge_method') !== 'S256')
        return send(400, { error: 'invalid_request' });
      const code = randomBytes(16).toString('hex');
      codes.set(code, {
        challenge: p.get('code_challenge')!,
        nonce: p.get('nonce')!,
        redirectUri: p.get('redirect_uri')!,
        user,
      });
      const back = new URL(p.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', p.get('state')!);
      back.searchParams.set('iss', issuer);
      res.writeHead(302, { location: back.href });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seen.tokenRequests++;
        const form = new URLSearchParams(body);
        const basic = Buffer.from(
          `${encodeURIComponent(opts.clientId)}:${encodeURIComponent(opts.clientSecret)}`,
        ).toString('base64');
        const post = form.get('client_id') === opts.clientId && form.get('client_secret') === opts.clientSecret;
        if (req.headers.authorization !== `Basic ${basic}` && !post) return send(401, { error: 'invalid_client' });
        const grant = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        if (
          !grant ||
          createHash('sha256').update(verifier).digest('base64url') !== grant.challenge ||
          form.get('redirect_uri') !== grant.redirectUri
        )
          return send(400, { error: 'invalid_grant' });
        void new SignJWT({
          nonce: grant.nonce,
          preferred_username: grant.user.preferred_username,
          name: grant.user.name,
          groups: grant.user.groups,
        })
          .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
          .setIssuer(issuer)
          .setAudience(opts.clientId)
          .setSubject(grant.user.sub)
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(privateKey)
          .then((idToken) =>
            send(200, {
              access_token: randomBytes(16).toString('hex'),
              token_type: 'Bearer',
              expires_in: 300,
              id_token: idToken,
            }),
          );
      });
      return;
    }
    send(404, { error: 'not found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    seen,
    /** Who the next sign-in at the provider is. */
    signInAs(u: OidcUser) {
      user = u;
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
