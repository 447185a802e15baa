import {
  msg,
  PlanContentSchema,
  type PlanStatus,
  type PlanSubmission,
  PlanSubmissionSchema,
  type PlanSubmitResult,
} from '@ralf/shared';
import { AppError } from '../../lib/app-error';
import { changeLog as changes } from '../../lib/change-log';
import { enqueue } from '../../lib/outbox';
import { type RequestMeta } from '../../lib/principal';
import { contentHash, planProblems } from './plan-rules';
import { isOpen, refuse, type PlansDeps, type PlanSteps } from './plan-steps';
import { planNotices } from './plan-notices';
import { subjectsOf, TRAIL_TRIGGER } from './plan-trail';
import { plansRepository as repo } from './plans.repository';

/**
 * How plans come in (issue 6): an agent's submission, or a new revision of it (plan-proposals.ts
 * adds the ones ralf-ui simulates itself), checked against the inventory, audited, told in its trail.
 */
export function planSubmission(
  { db, audit, clock }: PlansDeps,
  { inventoryView, move, note, explain, notify }: PlanSteps,
) {
  /** Submits a plan or a new revision of it, in one transaction with its audit event. */
  /**
   * `submittedFor` is the person behind a token (who created it): four eyes hold between people,
   * not between a person and their own agent's token (issue 15).
   */
  async function submit(
    actor: string,
    raw: PlanSubmission,
    meta: RequestMeta | null,
    submittedFor: string | null = null,
  ): Promise<PlanSubmitResult> {
    const { key, supersedes, ...rest } = PlanSubmissionSchema.parse(raw);
    const content = PlanContentSchema.parse(rest);
    const hash = contentHash(content);
    const now = clock.now();
    const problems = planProblems(content, await inventoryView(), now);
    if (problems.length) refuse(problems);
    const settings = await repo.findSettings(db);
    try {
      return await db.transaction().execute(async (trx) => {
        const existing = await repo.lockByKey(trx, key);
        let result: PlanSubmitResult;
        if (!existing) {
          const p = await repo.insert(trx, {
            key,
            hash,
            content,
            submittedBy: actor,
            submittedFor,
            at: now,
            approvalsNeeded: settings.approvalsNeeded,
          });
          await audit.record(trx, {
            actor,
            action: 'plan.submit',
            subject: `plan/${p.id}`,
            sourceIp: meta?.ip ?? null,
            after: {
              key,
              summary: content.summary,
              trigger: content.trigger,
              actions: content.actions.length,
              risk: content.risk,
              hash,
            },
          });
          await repo.log(trx, p.id, now, 'proposed', msg('planlog.proposed', { actor, summary: content.summary }));
          await changes.insertMany(trx, now, [{ topic: 'plans', kind: 'plan.proposed', subject: p.id }]);
          const touchedIds = subjectsOf(content.actions);
          if (content.trailId)
            await explain(
              trx,
              p,
              [
                {
                  kind: 'action',
                  title: msg('ptrail.proposed', { summary: content.summary }),
                  body: content.details,
                  subjects: touchedIds,
                },
              ],
              actor,
            );
          else {
            await repo.setTrailId(trx, p.id, `plan/${p.id}`);
            await explain(
              trx,
              { id: p.id, trail_id: null },
              [
                {
                  kind: 'trigger',
                  trigger: TRAIL_TRIGGER[content.trigger],
                  title: content.summary,
                  body: content.details,
                  subjects: touchedIds,
                },
              ],
              actor,
            );
          }
          result = { planId: p.id, revision: 1, status: 'proposed', newRevision: true, discardedApprovals: 0 };
        } else {
          if (existing.revision_hash === hash)
            return {
              planId: existing.id,
              revision: existing.revision,
              status: existing.status as PlanStatus,
              newRevision: false,
              discardedApprovals: 0,
            };
          if (existing.submitted_by !== actor)
            throw new AppError('FORBIDDEN', {
              message: `plan ${key} was submitted by ${existing.submitted_by}; only they can revise it`,
            });
          if (!isOpen(existing.status))
            throw new AppError('CONFLICT', {
              message: `plan ${key} is ${existing.status}; a new revision is possible only while it is proposed or approved (send a new key)`,
            });
          const revision = existing.revision + 1;
          await repo.insertRevision(trx, existing.id, revision, { hash, content, submittedBy: actor, at: now });
          await repo.setRevision(trx, existing.id, revision, {
            hash,
            content,
            submittedBy: actor,
            submittedFor,
            at: now,
            approvalsNeeded: Math.max(settings.approvalsNeeded, existing.approvals_needed),
          });
          const discarded = await repo.discardApprovals(
            trx,
            existing.id,
            now,
            `revision ${revision} replaced revision ${existing.revision}`,
          );
          if (existing.status === 'approved')
            await move(
              trx,
              existing.id,
              'proposed',
              `revision ${revision} arrived after approval: it needs a new review`,
            );
          await note(
            trx,
            existing.id,
            `revision ${revision} submitted by ${actor}${discarded ? `; ${discarded} approval${discarded === 1 ? '' : 's'} of revision ${existing.revision} discarded` : ''}`,
          );
          await explain(
            trx,
            existing,
            [
              {
                kind: 'observation',
                title: msg('ptrail.revision', { revision, summary: content.summary }),
                body: discarded ? msg('ptrail.discarded', { n: discarded, revision: existing.revision }) : '',
                subjects: subjectsOf(content.actions),
              },
            ],
            actor,
          );
          await audit.record(trx, {
            actor,
            action: 'plan.revise',
            subject: `plan/${existing.id}`,
            sourceIp: meta?.ip ?? null,
            before: { revision: existing.revision, hash: existing.revision_hash },
            after: { revision, hash, summary: content.summary, actions: content.actions.length },
            details: { discardedApprovals: discarded },
          });
          result = {
            planId: existing.id,
            revision,
            status: 'proposed',
            newRevision: true,
            discardedApprovals: discarded,
          };
        }
        await notify?.(
          trx,
          planNotices.awaiting(result.planId, result.revision, hash, content, actor, settings.approvalsNeeded),
        );
        await enqueue(trx, {
          kind: 'plan.expire',
          planId: result.planId,
          payload: {},
          dueAt: new Date(content.expiresAt),
        });
        if (supersedes && supersedes !== key) {
          const old = await repo.lockByKey(trx, supersedes);
          if (old && old.submitted_by === actor && isOpen(old.status)) {
            await repo.discardApprovals(trx, old.id, now, `superseded by plan ${key}`);
            await move(trx, old.id, 'superseded', `superseded by plan ${key}`);
            await audit.record(trx, {
              actor,
              action: 'plan.supersede',
              subject: `plan/${old.id}`,
              sourceIp: meta?.ip ?? null,
              before: { status: old.status },
              after: { status: 'superseded', by: result.planId },
            });
          }
        }
        return result;
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505')
        throw new AppError('CONFLICT', {
          message: `plan ${key} was submitted twice at the same moment; send it again`,
        });
      throw err;
    }
  }

  return { submit };
}
