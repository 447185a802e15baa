import type { PveCluster } from '@ralf/shared';
import { FreshnessTag } from '../../../components/FreshnessTag';

/** Whether the cluster a node or guest belongs to answers, and since when not: its panels only. */
export function ClusterTag({ cluster: c }: { cluster: PveCluster }) {
  return (
    <FreshnessTag
      label={c.name}
      f={{ source: 'none', state: c.state, asOf: c.readAt, since: c.since, message: c.message }}
    />
  );
}
