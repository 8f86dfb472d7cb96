import { toCsv } from './csv';
import { ratingLabel, surveyContributions, type SurveyReport } from './survey-report-model';

export const SURVEY_CSV_HEADERS = [
  'niveau_n',
  'niveau',
  'question_n',
  'question',
  'auteur',
  'organisation',
  'type',
  'commune',
  'epci',
  'note',
  'note_libelle',
  'contribution',
  'terminee',
  'mise_a_jour',
] as const;

/**
 * The CSV of a survey round: one line per answer and cell it filled (by level, question, then
 * answer), as French Excel opens it (`;`, BOM, CRLF, formulas neutralised: app/csv.ts). An
 * anonymous answer has an empty author. Dates are ISO 8601 in UTC, for machines.
 */
export function renderSurveyCsv(report: SurveyReport): string {
  const { grid } = report;
  return toCsv(
    [...SURVEY_CSV_HEADERS],
    surveyContributions(report).map(({ answer: a, cell: c }) => [
      c.level,
      grid.levels[c.level - 1]?.label ?? '',
      c.question,
      grid.questions[c.question - 1]?.label ?? '',
      a.author,
      a.organisation ?? '',
      a.kindLabel,
      a.commune,
      a.epci,
      c.rating,
      ratingLabel(grid, c.rating),
      c.text,
      a.finished ? 'oui' : 'non',
      a.updatedAt.toISOString(),
    ]),
  );
}
