import type { LoadProfile } from './lab-model';

/** The demo lab's cluster: three nodes and thirty guests, the seed's core services and a homelab's own. */

// prettier-ignore
export type Def = [vmid: number, type: 'qemu' | 'lxc', name: string, node: string, cores: number, memGiB: number, diskGiB: number, tags: string[], role: string, service: string | null, graphNode: string | null, p: Partial<LoadProfile>];

// The seed's core services (RALF-README "Komponenten") and a few user services, one per line as
// the table they are (hence prettier-ignore).
// prettier-ignore
export const DEFS: Def[] = [
  [101, 'lxc', 'postgresql', 'pve1', 4, 8, 64, ['core', 'db'], 'core', 'PostgreSQL', 'PG', { cpuBase: 0.12, memBase: 0.7 }],
  [102, 'lxc', 'gitea', 'pve1', 2, 4, 48, ['core', 'git'], 'core', 'Gitea', 'GIT', { cpuBase: 0.05 }],
  [103, 'lxc', 'vaultwarden', 'pve1', 1, 1, 8, ['core', 'secrets'], 'core', 'Vaultwarden', 'VAULT', { cpuBase: 0.02 }],
  [104, 'lxc', 'qdrant', 'pve1', 4, 16, 96, ['core', 'vector-db'], 'core', 'Vector-DB (Qdrant)', 'KB', { cpuBase: 0.15, memBase: 0.65 }],
  [105, 'lxc', 'n8n', 'pve1', 2, 4, 16, ['orchestration'], 'orchestration', 'n8n', 'N8N', { cpuBase: 0.1, cpuAmp: 0.15 }],
  [106, 'lxc', 'automation', 'pve1', 2, 4, 32, ['orchestration', 'ansible', 'opentofu'], 'orchestration', 'Ansible / OpenTofu runner', 'ANS', { cpuBase: 0.04 }],
  [110, 'lxc', 'prometheus', 'pve2', 2, 8, 128, ['monitoring'], 'monitoring', 'Prometheus', 'PROM', { cpuBase: 0.18, memBase: 0.6, diskBase: 0.55 }],
  [111, 'lxc', 'loki', 'pve2', 2, 6, 160, ['monitoring'], 'monitoring', 'Loki', 'LOKI', { cpuBase: 0.12, diskBase: 0.62 }],
  [112, 'lxc', 'grafana', 'pve2', 1, 2, 8, ['monitoring'], 'monitoring', 'Grafana', 'GRAF', { cpuBase: 0.03 }],
  [120, 'qemu', 'foreman', 'pve2', 2, 6, 40, ['discovery'], 'discovery', 'Foreman', 'FORE', { cpuBase: 0.06 }],
  [121, 'lxc', 'synapse', 'pve2', 2, 4, 32, ['interface', 'matrix'], 'interface', 'Synapse (Matrix)', 'SYN', { cpuBase: 0.08 }],
  [130, 'qemu', 'exo-ralf-core', 'pve2', 8, 32, 200, ['ai', 'exo'], 'ai', 'Exo runtime / Ralf-Core', 'RALF', { cpuBase: 0.25, cpuAmp: 0.3, memBase: 0.78 }],
  [131, 'lxc', 'ralf-ui', 'pve2', 1, 1, 4, ['interface'], 'interface', 'ralf-ui', 'UI', { cpuBase: 0.02 }],
  [200, 'qemu', 'jellyfin', 'pve3', 4, 6, 64, ['media'], 'user', 'Jellyfin', null, { cpuBase: 0.08, cpuAmp: 0.35, netBase: 4e6 }],
  [201, 'qemu', 'nextcloud', 'pve3', 2, 6, 256, ['files'], 'user', 'Nextcloud', null, { cpuBase: 0.06, diskBase: 0.71 }],
  [202, 'qemu', 'home-assistant', 'pve3', 2, 4, 32, ['smart-home'], 'user', 'Home Assistant (Küchen-Pi)', null, { cpuBase: 0.07 }],
  [203, 'lxc', 'paperless', 'pve3', 2, 4, 64, ['documents'], 'user', 'Paperless-ngx', null, { cpuBase: 0.04 }],
  [204, 'qemu', 'immich', 'pve3', 4, 8, 512, ['media', 'photos'], 'user', 'Immich', null, { cpuBase: 0.1, cpuAmp: 0.2, memBase: 0.8, diskBase: 0.83 }],
  [205, 'lxc', 'uptime-kuma', 'pve1', 1, 1, 4, ['monitoring'], 'user', 'Uptime Kuma', null, { cpuBase: 0.02 }],
  [206, 'lxc', 'pihole', 'pve1', 1, 1, 4, ['network', 'dns'], 'user', 'Pi-hole', null, { cpuBase: 0.03, netBase: 2e5 }],
  [207, 'qemu', 'minecraft', 'pve3', 4, 8, 48, ['games'], 'user', 'Minecraft server', null, { cpuBase: 0.1, eveningBurst: 0.75, memBase: 0.85 }],
  [208, 'qemu', 'win11-test', 'pve2', 4, 8, 80, ['sandbox'], 'user', null, null, {}],
  [209, 'lxc', 'nginx-proxy', 'pve1', 1, 1, 4, ['network'], 'user', 'Nginx Proxy Manager', null, { cpuBase: 0.04, netBase: 3e6 }],
  [210, 'lxc', 'mosquitto', 'pve3', 1, 1, 4, ['smart-home'], 'user', 'Mosquitto MQTT', null, { cpuBase: 0.02 }],
  [211, 'lxc', 'wiki', 'pve1', 1, 2, 16, ['documents'], 'user', 'Wiki.js', null, { cpuBase: 0.02 }],
  [212, 'qemu', 'dev-sandbox', 'pve2', 4, 8, 64, ['sandbox'], 'user', null, null, { cpuBase: 0.05, cpuAmp: 0.3 }],
  [213, 'lxc', 'ci-runner', 'pve2', 4, 8, 64, ['ci'], 'user', 'Gitea Actions runner', null, { cpuBase: 0.05, cpuAmp: 0.5 }],
  [214, 'qemu', 'frigate', 'pve3', 4, 6, 256, ['smart-home', 'video'], 'user', 'Frigate NVR', null, { cpuBase: 0.35, netBase: 8e6, diskBase: 0.9 }],
  [215, 'lxc', 'unifi', 'pve1', 1, 2, 16, ['network'], 'user', 'UniFi controller', null, { cpuBase: 0.04 }],
  [216, 'lxc', 'audiobookshelf', 'pve3', 1, 2, 32, ['media'], 'user', 'Audiobookshelf', null, { cpuBase: 0.02 }],
];

/** The guest that is stopped in the demo lab (issue 2: "one guest that is stopped"). */
export const STOPPED = new Set([208]);

export const NODES: Array<[name: string, cores: number, memGiB: number, diskGiB: number, tags: string[]]> = [
  ['pve1', 16, 64, 2000, ['core']],
  ['pve2', 12, 96, 2000, ['monitoring', 'ai']],
  // pve3 is the node under pressure: its guests use most of its memory.
  ['pve3', 8, 40, 1500, ['media']],
];
