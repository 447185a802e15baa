import type { FastifyInstance } from 'fastify';
import { AppError } from '../../lib/app-error';
import { trailMarkdown } from './trail-export';
import type { TrailsService } from './trails.service';

/** `GET /api/trails/<id>/export?format=markdown|json`: one trail as a download. */
export function installTrailRoutes(app: FastifyInstance, trails: TrailsService) {
  app.get('/api/trails/export', { config: { access: 'read' } }, async (req, reply) => {
    const { id, format } = req.query as { id?: string; format?: string };
    if (!id || id.length > 128) throw new AppError('BAD_INPUT', { message: 'id: give the trail id' });
    if (format !== 'markdown' && format !== 'json')
      throw new AppError('BAD_INPUT', { message: 'format: markdown or json' });
    const trail = await trails.get(id);
    const name = `trail-${id.replace(/[^A-Za-z0-9._-]/g, '_')}.${format === 'json' ? 'json' : 'md'}`;
    reply
      .header('content-type', format === 'json' ? 'application/json; charset=utf-8' : 'text/markdown; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store');
    return reply.send(format === 'json' ? JSON.stringify(trail, null, 2) : trailMarkdown(trail));
  });
}
