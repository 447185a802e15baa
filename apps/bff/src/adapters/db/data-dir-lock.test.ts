import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from './data-dir-lock';

const dir = () => join(mkdtempSync(join(tmpdir(), 'ralf-lock-')), 'pglite');

describe('the embedded database folder is held by one process', () => {
  it('writes its own process id and removes it on release', () => {
    const d = dir();
    const release = lockDataDir(d);
    expect(readFileSync(`${d}.lock`, 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(`${d}.lock`)).toBe(false);
  });

  it('refuses a folder another running ralf-ui holds, naming it', async () => {
    const d = dir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      await new Promise((r) => other.once('spawn', r));
      writeFileSync(`${d}.lock`, String(other.pid));
      expect(() => lockDataDir(d)).toThrow(DataDirInUseError);
      expect(() => lockDataDir(d)).toThrow(`is in use by process ${other.pid}`);
    } finally {
      other.kill();
    }
  });

  it('takes over a lock left by a process that is gone', async () => {
    const d = dir();
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => gone.once('exit', r));
    writeFileSync(`${d}.lock`, String(gone.pid));
    const release = lockDataDir(d);
    expect(readFileSync(`${d}.lock`, 'utf8')).toBe(String(process.pid));
    release();
  });
});
