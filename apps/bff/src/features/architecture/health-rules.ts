import type { ArchSourceStatus, HealthState } from '@ralf/shared';

/**
 * A box's health from its sources: the worst known state wins (down, then degraded); sources
 * that cannot tell (unknown) count only when none can; no sources at all is unknown.
 */
export function combineHealth(sources: readonly Pick<ArchSourceStatus, 'state' | 'reason'>[]): { state: HealthState; reason: string } {
  for (const state of ['down', 'degraded', 'healthy'] as const) {
    const hit = sources.find((s) => s.state === state);
    if (hit) return { state, reason: hit.reason };
  }
  return { state: 'unknown', reason: sources[0]?.reason ?? 'nothing tells its health' };
}
