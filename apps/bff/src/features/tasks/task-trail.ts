import { messageText, msg, type Language, type Message, type TaskAction, type TrailEventInput } from '@ralf/shared';
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

const who = (actor: string) => actor.replace(/^user:/, '');
const subjects = (r: TaskRow) => [...(r.guest_id ? [r.guest_id] : []), `node/${r.node}`];

/**
 * Each action leaves an explainability trail of its own (`task/<id>`): who asked, from where and
 * why; the task Proxmox ran; how it ended. Written in the transaction of the change it tells.
 */
export function taskTrail(clock: Clock, language: Language = 'de') {
  // ralf-ui writes its trails in RALF_LANGUAGE and records it, so search stems them right (issue 18).
  const say = (...lines: Message[]) => lines.map((m) => messageText(language, m)).join('\n');
  const write = (trx: Db, r: TaskRow, events: Omit<TrailEventInput, 'trailId' | 'parentId' | 'agent' | 'at'>[]) =>
    appendOwn(
      trx,
      `task/${r.id}`,
      events.map((e) => ({ ...e, agent: 'ralf-ui', at: clock.now().toISOString(), subjects: subjects(r), language })),
      clock.now(),
    );
  const guest = (r: TaskRow) => ({ type: r.type, guest: r.guest_name ?? r.guest_id ?? '' });
  return {
    asked: (trx: Db, r: TaskRow) =>
      write(trx, r, [
        {
          id: `task/${r.id}:asked`,
          kind: 'trigger',
          trigger: 'operator_request',
          title: say(
            msg('ttrail.asked', {
              actor: who(r.actor),
              action: r.action as TaskAction,
              guest: r.guest_name ?? r.guest_id ?? '',
              target: r.target ?? 'none',
            }),
          ),
          body: say(
            r.reason ? msg('ttrail.why', { reason: r.reason }) : msg('ttrail.noWhy'),
            r.source_ip ? msg('ttrail.from', { ip: r.source_ip }) : msg('ttrail.fromUnknown'),
          ),
        },
        {
          id: `task/${r.id}:action`,
          kind: 'action',
          title: say(msg('ttrail.task', { type: r.type, node: r.node, cluster: r.cluster })),
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
          title: say(
            msg(
              r.status === 'ok' ? 'ttrail.done' : r.status === 'unknown' ? 'ttrail.unknown' : 'ttrail.failed',
              guest(r),
            ),
          ),
          body: [r.exit_status ?? '', say(r.upid ? msg('ttrail.upid', { upid: r.upid }) : msg('ttrail.noTask'))]
            .filter(Boolean)
            .join('\n'),
        },
      ]),
  };
}
