import type { Permission } from '@ralf/shared';
import type { MessageKey } from '../i18n/i18n';

/** One page in the navigation (and in the command palette's pages). `key`: its i18n label. */
export interface NavItem {
  to: string;
  key: MessageKey;
  /** Shown only to users with this permission. */
  needs?: Permission;
}

export interface NavGroup {
  /** i18n key of the group's name; a group of one item is a plain link. */
  key: MessageKey;
  items: NavItem[];
}

/**
 * The navigation, grouped so that it fits one row from 1024 px on (issue 21): what the lab is,
 * what changes it, and why it did what it did; the admin area has its own tabs.
 */
export const NAV_GROUPS: NavGroup[] = [
  { key: 'nav.overview', items: [{ to: '/', key: 'nav.overview' }] },
  {
    key: 'nav.group.lab',
    items: [
      { to: '/fleet', key: 'nav.fleet' },
      { to: '/services', key: 'nav.services' },
      { to: '/storage', key: 'nav.storage' },
      { to: '/backups', key: 'nav.backups' },
      { to: '/discovered', key: 'nav.discovered' },
    ],
  },
  {
    key: 'nav.group.change',
    items: [
      { to: '/catalog', key: 'nav.catalog' },
      { to: '/deployments', key: 'nav.deployments' },
      { to: '/plans', key: 'nav.plans' },
    ],
  },
  {
    key: 'nav.group.understand',
    items: [
      { to: '/trails', key: 'nav.trails' },
      { to: '/architecture', key: 'nav.architecture' },
      { to: '/loops', key: 'nav.loops' },
      { to: '/findings', key: 'nav.findings' },
      { to: '/bots', key: 'nav.bots' },
      { to: '/audit', key: 'nav.audit' },
    ],
  },
  { key: 'nav.admin', items: [{ to: '/admin/users', key: 'nav.admin', needs: 'admin' }] },
];

/** Whether `path` is `to` or a page below it (`/plans/abc` is under `/plans`; `/` only itself). */
export const isUnder = (path: string, to: string) =>
  to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`);

/** The group the page at `path` belongs to (the deploy form under "change", a guest under "lab"). */
export function groupOf(path: string): NavGroup | undefined {
  if (path.startsWith('/deploy/')) return NAV_GROUPS.find((g) => g.key === 'nav.group.change');
  if (path.startsWith('/admin/')) return NAV_GROUPS.find((g) => g.key === 'nav.admin');
  return NAV_GROUPS.find((g) => g.items.some((i) => isUnder(path, i.to)));
}
