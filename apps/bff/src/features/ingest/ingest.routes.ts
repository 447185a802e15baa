import {
  DeploymentEventsBodySchema,
  InventoryEventsBodySchema,
  PlanEventsBodySchema,
  PlanSubmissionSchema,
  TrailEventsBodySchema,
  LoopEventsBodySchema,
  FindingsBodySchema,
  InventorySnapshotBodySchema,
  type IngestResult,
  type TokenScope,
} from '@ralf/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Clock } from '../../adapters/ports';
import type { DeploymentsService } from '../deployments/deployments.service';
import type { IngestService } from './ingest.service';
import type { PlansService } from '../plans/plans.service';
import type { TrailsService } from '../trails/trails.service';
import type { LoopsService } from '../loops/loops.service';
import type { FindingsService } from '../findings/findings.service';
import { actorOf } from '../../lib/principal';
import { AppError, parseInput } from '../../lib/app-error';
import { ingestOpenApi } from './openapi';
import { verifySignature } from '../../lib/signing';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody: string | null;
    /** The signature this request claimed (accepted once); released again when it fails. */
    claimedSignature: string | null;
  }
  interface FastifyReply {
    ingestEvents: number;
  }
}

const BODY_LIMIT = 1024 * 1024;

const parse = <T extends z.ZodType>(schema: T, body: unknown): z.infer<T> => parseInput(schema, body, '(body)');

/**
 * `/api/ingest/v1/*` (issue 4): plain Fastify routes (machine traffic; tRPC's cost is for the
 * browser), JSON only, at most 1 MiB, authenticated by API token and scope (http/access.ts),
 * signed where the token requires it. Every request, accepted or refused, is logged per token.
 */
export async function installIngestRoutes(
  app: FastifyInstance,
  deps: {
    ingest: IngestService;
    deployments: DeploymentsService;
    plans: PlansService;
    trails: TrailsService;
    loops: LoopsService;
    findings: FindingsService;
    clock: Clock;
    version: string;
  },
) {
  const { ingest, clock } = deps;
  const spec = ingestOpenApi(deps.version);
  app.get('/api/ingest/openapi.json', { config: { access: 'public' } }, async () => spec);

  await app.register(async (scope) => {
    scope.decorateRequest('rawBody', null);
    scope.decorateRequest('claimedSignature', null);
    scope.decorateReply('ingestEvents', 0);
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (req, body, done) => {
      (req as FastifyRequest).rawBody = body as string;
      try {
        done(null, JSON.parse(body as string));
      } catch (err) {
        done(new AppError('BAD_INPUT', { message: `invalid JSON: ${(err as Error).message}` }), undefined);
      }
    });
    scope.addContentTypeParser('*', (_req, _payload, done) =>
      done(new AppError('BAD_INPUT', { message: 'send application/json' }), undefined),
    );

    scope.addHook('preHandler', async (req) => {
      const p = req.principal;
      if (p?.kind !== 'token') return;
      const signature = verifySignature(
        p.signingSecret,
        req.headers['x-ralf-signature'] as string | undefined,
        req.rawBody ?? '',
        Math.floor(clock.now().getTime() / 1000),
      );
      if (signature) {
        await ingest.claimSignature(p.id, signature);
        req.claimedSignature = signature;
      }
    });
    scope.addHook('onResponse', async (req, reply) => {
      const p = req.principal?.kind === 'token' ? req.principal : null;
      const reason = reply.statusCode >= 300 ? (reply.rejectReason ?? `HTTP ${reply.statusCode}`) : null;
      if (p && req.claimedSignature && reply.statusCode >= 400)
        await ingest
          .releaseSignature(p.id, req.claimedSignature)
          .catch((err: unknown) => req.log.warn({ err }, 'signature claim not released'));
      await ingest
        .recordRequest({
          tokenId: p?.id ?? null,
          tokenName: p?.name ?? null,
          route: req.routeOptions.url ?? req.url,
          status: reply.statusCode,
          events: reply.ingestEvents,
          reason,
        })
        .catch((err: unknown) => req.log.warn({ err }, 'ingest traffic not recorded'));
    });

    const post = (path: string, scopeName: TokenScope, handle: (req: FastifyRequest) => Promise<IngestResult>) =>
      scope.post(path, { config: { access: { token: scopeName } }, bodyLimit: BODY_LIMIT }, async (req, reply) => {
        const answer = await handle(req);
        reply.ingestEvents = answer.results.length;
        return reply.send(answer);
      });

    post('/api/ingest/v1/inventory/events', 'ingest:inventory', async (req) => {
      const body = parse(InventoryEventsBodySchema, req.body);
      return ingest.inventoryEvents(token(req), body.events);
    });
    post('/api/ingest/v1/deployments/:id/events', 'ingest:deployments', async (req) => {
      const { id } = req.params as { id: string };
      if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError('NOT_FOUND', { message: `no deployment ${id.slice(0, 40)}` });
      const body = parse(DeploymentEventsBodySchema, req.body);
      return ingest.deploymentEvents(token(req), id, body.events, {
        exists: deps.deployments.exists,
        reportIn: (trx, id, status, message, error) => deps.deployments.reportIn(trx, id, status, message, { error }),
      });
    });
    // A plan is one request; its answer says which revision it became (PlanSubmitResult).
    scope.post(
      '/api/ingest/v1/plans',
      { config: { access: { token: 'ingest:plans' } }, bodyLimit: BODY_LIMIT },
      async (req, reply) => {
        const body = parse(PlanSubmissionSchema, req.body);
        const t = token(req);
        const answer = await deps.plans.submit(
          actorOf(t),
          body,
          { ip: t.ip ?? req.ip, userAgent: req.headers['user-agent'] ?? null },
          t.createdBy.startsWith('user:') ? t.createdBy : null,
        );
        reply.ingestEvents = 1;
        return reply.send(answer);
      },
    );
    // Trail events, out of order and late as they come; the answer counts the new ones.
    scope.post(
      '/api/ingest/v1/trails',
      { config: { access: { token: 'ingest:trails' } }, bodyLimit: BODY_LIMIT },
      async (req, reply) => {
        const body = parse(TrailEventsBodySchema, req.body);
        const t = token(req);
        const answer = await deps.trails.ingest(actorOf(t), body.events, {
          ip: t.ip ?? req.ip,
          userAgent: req.headers['user-agent'] ?? null,
        });
        reply.ingestEvents = answer.written;
        return reply.send(answer);
      },
    );
    // A loop's runs as they go; agents read the paused state before they start one.
    scope.post(
      '/api/ingest/v1/loops',
      { config: { access: { token: 'ingest:loops' } }, bodyLimit: BODY_LIMIT },
      async (req, reply) => {
        const body = parse(LoopEventsBodySchema, req.body);
        const t = token(req);
        const answer = await deps.loops.events(actorOf(t), body.events, {
          ip: t.ip ?? req.ip,
          userAgent: req.headers['user-agent'] ?? null,
        });
        reply.ingestEvents = answer.applied;
        return reply.send(answer);
      },
    );
    scope.post(
      '/api/ingest/v1/findings',
      { config: { access: { token: 'ingest:findings' } }, bodyLimit: BODY_LIMIT },
      async (req, reply) => {
        const body = parse(FindingsBodySchema, req.body);
        const t = token(req);
        const answer = await deps.findings.ingest(actorOf(t), body.findings, {
          ip: t.ip ?? req.ip,
          userAgent: req.headers['user-agent'] ?? null,
        });
        reply.ingestEvents = body.findings.length;
        return reply.send(answer);
      },
    );
    scope.get('/api/ingest/v1/loops/:id/state', { config: { access: { token: 'ingest:loops' } } }, async (req) =>
      deps.loops.state((req.params as { id: string }).id.slice(0, 64)),
    );
    post('/api/ingest/v1/plans/:id/events', 'ingest:plans', async (req) => {
      const { id } = req.params as { id: string };
      if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError('NOT_FOUND', { message: `no plan ${id.slice(0, 40)}` });
      const body = parse(PlanEventsBodySchema, req.body);
      return ingest.planEvents(token(req), id, body.events, deps.plans);
    });
    post('/api/ingest/v1/inventory/snapshot', 'ingest:inventory', async (req) => {
      const body = parse(InventorySnapshotBodySchema, req.body);
      return ingest.inventorySnapshot(token(req), body);
    });
  });
}

function token(req: FastifyRequest) {
  if (req.principal?.kind !== 'token') throw new AppError('UNAUTHENTICATED', { message: 'an API token is needed' });
  return { ...req.principal, ip: req.ip };
}
