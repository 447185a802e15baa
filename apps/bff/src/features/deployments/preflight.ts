import {
  msg,
  PreflightInputSchema,
  type Message,
  type Preflight,
  type PreflightInput,
  type Template,
} from '@ralf/shared';
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
    const check = (
      kind: Preflight['checks'][number]['check'],
      ok: boolean,
      m: Message,
      field: string | null = null,
      deploymentId: string | null = null,
    ) => checks.push({ check: kind, ok, message: m, field, deploymentId });
    const template = await repo.findTemplate(db, templateId);
    check(
      'template',
      template !== null,
      template
        ? msg('preflight.template', { name: template.name, version: template.version })
        : msg('preflight.noTemplate', { id: templateId }),
    );
    for (const p of template ? settingsProblems(template, params.settings) : [])
      check('template', false, { code: p.code, params: p.params }, p.path.slice(7));
    const inv = await fleet.inventory();
    const clashGuest = inv.guests.find((g) => g.name === params.name);
    const clashDeploy = await repo.findActiveByName(db, params.name);
    check(
      'name',
      !clashGuest && !clashDeploy,
      clashGuest
        ? msg('preflight.nameTaken', { name: params.name, id: clashGuest.id })
        : clashDeploy
          ? msg('preflight.nameRunning', { name: params.name })
          : msg('preflight.nameFree', { name: params.name }),
      'name',
      clashGuest ? null : (clashDeploy?.id ?? null),
    );
    const placement = rankNodes(await fleet.headroom(), params.memoryMiB);
    let nodeId: Preflight['nodeId'] = null;
    const node = (id: string) => id.slice(5);
    if (params.node === 'auto') {
      nodeId = placement.find((p) => p.eligible)?.nodeId ?? null;
      if (nodeId) check('node', true, msg('preflight.nodeAuto', { node: node(nodeId) }), 'node');
    } else {
      const chosen = placement.find((p) => p.nodeId === params.node);
      nodeId = chosen ? params.node : null;
      check(
        'node',
        chosen !== undefined && chosen.blocker !== 'offline',
        !chosen
          ? msg('preflight.noNode', { node: node(params.node) })
          : chosen.blocker === 'offline'
            ? msg('preflight.nodeOffline', { node: chosen.name })
            : msg('preflight.nodeChosen', { node: chosen.name }),
        'node',
      );
    }
    const target = placement.find((p) => p.nodeId === nodeId);
    // Short of memory: how much it needs against the most any node has, not a negative percentage.
    const roomiest = [...placement].sort((a, b) => (b.memFreeBytes ?? -1) - (a.memFreeBytes ?? -1))[0];
    const need = { need: params.memoryMiB };
    check(
      'resources',
      target !== undefined && target.blocker !== 'memory',
      !target
        ? roomiest?.memFreeBytes != null
          ? msg('preflight.memoryShort', { ...need, most: roomiest.memFreeBytes, node: roomiest.name })
          : msg('preflight.noRoom')
        : target.memFreeBytes === null || target.memFreeAfter === null
          ? msg('preflight.noMetrics')
          : target.blocker === 'memory'
            ? msg('preflight.memoryShortOn', { ...need, free: target.memFreeBytes, node: target.name })
            : msg('preflight.fits', {
                free: Math.max(0, target.memFreeBytes - params.memoryMiB * 1024 ** 2),
                node: target.name,
                memory: params.memoryMiB,
                cores: params.cores,
                disk: params.diskGiB,
              }),
      'memoryMiB',
    );
    if (template?.policies.length) check('policies', true, msg('preflight.policies', { policies: template.policies }));
    return { ok: checks.every((c) => c.ok), checks, placement, nodeId, template };
  };
}
