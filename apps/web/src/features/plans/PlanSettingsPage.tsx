import type { ApplyWindow, PlanSettings } from '@ralf/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { queryClient, trpc } from '../../lib/trpc';
import { ErrorState } from '../../components/ErrorState';
import { useT } from '../../i18n/i18n';
import { AdminPage } from '../../components/AdminPage';
import { useAdminMutation } from '../../lib/useAdminMutation';
import { FormError } from '../../components/FormError';

const newWindow = (): ApplyWindow => ({
  kind: 'allow',
  cron: '0 22 * * *',
  durationMinutes: 240,
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
  label: '',
});

/** How many approvals a plan needs, and when approved plans may be applied (allow and deny windows; deny wins). */
export function PlanSettingsPage() {
  const t = useT();
  const q = useQuery(trpc.plans.settings.queryOptions());
  // What the admin edits: the saved settings until the first change.
  const [edited, setDraft] = useState<PlanSettings | null>(null);
  const draft = edited ?? q.data ?? null;
  const save = useAdminMutation(
    trpc.plans.updateSettings.mutationOptions({
      onSuccess: (s) => {
        setDraft(s);
        void queryClient.invalidateQueries(trpc.plans.pathFilter());
      },
    }),
  );
  const setWindow = (i: number, patch: Partial<ApplyWindow>) => {
    if (draft) setDraft({ ...draft, windows: draft.windows.map((w, j) => (j === i ? { ...w, ...patch } : w)) });
  };
  return (
    <AdminPage>
      {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {draft && (
        <form
          className="card form"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(draft);
          }}
          data-testid="plan-settings"
        >
          <h2>{t('planSettings.title')}</h2>
          <label className="field">
            {t('planSettings.approvalsNeeded')}
            <select
              className="select"
              value={draft.approvalsNeeded}
              onChange={(e) => setDraft({ ...draft, approvalsNeeded: Number(e.target.value) })}
            >
              {[1, 2, 3].map((n) => (
                <option key={n} value={n}>
                  {n === 2 ? t('planSettings.fourEyes') : String(n)}
                </option>
              ))}
            </select>
          </label>
          <p className="muted small">{t('planSettings.approvalsHint')}</p>
          <h3>{t('planSettings.windows')}</h3>
          <p className="muted small">{t('planSettings.windowsHint')}</p>
          {draft.windows.length === 0 && <p className="muted">{t('planSettings.noWindows')}</p>}
          {draft.windows.map((w, i) => (
            <fieldset key={i} className="window-row">
              <legend className="sr-only">{t('planSettings.window', { n: i + 1 })}</legend>
              <select
                className="select"
                aria-label={t('planSettings.kind')}
                value={w.kind}
                onChange={(e) => setWindow(i, { kind: e.target.value as ApplyWindow['kind'] })}
              >
                <option value="allow">{t('planSettings.allow')}</option>
                <option value="deny">{t('planSettings.deny')}</option>
              </select>
              <input
                className="input mono"
                aria-label={t('planSettings.cron')}
                value={w.cron}
                onChange={(e) => setWindow(i, { cron: e.target.value })}
              />
              <input
                className="input narrow"
                type="number"
                min={1}
                aria-label={t('planSettings.duration')}
                value={w.durationMinutes}
                onChange={(e) => setWindow(i, { durationMinutes: Number(e.target.value) })}
              />
              <span className="muted small">{t('planSettings.minutes')}</span>
              <input
                className="input"
                aria-label={t('planSettings.timeZone')}
                value={w.timeZone}
                onChange={(e) => setWindow(i, { timeZone: e.target.value })}
              />
              <input
                className="input"
                aria-label={t('planSettings.label')}
                placeholder={t('planSettings.label')}
                value={w.label}
                onChange={(e) => setWindow(i, { label: e.target.value })}
              />
              <button
                type="button"
                className="btn"
                onClick={() => setDraft({ ...draft, windows: draft.windows.filter((_, j) => j !== i) })}
              >
                {t('planSettings.remove')}
              </button>
            </fieldset>
          ))}
          <p className="actions">
            <button
              type="button"
              className="btn"
              onClick={() => setDraft({ ...draft, windows: [...draft.windows, newWindow()] })}
            >
              {t('planSettings.add')}
            </button>
            <button type="submit" className="btn primary" disabled={save.isPending}>
              {t('admin.save')}
            </button>
            {save.isSuccess && <span className="tone-ok">{t('planSettings.saved')}</span>}
          </p>
          <FormError error={save.error} />
        </form>
      )}
    </AdminPage>
  );
}
