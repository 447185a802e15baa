/**
 * A small ICU MessageFormat subset over `Intl` (issue 18), shared by the web app and by what the
 * BFF writes outside the browser (`RALF_LANGUAGE`). Chosen over FormatJS because the overview's
 * first load must stay under 150 KB gzip and the catalogs need only:
 *
 *   {name}                                   a value (numbers in the language's digits)
 *   {n, plural, =0 {…} one {# guest} other {# guests}}   `#` is n; rules from Intl.PluralRules
 *   {kind, select, vm {…} other {…}}
 *   {n, number}  {r, percent}                Intl.NumberFormat
 *   {b, bytes}  {m, mib}  {g, gib}           binary sizes: 41 GiB, 1.5 TiB
 *   {s, duration}                            seconds as words: "5 minutes", "1 Stunde 30 Minuten"
 *   {at, datetime}  {at, date}  {at, time}   an ISO time
 *   {xs, list}                               "a, b and c" / "a, b und c"
 */
export type Language = 'en' | 'de';
export const LANGUAGES: readonly Language[] = ['de', 'en'];

/**
 * A reader's language: the one they chose, when it is one of ours, else their browser's first
 * language's (the web app from localStorage and `navigator.language`, the BFF from the
 * `ralf_locale` cookie and Accept-Language, so the page it serves preloads the same words).
 */
export function readerLanguage(chosen: string | null | undefined, browser: string | null | undefined): Language {
  if (chosen === 'en' || chosen === 'de') return chosen;
  return (browser ?? '').trim().toLowerCase().startsWith('de') ? 'de' : 'en';
}

/** A nested message (a problem inside a refusal, a check inside a log line), said in the same language. */
export interface NestedMessage {
  code: string;
  params: MessageParams;
}
export type MessageParam = string | number | boolean | null | string[] | NestedMessage | NestedMessage[];
export type MessageParams = { [name: string]: MessageParam };
type Say = (m: NestedMessage) => string;

type Part =
  | string
  | { arg: string; kind: 'value' | 'number' | 'percent' | 'bytes' | 'mib' | 'gib' | 'duration' | 'list' }
  | { arg: string; kind: 'datetime' | 'date' | 'time' }
  | { arg: string; kind: 'plural' | 'select'; options: Record<string, Part[]> }
  | { kind: 'hash' };

const SIMPLE = new Set(['number', 'percent', 'bytes', 'mib', 'gib', 'duration', 'list', 'datetime', 'date', 'time']);

/** Parses a template; throws on a malformed one (the catalog test parses every message). */
export function parseMessage(src: string): Part[] {
  let i = 0;
  const parts = (inPlural: boolean, closing: boolean): Part[] => {
    const out: Part[] = [];
    let text = '';
    const flush = () => (text ? (out.push(text), (text = '')) : undefined);
    while (i < src.length) {
      const c = src[i]!;
      if (c === '}') {
        if (!closing) throw new Error(`unexpected } at ${i} in "${src}"`);
        flush();
        return out;
      }
      if (c === '#' && inPlural) {
        flush();
        out.push({ kind: 'hash' });
        i++;
        continue;
      }
      if (c !== '{') {
        text += c;
        i++;
        continue;
      }
      flush();
      i++;
      const head = /^\s*([A-Za-z_][\w]*)\s*(?:,\s*([a-z]+)\s*)?(,|\})/.exec(src.slice(i));
      if (!head) throw new Error(`bad argument at ${i} in "${src}"`);
      i += head[0].length;
      const [, arg, kind, end] = head as unknown as [string, string, string | undefined, string];
      if (!kind) out.push({ arg, kind: 'value' });
      else if (SIMPLE.has(kind) && end === '}') out.push({ arg, kind } as Part);
      else if ((kind === 'plural' || kind === 'select') && end === ',') {
        const options: Record<string, Part[]> = {};
        for (;;) {
          const sel = /^\s*(=?[\w-]+)\s*\{/.exec(src.slice(i));
          if (!sel) break;
          i += sel[0].length;
          options[sel[1]!] = parts(kind === 'plural', true);
          i++; // the option's }
        }
        const close = /^\s*\}/.exec(src.slice(i));
        if (!close || !options.other) throw new Error(`${kind} of ${arg} needs "other" and a closing } in "${src}"`);
        i += close[0].length;
        out.push({ arg, kind, options });
      } else throw new Error(`unknown format ${kind} of ${arg} in "${src}"`);
    }
    if (closing) throw new Error(`missing } in "${src}"`);
    flush();
    return out;
  };
  return parts(false, false);
}

const TAGS: Record<Language, string> = { en: 'en-GB', de: 'de-DE' };
const cache = new Map<string, unknown>();
function memo<T>(key: string, make: () => T): T {
  let v = cache.get(key) as T | undefined;
  if (v === undefined) cache.set(key, (v = make()));
  return v;
}
const nf = (lang: Language, o: Intl.NumberFormatOptions = {}) =>
  memo(`n:${lang}:${JSON.stringify(o)}`, () => new Intl.NumberFormat(TAGS[lang], o));
const plurals = (lang: Language) => memo(`p:${lang}`, () => new Intl.PluralRules(TAGS[lang]));

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
/** A size in bytes as people write it: "41 GiB", "1,5 TiB", "512 MiB". */
export function formatBytes(lang: Language, n: number): string {
  if (!Number.isFinite(n)) return '—';
  let i = 0;
  let v = Math.abs(n);
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  const digits = v < 10 && i > 0 && Math.round(v * 10) % 10 !== 0 ? 1 : 0;
  return `${n < 0 ? '−' : ''}${nf(lang, { maximumFractionDigits: digits }).format(v)} ${UNITS[i]}`;
}

/** Seconds as words, the two largest units: "5 minutes", "1 hour 30 minutes", "2 Tage 4 Stunden". */
export function formatDuration(lang: Language, seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const steps: [Intl.NumberFormatOptions['unit'], number][] = [
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ];
  const out: string[] = [];
  let rest = s;
  for (const [unit, size] of steps) {
    const n = Math.floor(rest / size);
    if (n > 0 || (out.length === 0 && size === 1)) {
      out.push(nf(lang, { style: 'unit', unit, unitDisplay: 'long' }).format(n));
      rest -= n * size;
    }
    if (out.length === 2 || (out.length === 1 && rest === 0)) break;
  }
  return out.join(' ');
}

const DATE: Record<'datetime' | 'date' | 'time', Intl.DateTimeFormatOptions> = {
  datetime: { dateStyle: 'medium', timeStyle: 'short' },
  date: { dateStyle: 'medium' },
  time: { timeStyle: 'short' },
};

const isNested = (v: unknown): v is NestedMessage => typeof v === 'object' && v !== null && 'code' in v;
function valueText(lang: Language, v: MessageParam, say: Say): string {
  if (typeof v === 'number') return nf(lang).format(v);
  if (Array.isArray(v)) return v.map((x) => (isNested(x) ? say(x) : String(x))).join('; ');
  if (isNested(v)) return say(v);
  return String(v);
}

function render(lang: Language, parts: Part[], params: MessageParams, n: number | null, say: Say): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') {
      out += p;
      continue;
    }
    if (p.kind === 'hash') {
      out += n === null ? '#' : nf(lang).format(n);
      continue;
    }
    const v = params[p.arg];
    if (v === undefined || v === null) {
      if (p.kind === 'select') out += render(lang, p.options.other!, params, n, say);
      else out += p.kind === 'value' ? `{${p.arg}}` : '—';
      continue;
    }
    const num = Number(v);
    switch (p.kind) {
      case 'value':
        out += valueText(lang, v, say);
        break;
      case 'number':
        out += nf(lang, { maximumFractionDigits: 2 }).format(num);
        break;
      case 'percent':
        out += nf(lang, { style: 'percent', maximumFractionDigits: 0 }).format(num);
        break;
      case 'bytes':
        out += formatBytes(lang, num);
        break;
      case 'mib':
        out += formatBytes(lang, num * 1024 ** 2);
        break;
      case 'gib':
        out += formatBytes(lang, num * 1024 ** 3);
        break;
      case 'duration':
        out += formatDuration(lang, num);
        break;
      case 'list':
        out += memo(`l:${lang}`, () => new Intl.ListFormat(TAGS[lang], { type: 'conjunction' })).format(
          (Array.isArray(v) ? v : [v]).map((x) => (isNested(x) ? say(x) : String(x))),
        );
        break;
      case 'datetime':
      case 'date':
      case 'time':
        out += memo(`d:${lang}:${p.kind}`, () => new Intl.DateTimeFormat(TAGS[lang], DATE[p.kind])).format(
          new Date(typeof v === 'string' || typeof v === 'number' ? v : NaN),
        );
        break;
      case 'plural': {
        const exact = p.options[`=${num}`];
        const branch = exact ?? p.options[plurals(lang).select(num)] ?? p.options.other!;
        out += render(lang, branch, params, num, say);
        break;
      }
      case 'select':
        out += render(lang, (typeof v === 'string' && p.options[v]) || p.options.other!, params, n, say);
        break;
    }
  }
  return out;
}

const parsed = new Map<string, Part[]>();
/** A template filled in `lang`; parsed once per template. */
export function formatMessage(
  lang: Language,
  template: string,
  params: MessageParams = {},
  say: Say = (m) => m.code,
): string {
  let parts = parsed.get(template);
  if (!parts) parsed.set(template, (parts = parseMessage(template)));
  return render(lang, parts, params, null, say);
}

/** The argument names a template uses (both languages must use the same ones). */
export function messageArgs(template: string): string[] {
  const names = new Set<string>();
  const walk = (parts: Part[]) => {
    for (const p of parts) {
      if (typeof p === 'string' || p.kind === 'hash') continue;
      names.add(p.arg);
      if ('options' in p) Object.values(p.options).forEach(walk);
    }
  };
  walk(parseMessage(template));
  return [...names].sort();
}
