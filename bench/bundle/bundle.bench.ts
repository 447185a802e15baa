import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from '../lib';

const DIST = join(ROOT, 'apps/web/dist');

const gz = (file: string) =>
  existsSync(`${file}.gz`) ? statSync(`${file}.gz`).size : gzipSync(readFileSync(file)).length;

/**
 * First-load JavaScript of the overview: what index.html loads before anything else, and the
 * reader's labels, which main.tsx loads before it renders (the larger of the two languages'
 * chunks, so the figure holds for either), in gzip bytes.
 */
export function bundleBench() {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const first = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const words = readdirSync(join(DIST, 'assets'))
    .filter((f) => /^(en|de)-[\w-]+\.js$/.test(f))
    .map((f) => `/assets/${f}`)
    .sort((a, b) => gz(join(DIST, b)) - gz(join(DIST, a)));
  if (!words.length) throw new Error('no language chunk (en-*.js, de-*.js) in the build');
  const files = [...first, words[0]!].map((f) => ({ file: f, gzip: gz(join(DIST, f)) }));
  const js = files.filter((f) => f.file.endsWith('.js')).reduce((a, f) => a + f.gzip, 0);
  const css = files.filter((f) => f.file.endsWith('.css')).reduce((a, f) => a + f.gzip, 0);
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
