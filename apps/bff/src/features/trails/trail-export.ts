import type { Trail } from '@ralf/shared';

/**
 * Markdown text cannot open HTML or links of its own: angle brackets and link syntax are
 * escaped; and text of one line stays on its line (a newline in a title would start a heading
 * or a list item of its own, issue 15).
 */
const md = (s: string) => s.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ').replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
const safeUrl = (u: string) => (/^https?:\/\//i.test(u) ? u.replace(/[()\s]/g, encodeURIComponent) : null);

/**
 * A trail as Markdown, for a Gitea pull request or a post-mortem: the chain in causal order with
 * each decision's rationale, inputs, alternatives and confidence, and the links it names.
 */
export function trailMarkdown(t: Trail): string {
  const lines = [
    `# ${md(t.title)}`,
    '',
    `- Trail: \`${t.id}\``,
    `- Trigger: ${t.trigger ?? 'unknown'}; outcome: ${t.outcome}`,
    `- ${t.startedAt}${t.endedAt ? ` – ${t.endedAt}` : ' (still running)'}`,
    `- Agents: ${t.agents.map(md).join(', ')}`,
    `- Subjects: ${t.subjects.map((s) => `\`${s}\``).join(', ')}`,
    '',
    '## Chain',
  ];
  for (const e of t.chain) {
    lines.push(
      '',
      `### ${e.kind}: ${md(e.title)}`,
      '',
      `${e.at} · ${md(e.agent)}${e.parentMissing ? ' · (its cause has not arrived)' : ''}${e.corrects ? ` · corrects \`${e.corrects}\`` : ''}`,
    );
    if (e.body) lines.push('', ...e.body.split(/\r\n|[\r\n\u0085\u2028\u2029]/).map((l) => `> ${md(l)}`));
    if (e.confidence !== null) lines.push('', `Confidence: ${Math.round(e.confidence * 100)}%`);
    if (e.inputs.length)
      lines.push(
        '',
        'Inputs:',
        ...e.inputs.map((i) => `- ${i.kind}: ${md(i.label)}${i.url && safeUrl(i.url) ? ` (<${safeUrl(i.url)}>)` : ''}`),
      );
    if (e.alternatives.length)
      lines.push('', 'Alternatives considered:', ...e.alternatives.map((a) => `- ${md(a.option)}: ${md(a.whyNot)}`));
    const links = e.links.filter((l) => safeUrl(l.url));
    if (links.length)
      lines.push(
        '',
        'Links:',
        ...links.map((l) => `- ${l.kind.replace('_', ' ')}: [${md(l.label || l.url)}](${safeUrl(l.url)})`),
      );
  }
  return `${lines.join('\n')}\n`;
}
