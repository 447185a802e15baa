import {
  DeploymentEventsBodySchema,
  IngestErrorSchema,
  IngestResultSchema,
  InventoryEventsBodySchema,
  InventorySnapshotBodySchema,
  PlanEventsBodySchema,
  PlanSubmissionSchema,
  PlanSubmitResultSchema,
  TrailEventsBodySchema,
  TrailIngestResultSchema,
  LoopEventsBodySchema,
  FindingsBodySchema,
} from '@ralf/shared';
import { z } from 'zod';

export interface IngestRoute {
  path: string;
  scope: string;
  summary: string;
  body: z.ZodType;
  /** The answer, when it is not the usual list of applied events. */
  answer?: z.ZodType;
}

/** The ingest routes: each is served by ingest.routes.ts and described here from the same schema. */
export const INGEST_ROUTES: IngestRoute[] = [
  {
    path: '/api/ingest/v1/inventory/events',
    scope: 'ingest:inventory',
    summary: 'Changes of nodes, guests, services and discovered hosts (1 to 1,000, all or none)',
    body: InventoryEventsBodySchema,
  },
  {
    path: '/api/ingest/v1/deployments/{id}/events',
    scope: 'ingest:deployments',
    summary: "An executor's progress of one deployment (n8n's callback); only forward, duplicates absorbed",
    body: DeploymentEventsBodySchema,
  },
  {
    path: '/api/ingest/v1/plans',
    scope: 'ingest:plans',
    summary:
      "A plan, or a new revision of the plan with the same key (A_PLAN); a new revision discards the previous one's approvals",
    body: PlanSubmissionSchema,
    answer: PlanSubmitResultSchema,
  },
  {
    path: '/api/ingest/v1/trails',
    scope: 'ingest:trails',
    summary:
      'Explainability trail events (1 to 500, all or none): trigger, observation, decision, action, outcome, lesson, correction; out of order and late is fine',
    body: TrailEventsBodySchema,
    answer: TrailIngestResultSchema,
  },
  {
    path: '/api/ingest/v1/loops',
    scope: 'ingest:loops',
    summary:
      "A loop's runs: started, a phase reached, finished (succeeded or failed); GET /api/ingest/v1/loops/{id}/state says whether the loop is paused",
    body: LoopEventsBodySchema,
    answer: z.object({ applied: z.number().int() }),
  },
  {
    path: '/api/ingest/v1/findings',
    scope: 'ingest:findings',
    summary: 'Policy results (A_SEC, scanners): a fail or warn opens a finding, a later pass resolves it',
    body: FindingsBodySchema,
    answer: z.object({ changed: z.number().int() }),
  },
  {
    path: '/api/ingest/v1/plans/{id}/events',
    scope: 'ingest:plans',
    summary: "An executor's progress applying one approved plan (n8n's callback); the inventory follows on `applied`",
    body: PlanEventsBodySchema,
  },
  {
    path: '/api/ingest/v1/inventory/snapshot',
    scope: 'ingest:inventory',
    summary: 'The whole inventory; what it does not list is removed',
    body: InventorySnapshotBodySchema,
  },
];

const json = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any' });
const errors = {
  description: 'See `error` and `message`; a schema violation lists `issues`.',
  content: { 'application/json': { schema: json(IngestErrorSchema, 'output') } },
};

/** OpenAPI 3.1 for `/api/ingest/openapi.json`, generated from the zod schemas that validate requests. */
export function ingestOpenApi(version: string) {
  const paths: Record<string, unknown> = {};
  for (const r of INGEST_ROUTES) {
    paths[r.path] = {
      post: {
        summary: r.summary,
        security: [{ bearer: [] }],
        'x-ralf-scope': r.scope,
        parameters: [
          {
            name: 'X-Ralf-Signature',
            in: 'header',
            required: false,
            description:
              'Required for signed tokens: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the signing secret>; at most 300 s from now',
            schema: { type: 'string' },
          },
        ],
        requestBody: { required: true, content: { 'application/json': { schema: json(r.body, 'input') } } },
        responses: {
          200: {
            description: 'Applied (an event id seen before is answered the same way again)',
            content: { 'application/json': { schema: json(r.answer ?? IngestResultSchema, 'output') } },
          },
          400: errors,
          401: errors,
          403: errors,
          409: errors,
          413: errors,
          415: errors,
        },
      },
    };
  }
  paths['/api/ingest/v1/token'] = {
    get: {
      summary: "The calling token's name and scopes",
      security: [{ bearer: [] }],
      responses: { 200: { description: 'The token' }, 401: errors },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'ralf-ui ingest API',
      version,
      description:
        'How agents, n8n workflows and Foreman tell ralf-ui what happened. Authenticate with an API token (Admin → API tokens).',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'ralf_<prefix>_<secret>' } },
    },
    paths,
  };
}
