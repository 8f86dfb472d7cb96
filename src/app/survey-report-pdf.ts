import { renderSurveyPdf } from '../reports/survey-pdf';
import type { SurveyPdfInput } from '../reports/survey-pdf-input';
import { ANSWER_MODE_LABELS, SURVEY_GROUPINGS, type SurveyReport } from './survey-report-model';

/** The PDF synthesis drawn from the survey report model, mapped onto what survey-pdf.ts lays out. */
export function surveyPdfInputOf(report: SurveyReport): SurveyPdfInput {
  return {
    generatedAt: report.generatedAt,
    tenant: { name: report.tenant.name, timezone: report.timezone },
    round: {
      number: report.round.number,
      statusLabel: report.round.statusLabel,
      openedAt: report.round.openedAt,
      deadline: report.round.deadline,
      closedAt: report.round.closedAt,
      answerModeLabel: ANSWER_MODE_LABELS[report.round.answerMode],
      anonymous: report.round.anonymous,
    },
    grid: report.grid,
    participation: report.participation,
    cells: report.tally.cells,
    groupings: SURVEY_GROUPINGS.map((g) => ({
      label: g.label,
      column: g.column,
      groups: report.groupings[g.key],
    })),
  };
}

/** The PDF synthesis of a survey round's report, as bytes. */
export function renderSurveyReportPdf(report: SurveyReport): Promise<Buffer> {
  return renderSurveyPdf(surveyPdfInputOf(report));
}
