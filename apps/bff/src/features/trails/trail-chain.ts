import type { TrailEvent, TrailEventParsed, TrailOutcome } from '@ralf/shared';

/** An event as stored: the validated input, and when it arrived. */
export type StoredEvent = TrailEventParsed & { receivedAt: string };

const byTime = (a: StoredEvent, b: StoredEvent) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id);

/**
 * The causal chain of a trail (issue 7): parents before children, siblings by their own time,
 * never by arrival; an event whose parent has not arrived starts a branch marked as a gap.
 * The same set of events gives the same chain, whatever order they came in.
 */
export function buildChain(events: readonly StoredEvent[]): TrailEvent[] {
  const byId = new Map(events.map((e) => [e.id, e]));
  const children = new Map<string, StoredEvent[]>();
  const roots: StoredEvent[] = [];
  for (const e of events) {
    if (e.parentId && byId.has(e.parentId)) children.set(e.parentId, [...(children.get(e.parentId) ?? []), e]);
    else roots.push(e);
  }
  const correctedBy = new Map<string, string[]>();
  for (const e of events) if (e.corrects) correctedBy.set(e.corrects, [...(correctedBy.get(e.corrects) ?? []), e.id]);
  const out: TrailEvent[] = [];
  const seen = new Set<string>();
  const visit = (start: StoredEvent, depth: number) => {
    const stack: [StoredEvent, number][] = [[start, depth]];
    while (stack.length) {
      const [e, d] = stack.pop()!;
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      out.push(toWire(e, d, Boolean(e.parentId && !byId.has(e.parentId)), correctedBy.get(e.id) ?? []));
      const kids = [...(children.get(e.id) ?? [])].sort(byTime).reverse();
      for (const k of kids) stack.push([k, d + 1]);
    }
  };
  for (const r of [...roots].sort(byTime)) visit(r, 0);
  // A cycle cannot be stored (ingest refuses it); should one exist, its events still show.
  for (const e of [...events].sort(byTime)) visit(e, 0);
  return out;
}

function toWire(e: StoredEvent, depth: number, parentMissing: boolean, correctedBy: string[]): TrailEvent {
  return {
    id: e.id,
    kind: e.kind,
    at: e.at,
    receivedAt: e.receivedAt,
    parentId: e.parentId,
    agent: e.agent,
    title: e.title,
    body: e.body,
    trigger: e.trigger ?? null,
    outcome: e.outcome ?? null,
    inputs: e.inputs,
    alternatives: e.alternatives,
    confidence: e.confidence,
    links: e.links,
    subjects: e.subjects,
    corrects: e.corrects,
    parentMissing,
    correctedBy,
    depth,
  };
}

/** What the timeline shows of a trail, computed from all of its events. */
export function summarize(events: readonly StoredEvent[]) {
  const sorted = [...events].sort(byTime);
  const trigger = sorted.find((e) => e.kind === 'trigger');
  const ends = sorted.filter((e) => e.outcome);
  const last = ends.at(-1);
  const outcome: TrailOutcome = last?.outcome ?? 'running';
  return {
    title: (trigger ?? sorted[0])!.title,
    trigger: trigger?.trigger ?? null,
    outcome,
    agents: [...new Set(sorted.map((e) => e.agent))].sort(),
    subjects: [...new Set(sorted.flatMap((e) => e.subjects))].sort(),
    startedAt: sorted[0]!.at,
    endedAt: last?.at ?? null,
    decision: sorted.find((e) => e.kind === 'decision')?.title ?? null,
    outcomeReceivedAt: ends.length ? ends.map((e) => e.receivedAt).sort()[0]! : null,
    events: events.length,
    /** Everything a search should find: titles, rationales, alternatives, lessons. */
    text: sorted
      .map((e) =>
        [
          e.title,
          e.body,
          ...e.alternatives.map((a) => `${a.option} ${a.whyNot}`),
          ...e.inputs.map((i) => i.label),
        ].join(' '),
      )
      .join('\n')
      .slice(0, 200_000),
  };
}

/**
 * The events among `incoming` whose parents lead back to themselves, following parents through
 * `incoming` first and then through `known` (what is stored).
 */
export function cycles(
  incoming: readonly { id: string; parentId: string | null }[],
  known: ReadonlyMap<string, string | null>,
): string[] {
  const parentOf = new Map<string, string | null>(known);
  for (const e of incoming) parentOf.set(e.id, e.parentId);
  const bad: string[] = [];
  for (const e of incoming) {
    const path = new Set<string>([e.id]);
    let p = e.parentId;
    while (p && parentOf.has(p)) {
      if (path.has(p)) {
        bad.push(e.id);
        break;
      }
      path.add(p);
      p = parentOf.get(p) ?? null;
    }
  }
  return bad;
}
