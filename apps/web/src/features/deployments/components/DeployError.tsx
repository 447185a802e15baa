import { Link } from 'react-router';
import { useT } from '../../../i18n/i18n';
import { errorIssues, errorMessage, errorParams } from '../../../lib/errors';

/** The refusal, with a link to the running deployment when one holds the name (a 409). */
export function DeployError({ error }: { error: unknown }) {
  const t = useT();
  const id = errorParams(error)?.id;
  const running = typeof id === 'string' ? id : null;
  // A refusal at the form's fields stands at those fields (DeployPage); here only a pointer to them.
  const atFields = errorIssues(error).some((p) => p.path.startsWith('params.'));
  if (atFields)
    return (
      <p className="form-error" role="alert">
        {t('deploy.fixFields')}
      </p>
    );
  return (
    <p className="form-error" role="alert">
      {errorMessage(t, error)}
      {running && (
        <>
          {' '}
          <Link to={`/deployments/${running}`}>{t('deploy.openRunning')}</Link>
        </>
      )}
    </p>
  );
}
