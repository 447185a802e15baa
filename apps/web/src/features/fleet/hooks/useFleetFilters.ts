import { FLEET_SORT_KEYS, type FleetListInput, type FleetSortKey, type GuestStatus, type GuestType } from '@ralf/shared';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export interface FleetFilters {
  input: FleetListInput;
  grouped: boolean;
  set: (patch: Partial<Record<'type' | 'status' | 'tag' | 'q' | 'sort' | 'dir' | 'group', string | null>> & { nodes?: string[] }) => void;
  reset: () => void;
}

const TYPES = new Set(['qemu', 'lxc']);
const STATUSES = new Set(['running', 'stopped', 'paused', 'unknown']);

/** The fleet's filters live in the address, so a filtered view can be bookmarked and shared. */
export function useFleetFilters(): FleetFilters {
  const [params, setParams] = useSearchParams();
  const input = useMemo<FleetListInput>(() => {
    const sort = params.get('sort') as FleetSortKey | null;
    const type = params.get('type');
    const status = params.get('status');
    const out: FleetListInput = {
      sort: sort && FLEET_SORT_KEYS.includes(sort) ? sort : 'name',
      dir: params.get('dir') === 'desc' ? 'desc' : 'asc',
    };
    const nodes = params.getAll('node').filter((n) => /^[A-Za-z0-9.-]+$/.test(n)).map((n) => `node/${n}`);
    if (nodes.length) out.nodes = nodes;
    if (type && TYPES.has(type)) out.type = type as GuestType;
    if (status && STATUSES.has(status)) out.statuses = [status as GuestStatus];
    const tag = params.get('tag');
    if (tag) out.tag = tag;
    const q = params.get('q');
    if (q) out.q = q.slice(0, 200);
    return out;
  }, [params]);

  const set = useCallback<FleetFilters['set']>(
    (patch) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (k === 'nodes') continue;
            if (v == null || v === '') next.delete(k);
            else next.set(k, v as string);
          }
          if (patch.nodes) {
            next.delete('node');
            for (const n of patch.nodes) next.append('node', n);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  const reset = useCallback(() => setParams(new URLSearchParams(), { replace: true }), [setParams]);
  return { input, grouped: params.get('group') !== '0', set, reset };
}
