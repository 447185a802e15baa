import {
  ARCH_FLOWS,
  type ArchitectureGraph,
  type ArchNode,
  type ArchNodeStatus,
  boxName,
  groupLabel,
  type MergedEdge,
  type PhysicalView,
} from '@ralf/shared';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { trpc } from '../../lib/trpc';
import { HealthBadge } from '../../components/HealthBadge';
import { UsageBar } from '../../components/UsageBar';
import { useT } from '../../i18n/i18n';
import { dateTime } from '../../lib/format';
import { guestPath, trailPath } from '../../lib/links';
import { useLocale } from '../../stores/locale';

const flowName = (id: string) => ARCH_FLOWS.find((f) => f.id === id);

function Panel({ title, onClose, children }: { title: string; onClose: () => void; children: React.ReactNode }) {
  const t = useT();
  return (
    <aside className="card arch-panel" aria-label={title} data-testid="arch-panel">
      <header className="card-head">
        <h2>{title}</h2>
        <span className="spacer" />
        <button type="button" className="btn icon" onClick={onClose} aria-label={t('common.close')}>
          ×
        </button>
      </header>
      {children}
    </aside>
  );
}

/** The trails of a subject or an agent, newest first. */
function RecentTrails({ subject, agent }: { subject?: string; agent?: string }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const q = useQuery(
    trpc.trails.list.queryOptions(
      { ...(subject && { subject }), ...(agent && { agent }), limit: 5 },
      { enabled: Boolean(subject || agent) },
    ),
  );
  if (!subject && !agent) return null;
  return (
    <section>
      <h3>{t('arch.recentTrails')}</h3>
      {q.data?.items.length === 0 && <p className="muted small">{t('why.none')}</p>}
      <ul className="log">
        {q.data?.items.map((tr) => (
          <li key={tr.id}>
            <Link to={trailPath(tr.id)}>{tr.title}</Link>
            <div className="muted small">
              {dateTime(locale, tr.startedAt)} · {t(`trail.outcome.${tr.outcome}`)}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A box of the architecture: its status and why, what tells it, its use, its edges, its recent trails, its page. */
export function BoxPanel({
  box,
  status,
  graph,
  merged,
  onClose,
  onSelect,
}: {
  box: ArchNode;
  status: ArchNodeStatus | undefined;
  graph: ArchitectureGraph;
  merged: readonly MergedEdge[];
  onClose: () => void;
  onSelect: (id: string) => void;
}) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const service = status?.sources.find((s) => s.kind === 'service' && s.guestId);
  const agent = box.health.find((h) => h.kind === 'agent');
  const page = box.href ?? status?.sources.find((s) => s.href)?.href ?? null;
  const found = (id: string) => graph.nodes.find((n) => n.id === id);
  const name = (id: string) =>
    (found(id) ? boxName(found(id)!, locale) : null) ??
    (graph.groups.find((g) => g.id === id)
      ? groupLabel(
          graph.groups.find((g) => g.id === id)!,
          locale,
        )
      : id);
  const edges = merged.filter((m) => m.from === box.id || m.to === box.id);
  return (
    <Panel title={boxName(box, locale)} onClose={onClose}>
      <p className="muted small">{locale === 'de' ? box.de : (box.en ?? box.de)}</p>
      {status ? (
        <p data-testid="arch-panel-state">
          <HealthBadge state={status.state} /> {t.msg(status.reason)}
        </p>
      ) : (
        <p className="muted">{t('arch.noStatus')}</p>
      )}
      {(page || service?.guestId) && (
        <p className="row">
          {page && (
            <Link to={page} className="btn small">
              {t('arch.open')}
            </Link>
          )}
          {/* A service's box opens the service page (issue 21); its guest is one more click away here. */}
          {service?.guestId && page !== guestPath(service.guestId) && (
            <Link to={guestPath(service.guestId)} className="btn small">
              {t('arch.openGuest')}
            </Link>
          )}
        </p>
      )}
      {service && (
        <section>
          <h3>{t('arch.metrics')}</h3>
          <div className="small">CPU</div>
          <UsageBar value={service.cpu} />
          <div className="small">{t('arch.memory')}</div>
          <UsageBar value={service.mem} />
        </section>
      )}
      <section>
        <h3>{t('arch.sources')}</h3>
        <ul className="log">
          {status?.sources.map((s) => (
            <li key={`${s.kind}:${s.id}`}>
              <HealthBadge state={s.state} /> <span className="muted small">{t(`arch.kind.${s.kind}`)}</span>{' '}
              {s.href ? <Link to={s.href}>{s.id}</Link> : <span className="mono">{s.id}</span>}
              <div className="small">{t.msg(s.reason)}</div>
            </li>
          ))}
        </ul>
      </section>
      <RecentTrails subject={service?.guestId ?? undefined} agent={agent?.id} />
      <details>
        <summary>{t('arch.edges', { n: edges.length })}</summary>
        <ul className="log">
          {edges.map((m) => {
            const other = m.from === box.id ? m.to : m.from;
            return (
              <li key={m.id}>
                {m.from === box.id ? '→ ' : '← '}
                <button type="button" className="linklike" onClick={() => onSelect(other)}>
                  {name(other)}
                </button>
                {m.flows.map((f) => (
                  <span key={f} className="flow-tag" style={{ ['--flow' as string]: flowName(f)?.color }}>
                    {t(`arch.flow.${f}`)}
                  </span>
                ))}
                <div className="muted small">{m.labels.join(' · ')}</div>
              </li>
            );
          })}
        </ul>
      </details>
    </Panel>
  );
}

/** A guest of the physical view: its state, services, pending moves and trails. */
export function GuestPanel({
  guest,
  view,
  onClose,
}: {
  guest: PhysicalView['nodes'][number]['guests'][number];
  view: PhysicalView;
  onClose: () => void;
}) {
  const t = useT();
  const moves = view.ghosts.filter((g) => g.guestId === guest.id);
  return (
    <Panel title={`${guest.name} (${guest.id})`} onClose={onClose}>
      <p data-testid="arch-panel-state">
        <HealthBadge state={guest.health} /> {guest.status}
      </p>
      <p>
        <Link to={guestPath(guest.id)} className="btn small">
          {t('arch.open')}
        </Link>
      </p>
      {guest.services.length > 0 && <p className="small">{guest.services.map((s) => s.name).join(', ')}</p>}
      {moves.map((m) => (
        <p key={m.planId} className="callout small">
          {t('arch.pendingMove', { to: m.to })} <Link to={`/plans/${m.planId}`}>{m.planTitle}</Link> ({m.planStatus})
        </p>
      ))}
      <RecentTrails subject={guest.id} />
    </Panel>
  );
}
