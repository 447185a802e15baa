import type { TrailEventInput } from '@ralf/shared';

/**
 * The demo lab's own life as trails (issue 7), written at its first start with times just
 * before it: a self-healing restart, a host discovered by Foreman, a PBS found and registered,
 * and a deployment that failed and taught something. Later trails come from what happens.
 */
export function demoTrails(now: Date): TrailEventInput[] {
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
  const chain = (trailId: string, events: Omit<TrailEventInput, 'trailId' | 'parentId' | 'id'>[]): TrailEventInput[] =>
    events.map((e, i) => ({ ...e, trailId, id: `${trailId}:${i + 1}`, parentId: i === 0 ? null : `${trailId}:${i}` }));
  return [
    ...chain('demo:self-heal-nextcloud', [
      {
        kind: 'trigger',
        trigger: 'alert',
        at: ago(180),
        agent: 'A_MON',
        title: 'Nextcloud health check failing (HTTP 502 for 3 minutes)',
        subjects: ['qemu/201', 'service/nextcloud'],
        inputs: [{ kind: 'metric', label: 'probe_success{job="nextcloud"} = 0', ref: 'service/nextcloud' }],
      },
      {
        kind: 'observation',
        at: ago(179),
        agent: 'A_MON',
        title: 'php-fpm exhausted its workers; memory of qemu/201 at 97%',
        subjects: ['qemu/201'],
      },
      {
        kind: 'decision',
        at: ago(178),
        agent: 'Ralf-Core',
        title: 'Restart php-fpm in qemu/201, not the whole VM',
        confidence: 0.86,
        subjects: ['qemu/201'],
        body: 'The service restarted cleanly the last three times this pattern appeared; a restart of php-fpm takes seconds, a VM restart takes minutes and interrupts uploads.',
        alternatives: [
          { option: 'Restart the VM', whyNot: 'longer outage; not needed when only php-fpm is stuck' },
          { option: 'Add memory to qemu/201', whyNot: 'pve3 is already short of memory; needs a plan and an approval' },
        ],
        inputs: [
          { kind: 'trail', label: 'three earlier restarts of php-fpm that fixed it', ref: 'demo:self-heal-nextcloud' },
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
            label: 'runbook: php-fpm restart',
          },
        ],
      },
      {
        kind: 'outcome',
        outcome: 'succeeded',
        at: ago(176),
        agent: 'A_MON',
        title: 'Nextcloud healthy again after 40 s',
        subjects: ['service/nextcloud'],
      },
      {
        kind: 'lesson',
        at: ago(175),
        agent: 'Ralf-Core',
        title: 'Raise pm.max_children to 24',
        body: 'Four restarts in two weeks: the worker pool is too small for the evening load. Proposed as a change to the Nextcloud role.',
      },
    ]),
    ...chain('demo:discovery-nuc-13', [
      {
        kind: 'trigger',
        trigger: 'discovery',
        at: ago(95),
        agent: 'Foreman',
        title: 'New host on the network: nuc-13 (10.10.0.41)',
        body: 'PXE boot of an unknown MAC 3c:ec:ef:12:34:56; facts collected by Foreman discovery.',
      },
      {
        kind: 'observation',
        at: ago(94),
        agent: 'A_INFRA',
        title: 'Intel i5-1340P, 12 cores, 64 GiB, NVMe: fits a Proxmox node',
      },
      {
        kind: 'decision',
        at: ago(93),
        agent: 'A_PLAN',
        title: 'Suggest the role proxmox-node, and wait for an operator',
        confidence: 0.72,
        body: 'The host has the cores and memory of a node and the cluster is short of memory on pve3. Joining a cluster changes quorum, so it is not done without a person.',
        alternatives: [
          { option: 'Join the cluster automatically', whyNot: 'changes quorum: needs an operator' },
          { option: 'Role backup', whyNot: 'a PBS already exists (pbs01)' },
        ],
      },
      {
        kind: 'action',
        at: ago(92),
        agent: 'ralf-core',
        title: 'Asked in #ralf-infra whether to install Proxmox on nuc-13',
      },
    ]),
    ...chain('demo:pbs01', [
      {
        kind: 'trigger',
        trigger: 'pbs_detected',
        at: ago(300),
        agent: 'Foreman',
        title: 'Proxmox Backup Server 3.3 found: pbs01 (10.10.0.50)',
      },
      {
        kind: 'decision',
        at: ago(299),
        agent: 'A_PLAN',
        title: 'Register pbs01 as the backup target of all nodes',
        confidence: 0.9,
        alternatives: [
          { option: 'Keep local vzdump backups', whyNot: 'no deduplication, backups on the same disks as the guests' },
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
            label: 'PR 17: backup target pbs01',
          },
        ],
      },
      {
        kind: 'outcome',
        outcome: 'succeeded',
        at: ago(290),
        agent: 'A_INFRA',
        title: 'Nightly backups go to pbs01 (first run 02:00)',
      },
    ]),
    ...chain('demo:deploy-paperless-ai', [
      {
        kind: 'trigger',
        trigger: 'operator_request',
        at: ago(60),
        agent: 'user:operator',
        title: 'Deploy paperless-ai next to paperless',
        subjects: ['lxc/203'],
      },
      {
        kind: 'decision',
        at: ago(59),
        agent: 'ralf-ui',
        title: 'Place paperless-ai on pve1',
        body: 'pve1 keeps 52% memory free after the new guest; pve3 would drop below 10%.',
        alternatives: [
          { option: 'pve3', whyNot: 'not enough memory' },
          { option: 'pve2', whyNot: 'less room: 38% memory free after' },
        ],
        subjects: ['node/pve1'],
      },
      { kind: 'action', at: ago(58), agent: 'A_INFRA', title: 'Ansible role paperless-ai: configuring' },
      {
        kind: 'outcome',
        outcome: 'failed',
        at: ago(55),
        agent: 'A_INFRA',
        title: 'configuring failed: the model download needs 12 GiB of disk, the template gives 8',
      },
      {
        kind: 'lesson',
        at: ago(54),
        agent: 'Ralf-Core',
        title: 'Size disks from the model, not the template default',
        body: 'Templates that download models must state their disk need; the template now asks for 16 GiB.',
      },
    ]),
  ];
}
