import { AlertsStateSchema, englishText } from '@ralf/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlertmanager, type RunningAlertmanager } from '../../../test/alertmanager';
import { buildTestApp, callerAs } from '../../../test/build-test-app';
import { startPrometheus, type RunningPrometheus } from '../../../test/prometheus';
import { until } from '../../../test/until';
import { systemClock } from '../../adapters/ports';

// A rule that fires at once, with the labels and summary an operator's rules would have.
const RULES = `
groups:
  - name: lab
    interval: 1s
    rules:
      - alert: GuestDiskFilling
        expr: vector(1)
        labels: { severity: warning, id: "qemu/214" }
        annotations: { summary: "frigate: disk 93 % full" }
`;

describe('silencing an alert through the real Alertmanager, fed by the real Prometheus', () => {
  let am: RunningAlertmanager;
  let prom: RunningPrometheus;
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  beforeAll(async () => {
    am = await startAlertmanager();
    prom = await startPrometheus({
      targets: [am.address],
      metricsPath: '/metrics',
      rules: RULES,
      alertmanager: am.address,
    });
    // Prometheus fires the rule and sends it on: Alertmanager holds it.
    await until(
      'the alert in Alertmanager',
      async () => ((await (await fetch(`${am.url}/api/v2/alerts`)).json()) as unknown[]).length > 0,
      30_000,
      200,
    );
    t = await buildTestApp(
      'pglite',
      { RALF_DEMO_LAB: 'on', PROMETHEUS_URL: prom.url, ALERTMANAGER_URL: am.url },
      { clock: systemClock },
    );
  }, 90_000);
  afterAll(async () => {
    await t?.stop();
    await prom?.dispose();
    await am?.dispose();
  });

  it("shows the alert with its guest's name, the rule's summary and since when", async () => {
    const viewer = await callerAs(t, 'viewer');
    const s = await viewer.fleet.summary();
    expect(s.alerts).toContainEqual(
      expect.objectContaining({
        name: 'GuestDiskFilling',
        subject: 'qemu/214',
        subjectName: 'frigate',
        summary: 'frigate: disk 93 % full',
        labels: { alertname: 'GuestDiskFilling', severity: 'warning', id: 'qemu/214' },
      }),
    );
    const since = s.alerts.find((a) => a.name === 'GuestDiskFilling')!.activeSince;
    expect(Date.now() - Date.parse(since!)).toBeLessThan(120_000);
  });

  it('lets an operator silence it for a while with a comment: Alertmanager holds the silence, the alert shows silenced, the audit trail says who', async () => {
    const operator = await callerAs(t, 'operator');
    await expect(
      (await callerAs(t, 'viewer')).alerts.silence({
        name: 'GuestDiskFilling',
        subject: 'qemu/214',
        minutes: 60,
        comment: 'x',
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const { silenceId } = await operator.alerts.silence({
      name: 'GuestDiskFilling',
      subject: 'qemu/214',
      minutes: 120,
      comment: 'frigate recordings are pruned tonight',
    });
    const silences = (await (await fetch(`${am.url}/api/v2/silences`)).json()) as Array<{
      id: string;
      status: { state: string };
      comment: string;
      createdBy: string;
      matchers: Array<{ name: string; value: string }>;
      endsAt: string;
    }>;
    const created = silences.find((x) => x.id === silenceId)!;
    expect(created).toMatchObject({
      status: { state: 'active' },
      comment: 'frigate recordings are pruned tonight',
      createdBy: 'user:operator via ralf-ui',
    });
    expect(created.matchers.map((m) => `${m.name}=${m.value}`).sort()).toEqual([
      'alertname=GuestDiskFilling',
      'id=qemu/214',
      'severity=warning',
    ]);
    expect(Date.parse(created.endsAt) - Date.now()).toBeGreaterThan(119 * 60_000);
    // Alertmanager itself now holds the alert back.
    await until(
      'Alertmanager holding the alert back',
      async () => {
        const alerts = (await (await fetch(`${am.url}/api/v2/alerts?silenced=true`)).json()) as Array<{
          status: { state: string; silencedBy: string[] };
        }>;
        return alerts.some((a) => a.status.silencedBy.includes(silenceId));
      },
      10_000,
    );
    const state = await operator.alerts.state();
    expect(AlertsStateSchema.parse(state)).toEqual(state);
    expect(state.silenced).toEqual([
      expect.objectContaining({ name: 'GuestDiskFilling', subject: 'qemu/214', silenceId }),
    ]);
    const audit = await (await callerAs(t, 'admin')).audit.list({ action: 'alert.silence' });
    expect(audit.events[0]).toMatchObject({ actor: 'user:operator', subject: 'alert/GuestDiskFilling/qemu/214' });

    await operator.alerts.unsilence({ silenceId });
    expect((await operator.alerts.state()).silenced).toEqual([]);
  });

  it('refuses a silence without a comment or longer than 30 days, and one for an alert that is not firing', async () => {
    const operator = await callerAs(t, 'operator');
    const base = { name: 'GuestDiskFilling', subject: 'qemu/214', minutes: 60, comment: 'ok' };
    await expect(operator.alerts.silence({ ...base, comment: '  ' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(operator.alerts.silence({ ...base, minutes: 31 * 24 * 60 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(operator.alerts.silence({ ...base, name: 'NoSuchAlert' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('without an Alertmanager', () => {
  it('says silencing needs ALERTMANAGER_URL, and reads no silences', async () => {
    const t = await buildTestApp('pglite');
    try {
      const operator = await callerAs(t, 'operator');
      expect(await operator.alerts.state()).toEqual({ alertmanager: false, silenced: [], error: null });
      const err = await operator.alerts
        .silence({ name: 'GuestDiskFilling', subject: 'qemu/214', minutes: 60, comment: 'x' })
        .catch((e: unknown) => e as { code: string; message: string });
      expect(err).toMatchObject({ code: 'CONFLICT' });
      expect(englishText({ code: 'alerts.noAlertmanager', params: {} })).toContain('ALERTMANAGER_URL');
    } finally {
      await t.stop();
    }
  });
});
