import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join, sep } from 'node:path';
import { FindingInputSchema, illFormedProblem, problemsOf, problemText, type FindingInput } from '@ralf/shared';

const MAX_FILE = 1024 * 1024;

/** Where the JSON reader stopped: thrown out of its recursion, caught at its top. */
class StopAt extends Error {
  constructor(readonly at: number) {
    super(`not JSON at offset ${at}`);
  }
}

/**
 * Where a JSON text stops being JSON: the offset of the first character a JSON reader cannot
 * take (Node 20's JSON.parse does not say where). A small reader of the JSON grammar.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw new StopAt(i);
  };
  const lit = (w: string) => {
    if (text.startsWith(w, i)) i += w.length;
    else fail();
  };
  const str = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        str();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail();
      }
    }
    if (c === '"') return str();
    if (c === 't') return lit('true');
    if (c === 'f') return lit('false');
    if (c === 'n') return lit('null');
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail();
    i += m![0].length;
  };
  try {
    value();
    ws();
    return i < text.length ? i : -1;
  } catch (err) {
    if (err instanceof StopAt) return err.at;
    throw err;
  }
}

const jsonLine = (text: string) =>
  `not valid JSON at line ${text.slice(0, Math.max(0, jsonErrorOffset(text))).split('\n').length}`;

/**
 * Reads a `policy_results/` folder (seed: "Policy-Pipeline"): every `*.json` file directly in it,
 * one finding or an array. A file that is not valid JSON, or not findings, becomes a finding of
 * its own; a symlink that leads out of the folder is never read (it is reported, too).
 */
export function readPolicyDir(dir: string): { findings: FindingInput[]; files: number } {
  let root: string;
  try {
    root = realpathSync(dir);
  } catch {
    return {
      findings: [
        {
          policy: 'policy-results',
          target: 'policy_results/',
          status: 'fail',
          severity: 'medium',
          details: `the folder ${dir} cannot be read`,
        },
      ],
      files: 0,
    };
  }
  const findings: FindingInput[] = [];
  const bad = (file: string, details: string) =>
    findings.push({
      policy: 'policy-results',
      target: `policy_results/${file}`,
      status: 'fail',
      severity: 'medium',
      details: `policy_results/${file}: ${details}`,
    });
  let files = 0;
  for (const name of readdirSync(root)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const path = join(root, name);
    try {
      const l = lstatSync(path);
      if (l.isSymbolicLink()) {
        const real = realpathSync(path);
        if (!real.startsWith(root + sep)) {
          bad(name, 'a link out of the folder; not read');
          continue;
        }
      }
      const st = statSync(path);
      if (!st.isFile()) continue;
      if (st.size > MAX_FILE) {
        bad(name, `larger than 1 MiB (${st.size} bytes); not read`);
        continue;
      }
      files++;
      const text = readFileSync(path, 'utf8');
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch {
        bad(name, jsonLine(text));
        continue;
      }
      const items = Array.isArray(doc) ? doc : [doc];
      items.forEach((item, i) => {
        const illFormed = illFormedProblem(item, '(entry)');
        if (illFormed) return bad(name, `entry ${i}: ${illFormed}`);
        const r = FindingInputSchema.safeParse(item);
        if (r.success) findings.push(r.data);
        else bad(name, `entry ${i}: ${problemText(problemsOf(r.error, '(entry)'), 50)}`);
      });
    } catch (err) {
      bad(name, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
  return { findings, files };
}

/** Calls `onChange` (debounced) when files in the folder change, and every `everyMs` besides (a watch can miss). */
export function watchPolicyDir(dir: string, onChange: () => void, everyMs: number): () => void {
  let timer: NodeJS.Timeout | null = null;
  const kick = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(onChange, 150);
  };
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(dir, kick);
    watcher.on('error', () => {});
  } catch {
    // The folder is missing: the poll reads it once it exists.
  }
  const poll = setInterval(onChange, everyMs);
  poll.unref();
  return () => {
    watcher?.close();
    clearInterval(poll);
    if (timer) clearTimeout(timer);
  };
}
