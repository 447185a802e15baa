import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { FormError } from '../../components/FormError';
import { useT } from '../../i18n/i18n';
import { dateTime } from '../../lib/format';
import { queryClient, trpc } from '../../lib/trpc';
import { useLocale } from '../../stores/locale';

/**
 * Linking the user's Matrix ID (issue 23): they name it, the bot sends a code there, they enter
 * it here; from then on their `!ralf approve|reject` in the ops room count as theirs.
 */
export function MatrixLinkCard() {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const q = useQuery(trpc.matrixLink.get.queryOptions());
  const [matrixId, setMatrixId] = useState('');
  const [code, setCode] = useState('');
  const done = (data: unknown) => {
    queryClient.setQueryData(trpc.matrixLink.get.queryKey(), data as never);
    setCode('');
  };
  const start = useMutation(trpc.matrixLink.start.mutationOptions({ onSuccess: done }));
  const verify = useMutation(trpc.matrixLink.verify.mutationOptions({ onSuccess: done }));
  const unlink = useMutation(trpc.matrixLink.unlink.mutationOptions({ onSuccess: done }));
  const link = q.data;
  if (!link) return null;
  const sendCode = (e: FormEvent) => {
    e.preventDefault();
    start.mutate({ matrixId: matrixId || (link.matrixId ?? '') });
  };
  const confirm = (e: FormEvent) => {
    e.preventDefault();
    verify.mutate({ code });
  };
  return (
    <section className="card auth-form narrow" aria-labelledby="matrix-h" data-testid="matrix-link">
      <h2 id="matrix-h">{t('account.matrix')}</h2>
      <p className="muted small">{t('account.matrixWhy')}</p>
      {link.verified && link.matrixId ? (
        <>
          <p className="tone-ok" role="status">
            {t('account.linked', { matrixId: link.matrixId })}
          </p>
          <button type="button" className="btn" disabled={unlink.isPending} onClick={() => unlink.mutate()}>
            {t('account.unlink')}
          </button>
          <FormError error={unlink.error} />
        </>
      ) : !link.available ? (
        <p className="muted">{t('account.matrixUnavailable')}</p>
      ) : link.codeExpiresAt && link.matrixId ? (
        <form onSubmit={confirm}>
          <p role="status">
            {t('account.codeSent', { matrixId: link.matrixId, at: dateTime(locale, link.codeExpiresAt) })}
          </p>
          <label>
            {t('account.code')}
            <input
              className="input mono"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="\d{6}"
              maxLength={6}
              required
              value={code}
              onChange={(e) => setCode(e.target.value.trim())}
            />
          </label>
          <FormError error={verify.error ?? start.error} />
          <div className="actions">
            <button type="submit" className="btn primary" disabled={verify.isPending}>
              {t('account.confirmCode')}
            </button>
            <button type="button" className="btn" disabled={start.isPending} onClick={sendCode}>
              {t('account.newCode')}
            </button>
          </div>
        </form>
      ) : (
        <form onSubmit={sendCode}>
          <label>
            {t('account.matrixId')}
            <input
              className="input mono"
              placeholder="@alice:homelab"
              autoComplete="off"
              required
              maxLength={255}
              value={matrixId}
              onChange={(e) => setMatrixId(e.target.value.trim())}
            />
          </label>
          <FormError error={start.error} />
          <button type="submit" className="btn primary" disabled={start.isPending}>
            {t('account.sendCode')}
          </button>
        </form>
      )}
    </section>
  );
}
