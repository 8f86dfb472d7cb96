import { toCsv } from './csv';
import type { ReportAvisRow, RoundReport } from './round-report';

/**
 * The CSV of a round: one line per enjeu and invited organisation (an empty avis and « sans
 * réponse » when it did not answer), as French Excel opens it (`;`, BOM, CRLF, formulas
 * neutralised: app/csv.ts). Dates are ISO 8601 in UTC, for machines.
 */
export function renderRoundCsv(report: RoundReport): string {
  const rows: (string | number | null)[][] = [];
  for (const e of report.enjeux) {
    const byOrg = new Map<string, ReportAvisRow>(e.rows.map((r) => [r.organisation.id, r]));
    for (const org of report.organisations) {
      const a = byOrg.get(org.id);
      rows.push([
        e.position,
        e.title,
        org.code,
        org.name,
        a ? a.avisLabel : '',
        a?.comment ?? '',
        a ? givenByText(a) : '',
        a ? a.channelLabel : 'sans réponse',
        a ? (a.proxy ? 'oui' : 'non') : '',
        a ? (a.silent ? 'oui' : 'non') : '',
        a ? a.castAt.toISOString() : '',
      ]);
    }
  }
  return toCsv(
    [
      'enjeu_n',
      'enjeu',
      'organisation_code',
      'organisation',
      'avis',
      'commentaire',
      'donne_par',
      'canal',
      'saisi_pour_le_compte',
      'implicite',
      'date',
    ],
    rows,
  );
}

/** « Pilote pour Organisation (courrier du 3 décembre) » for a proxy, the giver otherwise. */
function givenByText(a: ReportAvisRow): string {
  if (!a.proxy) return a.givenBy;
  const source = a.source ? ` (${a.source})` : '';
  return `${a.givenBy || 'la Caf'} pour ${a.onBehalfOf}${source}`;
}
