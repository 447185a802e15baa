import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Config } from '../config';

/**
 * The Fastify instance with ralf-ui's limits: a 1 MiB body, long route parameters (guest ids in
 * trail paths), the proxy trust the configuration names, and no access log per request (errors
 * and state changes are logged). `logger`: false for none, or a stream for the JSON lines.
 */
export function createServer(
  config: Config,
  logger: boolean | { write(line: string): void } = true,
  /** How long a stop waits for requests in flight before it closes their connections. */
  graceMs = 5000,
): FastifyInstance {
  const app = Fastify({
    logger:
      logger === false ? false : { level: config.logLevel, ...(typeof logger === 'object' && { stream: logger }) },
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: 1024 * 1024,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.auth.trustProxy,
  });
  // A request in flight when the stop begins is answered, and its connection then closed: kept
  // alive, it would hold the stop for the 72 s keep-alive timeout (seen as a SIGTERM that took
  // 30 s and exited 1 while the demo lab was reading its own API).
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
    // A request that has not ended by then is cut: a SIGTERM must not wait on one that hangs
    // (seen on a loaded machine: a stop stuck "waiting for open requests to end" for 30 s).
    setTimeout(() => app.server.closeAllConnections(), graceMs).unref();
  });
  // Hooks on every request take a callback, not a promise: each async hook cost a promise and a
  // microtask per request (issue 24: a summary under load spends ~800 µs in all).
  app.addHook('onSend', (_req, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  // The requests being answered, named in the log line of a stop that does not finish.
  const open = new Map<string, string>();
  inFlight.set(app, open);
  app.addHook('onRequest', (req, _reply, done) => {
    open.set(req.id, `${req.method} ${req.url.slice(0, 120)}`);
    done();
  });
  app.addHook('onResponse', (req, _reply, done) => {
    open.delete(req.id);
    done();
  });
  app.addHook('onRequestAbort', (req, done) => {
    open.delete(req.id);
    done();
  });
  return app;
}

const inFlight = new WeakMap<object, Map<string, string>>();
/** The requests the server is answering now (method and path). */
export const openRequests = (app: object): string[] => [...(inFlight.get(app)?.values() ?? [])];
