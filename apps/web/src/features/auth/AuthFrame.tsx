import type { ReactNode } from 'react';
import { useT } from '../../i18n/i18n';

/** The sign-in and setup pages' frame: the brand above one centred card. */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  const t = useT();
  return (
    <main className="auth-page">
      <div className="card auth-card">
        <div className="brand">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>
            <strong>{t('app.title')}</strong>
            <small>{t('app.subtitle')}</small>
          </span>
        </div>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
