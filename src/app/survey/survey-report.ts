import { DomainError } from '../../domain/errors';
import { ORGANISATION_KIND_SINGULAR } from '../../domain/organisation';
import { ROUND_STATUS_LABELS } from '../../domain/round';
import { territoryOf } from '../../domain/territory';
import { lastSaversOf, surveyResponsesOfRound } from '../../store/repositories/surveys';
import type { AppDeps } from '../deps';
import { findRound } from '../lookup';
import { surveyTallies, type SurveyAnswerRow, type SurveyReport } from '../survey-report-model';
import { renderSurveyCsv } from '../survey-report-csv';
import { renderSurveyMarkdown } from '../survey-report-markdown';
import { renderSurveyReportPdf } from '../survey-report-pdf';
import { renderSurveyXlsx } from '../survey-report-xlsx';
import { loadSurveyContext } from './survey-context';

/**
 * The results of a survey as the one model its exports render (app/survey-report-model.ts): the
 * tally per cell, grouped by kind of organisation, commune and EPCI, and every answer. An answer
 * per organisation is signed by who saved it last; a participant's by their name, none when the
 * round is anonymous.
 */
export async function buildSurveyReport(
  deps: AppDeps,
  o: { tenantId: string; round: string },
): Promise<SurveyReport> {
  const ref = await findRound(deps.db, o.tenantId, o.round);
  const round = await loadSurveyContext(deps.db, o.tenantId, ref.id);
  const responses = await surveyResponsesOfRound(deps.db, round.id);
  // Per organisation, an answer is signed by who saved it last; a participant's by their name.
  const savers =
    round.answerMode === 'organisation' && !round.anonymous
      ? await lastSaversOf(
          deps.db,
          responses.map((r) => r.id),
        )
      : new Map<string, string>();
  const answers: SurveyAnswerRow[] = responses
    .filter((r) => r.cells.length > 0 || r.finishedAt)
    .map((r) => {
      const org = r.organisation;
      const territory = territoryOf(org?.communeInsee);
      return {
        author: round.anonymous ? '' : org ? (savers.get(r.id) ?? '') : (r.participant?.name ?? ''),
        organisation: org?.name ?? null,
        kindLabel: org ? ORGANISATION_KIND_SINGULAR[org.kind] : '',
        commune: territory?.commune ?? '',
        epci: territory?.epci ?? '',
        finished: !!r.finishedAt,
        updatedAt: r.updatedAt,
        cells: r.cells.map((c) => ({
          level: c.level,
          question: c.question,
          text: c.text,
          rating: c.rating,
        })),
      };
    });
  const { tally, groupings } = surveyTallies(round.grid_, answers);
  return {
    generatedAt: deps.now(),
    timezone: round.tenant.timezone,
    tenant: { code: round.tenant.code, name: round.tenant.name },
    round: {
      number: round.number,
      status: round.status,
      statusLabel: ROUND_STATUS_LABELS[round.status],
      openedAt: round.openedAt,
      deadline: round.deadline,
      closedAt: round.closedAt,
      answerMode: round.answerMode,
      anonymous: round.anonymous,
    },
    grid: round.grid_,
    participation: {
      invited: round.answerMode === 'organisation' ? round.invitations.length : null,
      started: answers.length,
      finished: answers.filter((a) => a.finished).length,
    },
    tally,
    groupings,
    answers,
  };
}

type SurveyFormat = 'csv' | 'xlsx' | 'pdf' | 'md';

const RENDER: Record<
  SurveyFormat,
  { contentType: string; render: (r: SurveyReport) => Promise<Buffer | string> }
> = {
  csv: { contentType: 'text/csv; charset=utf-8', render: async (r) => renderSurveyCsv(r) },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    render: renderSurveyXlsx,
  },
  pdf: { contentType: 'application/pdf', render: renderSurveyReportPdf },
  md: { contentType: 'text/markdown; charset=utf-8', render: async (r) => renderSurveyMarkdown(r) },
};

/** A survey's report in the formats asked for (the exports of a consultation, « evaluation-4.pdf »). */
export async function exportSurvey(
  deps: AppDeps,
  o: { tenantId: string; round: string; formats: SurveyFormat[] },
) {
  const report = await buildSurveyReport(deps, o);
  if (report.round.status === 'draft' || report.round.status === 'cancelled') {
    throw new DomainError('ROUND_EXPORT_NOT_HELD', {
      number: report.round.number,
      status: report.round.status,
    });
  }
  const files = [];
  for (const format of o.formats) {
    const r = RENDER[format];
    files.push({
      format,
      filename: `evaluation-${report.round.number}.${format}`,
      contentType: r.contentType,
      body: await r.render(report),
    });
  }
  return { report, files };
}
