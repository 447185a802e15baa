import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Config } from '../config';

/**
 * The Fastify instance with ralf-ui's limits: a 1 MiB body, long route parameters (guest ids in
 * trail paths), the proxy trust the configuration names, and no access log per request (errors
 * and state changes are logged). `logger`: false for none, or a stream for the JSON lines.
 */
export function createServer(config: Config, logger: boolean | { write(line: string): void } = true): FastifyInstance {
  return Fastify({
    logger:
      logger === false ? false : { level: config.logLevel, ...(typeof logger === 'object' && { stream: logger }) },
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: 1024 * 1024,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.auth.trustProxy,
  });
}
