import type { HealthState } from '@ralf/shared';
import { Link } from 'react-router';
import { HealthBadge } from '../../components/HealthBadge';
import { RecordTable } from '../../components/RecordTable';
import { useT } from '../../i18n/i18n';

export interface ComponentRow {
  id: string;
  name: string;
  state: HealthState;
  reason: string;
  href: string | null;
}

/**
 * Every box with its status in words: below the picture for reading without it, and open in
 * its place when the picture cannot be drawn.
 */
export function ComponentList({
  rows,
  open,
  onSelect,
}: {
  rows: readonly ComponentRow[];
  open: boolean;
  onSelect: (id: string) => void;
}) {
  const t = useT();
  return (
    <details className="arch-list" open={open || undefined} data-testid="arch-components">
      <summary>{t('arch.components', { n: rows.length })}</summary>
      <RecordTable columns={[{ label: t('arch.component') }, { label: t('bots.state') }, { label: t('arch.reason') }]}>
        {rows.map((r) => (
          <tr key={r.id} data-testid={`component-${r.id}`} data-state={r.state}>
            <td>
              <button type="button" className="linklike" onClick={() => onSelect(r.id)}>
                {r.name}
              </button>
              {r.href && (
                <>
                  {' '}
                  ·{' '}
                  <Link to={r.href} className="small">
                    {t('arch.open')}
                  </Link>
                </>
              )}
            </td>
            <td>
              <HealthBadge state={r.state} />
            </td>
            <td className="small">{r.reason}</td>
          </tr>
        ))}
      </RecordTable>
    </details>
  );
}
