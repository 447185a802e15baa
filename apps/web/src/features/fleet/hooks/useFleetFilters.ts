import type { FleetListInput } from '@ralf/shared';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { fleetInputFromParams } from '../fleet-input';

export interface FleetFilters {
  input: FleetListInput;
  grouped: boolean;
  set: (
    patch: Partial<Record<'cluster' | 'type' | 'status' | 'tag' | 'q' | 'sort' | 'dir' | 'group', string | null>> & {
      nodes?: string[];
    },
  ) => void;
  reset: () => void;
}

/** The fleet's filters live in the address, so a filtered view can be bookmarked and shared. */
export function useFleetFilters(): FleetFilters {
  const [params, setParams] = useSearchParams();
  const input = useMemo(() => fleetInputFromParams(params), [params]);

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
