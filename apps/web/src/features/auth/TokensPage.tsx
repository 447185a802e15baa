import { TOKEN_SCOPES, type ApiToken, type CreatedToken, type TokenScope } from '@ralf/shared';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { trpc } from '../../lib/trpc';
import { ErrorState } from '../../components/ErrorState';
import { RecordTable } from '../../components/RecordTable';
import { useT } from '../../i18n/i18n';
import { dateTime } from '../../lib/format';
import { useLocale } from '../../stores/locale';
import { AdminPage } from '../../components/AdminPage';
import { useAdminMutation } from '../../lib/useAdminMutation';
import { FormError } from '../../components/FormError';

export function TokensPage() {
  return (
    <AdminPage>
      <Tokens />
    </AdminPage>
  );
}

function Tokens() {
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const [created, setCreated] = useState<CreatedToken | null>(null);
  return (
    <>
      {created ? (
        <ShownOnce created={created} onDone={() => setCreated(null)} />
      ) : (
        <CreateToken onCreated={setCreated} />
      )}
      {tokens.isError && <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />}
      {tokens.data && <TokenTable tokens={tokens.data} />}
    </>
  );
}

/** The secret, shown this one time: it is stored hashed and cannot be shown again. */
function ShownOnce({ created, onDone }: { created: CreatedToken; onDone: () => void }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <div className="card callout tone-warn" role="status" data-testid="token-secret">
      <h2>{t('tokens.createdTitle', { name: created.token.name })}</h2>
      <p>{t('tokens.shownOnce')}</p>
      <code className="secret">{created.secret}</code>
      {created.signingSecret && (
        <>
          <p>{t('tokens.signingSecret')}</p>
          <code className="secret" data-testid="signing-secret">
            {created.signingSecret}
          </code>
        </>
      )}
      <div className="row">
        <button
          type="button"
          className="btn"
          onClick={() => void navigator.clipboard?.writeText(created.secret).then(() => setCopied(true))}
        >
          {copied ? t('tokens.copied') : t('tokens.copy')}
        </button>
        <button type="button" className="btn primary" onClick={onDone}>
          {t('tokens.done')}
        </button>
      </div>
    </div>
  );
}

function CreateToken({ onCreated }: { onCreated: (c: CreatedToken) => void }) {
  const t = useT();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>([]);
  const [days, setDays] = useState('90');
  const [signed, setSigned] = useState(false);
  const create = useAdminMutation(trpc.tokens.create.mutationOptions({ onSuccess: onCreated }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, scopes, expiresInDays: days === '' ? null : Number(days), signed });
  };
  return (
    <form className="card form-row" onSubmit={submit} aria-labelledby="create-token">
      <h2 id="create-token">{t('tokens.create')}</h2>
      <div className="fields">
        <label>
          {t('tokens.name')}
          <input
            className="input"
            name="token-name"
            required
            maxLength={64}
            placeholder="a_plan"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label>
          {t('tokens.expiresInDays')}
          <select className="select" name="token-expiry" value={days} onChange={(e) => setDays(e.target.value)}>
            {['30', '90', '365'].map((d) => (
              <option key={d} value={d}>
                {t('tokens.days', { n: d })}
              </option>
            ))}
            <option value="">{t('tokens.never')}</option>
          </select>
        </label>
        <fieldset className="role-picker">
          <legend>{t('tokens.scopes')}</legend>
          {TOKEN_SCOPES.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                checked={scopes.includes(s)}
                onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))}
              />
              <code>{s}</code>
            </label>
          ))}
        </fieldset>
        <label className="check" title={t('tokens.signedHint')}>
          <input type="checkbox" name="token-signed" checked={signed} onChange={(e) => setSigned(e.target.checked)} />
          {t('tokens.signed')}
        </label>
        <button type="submit" className="btn primary" disabled={create.isPending || scopes.length === 0}>
          {t('admin.create')}
        </button>
      </div>
      <FormError error={create.error} />
    </form>
  );
}

function TokenTable({ tokens }: { tokens: ApiToken[] }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const revoke = useAdminMutation(trpc.tokens.revoke.mutationOptions());
  if (tokens.length === 0) return <p className="muted">{t('tokens.none')}</p>;
  return (
    <RecordTable
      columns={[
        { label: t('tokens.name') },
        { label: t('tokens.scopes') },
        { label: t('tokens.createdBy') },
        { label: t('tokens.expires') },
        { label: t('tokens.lastUsed') },
        { label: t('admin.actions') },
      ]}
    >
      {tokens.map((k) => (
        <tr key={k.id} data-testid={`token-${k.name}`}>
          <td>
            <strong>{k.name}</strong>
            {k.signed && <span className="badge tone-info">{t('tokens.signedBadge')}</span>}
            <div className="muted mono">ralf_{k.prefix}_…</div>
          </td>
          <td>
            {k.scopes.map((s) => (
              <code key={s} className="chip">
                {s}
              </code>
            ))}
          </td>
          <td className="muted">
            {k.createdBy}
            <div>{dateTime(locale, k.createdAt)}</div>
          </td>
          <td>
            {k.revokedAt ? (
              <span className="badge tone-bad">{t('tokens.revoked')}</span>
            ) : k.expiresAt ? (
              dateTime(locale, k.expiresAt)
            ) : (
              t('tokens.never')
            )}
          </td>
          <td className="muted">{k.lastUsedAt ? dateTime(locale, k.lastUsedAt) : '—'}</td>
          <td>
            {!k.revokedAt && (
              <button
                type="button"
                className="btn small danger"
                onClick={() =>
                  window.confirm(t('tokens.revokeConfirm', { name: k.name })) && revoke.mutate({ id: k.id })
                }
              >
                {t('tokens.revoke')}
              </button>
            )}
          </td>
        </tr>
      ))}
    </RecordTable>
  );
}
