import { AppError } from '../../lib/app-error';

export interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual?: boolean;
}

export interface Silence {
  id: string;
  state: 'active' | 'pending' | 'expired';
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

/**
 * Alertmanager's API v2 (prometheus/alertmanager api/v2/openapi.yaml): list, create and expire
 * silences. ralf-ui silences an alert by its exact labels, so the silence covers that alert and
 * no other.
 */
export class AlertmanagerClient {
  constructor(private readonly opts: { url: string; timeoutMs: number }) {}

  private async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.opts.url}/api/v2${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (err) {
      const why =
        (err as Error).name === 'TimeoutError' ? `no answer within ${this.opts.timeoutMs} ms` : (err as Error).message;
      throw new AppError('UPSTREAM_UNAVAILABLE', {
        source: 'alertmanager',
        message: `alertmanager at ${this.opts.url}: ${why}`,
        cause: err,
      });
    }
    const text = await res.text();
    if (!res.ok)
      throw new AppError(res.status === 400 ? 'BAD_INPUT' : 'UPSTREAM_UNAVAILABLE', {
        source: 'alertmanager',
        message: `alertmanager ${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`.trim(),
      });
    return (text ? JSON.parse(text) : null) as T;
  }

  async silences(): Promise<Silence[]> {
    const raw = await this.call<Array<Omit<Silence, 'state'> & { status: { state: Silence['state'] } }>>(
      'GET',
      '/silences',
    );
    return raw.map(({ status, ...s }) => ({ ...s, state: status.state }));
  }

  /** Silences exactly the alert with these labels until `endsAt`; returns the silence's id. */
  async silence(input: {
    labels: Record<string, string>;
    endsAt: Date;
    createdBy: string;
    comment: string;
    now: Date;
  }): Promise<string> {
    const matchers: Matcher[] = Object.entries(input.labels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
    const r = await this.call<{ silenceID: string }>('POST', '/silences', {
      matchers,
      startsAt: input.now.toISOString(),
      endsAt: input.endsAt.toISOString(),
      createdBy: input.createdBy,
      comment: input.comment,
    });
    return r.silenceID;
  }

  async expire(id: string): Promise<void> {
    await this.call('DELETE', `/silence/${encodeURIComponent(id)}`);
  }
}

/** Whether a silence's matchers all hold for these labels (equal or not, exact or regex, as Alertmanager decides). */
export function silences(s: Pick<Silence, 'matchers'>, labels: Record<string, string>): boolean {
  return s.matchers.every((m) => {
    const v = labels[m.name] ?? '';
    let hit: boolean;
    if (m.isRegex) {
      try {
        hit = new RegExp(`^(?:${m.value})$`).test(v);
      } catch {
        return false;
      }
    } else hit = v === m.value;
    return m.isEqual === false ? !hit : hit;
  });
}
