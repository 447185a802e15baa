import type { GuestPve, PveCluster } from '@ralf/shared';
import { ClusterTag } from './ClusterTag';
import { Facts } from '../../../components/Facts';
import { ToneBadge } from '../../../components/ToneBadge';
import { useT } from '../../../i18n/i18n';
import { bytes, uptime } from '../../../lib/format';
import { useNow } from '../../../lib/useNow';
import { useLocale } from '../../../stores/locale';

/**
 * What Proxmox VE tells of a guest (issue 19): its addresses (or why there are none), since when
 * it runs, a task's lock, its HA state, its network devices and disks. A guest only agents
 * reported has none of it, and the card says so.
 */
export function PveGuestCard({ pve, cluster }: { pve: GuestPve | null; cluster?: PveCluster | undefined }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const now = useNow(30_000);
  return (
    <article className="card" data-testid="pve-guest">
      <header className="card-head">
        <h2>{t('pve.title')}</h2>
        {cluster && <ClusterTag cluster={cluster} />}
        {pve?.lock && (
          <ToneBadge tone="warn" data-testid="guest-lock">
            {t('pve.locked', { lock: pve.lock })}
          </ToneBadge>
        )}
      </header>
      {!pve ? (
        <p className="muted">{t('pve.notRead')}</p>
      ) : (
        <Facts
          items={[
            [
              t('pve.ips'),
              pve.ips.length ? (
                <span data-testid="guest-ips">{pve.ips.join(', ')}</span>
              ) : (
                <span className="muted" data-testid="guest-ips">
                  {t(`pve.ipSource.${pve.ipSource}`)}
                </span>
              ),
            ],
            [t('pve.uptime'), pve.bootedAt ? uptime(t, pve.bootedAt, now) : t('common.none')],
            [t('pve.ha'), pve.haState ?? t('pve.haNone')],
            [
              t('pve.nets'),
              lines(
                pve.nets.map((n) => [n.name, n.model, n.mac, n.bridge]),
                t('common.none'),
              ),
            ],
            [
              t('pve.disks'),
              lines(
                pve.disks.map((d) => [d.name, d.storage, d.sizeBytes === null ? null : bytes(locale, d.sizeBytes)]),
                t('common.none'),
              ),
            ],
          ]}
        />
      )}
    </article>
  );
}

/** One line per device: its name, then what is known of it. */
function lines(rows: Array<Array<string | null>>, none: string) {
  if (!rows.length) return none;
  return (
    <ul className="plain">
      {rows.map(([name, ...rest]) => (
        <li key={name}>
          {name}: {rest.filter(Boolean).join(' · ')}
        </li>
      ))}
    </ul>
  );
}
