import type { Alert, Freshness, SeriesMetric } from '@ralf/shared';
import type { Clock, MetricsSnapshot, MetricsSource, RangeSpec, SeriesSet } from '../../adapters/ports';
import { isAppError } from '../../lib/app-error';

interface Options {
  /** After this long without a new sample the data is stale: two scrape intervals (issue 2). */
  staleAfterMs: number;
  /** How long one answer is reused: a page with many panels costs one query per metric. */
  cacheMs: number;
  /** How long a failure is remembered before the source is asked again. */
  retryMs: number;
  /** Told once when the source stops answering (with why) and once when it answers again: the log says both. */
  onChange?: (state: 'unavailable' | 'back', why: string | null) => void;
}

interface Slot<T> {
  at: number;
  value: T | null;
  pending: Promise<T> | null;
  /** When this slot last asked the source: each backs off on its own, so a failing snapshot never freezes the alerts. */
  triedAt: number;
}

/**
 * Stands between the services and a MetricsSource: caches briefly, shares one request among
 * concurrent callers, keeps the last good answer when the source fails, and says how fresh
 * the data is. It never throws: a failing source becomes `unavailable since …`.
 */
export class MetricsFeed {
  private snap: Slot<MetricsSnapshot> = { at: 0, value: null, pending: null, triedAt: 0 };
  private alertSlot: Slot<Alert[]> = { at: 0, value: null, pending: null, triedAt: 0 };
  private ranges = new Map<string, { at: number; value: unknown }>();
  private failingSince: Date | null = null;
  private lastError: string | null = null;
  private lastReason: string | null = null;
  /** Grows each time a new snapshot arrives; services memoize on it. */
  version = 0;

  constructor(
    readonly source: MetricsSource,
    private readonly clock: Clock,
    private readonly opts: Options,
  ) {}

  private record(err: unknown) {
    const why = isAppError(err) || err instanceof Error ? err.message : String(err);
    if (!this.failingSince) {
      this.failingSince = this.clock.now();
      this.opts.onChange?.('unavailable', why);
    }
    this.lastError = why;
    this.lastReason = isAppError(err) ? (err.reason ?? null) : null;
  }

  private async refresh<T>(slot: Slot<T>, load: () => Promise<T>, onNew?: () => void): Promise<void> {
    const now = this.clock.now().getTime();
    const fresh = now - slot.at < this.opts.cacheMs;
    const backingOff = this.failingSince !== null && now - slot.triedAt < this.opts.retryMs;
    if ((fresh && slot.value !== null) || backingOff) return;
    if (!slot.pending) {
      slot.triedAt = now;
      slot.pending = load()
        .then((v) => {
          slot.value = v;
          slot.at = this.clock.now().getTime();
          onNew?.();
          return v;
        })
        .finally(() => (slot.pending = null));
    }
    await slot.pending.catch((err) => this.record(err));
  }

  async snapshot(): Promise<{ snap: MetricsSnapshot | null; freshness: Freshness }> {
    if (this.source.kind === 'none') return { snap: null, freshness: this.freshness() };
    await this.refresh(
      this.snap,
      () => this.source.snapshot(),
      () => {
        this.version++;
        // The source is back when its samples are: an answer to the alerts alone does not say so.
        if (this.failingSince) this.opts.onChange?.('back', null);
        this.failingSince = null;
        this.lastError = null;
      },
    );
    return { snap: this.snap.value, freshness: this.freshness() };
  }

  async alerts(): Promise<{ alerts: Alert[]; freshness: Freshness }> {
    if (this.source.kind !== 'none') await this.refresh(this.alertSlot, () => this.source.alerts());
    return { alerts: this.alertSlot.value ?? [], freshness: this.freshness() };
  }

  private async ranged<T>(key: string, load: () => Promise<T>): Promise<{ value: T | null; freshness: Freshness }> {
    if (this.source.kind === 'none') return { value: null, freshness: this.freshness() };
    const hit = this.ranges.get(key);
    // A range is keyed by its aligned start, end and step, so it changes only when a new step
    // begins; within one, its answer is kept a little longer than a snapshot.
    if (hit && this.clock.now().getTime() - hit.at < this.opts.cacheMs * 6)
      return { value: hit.value as T, freshness: this.freshness() };
    try {
      const value = await load();
      if (this.ranges.size > 200) this.ranges.clear();
      this.ranges.set(key, { at: this.clock.now().getTime(), value });
      return { value, freshness: this.freshness() };
    } catch (err) {
      this.record(err);
      return { value: (hit?.value as T | undefined) ?? null, freshness: this.freshness() };
    }
  }

  fleetSeries(metric: SeriesMetric, r: RangeSpec) {
    return this.ranged(`fleet:${metric}:${r.start}:${r.end}:${r.step}`, () => this.source.fleetSeries(metric, r));
  }

  series(id: string, r: RangeSpec) {
    return this.ranged<SeriesSet>(`one:${id}:${r.start}:${r.end}:${r.step}`, () => this.source.series(id, r));
  }

  /** ok, stale (no new sample for two scrape intervals) or unavailable (the source fails). */
  freshness(): Freshness {
    const source = this.source.kind;
    if (source === 'none')
      return {
        source,
        state: 'unavailable',
        asOf: null,
        since: null,
        message: 'no metrics source is configured (set PROMETHEUS_URL)',
      };
    const sampledAt = this.snap.value?.sampledAt ?? null;
    const asOf = sampledAt?.toISOString() ?? null;
    if (this.failingSince)
      return {
        source,
        state: 'unavailable',
        asOf,
        since: this.failingSince.toISOString(),
        message: this.lastError,
        ...(this.lastReason && { reason: this.lastReason }),
      };
    if (!sampledAt) return { source, state: 'unavailable', asOf: null, since: null, message: 'no sample yet' };
    if (this.clock.now().getTime() - sampledAt.getTime() > this.opts.staleAfterMs)
      return { source, state: 'stale', asOf, since: asOf, message: 'no new sample for two scrape intervals' };
    return { source, state: 'ok', asOf, since: null, message: null };
  }
}
