import type { Trail, TrailEvent } from '@ralf/shared';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { trpc } from '../../lib/trpc';
import { RecordPage } from '../../components/RecordPage';
import ChainDiagram from './components/ChainDiagram';
import { useT } from '../../i18n/i18n';
import { dateTime } from '../../lib/format';
import { isHttpUrl, subjectPath, trailPath } from '../../lib/links';
import { useLocale } from '../../stores/locale';
import { KindBadge, OutcomeBadge, TriggerBadge } from './components/TrailBadges';

/** One trail: its causal chain as a vertical timeline and as a diagram, with every decision's reasons. */
export function TrailDetailPage() {
  const t = useT();
  const id = useParams()['*'] ?? '';
  const q = useQuery(trpc.trails.byId.queryOptions({ id }));
  const exportUrl = (format: string) => `/api/trails/export?id=${encodeURIComponent(id)}&format=${format}`;
  return (
    <RecordPage
      query={q}
      back={{ to: '/trails', label: t('nav.trails') }}
      title={(tr) => tr.title}
      titleTestId="trail-title"
      head={(tr) => (
        <>
          <TriggerBadge trigger={tr.trigger} />
          <OutcomeBadge outcome={tr.outcome} />
          {tr.closed && <span className="badge tone-muted">{t('trail.closed')}</span>}
          <span className="spacer" />
          <a className="btn" href={exportUrl('markdown')} download data-testid="export-markdown">
            {t('trail.exportMarkdown')}
          </a>
          <a className="btn" href={exportUrl('json')} download>
            {t('trail.exportJson')}
          </a>
        </>
      )}
    >
      {(tr) => (
        <>
          <Subjects tr={tr} />
          <div className="grid-2 trail-grid">
            <article className="card" aria-labelledby="chain-h">
              <h2 id="chain-h">{t('trail.chain')}</h2>
              <ol className="chain" data-testid="trail-chain">
                {tr.chain.map((e) => (
                  <ChainItem key={e.id} e={e} />
                ))}
              </ol>
            </article>
            <article className="card" aria-labelledby="diagram-h">
              <h2 id="diagram-h">{t('trail.diagram')}</h2>
              {/* Drawn in the same frame as the chain beside it (issue 22): no chunk of its own to wait for. */}
              <ChainDiagram chain={tr.chain} />
            </article>
          </div>
        </>
      )}
    </RecordPage>
  );
}

function Subjects({ tr }: { tr: Trail }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  return (
    <p className="subjects" data-testid="trail-subjects">
      <span className="muted">
        {dateTime(locale, tr.startedAt)}
        {tr.endedAt ? ` – ${dateTime(locale, tr.endedAt)}` : ''} · {tr.agents.join(', ')}
      </span>
      {tr.subjects.map((s) => {
        const to = subjectPath(s);
        return to ? (
          <Link key={s} className="chip" to={to}>
            {s}
          </Link>
        ) : (
          <span key={s} className="chip">
            {s}
          </span>
        );
      })}
      {tr.subjects.length === 0 && <span className="muted">{t('trail.noSubjects')}</span>}
    </p>
  );
}

function ChainItem({ e }: { e: TrailEvent }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  return (
    <li
      className={`chain-item kind-${e.kind}`}
      style={{ marginLeft: `${Math.min(e.depth, 6) * 0.9}rem` }}
      data-kind={e.kind}
      data-testid="chain-event"
    >
      {e.parentMissing && (
        <p className="gap" data-testid="chain-gap">
          {t('trail.gap', { parent: e.parentId ?? '' })}
        </p>
      )}
      <div className="chain-head">
        <KindBadge kind={e.kind} />
        <strong>{e.title}</strong>
      </div>
      <p className="muted small">
        {dateTime(locale, e.at)} · {e.agent}
        {e.confidence !== null && <> · {t('trail.confidence', { pct: Math.round(e.confidence * 100) })}</>}
      </p>
      {e.corrects && <p className="small tone-warn">{t('trail.corrects', { id: e.corrects })}</p>}
      {e.correctedBy.length > 0 && (
        <p className="small tone-warn">{t('trail.correctedBy', { ids: e.correctedBy.join(', ') })}</p>
      )}
      {e.body && (
        <p className="pre-line" data-testid="event-body">
          {e.body}
        </p>
      )}
      {e.inputs.length > 0 && (
        <div className="small">
          <strong>{t('trail.inputs')}</strong>
          <ul>
            {e.inputs.map((i, k) => (
              <li key={k}>
                {t(`trail.input.${i.kind as 'metric'}`)}:{' '}
                {isHttpUrl(i.url) ? (
                  <a href={i.url} rel="noopener noreferrer" target="_blank">
                    {i.label}
                  </a>
                ) : i.kind === 'trail' && i.ref ? (
                  <Link to={trailPath(i.ref)}>{i.label}</Link>
                ) : subjectPath(i.ref) ? (
                  <Link to={subjectPath(i.ref)!}>{i.label}</Link>
                ) : (
                  i.label
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {e.alternatives.length > 0 && (
        <div className="small" data-testid="alternatives">
          <strong>{t('trail.alternatives')}</strong>
          <ul>
            {e.alternatives.map((a, k) => (
              <li key={k}>
                {a.option}: <span className="muted">{a.whyNot}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {e.links.some((l) => isHttpUrl(l.url)) && (
        <p className="small">
          {e.links
            .filter((l) => isHttpUrl(l.url))
            .map((l, k) => (
              <a key={k} className="chip" href={l.url} rel="noopener noreferrer" target="_blank">
                {t(`trail.link.${l.kind as 'commit'}`)}: {l.label || l.url}
              </a>
            ))}
        </p>
      )}
    </li>
  );
}
