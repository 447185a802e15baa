import { useT } from '../../i18n/i18n';

/** "Stop win11-test?": an action that loses state asks first, naming what it acts on. */
export function ConfirmPanel({
  message,
  confirmLabel,
  busy,
  onConfirm,
  onCancel,
}: {
  message: string;
  confirmLabel: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  return (
    <div className="confirm" role="alertdialog" aria-label={message} data-testid="confirm">
      <p>{message}</p>
      <div className="actions">
        <button type="button" className="btn danger" disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
