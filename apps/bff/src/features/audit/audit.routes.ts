import { Readable } from 'node:stream';
import { AuditExportQuerySchema } from '@ralf/shared';
import type { FastifyInstance } from 'fastify';
import { parseInput } from '../../lib/app-error';
import type { AuditService } from './audit.service';
import { exportLines } from './audit-export';

/** `GET /api/audit/export?format=jsonl|csv&actor=…`: the audit page's filters, as a download. */
export function installAuditRoutes(app: FastifyInstance, audit: AuditService) {
  app.get('/api/audit/export', { config: { access: 'read' } }, async (req, reply) => {
    const { format, ...filter } = parseInput(AuditExportQuerySchema, req.query, '(query)');
    // The first page is read before the answer starts: a database that is away is a 503 then,
    // not a download cut short.
    const events = await primed(audit.all(filter));
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="ralf-audit-${stamp}.${format}"`)
      .header('cache-control', 'no-store');
    return reply.send(Readable.from(exportLines(events, format)));
  });
}

/** An async iterator whose first item has been awaited already, so its first error is thrown here. */
async function primed<T>(it: AsyncGenerator<T>): Promise<AsyncIterable<T>> {
  const first = await it.next();
  return {
    async *[Symbol.asyncIterator]() {
      if (first.done) return;
      yield first.value;
      yield* { [Symbol.asyncIterator]: () => it };
    },
  };
}
