import {
  msg,
  problem,
  type Problem as SharedProblem,
  type Trail,
  type TrailEventInput,
  TrailEventInputSchema,
  type TrailEventParsed,
  type TrailListInput,
  TrailListInputSchema,
  type TrailPage,
  verbatim,
} from '@ralf/shared';
import { createHash } from 'node:crypto';
import type { Db } from '../../adapters/db/client';
import type { Clock } from '../../adapters/ports';
import { AppError } from '../../lib/app-error';
import type { AuditLog } from '../audit/audit.service';
import type { RequestMeta } from '../../lib/principal';
import { changeLog as changes } from '../../lib/change-log';
import { buildChain, cycles, summarize } from './trail-chain';
import { trailsRepository as repo, toRow } from './trails.repository';

/** Late events may still join a trail this long after its outcome arrived; then it is closed. */
export const CLOSE_AFTER_MS = 15 * 60_000;

type Problem = SharedProblem & {
  /** A conflict with what is stored (409) rather than a bad request (400). */
  conflict?: true;
};

const hashOf = (e: TrailEventParsed) => createHash('sha256').update(JSON.stringify(e)).digest('hex');

/**
 * Writes trail events (issue 7), from agents through the ingest API and from ralf-ui itself in
 * the transaction of its own action. Events never change: the same id with the same content is
 * a replay, with other content a conflict; a closed trail takes only corrections.
 */
export async function writeTrailEvents(
  trx: Db,
  raw: readonly TrailEventInput[],
  now: Date,
): Promise<{ written: number; problems: Problem[]; conflict: string | null }> {
  const events = raw.map((e) => TrailEventInputSchema.parse(e));
  const problems: Problem[] = [];
  const ids = events.map((e) => e.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice)
    return {
      written: 0,
      problems: [problem('events', verbatim(`event ${twice} is in the request twice`))],
      conflict: null,
    };
  const trailIds = [...new Set(events.map((e) => e.trailId))].sort();
  const trails = await repo.lockTrails(trx, trailIds, now);
  const stored = await repo.findEvents(trx, [
    ...ids,
    ...events.flatMap((e) => [e.parentId, e.corrects]).filter((x): x is string => Boolean(x)),
  ]);
  const fresh: (TrailEventParsed & { hash: string })[] = [];
  events.forEach((e, i) => {
    const hash = hashOf(e);
    const before = stored.get(e.id);
    if (before) {
      if (before.hash !== hash || before.trailId !== e.trailId)
        problems.push({
          ...problem(
            `events.${i}.id`,
            verbatim(`event ${e.id} was stored with other content; events never change: send a correction`),
          ),
          conflict: true,
        });
      return;
    }
    fresh.push({ ...e, hash });
  });
  if (problems.length) return { written: 0, problems, conflict: problems.find((p) => p.conflict)?.message ?? null };
  const inBatch = new Map(events.map((e) => [e.id, e]));
  const known = await repo.listEvents(trx, trailIds);
  const parentOf = new Map(known.map((k) => [k.id, k.parentId]));
  fresh.forEach((e) => {
    const i = events.indexOf(events.find((x) => x.id === e.id)!);
    const parentTrail = e.parentId ? (inBatch.get(e.parentId)?.trailId ?? stored.get(e.parentId)?.trailId) : undefined;
    if (parentTrail && parentTrail !== e.trailId)
      problems.push({
        ...problem(
          `events.${i}.parentId`,
          verbatim(`the parent ${e.parentId} belongs to trail ${parentTrail}, not ${e.trailId}`),
        ),
      });
    const corrected = e.corrects ? (inBatch.get(e.corrects)?.trailId ?? stored.get(e.corrects)?.trailId) : undefined;
    if (e.corrects && corrected !== e.trailId)
      problems.push({
        ...problem(
          `events.${i}.corrects`,
          verbatim(corrected ? `${e.corrects} belongs to trail ${corrected}` : `no event ${e.corrects} to correct`),
        ),
      });
    const t = trails.get(e.trailId);
    const closed =
      t?.outcome_received_at && new Date(t.outcome_received_at).getTime() + CLOSE_AFTER_MS <= now.getTime();
    if (closed && e.kind !== 'correction')
      problems.push({
        ...problem(
          `events.${i}.kind`,
          verbatim(`trail ${e.trailId} is closed; add a correction that names the event it corrects`),
        ),
        conflict: true,
      });
  });
  for (const id of cycles(fresh, parentOf))
    problems.push({
      ...problem(`events.${ids.indexOf(id)}.parentId`, verbatim(`the parents of ${id} lead back to it (a cycle)`)),
    });
  if (problems.length) return { written: 0, problems, conflict: problems.find((p) => p.conflict)?.message ?? null };
  if (!fresh.length) return { written: 0, problems: [], conflict: null };
  await repo.insertEvents(trx, fresh, now);
  const all = await repo.listEvents(trx, [...new Set(fresh.map((e) => e.trailId))]);
  for (const id of new Set(fresh.map((e) => e.trailId)))
    await repo.saveSummary(
      trx,
      id,
      summarize(all.filter((e) => e.trailId === id)),
      fresh.findLast((e) => e.trailId === id && e.language)?.language ?? trails.get(id)?.language ?? null,
    );
  await changes.insertMany(
    trx,
    now,
    [...new Set(fresh.map((e) => e.trailId))]
      .slice(0, 100)
      .map((id) => ({ topic: 'trails' as const, kind: 'trail.event', subject: id })),
  );
  return { written: fresh.length, problems: [], conflict: null };
}

/** A 400 listing every problem with its path, or the 409 of an event that would change. */
function raise(r: { problems: Problem[]; conflict: string | null }): never {
  if (r.conflict) throw new AppError('CONFLICT', { message: r.conflict });
  throw AppError.invalid(
    'the events were refused',
    r.problems.map(({ path, message, code, params }) => ({ path, message, code, params })),
  );
}

/** Whether a trail is closed (its outcome arrived more than CLOSE_AFTER_MS ago): it takes only corrections. */
export async function isTrailClosed(db: Db, trailId: string, now: Date): Promise<boolean> {
  const at = await repo.findOutcomeReceivedAt(db, trailId);
  return at !== null && at.getTime() + CLOSE_AFTER_MS <= now.getTime();
}

/**
 * Appends ralf-ui's own events to a trail, in the caller's transaction (a deployment, a plan's
 * decision): each follows the trail's newest event. Refused events are a bug, so they throw.
 */
export async function appendOwn(
  trx: Db,
  trailId: string,
  events: Omit<TrailEventInput, 'trailId' | 'parentId'>[],
  now: Date,
): Promise<void> {
  let parent = await repo.findLastEvent(trx, trailId);
  const chained: TrailEventInput[] = [];
  for (const e of events) {
    chained.push({ ...e, trailId, parentId: parent });
    parent = e.id;
  }
  const r = await writeTrailEvents(trx, chained, now);
  if (r.problems.length) raise(r);
}

export function createTrailsService({ db, audit, clock }: { db: Db; audit: AuditLog; clock: Clock }) {
  return {
    /** An agent's events (ingest API), all or none, with one audit event. */
    async ingest(
      actor: string,
      events: TrailEventInput[],
      meta: RequestMeta | null,
    ): Promise<{ written: number; duplicates: number }> {
      return db.transaction().execute(async (trx) => {
        const r = await writeTrailEvents(trx, events, clock.now());
        if (r.problems.length) raise(r);
        if (r.written)
          await audit.record(trx, {
            actor,
            action: 'trails.ingest',
            subject: `trail/${events[0]!.trailId}`,
            sourceIp: meta?.ip ?? null,
            details: { events: r.written, trails: [...new Set(events.map((e) => e.trailId))].slice(0, 20) },
          });
        return { written: r.written, duplicates: events.length - r.written };
      });
    },

    async list(raw: TrailListInput): Promise<TrailPage> {
      const { limit, cursor, direction: _d, ...f } = TrailListInputSchema.parse(raw);
      let after: { at: string; id: string } | undefined;
      if (cursor) {
        const cut = cursor.indexOf('|');
        const at = cursor.slice(0, cut);
        if (cut < 0 || Number.isNaN(Date.parse(at)))
          throw new AppError('BAD_INPUT', { message: 'cursor: not one this API gave out' });
        after = { at, id: cursor.slice(cut + 1) };
      }
      const rows = await repo.list(db, { ...f, after }, limit + 1);
      const now = clock.now();
      const items = rows.slice(0, limit).map((r) => toRow(r, CLOSE_AFTER_MS, now));
      const last = items.at(-1);
      return { items, nextCursor: rows.length > limit && last ? `${last.startedAt}|${last.id}` : null };
    },

    async get(id: string): Promise<Trail> {
      const t = await repo.findTrail(db, id);
      if (!t) throw new AppError('NOT_FOUND', { msg: msg('err.noTrail', { id }) });
      return { ...toRow(t, CLOSE_AFTER_MS, clock.now()), chain: buildChain(await repo.listEvents(db, [id])) };
    },

    hasAny: async () => (await repo.count(db)) > 0,
  };
}

export type TrailsService = ReturnType<typeof createTrailsService>;
