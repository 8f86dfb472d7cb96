import { readFileSync } from 'fs';
import { join } from 'path';
import { parseGridFile, type Grid } from '../../src/domain/grid';
import type { GridAnswerCell } from '../../src/domain/grid-answer';
import { territoryOf } from '../../src/domain/territory';
import {
  surveyTallies,
  type SurveyAnswerRow,
  type SurveyReport,
} from '../../src/app/survey-report-model';

/** The demo grid of Val-de-Marne (4 levels × 4 questions, rated 1 … 4). */
export function demoGrid(): Grid {
  return parseGridFile(
    readFileSync(join(__dirname, '../../src/data/grille-evaluation-94.yaml'), 'utf8'),
    'grille-evaluation-94.yaml',
  );
}

/** A 3 × 5 grid, rated on 5 steps on its first three questions only. */
export function grid3x5(): Grid {
  return parseGridFile(
    [
      'code: t-3x5',
      'titre: Trois niveaux, cinq questions',
      'questions: [Quoi ?, Comment ?, Quand ?, Avec qui ?, Et ensuite ?]',
      'niveaux: [Quartier, Commune, Département]',
      'notation:',
      '  libelles: [Très faible, Faible, Moyen, Fort, Très fort]',
      '  questions: [Quoi ?, Comment ?, Quand ?]',
    ].join('\n'),
    't.yaml',
  );
}

const WHO: { author: string; organisation: string; kind: string; insee: string }[] = [
  {
    author: 'Claire Martin',
    organisation: 'Centre social Les Portes du Midi',
    kind: 'Centre social',
    insee: '94028',
  },
  {
    author: 'Karim Benali',
    organisation: 'EVS La Passerelle',
    kind: 'Espace de vie sociale',
    insee: '94041',
  },
  {
    author: 'Sophie Durand',
    organisation: 'Commune de Vincennes',
    kind: 'Commune',
    insee: '94080',
  },
  {
    author: 'Marc Petit',
    organisation: 'Centre social Balzac',
    kind: 'Centre social',
    insee: '94081',
  },
  { author: 'Inès Moreau', organisation: 'Commune de Créteil', kind: 'Commune', insee: '94028' },
  {
    author: 'Paul Leroy',
    organisation: 'Centre social du Plateau',
    kind: 'Centre social',
    insee: '94017',
  },
  {
    author: 'Nadia Haddad',
    organisation: 'EVS Arc-en-ciel',
    kind: 'Espace de vie sociale',
    insee: '94073',
  },
  {
    author: 'Julien Roux',
    organisation: 'Commune d’Ivry-sur-Seine',
    kind: 'Commune',
    insee: '94041',
  },
  {
    author: 'Emma Lefèvre',
    organisation: 'Centre social Kennedy',
    kind: 'Centre social',
    insee: '94028',
  },
  {
    author: 'Hugo Garnier',
    organisation: 'Fédération des centres sociaux',
    kind: 'Fédération',
    insee: '',
  },
];

/**
 * `count` answers to `grid`, deterministic: ratings spread so that cell (1,1) has the highest
 * mean and the last rated cell of the first level the lowest; the 4th answer is anonymous and
 * the 2nd carries hostile text.
 */
export function sampleAnswers(grid: Grid, count = 20): SurveyAnswerRow[] {
  const scale = grid.rating?.labels.length ?? 0;
  const rated = new Set(grid.rating?.questions ?? []);
  const rows: SurveyAnswerRow[] = [];
  for (let i = 0; i < count; i++) {
    const who = WHO[i % WHO.length]!;
    const t = territoryOf(who.insee);
    const cells: GridAnswerCell[] = [];
    for (const l of grid.levels) {
      for (const q of grid.questions) {
        // Some cells left empty, as drafts are.
        if ((i + l.position * 3 + q.position) % 7 === 0) continue;
        let rating: number | null = null;
        if (rated.has(q.position) && scale > 0) {
          if (l.position === 1 && q.position === 1) rating = scale;
          else if (l.position === 1 && q.position === Math.max(...rated)) rating = 1;
          else rating = 1 + ((i + l.position + 2 * q.position) % scale);
          if (l.position === grid.levels.length && q.position === 1) rating = null; // never rated
        }
        const text =
          i === 1 && l.position === 1 && q.position === 2
            ? "=cmd|' /C calc'!A0 *gras* <b>html</b> | pipe"
            : (i + q.position) % 3 === 0
              ? ''
              : `Contribution ${i + 1} sur « ${l.label} / ${q.label} »`;
        if (text === '' && rating === null) continue;
        cells.push({ level: l.position, question: q.position, text, rating });
      }
    }
    rows.push({
      author: i === 3 ? '' : who.author,
      organisation: i === 3 ? null : who.organisation,
      kindLabel: who.kind,
      commune: t?.commune ?? '',
      epci: t?.epci ?? '',
      finished: i % 5 !== 4,
      updatedAt: new Date(Date.UTC(2026, 10, 20 + (i % 8), 9 + (i % 6), 15)),
      cells,
    });
  }
  return rows;
}

export function sampleSurveyReport(grid: Grid = demoGrid(), count = 20): SurveyReport {
  const answers = sampleAnswers(grid, count);
  const { tally, groupings } = surveyTallies(grid, answers);
  return {
    generatedAt: new Date('2026-12-10T08:30:00Z'),
    timezone: 'Europe/Paris',
    tenant: { code: '94', name: 'Caf du Val-de-Marne' },
    round: {
      number: 4,
      status: 'closed',
      statusLabel: 'close',
      openedAt: new Date('2026-11-02T08:00:00Z'),
      deadline: new Date('2026-12-01T17:00:00Z'),
      closedAt: new Date('2026-12-01T17:00:00Z'),
      answerMode: 'organisation',
      anonymous: false,
    },
    grid,
    participation: {
      invited: 25,
      started: answers.length,
      finished: answers.filter((a) => a.finished).length,
    },
    tally,
    groupings,
    answers,
  };
}
