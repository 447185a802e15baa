import type { TaskAction, TrailEventInput } from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import type { Clock } from '../../adapters/ports';
import { appendOwn } from '../trails/trails.service';
import type { TaskRow } from './tasks.repository';

/** Proxmox's task type for an action on a guest (`qmstart`, `vzsnapshot`, `vzdump`, …). */
export function TYPE_OF(action: TaskAction, type: 'qemu' | 'lxc'): string {
  if (action === 'backup') return 'vzdump';
  if (action === 'migrate') return type === 'qemu' ? 'qmigrate' : 'vzmigrate';
  if (action === 'resize' || action === 'configure') return type === 'qemu' ? 'qmconfig' : 'vzconfig';
  if (action === 'clone') return type === 'qemu' ? 'qmclone' : 'vzclone';
  const prefix = type === 'qemu' ? 'qm' : 'vz';
  return prefix + (action === 'delete-snapshot' ? 'delsnapshot' : action);
}

const WORDS: Record<TaskAction, string> = {
  start: 'start',
  shutdown: 'shut down',
  stop: 'stop',
  reboot: 'reboot',
  suspend: 'suspend',
  resume: 'resume',
  backup: 'back up',
  snapshot: 'snapshot',
  rollback: 'roll back',
  'delete-snapshot': 'delete a snapshot of',
  migrate: 'migrate',
  resize: 'resize',
  clone: 'clone a template as',
  configure: 'configure',
};

const who = (actor: string) => actor.replace(/^user:/, '');
const subjects = (r: TaskRow) => [...(r.guest_id ? [r.guest_id] : []), `node/${r.node}`];

/**
 * Each action leaves an explainability trail of its own (`task/<id>`): who asked, from where and
 * why; the task Proxmox ran; how it ended. Written in the transaction of the change it tells.
 */
export function taskTrail(clock: Clock) {
  const write = (trx: Db, r: TaskRow, events: Omit<TrailEventInput, 'trailId' | 'parentId' | 'agent' | 'at'>[]) =>
    appendOwn(
      trx,
      `task/${r.id}`,
      events.map((e) => ({ ...e, agent: 'ralf-ui', at: clock.now().toISOString(), subjects: subjects(r) })),
      clock.now(),
    );
  return {
    asked: (trx: Db, r: TaskRow) =>
      write(trx, r, [
        {
          id: `task/${r.id}:asked`,
          kind: 'trigger',
          trigger: 'operator_request',
          title: `${who(r.actor)} asked to ${WORDS[r.action as TaskAction]} ${r.guest_name ?? r.guest_id}${r.target ? ` (${r.target})` : ''}`,
          body: [
            r.reason ? `Why: ${r.reason}` : 'No reason given.',
            `From ${r.source_ip ?? 'an unknown address'}.`,
          ].join('\n'),
        },
        {
          id: `task/${r.id}:action`,
          kind: 'action',
          title: `Proxmox ${r.type} on ${r.node} (cluster ${r.cluster})`,
        },
      ]),
    ended: (trx: Db, r: TaskRow) =>
      write(trx, r, [
        {
          id: `task/${r.id}:outcome`,
          // Unknown is not failed: ralf-ui lost sight of the task, which may have done its work.
          ...(r.status === 'unknown'
            ? { kind: 'observation' as const }
            : { kind: 'outcome' as const, outcome: r.status === 'ok' ? ('succeeded' as const) : ('failed' as const) }),
          title:
            r.status === 'ok'
              ? `${r.type} of ${r.guest_name ?? r.guest_id} done`
              : r.status === 'unknown'
                ? `${r.type} of ${r.guest_name ?? r.guest_id}: outcome unknown`
                : `${r.type} of ${r.guest_name ?? r.guest_id} failed`,
          body: [r.exit_status ?? '', r.upid ? `Task ${r.upid}` : 'Proxmox started no task.']
            .filter(Boolean)
            .join('\n'),
        },
      ]),
  };
}
