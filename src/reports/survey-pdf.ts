import { formatDeadline } from '../domain/round-schedule';
import type { GridCellTally } from '../domain/grid-tally';
import { gridHeatmap } from './grid-heatmap';
import { BOLD, GREY, OBLIQUE, t, Writer } from './round-pdf';
import type { SurveyPdfInput } from './survey-pdf-input';

/**
 * The PDF synthesis of a survey round, tagged as the consultation's (round-pdf.ts Writer: PDF
 * 1.7, structure tree, French, DejaVu fonts): cover, participation, the grid's heat map (vectors,
 * with its text alternative as /Alt and printed under it), then per level and question the
 * number of contributions, the distribution and mean of the ratings and every contribution; the
 * groupings (type, commune, EPCI) as tables. Every user text is drawn as text.
 */

const fr = (n: number) => String(Math.round(n * 100) / 100).replace('.', ',');
const cellAt = (cells: GridCellTally[], level: number, question: number) =>
  cells.find((c) => c.level === level && c.question === question);
const summary = (c: GridCellTally | undefined) =>
  !c ? '' : c.mean === null ? `(${c.contributions})` : `${fr(c.mean)} (${c.contributions})`;

function cover(w: Writer, r: SurveyPdfInput): void {
  const tz = r.tenant.timezone;
  w.doc.moveDown(4);
  w.paragraph([{ text: r.tenant.name, font: BOLD, color: GREY }], { size: 13 });
  w.heading(1, `Résultats de l’évaluation n° ${r.round.number}`);
  w.paragraph([{ text: r.grid.title, font: BOLD }], { size: 15 });
  if (r.grid.description) w.paragraph(r.grid.description, { size: 11 });
  w.doc.moveDown(1);
  const lines = [
    r.round.openedAt ? `Évaluation ouverte le ${formatDeadline(r.round.openedAt, 'fr', tz)}` : null,
    `Date limite : ${formatDeadline(r.round.deadline, 'fr', tz)}`,
    r.round.closedAt ? `Close le ${formatDeadline(r.round.closedAt, 'fr', tz)}` : null,
    `État : ${r.round.statusLabel}`,
    `Mode de réponse : ${r.round.answerModeLabel}${r.round.anonymous ? ', anonyme' : ''}`,
  ].filter((x): x is string => x !== null);
  for (const l of lines) w.paragraph(l, { gap: 0.2 });
  w.doc.moveDown(1);
  w.paragraph([
    {
      text: `Document généré le ${formatDeadline(r.generatedAt, 'fr', tz)} (fuseau horaire ${tz}).`,
      font: OBLIQUE,
      color: GREY,
    },
  ]);
}

function overview(w: Writer, r: SurveyPdfInput): void {
  w.doc.addPage();
  w.heading(2, 'Participation');
  const p = r.participation;
  w.paragraph(
    `Réponses commencées : ${p.started}${p.invited !== null ? ` sur ${p.invited} organisations invitées` : ''} ; terminées : ${p.finished}.`,
  );
  const scale = r.grid.rating?.labels ?? [];
  if (scale.length > 0) {
    w.paragraph(`Échelle de notation : ${scale.map((l, i) => `${i + 1} = ${l}`).join(', ')}.`);
  }
  w.heading(2, 'Vue d’ensemble');
  const { svg, alt, size } = gridHeatmap(r.grid, r.cells, { width: w.width });
  w.figure(svg, size, alt);
  w.paragraph([{ text: `Description de la carte : ${alt}`, font: OBLIQUE, color: GREY }], {
    size: 9,
  });
  w.table(
    ['Niveau', ...r.grid.questions.map((q) => `${q.position}. ${q.label}`)],
    r.grid.levels.map((l) => [
      `${l.position}. ${l.label}`,
      ...r.grid.questions.map((q) => summary(cellAt(r.cells, l.position, q.position))),
    ]),
    ['*', ...r.grid.questions.map(() => Math.floor((w.width * 0.72) / r.grid.questions.length))],
    r.grid.questions.map((_, j) => j + 1),
  );
  w.paragraph(
    [
      {
        text:
          scale.length > 0
            ? 'Dans chaque case : la note moyenne et, entre parenthèses, le nombre de contributions.'
            : 'Dans chaque case : le nombre de contributions.',
        color: GREY,
      },
    ],
    { size: 9 },
  );
}

function level(w: Writer, r: SurveyPdfInput, l: SurveyPdfInput['grid']['levels'][number]): void {
  w.doc.addPage();
  w.heading(2, `Niveau ${l.position}. ${l.label}`);
  if (l.help) w.paragraph([{ text: l.help, color: GREY }], { size: 9.5 });
  const scale = r.grid.rating?.labels ?? [];
  for (const q of r.grid.questions) {
    const c = cellAt(r.cells, l.position, q.position);
    if (!c) continue;
    w.heading(3, `${l.position}.${q.position} ${q.label}`);
    const n = c.distribution.reduce((s, k) => s + k, 0);
    const parts = [`Contributions : ${c.contributions}`];
    if (c.rated) {
      parts.push(
        c.mean !== null
          ? `note moyenne : ${fr(c.mean)} sur ${scale.length} (${n} note${n >= 2 ? 's' : ''})`
          : 'aucune note',
      );
    }
    w.paragraph(`${parts.join(' ; ')}.`);
    if (c.rated && n > 0) {
      w.table(
        ['Note', 'Nombre'],
        c.distribution.map((k, i) => [`${i + 1}. ${scale[i] ?? ''}`, String(k)]),
        ['*', 70],
        [1],
      );
    }
    for (const x of c.texts) {
      w.paragraph(
        [{ text: x.author ? `${x.author} : ` : 'Anonyme : ', font: BOLD }, { text: x.text }],
        { gap: 0.3 },
      );
    }
  }
}

function groupings(w: Writer, r: SurveyPdfInput): void {
  for (const g of r.groupings) {
    if (g.groups.length === 0) continue;
    w.doc.addPage();
    w.heading(2, g.label);
    w.paragraph(
      [
        {
          text: 'Par groupe et par niveau, pour chaque question : la note moyenne et, entre parenthèses, le nombre de contributions.',
          color: GREY,
        },
      ],
      { size: 9 },
    );
    const qWidth = Math.floor((w.width * 0.55) / r.grid.questions.length);
    w.table(
      [g.column, 'Réponses', 'Niveau', ...r.grid.questions.map((q) => `${q.position}. ${q.label}`)],
      g.groups.flatMap((grp) =>
        r.grid.levels.map((l) => [
          grp.group,
          String(grp.answers),
          `${l.position}. ${l.label}`,
          ...r.grid.questions.map((q) => summary(cellAt(grp.cells, l.position, q.position))),
        ]),
      ),
      ['*', 58, 70, ...r.grid.questions.map(() => qWidth)],
      [1, ...r.grid.questions.map((_, j) => j + 3)],
    );
  }
}

/** The PDF synthesis of a survey round, as bytes. */
export async function renderSurveyPdf(input: SurveyPdfInput): Promise<Buffer> {
  const title = `Résultats de l’évaluation n° ${input.round.number} — ${t(input.grid.title)}`;
  const w = new Writer(title);
  cover(w, input);
  overview(w, input);
  for (const l of input.grid.levels) level(w, input, l);
  groupings(w, input);
  w.footers(`${t(input.tenant.name)} — évaluation n° ${input.round.number}`);
  return w.finish();
}
