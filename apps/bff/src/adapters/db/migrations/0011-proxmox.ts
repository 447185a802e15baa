/**
 * Proxmox VE read directly (issue 19): what a Proxmox reading tells of a node (versions, boot
 * time, address) and of a guest (lock, HA state, addresses, network devices, disks, config
 * digest), kept as one JSON value each beside the columns agents also write. Null where no
 * Proxmox reading has described the row (inventory only agents report).
 */
export const m0011Proxmox = {
  version: '0011-proxmox',
  sql: `
alter table ralf.node add column pve jsonb;
alter table ralf.guest add column pve jsonb;
`,
};
