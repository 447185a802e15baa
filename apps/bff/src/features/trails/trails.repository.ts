import type { TrailEventParsed, TrailOutcome, TrailRow, TrailTrigger } from '@ralf/shared';
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../adapters/db/client';
import { iso } from '../../adapters/db/iso';
import type { TrailTable } from '../../adapters/db/tables-records';
import type { StoredEvent, summarize } from './trail-chain';

type Row = Selectable<TrailTable>;
const COLUMNS = [
  'id',
  'title',
  'trigger',
  'outcome',
  'agents',
  'subjects',
  'started_at',
  'ended_at',
  'events',
  'decision',
  'outcome_received_at',
  'language',
] as const;

/** Both stemmings, so "Migrationen" finds "Migration" and "restarted" finds "restart". */
const query = (q: string) => sql`(websearch_to_tsquery('english', ${q}) || websearch_to_tsquery('german', ${q}))`;

export const trailsRepository = Object.freeze({
  /** Locks the trails a batch touches (creating empty ones first), so two batches of one trail go one after the other. */
  async lockTrails(db: Db, ids: string[], at: Date): Promise<Map<string, Row>> {
    await db
      .insertInto('ralf.trail')
      .values(ids.map((id) => ({ id, title: '', started_at: at })))
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    const rows = await db
      .selectFrom('ralf.trail')
      .select(COLUMNS)
      .where('id', 'in', ids)
      .orderBy('id')
      .forUpdate()
      .execute();
    return new Map(rows.map((r) => [r.id, r as Row]));
  },
  async findEvents(
    db: Db,
    ids: string[],
  ): Promise<Map<string, { trailId: string; hash: string; parentId: string | null }>> {
    if (!ids.length) return new Map();
    const rows = await db
      .selectFrom('ralf.trail_event')
      .select(['id', 'trail_id', 'hash', 'parent_id'])
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, { trailId: r.trail_id, hash: r.hash, parentId: r.parent_id }]));
  },
  async listEvents(db: Db, trailIds: string[]): Promise<StoredEvent[]> {
    if (!trailIds.length) return [];
    const rows = await db
      .selectFrom('ralf.trail_event')
      .select(['id', 'trail_id', 'kind', 'at', 'received_at', 'parent_id', 'agent', 'title', 'body', 'doc'])
      .where('trail_id', 'in', trailIds)
      .execute();
    return rows.map((r) => ({
      ...(r.doc as Omit<TrailEventParsed, 'id' | 'trailId' | 'kind' | 'at' | 'parentId' | 'agent' | 'title' | 'body'>),
      id: r.id,
      trailId: r.trail_id,
      kind: r.kind as TrailEventParsed['kind'],
      at: iso(r.at),
      receivedAt: iso(r.received_at),
      parentId: r.parent_id,
      agent: r.agent,
      title: r.title,
      body: r.body,
    }));
  },
  async insertEvents(db: Db, events: (TrailEventParsed & { hash: string })[], at: Date): Promise<void> {
    for (let i = 0; i < events.length; i += 200) {
      await db
        .insertInto('ralf.trail_event')
        .values(
          events
            .slice(i, i + 200)
            .map(({ id, trailId, kind, at: when, parentId, agent, title, body, hash, ...doc }) => ({
              id,
              trail_id: trailId,
              kind,
              at: when,
              received_at: at,
              parent_id: parentId,
              agent,
              title,
              body,
              doc: JSON.stringify(doc),
              hash,
            })),
        )
        .execute();
    }
  },
  /** The summary and its search vector: stemmed in the trail's language, or in both when it is not known (issue 18). */
  async saveSummary(db: Db, id: string, s: ReturnType<typeof summarize>, language: 'de' | 'en' | null): Promise<void> {
    await db
      .updateTable('ralf.trail')
      .set({
        title: s.title,
        trigger: s.trigger,
        outcome: s.outcome,
        agents: s.agents,
        subjects: s.subjects,
        started_at: s.startedAt,
        ended_at: s.endedAt ? new Date(s.endedAt) : null,
        decision: s.decision,
        outcome_received_at: s.outcomeReceivedAt ? new Date(s.outcomeReceivedAt) : null,
        events: s.events,
        language,
        search: (language === 'de'
          ? sql`to_tsvector('german', ${s.text}) || to_tsvector('simple', ${s.text})`
          : language === 'en'
            ? sql`to_tsvector('english', ${s.text}) || to_tsvector('simple', ${s.text})`
            : sql`to_tsvector('english', ${s.text}) || to_tsvector('german', ${s.text})`) as never,
      })
      .where('id', '=', id)
      .execute();
  },
  findTrail: (db: Db, id: string) =>
    db.selectFrom('ralf.trail').select(COLUMNS).where('id', '=', id).where('events', '>', 0).executeTakeFirst(),
  /** Newest first, by (started_at, id) keyset; filters use the GIN indexes. */
  async list(
    db: Db,
    f: {
      q?: string;
      subject?: string;
      agent?: string;
      trigger?: TrailTrigger;
      outcome?: TrailOutcome;
      from?: string;
      to?: string;
      after?: { at: string; id: string };
    },
    limit: number,
  ): Promise<Row[]> {
    let q = db.selectFrom('ralf.trail').select(COLUMNS).where('events', '>', 0);
    if (f.q) q = q.where(sql<boolean>`search @@ ${query(f.q)}`);
    if (f.subject) q = q.where(sql<boolean>`subjects @> array[${f.subject}]::text[]`);
    if (f.agent) q = q.where(sql<boolean>`agents @> array[${f.agent}]::text[]`);
    if (f.trigger) q = q.where('trigger', '=', f.trigger);
    if (f.outcome) q = q.where('outcome', '=', f.outcome);
    if (f.from) q = q.where('started_at', '>=', new Date(f.from));
    if (f.to) q = q.where('started_at', '<', new Date(f.to));
    if (f.after) q = q.where(sql<boolean>`(started_at, id) < (${new Date(f.after.at)}, ${f.after.id})`);
    return q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute() as Promise<Row[]>;
  },
  async count(db: Db): Promise<number> {
    const r = await db
      .selectFrom('ralf.trail')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
  findOutcomeReceivedAt: async (db: Db, id: string): Promise<Date | null> => {
    const r = await db.selectFrom('ralf.trail').select('outcome_received_at').where('id', '=', id).executeTakeFirst();
    return r?.outcome_received_at ? new Date(r.outcome_received_at) : null;
  },
  /** The newest event of a trail: the parent of what ralf-ui appends to it. */
  async findLastEvent(db: Db, trailId: string): Promise<string | null> {
    const r = await db
      .selectFrom('ralf.trail_event')
      .select('id')
      .where('trail_id', '=', trailId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r?.id ?? null;
  },
});

export function toRow(r: Pick<Row, (typeof COLUMNS)[number]>, closeAfterMs: number, now: Date): TrailRow {
  return {
    id: r.id,
    title: r.title,
    trigger: r.trigger as TrailTrigger | null,
    outcome: r.outcome as TrailOutcome,
    agents: r.agents,
    subjects: r.subjects,
    startedAt: iso(r.started_at),
    endedAt: iso(r.ended_at),
    events: r.events,
    decision: r.decision,
    closed: r.outcome_received_at !== null && new Date(r.outcome_received_at).getTime() + closeAfterMs <= now.getTime(),
  };
}
