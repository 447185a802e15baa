import { useT } from '../i18n/i18n';
import { errorCode, errorMessage } from '../lib/errors';

/** An error in words, with "Retry" where trying again can help (not for what does not exist, issue 26). */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  const hopeless = ['NOT_FOUND', 'FORBIDDEN', 'BAD_INPUT', 'BAD_REQUEST'].includes(errorCode(error) ?? '');
  return (
    <div className="error-state" role="alert">
      <p>{errorMessage(t, error)}</p>
      {onRetry && !hopeless && (
        <button type="button" className="btn" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
