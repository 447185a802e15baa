import type { Language, TrailEventInput } from '@ralf/shared';

/**
 * The demo lab's own life as trails (issue 7), written at its first start with times just
 * before it: a self-healing restart, a host discovered by Foreman, a PBS found and registered,
 * and a deployment that failed and taught something. Later trails come from what happens. The
 * agents write in `language` (RALF_AGENT_LANGUAGE).
 */
export function demoTrails(now: Date, language: Language): TrailEventInput[] {
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
  // The simulated agents write in RALF_AGENT_LANGUAGE, like real ones in their operators' language (issue 18).
  const say = (en: string, de: string) => (language === 'de' ? de : en);
  const chain = (trailId: string, events: Omit<TrailEventInput, 'trailId' | 'parentId' | 'id'>[]): TrailEventInput[] =>
    events.map((e, i) => ({
      ...e,
      trailId,
      id: `${trailId}:${i + 1}`,
      parentId: i === 0 ? null : `${trailId}:${i}`,
      language,
    }));
  return [
    ...chain('demo:self-heal-nextcloud', [
      {
        kind: 'trigger',
        trigger: 'alert',
        at: ago(180),
        agent: 'A_MON',
        title: say(
          'Nextcloud health check failing (HTTP 502 for 3 minutes)',
          'Nextcloud-Healthcheck schlägt fehl (HTTP 502 seit 3 Minuten)',
        ),
        subjects: ['qemu/201', 'service/nextcloud'],
        inputs: [{ kind: 'metric', label: 'probe_success{job="nextcloud"} = 0', ref: 'service/nextcloud' }],
      },
      {
        kind: 'observation',
        at: ago(179),
        agent: 'A_MON',
        title: say(
          'php-fpm exhausted its workers; memory of qemu/201 at 97%',
          'php-fpm hat keine Worker mehr frei; Arbeitsspeicher von qemu/201 bei 97 %',
        ),
        subjects: ['qemu/201'],
      },
      {
        kind: 'decision',
        at: ago(178),
        agent: 'Ralf-Core',
        title: say(
          'Restart php-fpm in qemu/201, not the whole VM',
          'Neustart von php-fpm in qemu/201, nicht der ganzen VM',
        ),
        confidence: 0.86,
        subjects: ['qemu/201'],
        body: say(
          'The service restarted cleanly the last three times this pattern appeared; a restart of php-fpm takes seconds, a VM restart takes minutes and interrupts uploads.',
          'Die letzten drei Male, als dieses Muster auftrat, lief der Dienst nach einem Neustart sauber; ein Neustart von php-fpm dauert Sekunden, ein Neustart der VM Minuten und unterbricht Uploads.',
        ),
        alternatives: [
          {
            option: say('Restart the VM', 'Neustart der VM'),
            whyNot: say(
              'longer outage; not needed when only php-fpm is stuck',
              'längerer Ausfall; unnötig, wenn nur php-fpm hängt',
            ),
          },
          {
            option: say('Add memory to qemu/201', 'Mehr Arbeitsspeicher für qemu/201'),
            whyNot: say(
              'pve3 is already short of memory; needs a plan and an approval',
              'pve3 ist schon knapp an Arbeitsspeicher; braucht einen Plan und eine Genehmigung',
            ),
          },
        ],
        inputs: [
          {
            kind: 'trail',
            label: say(
              'three earlier restarts of php-fpm that fixed it',
              'drei frühere Neustarts von php-fpm, die es behoben haben',
            ),
            ref: 'demo:self-heal-nextcloud',
          },
        ],
      },
      {
        kind: 'action',
        at: ago(177),
        agent: 'A_INFRA',
        title: 'systemctl restart php8.2-fpm (Ansible ad-hoc)',
        subjects: ['qemu/201'],
        links: [
          {
            kind: 'commit',
            url: 'https://gitea.lab.example/ralf/infra/commit/4be1c0d',
            label: say('runbook: php-fpm restart', 'Runbook: Neustart von php-fpm'),
          },
        ],
      },
      {
        kind: 'outcome',
        outcome: 'succeeded',
        at: ago(176),
        agent: 'A_MON',
        title: say('Nextcloud healthy again after 40 s', 'Nextcloud nach 40 s wieder gesund'),
        subjects: ['service/nextcloud'],
      },
      {
        kind: 'lesson',
        at: ago(175),
        agent: 'Ralf-Core',
        title: say('Raise pm.max_children to 24', 'pm.max_children auf 24 erhöhen'),
        body: say(
          'Four restarts in two weeks: the worker pool is too small for the evening load. Proposed as a change to the Nextcloud role.',
          'Vier Neustarts in zwei Wochen: der Worker-Pool ist für die Abendlast zu klein. Als Änderung der Nextcloud-Rolle vorgeschlagen.',
        ),
      },
    ]),
    ...chain('demo:discovery-nuc-13', [
      {
        kind: 'trigger',
        trigger: 'discovery',
        at: ago(95),
        agent: 'Foreman',
        title: say('New host on the network: nuc-13 (10.10.0.41)', 'Neuer Host im Netz: nuc-13 (10.10.0.41)'),
        body: say(
          'PXE boot of an unknown MAC 3c:ec:ef:12:34:56; facts collected by Foreman discovery.',
          'PXE-Boot einer unbekannten MAC 3c:ec:ef:12:34:56; Facts von der Foreman-Discovery gesammelt.',
        ),
      },
      {
        kind: 'observation',
        at: ago(94),
        agent: 'A_INFRA',
        title: say(
          'Intel i5-1340P, 12 cores, 64 GiB, NVMe: fits a Proxmox node',
          'Intel i5-1340P, 12 Kerne, 64 GiB, NVMe: passt als Proxmox-Knoten',
        ),
      },
      {
        kind: 'decision',
        at: ago(93),
        agent: 'A_PLAN',
        title: say(
          'Suggest the role proxmox-node, and wait for an operator',
          'Rolle proxmox-node vorschlagen und auf einen Operator warten',
        ),
        confidence: 0.72,
        body: say(
          'The host has the cores and memory of a node and the cluster is short of memory on pve3. Joining a cluster changes quorum, so it is not done without a person.',
          'Der Host hat die Kerne und den Arbeitsspeicher eines Knotens, und dem Cluster fehlt Arbeitsspeicher auf pve3. Ein Clusterbeitritt ändert das Quorum, also nicht ohne einen Menschen.',
        ),
        alternatives: [
          {
            option: say('Join the cluster automatically', 'Automatisch dem Cluster beitreten'),
            whyNot: say('changes quorum: needs an operator', 'ändert das Quorum: braucht einen Operator'),
          },
          {
            option: say('Role backup', 'Rolle Sicherung'),
            whyNot: say('a PBS already exists (pbs01)', 'es gibt schon einen PBS (pbs01)'),
          },
        ],
      },
      {
        kind: 'action',
        at: ago(92),
        agent: 'ralf-core',
        title: say(
          'Asked in #ralf-infra whether to install Proxmox on nuc-13',
          'In #ralf-infra gefragt, ob Proxmox auf nuc-13 installiert werden soll',
        ),
      },
    ]),
    ...chain('demo:pbs01', [
      {
        kind: 'trigger',
        trigger: 'pbs_detected',
        at: ago(300),
        agent: 'Foreman',
        title: say(
          'Proxmox Backup Server 3.3 found: pbs01 (10.10.0.50)',
          'Proxmox Backup Server 3.3 gefunden: pbs01 (10.10.0.50)',
        ),
      },
      {
        kind: 'decision',
        at: ago(299),
        agent: 'A_PLAN',
        title: say(
          'Register pbs01 as the backup target of all nodes',
          'pbs01 als Sicherungsziel aller Knoten eintragen',
        ),
        confidence: 0.9,
        alternatives: [
          {
            option: say('Keep local vzdump backups', 'Lokale vzdump-Sicherungen behalten'),
            whyNot: say(
              'no deduplication, backups on the same disks as the guests',
              'keine Deduplizierung, Sicherungen auf denselben Platten wie die Gäste',
            ),
          },
        ],
      },
      {
        kind: 'action',
        at: ago(297),
        agent: 'A_INFRA',
        title: 'pvesm add pbs pbs01 on pve1, pve2, pve3',
        links: [
          {
            kind: 'pull_request',
            url: 'https://gitea.lab.example/ralf/infra/pulls/17',
            label: say('PR 17: backup target pbs01', 'PR 17: Sicherungsziel pbs01'),
          },
        ],
      },
      {
        kind: 'outcome',
        outcome: 'succeeded',
        at: ago(290),
        agent: 'A_INFRA',
        title: say(
          'Nightly backups go to pbs01 (first run 02:00)',
          'Nächtliche Sicherungen gehen nach pbs01 (erster Lauf 02:00)',
        ),
      },
    ]),
    ...chain('demo:deploy-paperless-ai', [
      {
        kind: 'trigger',
        trigger: 'operator_request',
        at: ago(60),
        agent: 'user:operator',
        title: say('Deploy paperless-ai next to paperless', 'paperless-ai neben paperless bereitstellen'),
        subjects: ['lxc/203'],
      },
      {
        kind: 'decision',
        at: ago(59),
        agent: 'ralf-ui',
        title: say('Place paperless-ai on pve1', 'paperless-ai auf pve1 platzieren'),
        body: say(
          'pve1 keeps 52% memory free after the new guest; pve3 would drop below 10%.',
          'pve1 behält nach dem neuen Gast 52 % Arbeitsspeicher frei; pve3 fiele unter 10 %.',
        ),
        alternatives: [
          { option: 'pve3', whyNot: say('not enough memory', 'zu wenig Arbeitsspeicher') },
          {
            option: 'pve2',
            whyNot: say('less room: 38% memory free after', 'weniger Platz: danach 38 % Arbeitsspeicher frei'),
          },
        ],
        subjects: ['node/pve1'],
      },
      {
        kind: 'action',
        at: ago(58),
        agent: 'A_INFRA',
        title: say('Ansible role paperless-ai: configuring', 'Ansible-Rolle paperless-ai: Konfiguration'),
      },
      {
        kind: 'outcome',
        outcome: 'failed',
        at: ago(55),
        agent: 'A_INFRA',
        title: say(
          'configuring failed: the model download needs 12 GiB of disk, the template gives 8',
          'Konfiguration fehlgeschlagen: der Modell-Download braucht 12 GiB Disk, die Vorlage gibt 8',
        ),
      },
      {
        kind: 'lesson',
        at: ago(54),
        agent: 'Ralf-Core',
        title: say(
          'Size disks from the model, not the template default',
          'Disks nach dem Modell bemessen, nicht nach dem Vorgabewert der Vorlage',
        ),
        body: say(
          'Templates that download models must state their disk need; the template now asks for 16 GiB.',
          'Vorlagen, die Modelle laden, müssen ihren Platzbedarf nennen; die Vorlage verlangt jetzt 16 GiB.',
        ),
      },
    ]),
  ];
}
