import type { Db } from '../../adapters/db/client';
import { iso } from '../../adapters/db/iso';

export interface IngestRequestEntry {
  tokenId: string | null;
  tokenName: string | null;
  route: string;
  status: number;
  events: number;
  reason: string | null;
}

export const ingestRepository = Object.freeze({
  /** The events of `ids` this token already sent, with the change each one made (ids are one namespace per token). */
  async findSeen(db: Db, tokenId: string, ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('ralf.ingest_event')
      .select(['id', 'seq'])
      .where('token_id', '=', tokenId)
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, Number(r.seq)]));
  },
  async insertEvents(
    db: Db,
    rows: { id: string; tokenId: string | null; kind: string; eventAt: string | null; receivedAt: Date; seq: number }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await db
      .insertInto('ralf.ingest_event')
      .values(
        rows.map((r) => ({
          id: r.id,
          token_id: r.tokenId,
          kind: r.kind,
          event_at: r.eventAt,
          received_at: r.receivedAt,
          seq: r.seq,
        })),
      )
      .execute();
  },
  /** Records a signature as used; false when it was used before (a replay). */
  async claimSignature(db: Db, tokenId: string, signature: string, at: Date): Promise<boolean> {
    const row = await db
      .insertInto('ralf.ingest_signature')
      .values({ token_id: tokenId, signature, seen_at: at })
      .onConflict((oc) => oc.doNothing())
      .returning('signature')
      .executeTakeFirst();
    return row !== undefined;
  },
  async releaseSignature(db: Db, tokenId: string, signature: string): Promise<void> {
    await db
      .deleteFrom('ralf.ingest_signature')
      .where('token_id', '=', tokenId)
      .where('signature', '=', signature)
      .execute();
  },
  async pruneSignatures(db: Db, before: Date): Promise<void> {
    await db.deleteFrom('ralf.ingest_signature').where('seen_at', '<', before).execute();
  },
  async any(db: Db): Promise<boolean> {
    return (await db.selectFrom('ralf.ingest_event').select('id').limit(1).executeTakeFirst()) !== undefined;
  },
  async insertRequest(db: Db, at: Date, e: IngestRequestEntry): Promise<void> {
    await db
      .insertInto('ralf.ingest_request')
      .values({
        token_id: e.tokenId,
        token_name: e.tokenName,
        at,
        route: e.route,
        status: e.status,
        events: e.events,
        reason: e.reason?.slice(0, 500) ?? null,
      })
      .execute();
  },
  async pruneEvents(db: Db, before: Date): Promise<void> {
    await db.deleteFrom('ralf.ingest_event').where('received_at', '<', before).execute();
  },
  async pruneRequests(db: Db, before: Date): Promise<void> {
    await db.deleteFrom('ralf.ingest_request').where('at', '<', before).execute();
  },
  /** Per token since `since`: accepted and rejected requests, events, last seen, last rejection. */
  async summary(db: Db, since: Date) {
    const rows = await db
      .selectFrom('ralf.ingest_request')
      .select((eb) => [
        'token_name',
        eb.fn.count<string>('id').filterWhere('status', '<', 300).as('accepted'),
        eb.fn.count<string>('id').filterWhere('status', '>=', 300).as('rejected'),
        eb.fn.sum<string>('events').filterWhere('status', '<', 300).as('events'),
        eb.fn.max('at').as('last_seen'),
      ])
      .where('at', '>=', since)
      .groupBy('token_name')
      .orderBy('token_name')
      .execute();
    const lastRejections = await db
      .selectFrom('ralf.ingest_request')
      .distinctOn('token_name')
      .select(['token_name', 'at', 'status', 'reason'])
      .where('at', '>=', since)
      .where('status', '>=', 300)
      .orderBy('token_name')
      .orderBy('id', 'desc')
      .execute();
    const rejection = new Map(
      lastRejections.map((r) => [r.token_name, { at: iso(r.at), status: r.status, reason: r.reason ?? '' }]),
    );
    return rows.map((r) => ({
      tokenName: r.token_name,
      accepted: Number(r.accepted),
      rejected: Number(r.rejected),
      events: Number(r.events ?? 0),
      lastSeenAt: r.last_seen === null ? null : iso(r.last_seen),
      lastRejection: rejection.get(r.token_name) ?? null,
    }));
  },
  async recent(db: Db, limit: number) {
    const rows = await db.selectFrom('ralf.ingest_request').selectAll().orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      at: iso(r.at),
      tokenName: r.token_name,
      route: r.route,
      status: r.status,
      events: r.events,
      reason: r.reason,
    }));
  },
});
