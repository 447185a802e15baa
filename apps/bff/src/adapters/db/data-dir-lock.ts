import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';

/** The embedded database's folder is held by another running process. */
export class DataDirInUseError extends Error {}

/** Whether a process with this id runs and, where /proc tells, is a Node process (a reused id after a reboot is not). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return true; // no /proc here: trust the signal check
  }
}

/**
 * Takes the embedded database's folder for this process: `<dir>.lock` holds its process id. Two
 * processes on one PGlite folder corrupt it (a second `npm start` in the same checkout opens it
 * and migrates before it finds its port taken), so the second is refused, naming the first. A
 * lock left by a process that is gone (killed, crashed) is taken over. Returns the release.
 */
export function lockDataDir(dir: string): () => void {
  const file = `${dir}.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (holder === process.pid) return () => {};
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
        throw new DataDirInUseError(
          `RALF_DATA_DIR: the embedded database ${dir} is in use by process ${holder} (another ralf-ui?); stop it first, or set RALF_DATA_DIR to another folder`,
        );
      }
      unlinkSync(file); // left by a process that is gone
    }
  }
  const release = () => {
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
    } catch {
      // already gone
    }
  };
  process.once('exit', release);
  return release;
}
