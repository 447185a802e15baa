import { NOTIFY_KINDS, NOTIFY_SEVERITIES, type NotifyChannelConfig, type NotifyKind } from '@ralf/shared';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { FormError } from '../../components/FormError';
import { useT } from '../../i18n/i18n';
import { queryClient, trpc } from '../../lib/trpc';
import { useNotices } from '../../stores/notices';

type ChannelType = NotifyChannelConfig['type'];
const TYPES: ChannelType[] = ['webhook', 'ntfy', 'gotify', 'email', 'matrix'];
type Field =
  'url' | 'secret' | 'topic' | 'token' | 'host' | 'port' | 'user' | 'password' | 'from' | 'to' | 'homeserver' | 'room';
/** The text fields each type has (beside id and the rules), in the order the form shows them. */
const FIELDS: Record<ChannelType, Field[]> = {
  webhook: ['url', 'secret'],
  ntfy: ['url', 'topic', 'token'],
  gotify: ['url', 'token'],
  email: ['host', 'port', 'user', 'password', 'from', 'to'],
  matrix: ['homeserver', 'room', 'token'],
};
const SECRET_FIELDS = new Set<Field>(['secret', 'token', 'password']);
const KINDS = (Object.keys(NOTIFY_KINDS) as NotifyKind[]).filter((k) => k !== 'test');

type Form = Record<string, string> & { id: string; type: ChannelType; min_severity: string };

function formOf(c: NotifyChannelConfig | null): { form: Form; kinds: NotifyKind[] } {
  if (!c) return { form: { id: '', type: 'webhook', min_severity: 'warning', port: '587' }, kinds: [] };
  const form: Form = { id: c.id, type: c.type, min_severity: c.min_severity };
  for (const [k, v] of Object.entries(c))
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') form[k] = String(v);
    else if (k === 'to' && Array.isArray(v)) form.to = v.join(', ');
  if (c.quiet_hours)
    Object.assign(form, { qh_from: c.quiet_hours.from, qh_to: c.quiet_hours.to, qh_zone: c.quiet_hours.timezone });
  return { form, kinds: c.kinds ?? [] };
}

/** The config the BFF validates (its zod schema): only the fields of the chosen type, blanks left out. */
function configOf(f: Form, kinds: NotifyKind[]): unknown {
  const out: Record<string, unknown> = { id: f.id.trim(), type: f.type, min_severity: f.min_severity };
  for (const k of FIELDS[f.type]) {
    const v = (f[k] ?? '').trim();
    if (!v) continue;
    out[k] = k === 'port' ? Number(v) : k === 'to' ? v.split(/[,\s]+/).filter(Boolean) : v;
  }
  if (f.type === 'email' && f.secure === 'true') out.secure = true;
  if (kinds.length) out.kinds = kinds;
  if (f.qh_from && f.qh_to)
    out.quiet_hours = { from: f.qh_from, to: f.qh_to, timezone: (f.qh_zone ?? '').trim() || 'UTC' };
  return out;
}

/**
 * Adding or changing a channel on the admin page (issue 23): the same settings as the profile's
 * `notifications.channels`, secrets as vault:// references; the BFF checks them with the shared schema.
 */
export function ChannelForm({ editing, onDone }: { editing: NotifyChannelConfig | null; onDone: () => void }) {
  const t = useT();
  const say = useNotices((n) => n.say);
  const initial = formOf(editing);
  const [form, setForm] = useState<Form>(initial.form);
  const [kinds, setKinds] = useState<NotifyKind[]>(initial.kinds);
  const save = useMutation(
    trpc.notifications.saveChannel.mutationOptions({
      onSuccess: (c) => {
        say(t('notify.saved', { channel: c.id }));
        void queryClient.invalidateQueries(trpc.notifications.pathFilter());
        onDone();
      },
    }),
  );
  const set = (k: string) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(configOf(form, kinds) as NotifyChannelConfig);
  };
  return (
    <form className="card form-row" onSubmit={submit} aria-labelledby="channel-form-h" data-testid="channel-form">
      <h2 id="channel-form-h">{editing ? t('notify.editChannel', { id: editing.id }) : t('notify.addChannel')}</h2>
      <div className="fields">
        <label>
          {t('notify.channelId')}
          <input
            className="input"
            required
            maxLength={40}
            placeholder="ops-ntfy"
            value={form.id}
            onChange={set('id')}
            readOnly={!!editing}
          />
        </label>
        <label>
          {t('notify.type')}
          <select className="select" value={form.type} onChange={set('type')} disabled={!!editing}>
            {TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {ty}
              </option>
            ))}
          </select>
        </label>
        {FIELDS[form.type].map((k) => (
          <label key={k}>
            {t(`notify.field.${k}`)}
            <input
              className={`input${SECRET_FIELDS.has(k) ? ' mono' : ''}`}
              value={form[k] ?? ''}
              onChange={set(k)}
              placeholder={SECRET_FIELDS.has(k) ? 'vault://notify/…' : undefined}
              inputMode={k === 'port' ? 'numeric' : undefined}
            />
          </label>
        ))}
        {form.type === 'email' && (
          <label className="check">
            <input
              type="checkbox"
              checked={form.secure === 'true'}
              onChange={(e) => setForm({ ...form, secure: String(e.target.checked) })}
            />
            {t('notify.field.secure')}
          </label>
        )}
        <label>
          {t('notify.minSeverity')}
          <select className="select" value={form.min_severity} onChange={set('min_severity')}>
            {NOTIFY_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t(`notify.severity.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('notify.quietFrom')}
          <input className="input" type="time" value={form.qh_from ?? ''} onChange={set('qh_from')} />
        </label>
        <label>
          {t('notify.quietTo')}
          <input className="input" type="time" value={form.qh_to ?? ''} onChange={set('qh_to')} />
        </label>
        <label>
          {t('notify.quietZone')}
          <input className="input" placeholder="Europe/Berlin" value={form.qh_zone ?? ''} onChange={set('qh_zone')} />
        </label>
      </div>
      <fieldset className="role-picker">
        <legend>{t('notify.kindsLegend')}</legend>
        {KINDS.map((k) => (
          <label key={k} className="check">
            <input
              type="checkbox"
              checked={kinds.includes(k)}
              onChange={(e) => setKinds(e.target.checked ? [...kinds, k] : kinds.filter((x) => x !== k))}
            />
            <code>{k}</code>
          </label>
        ))}
      </fieldset>
      <p className="muted small">{t('notify.secretsHint')}</p>
      <FormError error={save.error} />
      <div className="actions">
        <button type="submit" className="btn primary" disabled={save.isPending}>
          {t('admin.save')}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
