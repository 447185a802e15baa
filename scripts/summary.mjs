// Prints one closing line over every test runner: "tests: N passed, N failed".
import { readFileSync } from 'node:fs';

const [vitestFile, playwrightFile] = process.argv.slice(2);
const v = JSON.parse(readFileSync(vitestFile, 'utf8'));
const p = JSON.parse(readFileSync(playwrightFile, 'utf8'));
const passed = v.numPassedTests + (p.stats?.expected ?? 0);
const failed = v.numFailedTests + (p.stats?.unexpected ?? 0) + (p.stats?.flaky ?? 0);
console.log(`vitest: ${v.numPassedTests} passed, ${v.numFailedTests} failed`);
console.log(`playwright: ${p.stats?.expected ?? 0} passed, ${p.stats?.unexpected ?? 0} failed`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
