/** A guest's page (`qemu/204` → `/fleet/qemu/204`). */
export const guestPath = (id: string) => `/fleet/${id}`;

/** Where a service is opened: its checked address's origin (`http://grafana:3000/api/health` → `http://grafana:3000/`). */
export const serviceOpenUrl = (checkUrl: string | null): string | null =>
  checkUrl && isHttpUrl(checkUrl) ? `${new URL(checkUrl).origin}/` : null;

/** A service's page (`service/jellyfin` → `/services/service/jellyfin`). */
export const servicePath = (id: string) => `/services/${id.split('/').map(encodeURIComponent).join('/')}`;

/** Where a trail subject (`node/pve1`, `qemu/204`, `plan/<id>`, `deployment/<id>`, `service/…`) has its page. */
export function subjectPath(subject: string): string | null {
  const [kind, rest] = [subject.slice(0, subject.indexOf('/')), subject.slice(subject.indexOf('/') + 1)];
  switch (kind) {
    case 'node':
      return `/fleet/node/${rest}`;
    case 'qemu':
    case 'lxc':
      return guestPath(subject);
    case 'plan':
      return `/plans/${rest}`;
    case 'deployment':
      return `/deployments/${rest}`;
    case 'trail':
      return trailPath(rest);
    case 'loop':
      return '/loops';
    case 'service':
      return servicePath(subject);
    case 'user':
      return rest === 'unknown' ? null : '/admin/users';
    case 'token':
      return '/admin/tokens';
    case 'settings':
      return '/admin/plans';
    default:
      return null;
  }
}

/** A trail's page; trail ids may hold slashes (`deployment/<id>`), so the id is the rest of the path. */
export const trailPath = (id: string) => `/trails/${id.split('/').map(encodeURIComponent).join('/')}`;

/** Only http(s) URLs ever become links (issue 7): anything else is shown as text. */
export const isHttpUrl = (u: string | undefined): u is string => {
  if (!u) return false;
  try {
    const p = new URL(u).protocol;
    return p === 'http:' || p === 'https:';
  } catch {
    return false;
  }
};
