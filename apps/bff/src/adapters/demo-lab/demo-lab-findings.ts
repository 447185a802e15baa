import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Language } from '@ralf/shared';

/** A_SEC writes in RALF_AGENT_LANGUAGE, like the other simulated agents (issue 18). */
const words = (language: Language) => (en: string, de: string) => (language === 'de' ? de : en);

const write = (dir: string, name: string, doc: unknown) =>
  writeFileSync(join(dir, name), typeof doc === 'string' ? doc : `${JSON.stringify(doc, null, 2)}\n`);

/**
 * A_SEC's results in the demo lab's own policy_results folder (issue 8): written at the first
 * start, including one file that is not valid JSON, so every case of the page can be seen.
 */
export function writeDemoPolicyFiles(dir: string, language: Language): void {
  if (existsSync(join(dir, 'tls.json'))) return;
  const say = words(language);
  mkdirSync(dir, { recursive: true });
  write(dir, 'tls.json', [
    {
      policy: 'tls-min-version',
      target: 'service/nextcloud',
      status: 'fail',
      severity: 'high',
      details: say('TLS 1.0 and 1.1 still offered on :443', 'TLS 1.0 und 1.1 werden auf :443 noch angeboten'),
    },
    { policy: 'tls-min-version', target: 'service/gitea', status: 'pass', severity: 'high' },
    {
      policy: 'tls-certificate-expiry',
      target: 'service/vaultwarden',
      status: 'warn',
      severity: 'medium',
      details: say('certificate expires in 12 days', 'Zertifikat läuft in 12 Tagen ab'),
    },
  ]);
  write(dir, 'ports.json', {
    policy: 'ssh-root-login',
    target: 'node/pve1',
    status: 'warn',
    severity: 'medium',
    details: say(
      'PermitRootLogin prohibit-password (key only); policy wants no',
      'PermitRootLogin prohibit-password (nur mit Schlüssel); die Richtlinie verlangt no',
    ),
  });
  write(dir, 'backups.json', [
    {
      policy: 'backup-retention',
      target: 'qemu/204',
      status: 'fail',
      severity: 'critical',
      details: say(
        'no backup of immich in the last 7 days (pbs01)',
        'keine Sicherung von immich in den letzten 7 Tagen (pbs01)',
      ),
    },
    { policy: 'backup-retention', target: 'lxc/101', status: 'pass', severity: 'critical' },
  ]);
  write(dir, 'scanner-partial.json', '[\n  { "policy": "open-ports",\n    "target": }\n');
  rotateDemoFinding(dir, new Date(), language);
}

/** One result that changes every ten minutes (an outdated image fixed, then back), so findings clear and return. */
export function rotateDemoFinding(dir: string, now: Date, language: Language): void {
  if (!existsSync(dir)) return;
  const say = words(language);
  const fixed = Math.floor(now.getTime() / 600_000) % 2 === 0;
  write(dir, 'versions.json', [
    {
      policy: 'image-up-to-date',
      target: 'qemu/204',
      status: fixed ? 'pass' : 'fail',
      severity: 'low',
      details: fixed
        ? say('immich v1.122 (current)', 'immich v1.122 (aktuell)')
        : say('immich v1.118 is 4 releases behind', 'immich v1.118 liegt 4 Versionen zurück'),
    },
  ]);
}
