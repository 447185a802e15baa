import { useT } from '../i18n/i18n';
import { errorMessage } from '../lib/errors';

/** Why a form's request was refused, in the reader's language, where a screen reader announces it; nothing without an error. */
export function FormError({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {errorMessage(t, error)}
    </p>
  );
}
