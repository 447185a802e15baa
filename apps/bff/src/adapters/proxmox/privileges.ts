/**
 * The Proxmox privileges ralf-ui uses (README: "Proxmox VE", "Acting on Proxmox"): what it reads
 * with (PVEAuditor's on PVE, DatastoreAudit's on PBS) and what acting asks (the RalfOperator role).
 * `ralf-ui doctor` checks a token for them; the demo lab's token holds them all.
 */
export const READ_PRIVILEGES = { pve: ['Sys.Audit', 'VM.Audit', 'Datastore.Audit'], pbs: ['Datastore.Audit'] } as const;
export const ACT_PRIVILEGES = [
  'VM.PowerMgmt',
  'VM.Snapshot',
  'VM.Snapshot.Rollback',
  'VM.Backup',
  'Datastore.AllocateSpace',
] as const;
