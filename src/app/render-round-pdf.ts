import type { RoundPdfInput } from '../reports/round-pdf-input';
import type { AppDeps } from './deps';
import { pdfInputOf, renderRoundReportPdf } from './report-pdf';
import { buildRoundReport } from './round-report';

export { renderRoundPdf } from '../reports/round-pdf';
export type { RoundPdfInput } from '../reports/round-pdf-input';

/** What the PDF synthesis of a round shows, from the one report model (read only). */
export async function roundPdfInput(
  deps: AppDeps,
  o: { tenantId: string; round: string },
): Promise<RoundPdfInput> {
  return pdfInputOf(await buildRoundReport(deps, o));
}

/** The PDF synthesis of a round of the database, as bytes. */
export async function roundPdf(deps: AppDeps, o: { tenantId: string; round: string }) {
  return renderRoundReportPdf(await buildRoundReport(deps, o));
}
