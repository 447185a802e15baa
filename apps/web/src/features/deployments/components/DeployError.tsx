import { Link } from 'react-router';
import { useT } from '../../../i18n/i18n';
import { errorMessage } from '../../../lib/errors';

/** The refusal, with a link to the running deployment when one holds the name (a 409). */
export function DeployError({ error }: { error: unknown }) {
  const t = useT();
  const running = /\(([0-9a-f]{8}-[0-9a-f-]{27})\)/.exec(errorMessage(t, error))?.[1];
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
