import { messageText, msg, type Language, type Message, type Preflight, type TrailEventInput } from '@ralf/shared';

/**
 * The start of a deployment's explainability trail (issue 7): who asked for what, and where
 * ralf-ui placed it and why not elsewhere. ralf-ui writes its own trail events in RALF_LANGUAGE
 * and records that language, so search stems them right (issue 18).
 */
export function placementEvents(
  language: Language,
  o: { trail: string; at: string; actor: string; template: string; name: string; nodeId: string; check: Preflight },
): Omit<TrailEventInput, 'trailId' | 'parentId'>[] {
  const say = (m: Message) => messageText(language, m);
  const whyNot = (p: Preflight['placement'][number]) =>
    p.blocker === 'offline'
      ? msg('placement.whyNotOffline')
      : p.blocker === 'memory'
        ? msg('placement.whyNotMemory')
        : p.memFreeBytes === null
          ? msg('placement.memoryUnknown')
          : msg('placement.lessRoom', { free: p.memFreeBytes });
  return [
    {
      id: `${o.trail}:requested`,
      kind: 'trigger',
      trigger: 'operator_request',
      at: o.at,
      agent: o.actor,
      title: say(msg('trail.deployAsked', { actor: o.actor, template: o.template, name: o.name })),
      subjects: [o.trail, `service/${o.name}`],
      language,
    },
    {
      id: `${o.trail}:placed`,
      kind: 'decision',
      at: o.at,
      agent: 'ralf-ui',
      title: say(msg('trail.deployPlace', { name: o.name, node: o.nodeId.slice(5) })),
      subjects: [o.trail, o.nodeId],
      body: say(msg('trail.deployPreflight', { checks: o.check.checks.map((c) => c.message) })),
      alternatives: o.check.placement
        .filter((p) => p.nodeId !== o.nodeId)
        .slice(0, 10)
        .map((p) => ({ option: p.name, whyNot: say(whyNot(p)) })),
      inputs: [{ kind: 'metric', label: say(msg('trail.headroomInput')), ref: o.nodeId }],
      language,
    },
  ];
}
