import {
  type Catalog,
  type DeployInput,
  DeployInputSchema,
  type DeploymentListInput,
  DeploymentListInputSchema,
  type DeploymentRow,
  type DeploymentStatus,
  msg,
  type Preflight,
  type PreflightInput,
  type RecentWork,
  problem,
  problemText,
  type Template,
} from '@ralf/shared';
import { AppError } from '../../lib/app-error';
import { canonicalJson } from '../../lib/canonical-json';
import { changeLog as changes } from '../../lib/change-log';
import { enqueue } from '../../lib/outbox';
import { actorOf, type Principal, type RequestMeta } from '../../lib/principal';
import { appendOwn } from '../trails/trails.service';
import { maskSecrets } from './catalog-files';
import { placementEvents } from './deployment-trail';
import { deploymentJobs } from './deployment-jobs';
import { deploymentSteps, isFinal, type DeploymentsDeps } from './deployment-steps';
import { deploymentsRepository as repo, toRow } from './deployments.repository';
import { deploymentPreflight } from './preflight';

export type { DeploymentsDeps } from './deployment-steps';

/**
 * Click-to-deploy (issue 5). A deployment is created in one transaction with its audit event,
 * its first log lines, a change for live pages and an outbox job; the outbox (lib/outbox.ts)
 * hands it to the executor (deployment-jobs.ts). Every status change goes through `advance`
 * (deployment-steps.ts), which the database checks against the transition table.
 */
export function createDeploymentsService(deps: DeploymentsDeps) {
  const { db, audit, clock, fleet, executor, dispatchDelayMs = 0, language = 'de' } = deps;
  const steps = deploymentSteps(deps);
  const { advance, full } = steps;
  const preflight = deploymentPreflight(deps);

  return {
    ...deploymentJobs(deps, steps),

    preflight: async (raw: PreflightInput): Promise<Preflight> => {
      const { template: _t, ...p } = await preflight(raw);
      return p;
    },

    async catalog(): Promise<Catalog> {
      const templates = await repo.listTemplates(db);
      // A default name is always free, so the form can deploy as it opens (issue 26).
      const taken = new Set([
        ...(await fleet.inventory()).guests.map((g) => g.name),
        ...(await repo.listActiveNames(db)),
      ]);
      const free = (base: string) =>
        [base, ...Array.from({ length: 98 }, (_, i) => `${base.slice(0, 59)}-${i + 2}`)].find((n) => !taken.has(n)) ??
        base;
      return {
        templates,
        errors: await repo.listCatalogErrors(db),
        freeNames: Object.fromEntries(templates.map((t) => [t.id, free(t.id)])),
      };
    },

    /** Starts a deployment, or answers with the one this idempotency key already started. */
    async create(by: Principal, raw: DeployInput, meta: RequestMeta): Promise<DeploymentRow> {
      const input = DeployInputSchema.parse(raw);
      const requester = actorOf(by);
      // The same key again is the same request (a double click, a retried request): its answer,
      // if it asked for the same; the same key for something else is a mistake worth saying.
      const same = (row: NonNullable<Awaited<ReturnType<typeof repo.findById>>>) => {
        if (
          row.template_id === input.templateId &&
          canonicalJson(row.params) === canonicalJson(input.params) &&
          row.retry_of === (input.retryOf ?? null)
        )
          return toRow(row);
        throw new AppError('CONFLICT', { msg: msg('deploy.keyReused', { key: input.idempotencyKey }) });
      };
      const existing = await repo.findByKey(db, requester, input.idempotencyKey);
      if (existing) return same(existing);
      if (input.retryOf) {
        const before = await repo.findById(db, input.retryOf);
        if (!before) throw new AppError('NOT_FOUND', { msg: msg('deploy.notFound', { id: input.retryOf }) });
        if (!['failed', 'cancelled'].includes(before.status))
          throw new AppError('CONFLICT', { msg: msg('deploy.notRetriable', { status: before.status }) });
      }
      const check = await preflight({ templateId: input.templateId, params: input.params });
      if (!check.template)
        throw new AppError('NOT_FOUND', { msg: msg('preflight.noTemplate', { id: input.templateId }) });
      const clash = check.checks.find((c) => c.check === 'name' && !c.ok);
      if (clash) {
        // The running deployment of this name may be this very request, sent twice at once.
        const mine = await repo.findByKey(db, requester, input.idempotencyKey);
        if (mine) return same(mine);
        throw new AppError('CONFLICT', {
          msg: clash.message,
          params: { ...clash.message.params, id: clash.deploymentId },
        });
      }
      // Each failed check at the field it concerns, so the form shows it there (issue 18).
      if (!check.ok || !check.nodeId) {
        const failed = check.checks.filter((c) => !c.ok);
        const issues = failed.map((c) => problem(c.field ? `params.${c.field}` : '(input)', c.message));
        throw new AppError('BAD_INPUT', { msg: msg('preflight.failed', { issues: problemText(issues) }), issues });
      }
      const template = check.template;
      const nodeId = check.nodeId;
      // Asked before the transaction: it reads the inventory, and the embedded database has one
      // connection, which the transaction holds.
      const viaProxmox = Boolean(template.proxmox) && ((await deps.proxmox?.covers(true, nodeId)) ?? false);
      try {
        // The answer is read inside the transaction: after the commit nothing is left that could
        // fail (a pool at its limit), so a request never reports failure for work it committed.
        return await db.transaction().execute(async (trx) => {
          const d = await repo.insert(trx, {
            idempotencyKey: input.idempotencyKey,
            template,
            params: input.params,
            nodeId,
            createdBy: requester,
            at: clock.now(),
            retryOf: input.retryOf,
          });
          await audit.record(trx, {
            actor: actorOf(by),
            action: input.retryOf ? 'deployment.retry' : 'deployment.create',
            subject: `deployment/${d.id}`,
            sourceIp: meta.ip,
            after: {
              template: template.id,
              ...input.params,
              node: nodeId,
              settings: maskSecrets(template, input.params.settings),
            },
            details: input.retryOf ? { retryOf: input.retryOf } : null,
          });
          await repo.log(
            trx,
            d.id,
            clock.now(),
            'checking',
            msg('deploylog.preflightPassed', { checks: check.checks.map((c) => c.message) }),
          );
          const trail = `deployment/${d.id}`;
          const now = clock.now().toISOString();
          await appendOwn(
            trx,
            trail,
            placementEvents(language, {
              trail,
              at: now,
              actor: actorOf(by),
              template: template.name,
              name: input.params.name,
              nodeId,
              check,
            }),
            clock.now(),
          );
          await changes.insertMany(trx, clock.now(), [
            { topic: 'deployments', kind: 'deployment.checking', subject: d.id },
          ]);
          // A clone template goes to Proxmox where it acts on the node's cluster (deployment-jobs.ts).
          await advance(
            trx,
            d.id,
            'queued',
            msg('deploylog.queued', { executor: viaProxmox ? 'Proxmox' : executor.label, node: nodeId.slice(5) }),
          );
          await enqueue(trx, {
            kind: 'deployment.dispatch',
            deploymentId: d.id,
            payload: { since: new Date(Date.now() + dispatchDelayMs).toISOString() },
            dueAt: new Date(Date.now() + dispatchDelayMs),
          });
          return toRow((await repo.findById(trx, d.id))!);
        });
      } catch (err) {
        const code = (err as { code?: string }).code;
        const constraint = String(
          (err as { constraint?: string; message?: string }).constraint ?? (err as Error).message,
        );
        if (code === '23505' && constraint.includes('deployment_requester_key'))
          return same((await repo.findByKey(db, requester, input.idempotencyKey))!);
        if (code === '23505' && constraint.includes('deployment_active_name')) {
          const mine = await repo.findByKey(db, requester, input.idempotencyKey);
          if (mine) return same(mine);
          const running = await repo.findActiveByName(db, input.params.name);
          throw new AppError('CONFLICT', {
            msg: msg('deploy.running', { name: input.params.name, id: running?.id ?? null }),
          });
        }
        throw err;
      }
    },

    async cancel(by: Principal, id: string, meta: RequestMeta): Promise<DeploymentRow> {
      return db.transaction().execute(async (trx) => {
        const d = await repo.lockById(trx, id);
        if (!d) throw new AppError('NOT_FOUND', { msg: msg('deploy.notFound', { id }) });
        if (isFinal(d.status as DeploymentStatus))
          throw new AppError('CONFLICT', { msg: msg('deploy.notCancellable', { status: d.status }) });
        await advance(trx, id, 'cancelled', msg('deploylog.cancelled', { actor: actorOf(by) }));
        await audit.record(trx, {
          actor: actorOf(by),
          action: 'deployment.cancel',
          subject: `deployment/${id}`,
          sourceIp: meta.ip,
          before: { status: d.status },
          after: { status: 'cancelled' },
        });
        return toRow((await repo.findById(trx, id))!);
      });
    },

    get: full,

    async list(raw: DeploymentListInput): Promise<DeploymentRow[]> {
      const { limit, ...f } = DeploymentListInputSchema.parse(raw);
      return (await repo.list(db, f, limit)).map(toRow);
    },

    /** The newest deployments as the tasks strip lists them (issue 21). */
    recentWork: async (limit: number): Promise<RecentWork[]> =>
      (await repo.list(db, {}, limit)).map(toRow).map((d) => ({
        kind: 'deployment',
        id: d.id,
        title: `${d.name} (${d.templateName})`,
        status: d.status,
        at: d.updatedAt,
        by: d.createdBy,
      })),

    /** The catalog as the files say now (built-in, then the operator's folder), with the files that were skipped. */
    replaceCatalog: (catalog: {
      templates: { template: Template; source: string }[];
      errors: { file: string; message: string }[];
    }) => db.transaction().execute((trx) => repo.replaceCatalog(trx, catalog.templates, catalog.errors, clock.now())),
    exists: async (id: string) => (await repo.findById(db, id)) !== undefined,
  };
}

export type DeploymentsService = ReturnType<typeof createDeploymentsService>;
