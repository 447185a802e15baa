import { FindingListInputSchema } from '@ralf/shared';
import type { FastifyInstance } from 'fastify';
import { AppError, parseInput } from '../../lib/app-error';
import { csvCell as cell } from '../../lib/csv';
import type { FindingsService } from './findings.service';

const CSV_COLUMNS = [
  'policy',
  'target',
  'result',
  'severity',
  'details',
  'firstSeen',
  'lastSeen',
  'resolvedAt',
  'resolvedReason',
  'source',
] as const;
/** `GET /api/findings/export?format=json|csv&status=…`: the compliance report, as `ralf-installer report` gives it. */
export function installFindingsRoutes(app: FastifyInstance, findings: FindingsService) {
  app.get('/api/findings/export', { config: { access: 'read' } }, async (req, reply) => {
    const { format, ...rest } = req.query as Record<string, string>;
    if (format !== 'json' && format !== 'csv') throw new AppError('BAD_INPUT', { message: 'format: json or csv' });
    const report = await findings.report(parseInput(FindingListInputSchema, rest, '(query)'));
    reply
      .header('content-disposition', `attachment; filename="ralf-compliance.${format}"`)
      .header('cache-control', 'no-store');
    if (format === 'json')
      return reply
        .type('application/json; charset=utf-8')
        .send(
          JSON.stringify(
            { generatedAt: new Date().toISOString(), bySeverity: report.bySeverity, findings: report.findings },
            null,
            2,
          ),
        );
    const lines = [CSV_COLUMNS.join(','), ...report.findings.map((f) => CSV_COLUMNS.map((c) => cell(f[c])).join(','))];
    return reply.type('text/csv; charset=utf-8').send(`${lines.join('\r\n')}\r\n`);
  });
}
