import type { DeployParams, Template } from '@ralf/shared';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useCan } from '../../lib/session';
import { queryClient, trpc } from '../../lib/trpc';
import { ErrorState } from '../../components/ErrorState';
import { useT } from '../../i18n/i18n';
import { fieldError } from '../../lib/errors';
import { DeployError } from './components/DeployError';
import { PlacementList } from './components/PlacementList';
import { SettingField } from './components/SettingField';
import { TemplateIcon } from './components/TemplateIcon';
import { useDebounced } from './hooks/useDebounced';

const NAME_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;

function defaultsOf(tpl: Template, name: string): DeployParams {
  const settings: DeployParams['settings'] = {};
  for (const [k, s] of Object.entries(tpl.settings)) if (s.default !== undefined) settings[k] = s.default;
  return {
    name,
    node: 'auto',
    kind: tpl.kind,
    cores: tpl.defaults.cores,
    memoryMiB: tpl.defaults.memoryMiB,
    diskGiB: tpl.defaults.diskGiB,
    vlan: null,
    settings,
  };
}

/** The deploy form: parameters from the template, the pre-flight as the operator types, and Deploy. */
export function DeployPage() {
  const t = useT();
  const { templateId = '' } = useParams();
  const [search] = useSearchParams();
  const retryOf = search.get('retryOf');
  const catalog = useQuery(trpc.deployments.catalog.queryOptions());
  const previous = useQuery({
    ...trpc.deployments.byId.queryOptions({ id: retryOf ?? search.get('from') ?? '' }),
    enabled: Boolean(retryOf ?? search.get('from')),
  });
  const tpl = catalog.data?.templates.find((x) => x.id === templateId);
  if (catalog.isError) return <ErrorState error={catalog.error} onRetry={() => void catalog.refetch()} />;
  if (!catalog.data || ((retryOf ?? search.get('from')) && !previous.data && !previous.isError))
    return <p className="muted">{t('common.loading')}</p>;
  if (!tpl) return <ErrorState error={new Error(t('catalog.noTemplate', { id: templateId }))} />;
  const start = previous.data
    ? {
        ...previous.data.params,
        settings: Object.fromEntries(Object.entries(previous.data.params.settings).filter(([, v]) => v !== '••••')),
      }
    : defaultsOf(tpl, catalog.data.freeNames[tpl.id] ?? tpl.id);
  return <DeployForm key={`${tpl.id}:${previous.data?.id ?? ''}`} tpl={tpl} start={start} retryOf={retryOf} />;
}

function DeployForm({ tpl, start, retryOf }: { tpl: Template; start: DeployParams; retryOf: string | null }) {
  const t = useT();
  const navigate = useNavigate();
  const canDeploy = useCan('deploy');
  const [p, setP] = useState<DeployParams>(start);
  // One key per form: a double click, a retried request or a second tab make one deployment.
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);
  const nodes = useQuery(trpc.fleet.summary.queryOptions());
  const valid = NAME_RE.test(p.name);
  const asked = useDebounced({ templateId: tpl.id, params: p }, 250);
  const pre = useQuery({
    ...trpc.deployments.preflight.queryOptions(asked),
    enabled: valid,
    placeholderData: keepPreviousData,
  });
  const deploy = useMutation(
    trpc.deployments.create.mutationOptions({
      onSuccess: (d) => {
        void queryClient.invalidateQueries(trpc.deployments.pathFilter());
        void navigate(`/deployments/${d.id}`);
      },
    }),
  );
  const set = <K extends keyof DeployParams>(k: K, v: DeployParams[K]) => setP({ ...p, [k]: v });
  // Each problem at the field it concerns (issue 18): the pre-flight's failed checks while typing,
  // and the BFF's refusal of the request after Deploy.
  const problemAt = (field: string): string | null => {
    const refused =
      (deploy.isError ? fieldError(t, deploy.error, `params.${field}`) : null) ??
      (pre.isError ? fieldError(t, pre.error, `params.${field}`) : null);
    if (refused) return refused;
    const c = pre.data?.checks.find((x) => x.field === field && !x.ok);
    return c && (field !== 'name' || asked.params.name === p.name) ? t.msg(c.message) : null;
  };
  const nameClash = problemAt('name');
  const num = (k: 'cores' | 'memoryMiB' | 'diskGiB', min: number, max: number, step = 1) => {
    const problem = problemAt(k);
    return (
      <label>
        {t(`deploy.${k}`)}
        <input
          className="input narrow"
          type="number"
          name={k}
          min={min}
          max={max}
          step={step}
          value={p[k]}
          onChange={(e) => set(k, Number(e.target.value))}
          aria-invalid={Boolean(problem)}
          aria-describedby={problem ? `${k}-problem` : undefined}
          required
        />
        {problem && (
          <span className="field-error" id={`${k}-problem`} data-testid={`${k}-problem`}>
            {problem}
          </span>
        )}
      </label>
    );
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    deploy.mutate({ templateId: tpl.id, params: p, idempotencyKey, retryOf });
  };
  const ready = valid && pre.data?.ok === true && !pre.isFetching && JSON.stringify(asked.params) === JSON.stringify(p);
  return (
    <section className="page">
      <header className="page-head">
        <Link className="back" to="/catalog">
          ← {t('catalog.title')}
        </Link>
        <TemplateIcon id={tpl.id} name={tpl.name} size={32} />
        <h1>{retryOf ? t('deploy.retryTitle', { name: tpl.name }) : t('deploy.title', { name: tpl.name })}</h1>
        <span className="muted">{tpl.version}</span>
      </header>
      <form className="grid-2 deploy-grid" onSubmit={submit}>
        <div className="card form-row">
          <h2>{t('deploy.parameters')}</h2>
          <div className="fields">
            <label>
              {t('deploy.name')}
              <input
                className="input"
                name="name"
                value={p.name}
                onChange={(e) => set('name', e.target.value)}
                maxLength={63}
                aria-invalid={!valid || Boolean(nameClash)}
                aria-describedby={nameClash || !valid ? 'name-problem' : undefined}
                required
              />
              {/* Said at the field it concerns, not only in the pre-flight beside it. */}
              {(!valid || nameClash) && (
                <span className="field-error" id="name-problem" data-testid="name-problem">
                  {!valid ? t('deploy.nameRule') : nameClash}
                </span>
              )}
            </label>
            <label>
              {t('deploy.node')}
              <select className="select" name="node" value={p.node} onChange={(e) => set('node', e.target.value)}>
                <option value="auto">{t('deploy.nodeAuto')}</option>
                {nodes.data?.headroom.map((n) => (
                  <option key={n.id} value={n.id}>
                    {n.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('deploy.kind')}
              <select
                className="select"
                name="kind"
                value={p.kind}
                // A clone of a Proxmox VM template is a VM (issue 20).
                disabled={Boolean(tpl?.proxmox)}
                onChange={(e) => set('kind', e.target.value as DeployParams['kind'])}
              >
                <option value="lxc">LXC</option>
                <option value="qemu">VM</option>
              </select>
            </label>
            {num('cores', 1, 64)}
            {num('memoryMiB', 128, 262144, 128)}
            {num('diskGiB', 1, 16384)}
            <label>
              {t('deploy.vlan')}
              <input
                className="input narrow"
                type="number"
                name="vlan"
                min={1}
                max={4094}
                value={p.vlan ?? ''}
                placeholder={t('deploy.vlanNone')}
                onChange={(e) => set('vlan', e.target.value === '' ? null : Number(e.target.value))}
              />
            </label>
          </div>
          {Object.keys(tpl.settings).length > 0 && (
            <>
              <h3>{t('deploy.settings')}</h3>
              <div className="fields">
                {Object.entries(tpl.settings).map(([k, s]) => (
                  <SettingField
                    key={k}
                    name={k}
                    s={s}
                    problem={problemAt(`settings.${k}`)}
                    value={p.settings[k]}
                    onChange={(v) =>
                      set(
                        'settings',
                        v === undefined
                          ? Object.fromEntries(Object.entries(p.settings).filter(([x]) => x !== k))
                          : { ...p.settings, [k]: v },
                      )
                    }
                  />
                ))}
              </div>
            </>
          )}
        </div>
        <div className="card form-row" aria-live="polite">
          <h2>{t('deploy.preflight')}</h2>
          {pre.isError && <DeployError error={pre.error} />}
          {pre.data && (
            <>
              <ul className="checks" data-testid="preflight">
                {pre.data.checks.map((c, i) => (
                  <li key={i} className={c.ok ? 'tone-ok' : 'tone-bad'}>
                    {c.ok ? '✓' : '✗'}{' '}
                    <span className="text">
                      {c.field?.startsWith('settings.') ? `${c.field.slice(9)}: ` : ''}
                      {t.msg(c.message)}
                    </span>
                    {!c.ok && c.deploymentId && (
                      <>
                        {' '}
                        <Link to={`/deployments/${c.deploymentId}`}>{t('deploy.openRunning')}</Link>
                      </>
                    )}
                  </li>
                ))}
              </ul>
              <h3>{t('deploy.placement')}</h3>
              <PlacementList pre={pre.data} chosen={pre.data.nodeId} />
            </>
          )}
          {deploy.isError && <DeployError error={deploy.error} />}
          {canDeploy ? (
            <button
              type="submit"
              className="btn primary"
              disabled={!ready || deploy.isPending}
              data-testid="deploy-button"
            >
              {t('deploy.deploy')}
            </button>
          ) : (
            <p className="muted">{t('deploy.needsOperator')}</p>
          )}
        </div>
      </form>
    </section>
  );
}
