import { basename } from 'node:path';
import {
  FindingInputSchema,
  FindingListInputSchema,
  SEVERITIES,
  type Finding,
  type FindingInput,
  type FindingListInput,
  type FindingsReport,
  type FindingsSummary,
  type Severity,
} from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import { iso } from '../../adapters/db/iso';
import type { Clock } from '../../adapters/ports';
import { readPolicyDir } from '../../adapters/policy-files/policy-dir';
import type { AuditLog } from '../audit/audit.service';
import type { RequestMeta } from '../../lib/principal';
import { changeLog as changes } from '../../lib/change-log';
import { findingsRepository as repo, type FindingRow } from './findings.repository';

type Row = FindingRow;
const RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
/** Failing or warning now (a pass never is). */
const isOpen = (f: Finding) => f.resolvedAt === null && f.result !== 'pass';
const keyOf = (f: { policy: string; target: string }) => `${f.policy}|${f.target}`.slice(0, 500);

const toFinding = (r: Row): Finding => ({
  key: r.key,
  source: r.source,
  policy: r.policy,
  target: r.target,
  result: r.result as Finding['result'],
  severity: r.severity as Severity,
  details: r.details,
  firstSeen: iso(r.first_seen),
  lastSeen: iso(r.last_seen),
  resolvedAt: iso(r.resolved_at),
  resolvedReason: r.resolved_reason,
});

/**
 * Compliance findings (issue 8) from the policy folder and the ingest API. A failing or warning
 * result opens a finding; a pass on a later check resolves it, with when; a file that goes away
 * resolves what only it reported.
 */
export function createFindingsService({
  db,
  audit,
  clock,
  dir,
}: {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  dir: string | null;
}) {
  let lastScan: Date | null = null;
  let files = 0;

  /** Applies one source's results; with `complete`, what it no longer reports is resolved. */
  async function apply(trx: Db, source: string, results: FindingInput[], complete: boolean): Promise<number> {
    const now = clock.now();
    const parsed = results.map((r) => FindingInputSchema.parse(r));
    const existing = new Map((await repo.listAll(trx)).map((r) => [r.key, r]));
    let changed = 0;
    const seen = new Set<string>();
    for (const f of parsed) {
      const key = keyOf(f);
      seen.add(key);
      const before = existing.get(key);
      const open = f.status !== 'pass';
      // Resolved means it was failing or warning and now passes; a check that always passed is just passing.
      const wasOpen = before !== undefined && before.result !== 'pass' && !before.resolved_at;
      const resolved_at = open ? null : wasOpen ? now : (before?.resolved_at ?? null);
      const resolved_reason = open ? null : wasOpen ? 'passed on a later check' : (before?.resolved_reason ?? null);
      if (before && before.result === f.status && before.severity === f.severity && before.details === f.details) {
        await repo.touch(trx, key, source, now);
        continue;
      }
      changed++;
      const row = {
        key,
        source,
        policy: f.policy,
        target: f.target,
        result: f.status,
        severity: f.severity,
        details: f.details,
        first_seen: now,
        last_seen: now,
        resolved_at,
        resolved_reason,
      };
      await repo.save(trx, row, open && Boolean(before?.resolved_at));
    }
    if (complete) {
      for (const r of existing.values()) {
        if (r.source === source && !seen.has(r.key) && !r.resolved_at && r.result !== 'pass') {
          changed++;
          await repo.resolve(trx, r.key, now, 'no longer reported (its file changed or went away)');
        }
      }
    }
    if (changed) await changes.insertMany(trx, now, [{ topic: 'findings', kind: 'findings.changed', subject: source }]);
    return changed;
  }

  const all = (): Promise<Row[]> => repo.listAll(db);

  let scans: Promise<number> = Promise.resolve(0);
  async function scanOnce(): Promise<number> {
    if (!dir) return 0;
    const r = readPolicyDir(dir);
    files = r.files;
    lastScan = clock.now();
    return db.transaction().execute((trx) => apply(trx, 'policy_results', r.findings, true));
  }

  return {
    /**
     * Reads the policy folder again and applies what it says (the watcher and the poll call this). Scans run one after another: two at once (the watch and
     * the poll) could commit out of order, and an older reading would undo a newer one.
     */
    scanFolder(): Promise<number> {
      const next = scans.then(scanOnce, scanOnce);
      scans = next.catch(() => 0);
      return next;
    },

    async ingest(actor: string, results: FindingInput[], meta: RequestMeta | null): Promise<{ changed: number }> {
      return db.transaction().execute(async (trx) => {
        const changed = await apply(trx, actor, results, false);
        await audit.record(trx, {
          actor,
          action: 'findings.ingest',
          subject: 'findings',
          sourceIp: meta?.ip ?? null,
          details: { findings: results.length, changed },
        });
        return { changed };
      });
    },

    async report(raw: FindingListInput): Promise<FindingsReport> {
      const f = FindingListInputSchema.parse(raw);
      const rows = (await all()).map(toFinding);
      const q = f.q?.trim().toLowerCase();
      const shown = rows
        .filter((r) => f.status === 'all' || (f.status === 'open' ? isOpen(r) : r.resolvedAt !== null))
        .filter((r) => !f.severity || r.severity === f.severity)
        .filter((r) => !f.policy || r.policy === f.policy)
        .filter((r) => !f.target || r.target === f.target)
        .filter((r) => !q || `${r.policy} ${r.target} ${r.details}`.toLowerCase().includes(q))
        .sort(
          (a, b) =>
            (f.sort === 'severity'
              ? RANK[a.severity] - RANK[b.severity]
              : f.sort === 'lastSeen'
                ? b.lastSeen.localeCompare(a.lastSeen)
                : a[f.sort].localeCompare(b[f.sort])) || a.key.localeCompare(b.key),
        );
      const open = rows.filter(isOpen);
      const policies = [...new Set(rows.map((r) => r.policy))].sort();
      const day = 86_400_000;
      const today = Math.floor(clock.now().getTime() / day) * day;
      const trend = Array.from({ length: 14 }, (_, i) => {
        const end = today - (13 - i) * day + day;
        return {
          day: new Date(end - day).toISOString().slice(0, 10),
          open: rows.filter(
            (r) =>
              (r.result !== 'pass' || r.resolvedAt) &&
              Date.parse(r.firstSeen) < end &&
              (!r.resolvedAt || Date.parse(r.resolvedAt) >= end),
          ).length,
        };
      });
      return {
        findings: shown,
        bySeverity: Object.fromEntries(
          SEVERITIES.map((s) => [s, open.filter((r) => r.severity === s).length]),
        ) as FindingsReport['bySeverity'],
        byPolicy: policies.map((p) => ({
          policy: p,
          open: open.filter((r) => r.policy === p).length,
          resolved: rows.filter((r) => r.policy === p && r.resolvedAt).length,
        })),
        trend,
        // The folder's name only: where it lies on the server is the admin's to know, not every viewer's (issue 15).
        folder: { path: dir ? basename(dir) : null, files, lastScan: lastScan?.toISOString() ?? null },
      };
    },

    async summary(): Promise<FindingsSummary> {
      const open = (await all()).map(toFinding).filter(isOpen);
      return {
        open: open.length,
        bySeverity: Object.fromEntries(
          SEVERITIES.map((s) => [s, open.filter((r) => r.severity === s).length]),
        ) as FindingsSummary['bySeverity'],
      };
    },
  };
}

export type FindingsService = ReturnType<typeof createFindingsService>;
