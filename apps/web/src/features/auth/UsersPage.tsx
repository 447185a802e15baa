import { ROLES, type Role, type User } from '@ralf/shared';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNotices } from '../../stores/notices';
import { useSession } from '../../lib/session';
import { trpc } from '../../lib/trpc';
import { ErrorState } from '../../components/ErrorState';
import { RecordTable } from '../../components/RecordTable';
import { useT } from '../../i18n/i18n';
import { dateTime } from '../../lib/format';
import { useLocale } from '../../stores/locale';
import { AdminPage } from '../../components/AdminPage';
import { useAdminMutation } from '../../lib/useAdminMutation';
import { FormError } from '../../components/FormError';

export function UsersPage() {
  return (
    <AdminPage>
      <Users />
    </AdminPage>
  );
}

function Users() {
  const users = useQuery(trpc.users.list.queryOptions());
  return (
    <>
      <CreateUser />
      {users.isError && <ErrorState error={users.error} onRetry={() => void users.refetch()} />}
      {users.data && <UserTable users={users.data} />}
    </>
  );
}

function RolePicker({ value, onChange, name }: { value: Role[]; onChange: (r: Role[]) => void; name: string }) {
  const t = useT();
  return (
    <fieldset className="role-picker">
      <legend className="sr-only">{t('auth.roles')}</legend>
      {ROLES.map((r) => (
        <label key={r} className="check">
          <input
            type="checkbox"
            name={`${name}-${r}`}
            checked={value.includes(r)}
            onChange={(e) => onChange(e.target.checked ? [...value, r] : value.filter((x) => x !== r))}
          />
          {t(`role.${r}`)}
        </label>
      ))}
    </fieldset>
  );
}

function CreateUser() {
  const t = useT();
  const [form, setForm] = useState({ username: '', displayName: '', password: '', roles: ['viewer'] as Role[] });
  const create = useAdminMutation(
    trpc.users.create.mutationOptions({
      onSuccess: () => setForm({ username: '', displayName: '', password: '', roles: ['viewer'] }),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({
      username: form.username,
      displayName: form.displayName || undefined,
      password: form.password,
      roles: form.roles,
    });
  };
  return (
    <form className="card form-row" onSubmit={submit} aria-labelledby="create-user">
      <h2 id="create-user">{t('admin.createUser')}</h2>
      <div className="fields">
        <label>
          {t('auth.username')}
          <input
            className="input"
            name="new-username"
            required
            maxLength={64}
            value={form.username}
            onChange={(e) => setForm({ ...form, username: e.target.value })}
          />
        </label>
        <label>
          {t('admin.displayName')}
          <input
            className="input"
            name="new-display-name"
            maxLength={128}
            value={form.displayName}
            onChange={(e) => setForm({ ...form, displayName: e.target.value })}
          />
        </label>
        <label>
          {t('auth.password')}
          <input
            className="input"
            name="new-password"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            maxLength={256}
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
        </label>
        <RolePicker name="new" value={form.roles} onChange={(roles) => setForm({ ...form, roles })} />
        <button type="submit" className="btn primary" disabled={create.isPending || form.roles.length === 0}>
          {t('admin.create')}
        </button>
      </div>
      <FormError error={create.error} />
    </form>
  );
}

function UserTable({ users }: { users: User[] }) {
  const t = useT();
  return (
    <RecordTable
      columns={[
        { label: t('auth.username') },
        { label: t('auth.roles') },
        { label: t('admin.state') },
        { label: t('admin.lastSignIn') },
        { label: t('admin.actions') },
      ]}
    >
      {users.map((u) => (
        <UserRow key={u.id} user={u} />
      ))}
    </RecordTable>
  );
}

function UserRow({ user }: { user: User }) {
  const t = useT();
  const locale = useLocale((l) => l.locale);
  const me = useSession().data?.user.id === user.id;
  const update = useAdminMutation(trpc.users.update.mutationOptions());
  const reset = useAdminMutation(trpc.users.resetPassword.mutationOptions());
  const [password, setPassword] = useState<string | null>(null);
  // A draft of the roles, for the roles it was drafted from: a change from elsewhere drops it.
  const [draft, setDraft] = useState<{ from: Role[]; roles: Role[] } | null>(null);
  const roles = draft && draft.from === user.roles ? draft.roles : user.roles;
  const setRoles = (r: Role[]) => setDraft({ from: user.roles, roles: r });
  const rolesChanged = roles.length !== user.roles.length || roles.some((r) => !user.roles.includes(r));
  const say = useNotices((n) => n.say);
  const error = update.error ?? reset.error;
  return (
    <tr data-testid={`user-${user.username}`}>
      <td>
        <strong>{user.username}</strong>
        <div className="muted">
          {user.displayName}
          {user.demo && <span className="badge tone-info">{t('admin.demo')}</span>}
          {user.source === 'oidc' && <span className="badge tone-muted">SSO</span>}
        </div>
      </td>
      <td>
        {/* Roles change behind an explicit Save (issue 21): a stray click changes nothing yet. */}
        <RolePicker name={user.username} value={roles} onChange={setRoles} />
        {rolesChanged && (
          <span className="actions">
            <button
              type="button"
              className="btn small primary"
              disabled={roles.length === 0 || update.isPending}
              onClick={() =>
                update.mutate(
                  { id: user.id, roles },
                  { onSuccess: () => say(t('admin.rolesSaved', { user: user.username })) },
                )
              }
            >
              {t('common.save')}
            </button>
            <button type="button" className="btn small" onClick={() => setRoles(user.roles)}>
              {t('common.cancel')}
            </button>
          </span>
        )}
      </td>
      <td>
        {user.disabled ? (
          <span className="badge tone-bad">{t('admin.disabled')}</span>
        ) : (
          <span className="badge tone-ok">{t('admin.active')}</span>
        )}
      </td>
      <td className="muted">{user.lastSignInAt ? dateTime(locale, user.lastSignInAt) : '—'}</td>
      <td>
        <div className="actions">
          {!me && (
            <button
              type="button"
              className="btn small"
              onClick={() => update.mutate({ id: user.id, disabled: !user.disabled })}
            >
              {user.disabled ? t('admin.enable') : t('admin.disable')}
            </button>
          )}
          {user.source === 'local' &&
            (password === null ? (
              <button type="button" className="btn small" onClick={() => setPassword('')}>
                {t('admin.resetPassword')}
              </button>
            ) : (
              <form
                className="inline-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  reset.mutate({ id: user.id, password }, { onSuccess: () => setPassword(null) });
                }}
              >
                <input
                  className="input"
                  type="password"
                  autoComplete="new-password"
                  aria-label={t('auth.newPassword')}
                  placeholder={t('auth.newPassword')}
                  minLength={10}
                  maxLength={256}
                  required
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                />
                <button type="submit" className="btn small primary">
                  {t('admin.save')}
                </button>
                <button type="button" className="btn small" onClick={() => setPassword(null)}>
                  {t('common.cancel')}
                </button>
              </form>
            ))}
          <FormError error={error} />
        </div>
      </td>
    </tr>
  );
}
