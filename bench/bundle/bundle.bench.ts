import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from '../lib';

const DIST = join(ROOT, 'apps/web/dist');

const gz = (file: string) =>
  existsSync(`${file}.gz`) ? statSync(`${file}.gz`).size : gzipSync(readFileSync(file)).length;

/**
 * First-load JavaScript of the overview: what the page the BFF serves for `/` loads before
 * anything else, and the reader's labels, which main.tsx loads before it renders (the larger of the
 * two languages' chunks, so the figure holds for either), in gzip bytes. The stylesheet is inline
 * in the page (issue 24); its gzip size is counted as the first load's CSS.
 */
export function bundleBench() {
  const html = readFileSync(join(DIST, 'index.en.html'), 'utf8');
  const words = readdirSync(join(DIST, 'assets'))
    .filter((f) => /^(en|de)-[\w-]+\.js$/.test(f))
    .map((f) => `/assets/${f}`)
    .sort((a, b) => gz(join(DIST, b)) - gz(join(DIST, a)));
  if (!words.length) throw new Error('no language chunk (en-*.js, de-*.js) in the build');
  const isWords = (f: string) => /^\/assets\/(en|de)-/.test(f);
  const first = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const files = [...first.filter((f) => !isWords(f)), words[0]!].map((f) => ({ file: f, gzip: gz(join(DIST, f)) }));
  const js = files.filter((f) => f.file.endsWith('.js')).reduce((a, f) => a + f.gzip, 0);
  const inline = [...html.matchAll(/<style>([^]*?)<\/style>/g)].map((m) => m[1]!).join('');
  const css =
    files.filter((f) => f.file.endsWith('.css')).reduce((a, f) => a + f.gzip, 0) +
    (inline ? gzipSync(inline).length : 0);
  const chunks = readdirSync(join(DIST, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => ({ file: f, gzip: gz(join(DIST, 'assets', f)) }))
    .sort((a, b) => b.gzip - a.gzip);
  return {
    firstLoad: files,
    firstLoadJsGzip: js,
    firstLoadCssGzip: css,
    target: 'JS <= 150 KB (153,600 bytes) gzip',
    chunks,
  };
}
