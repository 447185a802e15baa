import type { Freshness, Guest, Node } from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import type { Clock } from '../../adapters/ports';
import { AppError } from '../../lib/app-error';
import { fleetRepository } from './fleet.repository';

/** While the database is down, ask it again at most this often. */
const RETRY_MS = 2000;

export interface Inventory {
  nodes: Node[];
  guests: Guest[];
  nodeById: Map<string, Node>;
  updatedAt: Date | null;
}

/**
 * The inventory as the fleet pages read it: checked against the database at most once per
 * `ttlMs` (shared by concurrent requests) and read again only when its fingerprint changed. When the database stops
 * answering, the last inventory is served marked `unavailable since …`; with none loaded yet,
 * requests fail with DB_UNAVAILABLE (a 503).
 */
export class InventoryCache {
  private value: Inventory | null = null;
  private at = 0;
  private pending: Promise<Inventory> | null = null;
  private failingSince: Date | null = null;
  private lastError: string | null = null;
  private lastTry = 0;
  private fingerprint = '';
  /** Grows each time the inventory changes; services memoize on it. */
  version = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  invalidate() {
    this.at = 0;
  }

  async get(): Promise<{ inv: Inventory; freshness: Freshness }> {
    const now = this.clock.now().getTime();
    const backingOff = this.value !== null && this.failingSince !== null && now - this.lastTry < RETRY_MS;
    if ((!this.value || now - this.at >= this.ttlMs) && !backingOff) {
      if (!this.pending) this.lastTry = now;
      this.pending ??= this.load().finally(() => (this.pending = null));
      try {
        await this.pending;
      } catch (err) {
        if (!this.failingSince) this.failingSince = this.clock.now();
        this.lastError = (err as Error).message;
        if (!this.value)
          throw new AppError('DB_UNAVAILABLE', { message: `database unavailable: ${this.lastError}`, cause: err });
      }
    }
    return { inv: this.value!, freshness: this.freshness() };
  }

  private async load(): Promise<Inventory> {
    const fingerprint = await fleetRepository.findInventoryVersion(this.db);
    if (this.value && fingerprint === this.fingerprint) {
      this.at = this.clock.now().getTime();
      this.failingSince = null;
      this.lastError = null;
      return this.value;
    }
    const [nodes, guests, updatedAt] = await Promise.all([
      fleetRepository.listNodes(this.db),
      fleetRepository.listGuests(this.db),
      fleetRepository.findInventoryUpdatedAt(this.db),
    ]);
    const inv = { nodes, guests, nodeById: new Map(nodes.map((n) => [n.id, n])), updatedAt };
    this.fingerprint = fingerprint;
    this.value = inv;
    this.at = this.clock.now().getTime();
    this.failingSince = null;
    this.lastError = null;
    this.version++;
    return inv;
  }

  freshness(): Freshness {
    const asOf = this.value?.updatedAt?.toISOString() ?? null;
    if (this.failingSince)
      return {
        source: 'database',
        state: 'unavailable',
        asOf,
        since: this.failingSince.toISOString(),
        message: this.lastError,
      };
    return { source: 'database', state: 'ok', asOf, since: null, message: null };
  }
}
