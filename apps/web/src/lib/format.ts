import { formatBytes } from '@ralf/shared';
import type { Locale } from '../stores/locale';
import type { T } from '../i18n/i18n';

const fallback: Record<Locale, string> = { en: 'en-GB', de: 'de-DE' };

/**
 * The browser's own tag for the chosen language (en-US writes 11/30/2026, en-GB 30/11/2026;
 * issue 26), else a default for it. Numbers and dates follow the reader, words the chosen language.
 */
export function formatTag(
  locale: Locale,
  preferred: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages,
): string {
  const own = preferred.find((tag) => tag.toLowerCase().split('-')[0] === locale && tag.includes('-'));
  return own ?? fallback[locale];
}
const tags: Record<Locale, string> = { en: formatTag('en'), de: formatTag('de') };

// Intl formatters are costly to build (a table row would build five): one per locale and style.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function nf(locale: Locale, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}:${JSON.stringify(opts)}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(tags[locale], opts)));
  return f;
}
function df(locale: Locale, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}:${JSON.stringify(opts)}`;
  let f = dateFormats.get(key);
  if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(tags[locale], opts)));
  return f;
}

export function pct(locale: Locale, ratio: number | null | undefined, digits = 0): string {
  if (ratio == null || !Number.isFinite(ratio)) return '—';
  return nf(locale, { style: 'percent', maximumFractionDigits: digits }).format(ratio);
}

/** A size as the BFF's messages say it (the shared formatter), "—" when unknown. */
export const bytes = (locale: Locale, n: number | null | undefined): string =>
  n == null || !Number.isFinite(n) ? '—' : formatBytes(locale, n);

export const rate = (locale: Locale, n: number | null | undefined) => (n == null ? '—' : `${bytes(locale, n)}/s`);

export function clockTime(locale: Locale, iso: string | null | undefined): string {
  if (!iso) return '—';
  return df(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(iso));
}

/** Date and time to the second, for records (audit events, sign-ins). */
export function dateTime(locale: Locale, iso: string | null | undefined): string {
  if (!iso) return '—';
  return df(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(new Date(iso));
}

export function shortTime(locale: Locale, unixSeconds: number, withDate: boolean): string {
  const opts: Intl.DateTimeFormatOptions = withDate
    ? { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' }
    : { hour: '2-digit', minute: '2-digit' };
  return df(locale, opts).format(new Date(unixSeconds * 1000));
}

export function age(t: T, iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (s < 5) return t('age.justNow');
  if (s < 120) return t('age.seconds', { n: s });
  if (s < 7200) return t('age.minutes', { n: Math.round(s / 60) });
  if (s < 172_800) return t('age.hours', { n: Math.round(s / 3600) });
  return t('age.days', { n: Math.round(s / 86_400) });
}

/** How long something has run since `iso`: "3 d 4 h", "5 h 12 min", "12 min". */
export function uptime(t: T, iso: string, now: number): string {
  const m = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60_000));
  if (m >= 1440) return t('uptime.days', { d: Math.floor(m / 1440), h: Math.floor((m % 1440) / 60) });
  if (m >= 60) return t('uptime.hours', { h: Math.floor(m / 60), m: m % 60 });
  return t('uptime.minutes', { m });
}
