import { randomUUID } from 'node:crypto';
import {
  messageText,
  type Language,
  type Message,
  type PlanAction,
  type PlanTrigger,
  type TrailEventInput,
  type TrailTrigger,
} from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import type { Clock } from '../../adapters/ports';
import { appendOwn, isTrailClosed } from '../trails/trails.service';

/** ralf-ui's own name as an actor, in audit events and trails. */
export const SYSTEM = 'system:ralf-ui';

/** What started a plan, in the trail's words. */
export const TRAIL_TRIGGER: Record<PlanTrigger, TrailTrigger> = {
  capacity_drift: 'capacity_drift',
  load_shift: 'capacity_drift',
  new_host: 'discovery',
  pbs_detected: 'pbs_detected',
  operator: 'operator_request',
};

/** The guests and nodes a plan's actions name, as trail subjects. */
export const subjectsOf = (actions: readonly PlanAction[]) =>
  [
    ...new Set(
      actions.flatMap((a) =>
        a.type === 'scale'
          ? []
          : a.type === 'add-node'
            ? [a.node]
            : a.type === 'migrate'
              ? [a.guestId, a.from, a.to]
              : [a.guestId],
      ),
    ),
  ].slice(0, 40);

/** An event of ralf-ui's part; its title and body may be messages, said in RALF_LANGUAGE (issue 18). */
export type PlanTrailEvent = Omit<
  TrailEventInput,
  'trailId' | 'parentId' | 'at' | 'id' | 'agent' | 'title' | 'body'
> & {
  title: string | Message;
  body?: string | Message;
};

/**
 * Adds ralf-ui's part to a plan's explainability trail (issue 7) in the caller's transaction:
 * the agent's trail when it named one and it is still open, else the plan's own `plan/<id>`.
 */
export function planTrail(clock: Clock, language: Language = 'de') {
  const say = (m: string | Message) => (typeof m === 'string' ? m : messageText(language, m)).slice(0, 300);
  return async function explain(
    trx: Db,
    p: { id: string; trail_id: string | null },
    events: PlanTrailEvent[],
    agent = SYSTEM.slice(7),
  ): Promise<void> {
    const own = `plan/${p.id}`;
    const trailId = p.trail_id && !(await isTrailClosed(trx, p.trail_id, clock.now())) ? p.trail_id : own;
    const at = clock.now().toISOString();
    // Its own trail records the language; an agent's trail keeps the agent's.
    const withIds = events.map((e) => ({
      ...e,
      title: say(e.title),
      body: e.body === undefined ? undefined : typeof e.body === 'string' ? e.body : messageText(language, e.body),
      ...(trailId === own && { language }),
      id: `plan/${p.id}:${e.kind}:${randomUUID().slice(0, 8)}`,
      at,
      agent,
      subjects: [`plan/${p.id}`, ...(e.subjects ?? [])],
    }));
    await appendOwn(trx, trailId, withIds, clock.now());
  };
}
