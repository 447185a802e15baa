import type { Permission } from '@ralf/shared';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { NavLink, useLocation } from 'react-router';
import { useT } from '../i18n/i18n';
import { groupOf, NAV_GROUPS, type NavItem } from './nav-items';

/**
 * The main navigation: a link or a group that opens its pages below it (one open at a time;
 * Escape, a click elsewhere or a page change closes it). On a phone the menu button shows every
 * group's pages as one list (styles.css), so the header stays one row. It asks for nothing itself:
 * a query started here would go out before the page's own and split the first request in two.
 */
export function MainNav({ plansPending, permissions }: { plansPending: number; permissions: readonly Permission[] }) {
  const t = useT();
  const { pathname } = useLocation();
  // The group open, on the page it was opened on: a page change closes it.
  const [openOn, setOpenOn] = useState<{ key: string; path: string } | null>(null);
  const open = openOn?.path === pathname ? openOn.key : null;
  const setOpen = (key: string | null) => setOpenOn(key ? { key, path: pathname } : null);
  const ref = useRef<HTMLElement>(null);
  const current = groupOf(pathname);

  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => ref.current?.contains(e.target as Node) || setOpenOn(null);
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && open) {
      ref.current?.querySelector<HTMLButtonElement>(`[aria-controls="nav-${cssId(open)}"]`)?.focus();
      setOpen(null);
    }
    // Up and down move through an open group's pages.
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && open) {
      const links = [...(ref.current?.querySelectorAll<HTMLAnchorElement>(`#nav-${cssId(open)} a`) ?? [])];
      if (!links.length) return;
      e.preventDefault();
      const at = links.indexOf(document.activeElement as HTMLAnchorElement);
      const next = e.key === 'ArrowDown' ? (at + 1) % links.length : (at - 1 + links.length) % links.length;
      links[next]!.focus();
    }
  };

  const badge = (testId?: string) => (
    <span className="count" data-testid={testId} aria-label={t('nav.plansPending', { n: plansPending })}>
      {plansPending}
    </span>
  );
  const link = (i: NavItem) => (
    <NavLink to={i.to} end={i.to === '/'}>
      {t(i.key)}
      {i.to === '/plans' && plansPending > 0 && badge()}
    </NavLink>
  );
  const groups = NAV_GROUPS.map((g) => ({
    ...g,
    items: g.items.filter((i) => !i.needs || permissions.includes(i.needs)),
  })).filter((g) => g.items.length);

  return (
    <nav aria-label={t('nav.main')} className="nav" id="main-nav" ref={ref} onKeyDown={onKeyDown}>
      {groups.map((g) =>
        g.items.length === 1 && g.items[0]!.key === g.key ? (
          <span key={g.key} className="nav-single">
            {link(g.items[0]!)}
          </span>
        ) : (
          <div key={g.key} className={`nav-group${open === g.key ? ' open' : ''}`}>
            <button
              type="button"
              className={`nav-group-button${current?.key === g.key ? ' active' : ''}`}
              aria-expanded={open === g.key}
              aria-controls={`nav-${cssId(g.key)}`}
              onClick={() => setOpen(open === g.key ? null : g.key)}
            >
              {t(g.key)}
              {g.items.some((i) => i.to === '/plans') && plansPending > 0 && badge('plans-pending')}
              <span aria-hidden="true" className="caret">
                ▾
              </span>
            </button>
            <span className="nav-group-label" aria-hidden="true">
              {t(g.key)}
            </span>
            <ul id={`nav-${cssId(g.key)}`} className="nav-menu">
              {g.items.map((i) => (
                <li key={i.to}>{link(i)}</li>
              ))}
            </ul>
          </div>
        ),
      )}
    </nav>
  );
}

const cssId = (key: string) => key.replace(/\W/g, '-');
