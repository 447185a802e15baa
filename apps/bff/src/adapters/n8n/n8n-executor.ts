import { sign } from '../../lib/signing';
import type { DispatchOutcome, DispatchRequest, Executor, LoopRunRequest, PlanApplyRequest } from '../ports';

export interface N8nConfig {
  webhookUrl: string;
  /** HMAC secret shared with the n8n workflow, which checks X-Ralf-Signature. */
  secret: string;
  timeoutMs: number;
  /** Where n8n reports progress: `<callbackBase>/api/ingest/v1/deployments/<id>/events`. */
  callbackBase: string;
}

/**
 * Hands a deployment to an n8n workflow (DESIGN.md §7): a webhook POST signed like the ingest
 * API (`t=<unix>,v1=<hmac of "<t>.<body>">`) with the same Idempotency-Key on every attempt.
 * 2xx: accepted; 4xx (an inactive workflow answers 404): refused with n8n's answer; 5xx or a
 * refused connection: retry; no answer within the timeout: unknown (it may have started).
 */
export class N8nExecutor implements Executor {
  readonly label = 'n8n';
  readonly remote = true;
  constructor(private readonly cfg: N8nConfig) {}

  dispatch(req: DispatchRequest): Promise<DispatchOutcome> {
    return this.post(req.idempotencyKey, {
      kind: 'deployment',
      deploymentId: req.deploymentId,
      template: req.templateId,
      name: req.name,
      node: req.nodeId,
      params: req.params,
      callbackUrl: `${this.cfg.callbackBase}/api/ingest/v1/deployments/${req.deploymentId}/events`,
    });
  }

  /** The same webhook with `kind: "plan"`: A_INFRA's workflow applies the actions and reports back. */
  applyPlan(req: PlanApplyRequest): Promise<DispatchOutcome> {
    return this.post(req.idempotencyKey, {
      kind: 'plan',
      planId: req.planId,
      revision: req.revision,
      actions: req.actions,
      callbackUrl: `${this.cfg.callbackBase}/api/ingest/v1/plans/${req.planId}/events`,
    });
  }

  /** The same webhook with `kind: "loop"`: the loop's workflow starts and reports its run. */
  runLoop(req: LoopRunRequest): Promise<DispatchOutcome> {
    return this.post(req.idempotencyKey, {
      kind: 'loop',
      loopId: req.loopId,
      runId: req.runId,
      runtime: req.runtime,
      template: req.template,
      trigger: req.trigger,
      callbackUrl: `${this.cfg.callbackBase}/api/ingest/v1/loops`,
    });
  }

  private async post(idempotencyKey: string, payload: Record<string, unknown>): Promise<DispatchOutcome> {
    const body = JSON.stringify(payload);
    const t = Math.floor(Date.now() / 1000);
    let res: Response;
    try {
      res = await fetch(this.cfg.webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey,
          'x-ralf-signature': sign(this.cfg.secret, t, body),
        },
        body,
        signal: AbortSignal.timeout(this.cfg.timeoutMs),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      if (e.name === 'TimeoutError')
        return { outcome: 'unknown' as const, error: `n8n did not answer within ${this.cfg.timeoutMs} ms` };
      return { outcome: 'retry' as const, error: `n8n unreachable: ${e.cause?.code ?? e.message}` };
    }
    const text = (await res.text().catch(() => '')).slice(0, 300);
    if (res.ok) return { outcome: 'accepted' as const };
    if (res.status >= 400 && res.status < 500)
      return { outcome: 'refused' as const, error: `n8n answered ${res.status}: ${text}` };
    return { outcome: 'retry' as const, error: `n8n answered ${res.status}: ${text}` };
  }
}
