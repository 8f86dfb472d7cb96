import { formatDeadline } from '../domain/round-schedule';
import { mdText } from './report-markdown';
import {
  ANSWER_MODE_LABELS,
  cellOf,
  cellSummary,
  frMean,
  ratingLabel,
  ratingsCount,
  SURVEY_GROUPINGS,
  type SurveyReport,
} from './survey-report-model';

/**
 * The Markdown synthesis of a survey round: the round and its dates in the Caf's time zone, the
 * participation, the grid's table of means and contributions (the heat map's numbers), then per
 * level and question the count, the distribution, the mean and every contribution; the groupings
 * (by kind, commune, EPCI) as tables; the generation date. User text is escaped by mdText
 * (app/report-markdown.ts).
 */
export function renderSurveyMarkdown(report: SurveyReport): string {
  const tz = report.timezone;
  const when = (d: Date) => formatDeadline(d, 'fr', tz);
  const { grid, participation: p } = report;
  const scale = grid.rating?.labels ?? [];
  const lines: string[] = [
    `# Résultats de l’évaluation n° ${report.round.number}`,
    '',
    `**${mdText(grid.title)}**`,
    '',
    `- Caf : ${mdText(report.tenant.name)}`,
  ];
  if (report.round.openedAt) lines.push(`- Ouverte le : ${when(report.round.openedAt)}`);
  lines.push(`- Date limite : ${when(report.round.deadline)}`);
  if (report.round.closedAt) lines.push(`- Close le : ${when(report.round.closedAt)}`);
  lines.push(
    `- État : ${report.round.statusLabel}`,
    `- Mode de réponse : ${ANSWER_MODE_LABELS[report.round.answerMode]}${report.round.anonymous ? ', anonyme' : ''}`,
    `- Réponses commencées : ${p.started}${p.invited !== null ? ` sur ${p.invited} organisations invitées` : ''} ; terminées : ${p.finished}`,
  );
  if (scale.length > 0)
    lines.push(
      `- Échelle de notation : ${scale.map((l, i) => `${i + 1} = ${mdText(l)}`).join(', ')}`,
    );

  const headerRow = (first: string[]) =>
    `| ${[...first, ...grid.questions.map((q) => `${q.position}. ${mdText(q.label)}`)].join(' | ')} |`;
  const separator = (first: number) =>
    `| ${[...Array.from({ length: first }, () => '---'), ...grid.questions.map(() => '---:')].join(' | ')} |`;

  lines.push(
    '',
    '## Vue d’ensemble',
    '',
    scale.length > 0
      ? 'Note moyenne de chaque case et, entre parenthèses, son nombre de contributions.'
      : 'Nombre de contributions de chaque case.',
    '',
    headerRow(['Niveau']),
    separator(1),
  );
  for (const l of grid.levels) {
    lines.push(
      `| ${[
        `${l.position}. ${mdText(l.label)}`,
        ...grid.questions.map((q) =>
          cellSummary(cellOf(report.tally.cells, l.position, q.position)),
        ),
      ].join(' | ')} |`,
    );
  }

  for (const l of grid.levels) {
    lines.push('', `## ${l.position}. ${mdText(l.label)}`);
    for (const q of grid.questions) {
      const c = cellOf(report.tally.cells, l.position, q.position);
      lines.push(
        '',
        `### ${l.position}.${q.position} ${mdText(q.label)}`,
        '',
        `Contributions : ${c.contributions}`,
      );
      if (c.rated) {
        const n = ratingsCount(c);
        lines.push(
          '',
          c.mean !== null
            ? `Note moyenne : ${frMean(c.mean)} sur ${scale.length} (${n} note${n >= 2 ? 's' : ''})`
            : 'Note moyenne : aucune note',
          '',
          '| Note | Nombre |',
          '| --- | ---: |',
          ...c.distribution.map(
            (k, i) => `| ${i + 1}. ${mdText(ratingLabel(grid, i + 1))} | ${k} |`,
          ),
        );
      }
      if (c.texts.length > 0) {
        lines.push('');
        for (const x of c.texts)
          lines.push(
            `- ${x.author ? `**${mdText(x.author)}** : ` : ''}${mdText(x.text, !x.author)}`,
          );
      }
    }
  }

  for (const g of SURVEY_GROUPINGS) {
    const groups = report.groupings[g.key];
    if (groups.length === 0) continue;
    lines.push('', `## ${g.label}`, '', headerRow([g.column, 'Réponses', 'Niveau']), separator(3));
    for (const grp of groups) {
      for (const l of grid.levels) {
        lines.push(
          `| ${[
            mdText(grp.group),
            String(grp.answers),
            `${l.position}. ${mdText(l.label)}`,
            ...grid.questions.map((q) => cellSummary(cellOf(grp.cells, l.position, q.position))),
          ].join(' | ')} |`,
        );
      }
    }
  }

  lines.push('', '---', '', `Généré par Concerto le ${when(report.generatedAt)} (heure de ${tz}).`);
  return lines.join('\n') + '\n';
}
