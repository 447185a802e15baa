import {
  type ArchitectureGraph,
  type ArchitectureStatus,
  boxName,
  type HealthState,
  type PhysicalView,
} from '@ralf/shared';
import type { useT } from '../../i18n/i18n';
import { guestPath } from '../../lib/links';
import type { ComponentRow } from './ComponentList';
import { physicalId } from './mermaid';

export type ViewName = 'logical' | 'physical';

/** A box's row of the component list, and its spoken and hover text. */
type BoxStatus = Omit<ComponentRow, 'id'> & { text: string };

/** Every box's state and the words for it (spoken, hover and the component list). */
export function statusOfBoxes(
  t: ReturnType<typeof useT>,
  view: ViewName,
  graph: ArchitectureGraph | undefined,
  status: ArchitectureStatus | undefined,
  physical: PhysicalView | undefined,
): Record<string, BoxStatus> {
  const out: Record<string, BoxStatus> = {};
  const word = (s: HealthState) => t(`bots.stateName.${s}`);
  if (view === 'physical') {
    for (const n of physical?.nodes ?? []) {
      for (const g of n.guests) {
        const reason = `${g.status}${g.services.length ? ` · ${g.services.map((s) => s.name).join(', ')}` : ''}`;
        out[physicalId(g.id)] = {
          name: `${g.name} (${g.id})`,
          state: g.health,
          reason,
          text: `${g.name}: ${word(g.health)}, ${reason}`,
          href: guestPath(g.id),
        };
      }
    }
    return out;
  }
  for (const n of graph?.nodes ?? []) {
    const s = status?.nodes[n.id];
    const state = s?.state ?? 'unknown';
    const reason = s ? t.msg(s.reason) : t('arch.noStatus');
    // The spoken name starts with the words drawn in the box (axe: label-content-name-mismatch).
    const name = boxName(n, t.locale);
    const drawn = [name, t.locale === 'de' ? n.de : (n.en ?? n.de)].filter(Boolean).join(' ');
    out[n.id] = {
      name,
      state,
      reason,
      text: `${drawn}: ${word(state)}, ${reason}`,
      href: n.href ?? s?.sources.find((x) => x.href)?.href ?? null,
    };
  }
  return out;
}
