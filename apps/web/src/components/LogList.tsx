import { useT } from '../i18n/i18n';
import { clockTime } from '../lib/format';
import { useLocale } from '../stores/locale';

/** A card with a time-stamped log, oldest first (a deployment's or a plan's). */
export function LogList({
  lines,
  testId,
}: {
  lines: { at: string; message: { code: string; params: object } }[];
  testId: string;
}) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  return (
    <article className="card">
      <h2>{t('deployment.log')}</h2>
      <ol className="log" data-testid={testId}>
        {lines.map((l, i) => (
          <li key={i}>
            <span className="muted mono">{clockTime(locale, l.at)}</span> {t.msg(l.message)}
          </li>
        ))}
      </ol>
    </article>
  );
}
