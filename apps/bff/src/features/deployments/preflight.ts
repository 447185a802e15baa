import { PreflightInputSchema, type Preflight, type PreflightInput, type Template } from '@ralf/shared';
import { settingsProblems } from './catalog-files';
import { deploymentsRepository as repo } from './deployments.repository';
import type { DeploymentsDeps } from './deployment-steps';
import { rankNodes } from './placement';

/**
 * The checks before a deployment (issue 5): the template and its settings, a free name, a node
 * with room (placement.ts ranks them), the resources after it; the same checks the form shows.
 */
export function deploymentPreflight({ db, fleet }: Pick<DeploymentsDeps, 'db' | 'fleet'>) {
  return async function preflight(raw: PreflightInput): Promise<Preflight & { template: Template | null }> {
    const { templateId, params } = PreflightInputSchema.parse(raw);
    const checks: Preflight['checks'] = [];
    const template = await repo.findTemplate(db, templateId);
    checks.push({
      check: 'template',
      ok: template !== null,
      message: template ? `${template.name} ${template.version}` : `no template ${templateId}`,
    });
    if (template) {
      const problems = settingsProblems(template, params.settings);
      if (problems.length) checks.push({ check: 'template', ok: false, message: problems.join('; ') });
    }
    const inv = await fleet.inventory();
    const clashGuest = inv.guests.find((g) => g.name === params.name);
    const clashDeploy = await repo.findActiveByName(db, params.name);
    checks.push({
      check: 'name',
      ok: !clashGuest && !clashDeploy,
      message: clashGuest
        ? `a guest named ${params.name} exists (${clashGuest.id})`
        : clashDeploy
          ? `a deployment of ${params.name} is running (${clashDeploy.id})`
          : `${params.name} is free`,
    });
    const placement = rankNodes(await fleet.headroom(), params.memoryMiB);
    let nodeId: Preflight['nodeId'] = null;
    if (params.node === 'auto') {
      nodeId = placement.find((p) => p.eligible)?.nodeId ?? null;
      checks.push({
        check: 'node',
        ok: nodeId !== null,
        message: nodeId ? `automatic: ${nodeId}` : 'no node has room for this guest',
      });
    } else {
      const chosen = placement.find((p) => p.nodeId === params.node);
      nodeId = chosen ? params.node : null;
      checks.push({
        check: 'node',
        ok: chosen !== undefined && chosen.blocker !== 'offline',
        message: !chosen
          ? `no node ${params.node}`
          : chosen.blocker === 'offline'
            ? `${params.node} is offline`
            : `${params.node} chosen`,
      });
    }
    const target = placement.find((p) => p.nodeId === nodeId);
    checks.push({
      check: 'resources',
      ok: target !== undefined && target.blocker !== 'memory',
      message: !target
        ? 'no target node'
        : target.memFreeAfter === null
          ? 'no metrics: free memory unknown'
          : `${Math.round(target.memFreeAfter * 100)}% memory free after deploy (${params.memoryMiB} MiB, ${params.cores} cores, ${params.diskGiB} GiB)`,
    });
    if (template?.policies.length)
      checks.push({ check: 'policies', ok: true, message: `required: ${template.policies.join(', ')}` });
    return { ok: checks.every((c) => c.ok), checks, placement, nodeId, template };
  };
}
