import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { trpc } from '../lib/trpc';
import { useT } from '../i18n/i18n';
import { dateTime } from '../lib/format';
import { useLocale } from '../stores/locale';
import { trailPath } from '../lib/links';

/** "Why?": the trails that touched this node, guest, plan or deployment, newest first (issue 7). */
export function WhyPanel({ subject }: { subject: string }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const q = useQuery(trpc.trails.list.queryOptions({ subject, limit: 5 }));
  return (
    <article className="card" aria-labelledby={`why-${subject}`} data-testid="why-panel">
      <header className="card-head">
        <h2 id={`why-${subject}`}>{t('why.title')}</h2>
        <span className="spacer" />
        <Link to={`/trails?subject=${encodeURIComponent(subject)}`}>{t('why.all')}</Link>
      </header>
      {q.data && q.data.items.length === 0 && <p className="muted">{t('why.none')}</p>}
      <ul className="log">
        {q.data?.items.map((tr) => (
          <li key={tr.id}>
            <Link to={trailPath(tr.id)}>{tr.title}</Link>
            <div className="muted small">
              {dateTime(locale, tr.startedAt)} · {t(`trail.outcome.${tr.outcome}`)}
              {tr.decision && <> · {tr.decision}</>}
            </div>
          </li>
        ))}
      </ul>
    </article>
  );
}
