import type { FastifyInstance } from 'fastify';

/**
 * `GET /api/ingest/v1/token`: the calling token's name and scopes, so an agent can check its
 * setup before it sends anything (the ingest routes of issue 4 sit beside it).
 */
export function installTokenRoutes(app: FastifyInstance) {
  app.get('/api/ingest/v1/token', { config: { access: { token: 'any' } } }, async (req) => {
    const p = req.principal;
    return p?.kind === 'token' ? { name: p.name, scopes: p.scopes } : null;
  });
}
