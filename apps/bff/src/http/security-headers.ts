import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * A strict Content-Security-Policy and the usual headers (DESIGN.md §8). The one exception is
 * `style-src 'unsafe-inline'`: recharts (and mermaid, issue 9) write inline style attributes, and
 * the page carries its stylesheet inline (issue 24); scripts stay 'self' only. HSTS is left to the
 * TLS-terminating proxy that knows the domain.
 */
const OPTIONS: Parameters<typeof helmet>[0] = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  strictTransportSecurity: false,
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginEmbedderPolicy: false,
};

/**
 * The headers helmet writes with these options: the same on every response, so they are worked
 * out once. @fastify/helmet built helmet's middleware again for every request (parsing the
 * policy each time): 38 µs of the ~800 µs a `fleet.summary` cost under load (issue 24).
 */
function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  } as unknown as ServerResponse;
  const failures: unknown[] = [];
  helmet(OPTIONS)({} as IncomingMessage, recorder, (err?: unknown) => void (err && failures.push(err)));
  if (failures.length) throw new Error('the security headers cannot be worked out', { cause: failures[0] });
  return headers;
}

export function installSecurityHeaders(app: FastifyInstance) {
  const headers = securityHeaders();
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
}
