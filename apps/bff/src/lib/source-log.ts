import type { FastifyBaseLogger } from 'fastify';

/**
 * What the log says when a data source (Prometheus, a Proxmox cluster) stops answering, with
 * why, and when it answers again: once each, never per request.
 */
export function sourceLog(log: FastifyBaseLogger, name: string) {
  return (state: 'unavailable' | 'back', why: string | null) =>
    state === 'back'
      ? log.info({ source: name }, `${name} answers again`)
      : log.warn({ source: name }, `${name} is unavailable: ${why ?? 'no reason given'}`);
}
