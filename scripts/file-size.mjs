// Product files stay under 300 lines at Prettier's width (issue 17): past that, a file holds more
// than one concern. Tests, journeys and benchmarks are not held to it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MAX = 300;
const files = execFileSync('git', ['ls-files', 'apps/*/src/*.ts', 'apps/*/src/*.tsx', 'packages/*/src/*.ts'], {
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => f && !/\.test\.tsx?$/.test(f) && !f.includes('/test/'));
const long = files
  .map((f) => ({ f, lines: readFileSync(f, 'utf8').split('\n').length - 1 }))
  .filter((x) => x.lines > MAX);
for (const x of long) console.error(`${x.f}: ${x.lines} lines (at most ${MAX}: split it along its seams)`);
if (long.length) process.exit(1);
console.log(`${files.length} product files, none over ${MAX} lines`);
