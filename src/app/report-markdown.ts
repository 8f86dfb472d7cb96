import { FOLLOWUP_LABELS } from '../domain/followup';
import { AVIS_LABELS } from '../domain/avis';
import { count, shortDate } from '../domain/format';
import { formatDeadline } from '../domain/round-schedule';
import { AVIS_CHOICES } from '../domain/types';
import { type ReportAvisRow, type ReportOrganisation, type RoundReport } from './round-report';

/**
 * User text inside a Markdown line: escaped only where Markdown would read it as syntax, so it
 * stays readable when pasted as plain text (« Val-de-Marne », « (EPCI) » untouched). Escaped:
 * backslash, emphasis and code marks (`*`, `_`, `` ` ``, `~`), links and images (`[`, `]`), HTML
 * and autolinks (`<`, `>`), table cells (`|`), entities (`&name;`). Line breaks become spaces:
 * one item, one line. Only text that starts a line (`atLineStart`; none in this synthesis) also
 * needs what would open a heading, quote, list or rule escaped.
 */
export function mdText(text: string, atLineStart = false): string {
  const inline = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_~[\]<>|]/g, '\\$&')
    .replace(/&(?=#?\w+;)/g, '\\&');
  return atLineStart
    ? inline.replace(/^([#>+\-=])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2')
    : inline;
}

const names = (orgs: ReportOrganisation[]) => orgs.map((o) => mdText(o.name)).join(', ');

/** How an avis came, in words: by silence, or recorded by the Caf from a document. */
function howGiven(a: ReportAvisRow): string {
  if (a.silent) return 'favorable par absence de réponse';
  if (a.proxy) {
    const details = [
      a.source ? `source : ${mdText(a.source)}` : '',
      a.givenBy ? `saisi par : ${mdText(a.givenBy)}` : '',
    ].filter(Boolean);
    return `saisi par la Caf pour le compte de l’organisation${details.length > 0 ? ` (${details.join(' ; ')})` : ''}`;
  }
  return '';
}

/**
 * The Markdown synthesis of a round: the round and its dates in the Caf's time zone, the
 * participation, then per enjeu the counts, the motivated avis and comments, the avis recorded
 * by the Caf for an organisation, those favorable by silence, those missing; the organisations
 * that did not answer; the generation date.
 */
export function renderRoundMarkdown(report: RoundReport): string {
  const tz = report.timezone;
  const when = (d: Date) => formatDeadline(d, 'fr', tz);
  const p = report.participation;
  const silentOrgs = report.organisations.filter((org) =>
    report.enjeux.some((e) => e.rows.some((r) => r.silent && r.organisation.id === org.id)),
  );
  const lines: string[] = [
    `# Synthèse de la consultation n° ${report.round.number}`,
    '',
    `**${mdText(report.draft.title)}**, version ${report.draft.version} (${mdText(report.draft.period)})`,
    '',
    `- Caf : ${mdText(report.tenant.name)}`,
  ];
  if (report.round.openedAt) lines.push(`- Ouverte le : ${when(report.round.openedAt)}`);
  lines.push(`- Date limite : ${when(report.round.deadline)}`);
  if (report.round.closedAt) lines.push(`- Close le : ${when(report.round.closedAt)}`);
  lines.push(
    `- État : ${report.round.statusLabel}`,
    `- Organisations invitées : ${p.invited} ; ayant répondu à tous les enjeux : ${p.complete}${p.bySilence > 0 ? ` ; favorables par silence : ${p.bySilence}${p.partlyBySilence > 0 ? ` (dont ${p.partlyBySilence} en partie)` : ''}` : ''}`,
  );
  if (report.options.silenceMeansFavorable)
    lines.push("- L'absence de réponse vaut avis favorable.");
  if (silentOrgs.length > 0)
    lines.push(`- Organisations favorables par silence : ${names(silentOrgs)}`);
  if (report.nonResponders.length > 0)
    lines.push(
      `- Organisations n’ayant répondu à aucun enjeu (${report.nonResponders.length}) : ${names(report.nonResponders)}`,
    );

  for (const e of report.enjeux) {
    lines.push(
      '',
      `## ${e.position}. ${mdText(e.title)}`,
      '',
      `Réponses : ${e.answered - e.implicit} sur ${e.invited}${e.implicit > 0 ? `, ${count(e.implicit, 'fr', 'favorable', 'favorables')} par silence` : ''}`,
      '',
      '| Avis | Nombre |',
      '| --- | ---: |',
    );
    for (const c of AVIS_CHOICES) lines.push(`| ${AVIS_LABELS[c].fr} | ${e.counts[c]} |`);
    if (e.implicit > 0)
      lines.push(
        '',
        `Dont ${count(e.implicit, 'fr', 'avis favorable', 'avis favorables')} par absence de réponse.`,
      );
    const motivated = e.rows.filter((r) => r.comment && r.comment.trim());
    if (motivated.length > 0) {
      lines.push('', '### Avis motivés et commentaires', '');
      for (const a of motivated) {
        const how = howGiven(a);
        lines.push(
          `- **${mdText(a.organisation.name)}** (${a.avisLabel}${how ? ` — ${how}` : ''}, ${shortDate(a.castAt, 'fr', tz)}) : ${mdText(a.comment!)}`,
        );
      }
    }
    const proxies = e.rows.filter((r) => r.proxy && !(r.comment && r.comment.trim()));
    if (proxies.length > 0) {
      lines.push('', '### Avis saisis par la Caf pour le compte d’une organisation', '');
      for (const a of proxies)
        lines.push(
          `- **${mdText(a.organisation.name)}** : ${a.avisLabel} — ${howGiven(a)}, ${shortDate(a.castAt, 'fr', tz)}`,
        );
    }
    if (e.missing.length > 0) lines.push('', `Sans réponse : ${names(e.missing)}.`);
    const silent = e.rows.filter((r) => r.silent).map((r) => r.organisation);
    if (silent.length > 0) lines.push('', `Favorables par silence : ${names(silent)}.`);
  }

  if (report.followups.length > 0) {
    lines.push('', '## Prise en compte des avis', '');
    lines.push(
      '| Enjeu | Organisation | Avis | Réponse de la Caf | Justification |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const f of report.followups)
      lines.push(
        `| ${f.enjeu.position} | ${mdText(f.organisation.name)} | ${f.avisLabel} | ${f.response ? FOLLOWUP_LABELS[f.response].fr : 'à traiter'} | ${mdText(f.justification)} |`,
      );
  }

  lines.push('', '---', '', `Généré par Concerto le ${when(report.generatedAt)} (heure de ${tz}).`);
  return lines.join('\n') + '\n';
}
