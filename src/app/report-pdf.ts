import { renderRoundPdf } from '../reports/round-pdf';
import type { RoundPdfAvis, RoundPdfInput, RoundPdfOrganisation } from '../reports/round-pdf-input';
import type { ReportOrganisation, RoundReport } from './round-report';

/**
 * The PDF synthesis drawn from the one report model (app/round-report.ts): the model's rows
 * mapped onto what src/reports/round-pdf.ts lays out. Favorable avis by silence are counted
 * apart from those given, as the PDF's charts show them.
 */
export function pdfInputOf(report: RoundReport): RoundPdfInput {
  const given = new Map<string, number>();
  const silent = new Set<string>();
  for (const e of report.enjeux) {
    for (const r of e.rows) {
      if (r.silent) silent.add(r.organisation.id);
      else given.set(r.organisation.id, (given.get(r.organisation.id) ?? 0) + 1);
    }
  }
  const enjeuCount = report.enjeux.length;
  const organisation = (o: ReportOrganisation): RoundPdfOrganisation => {
    const n = given.get(o.id) ?? 0;
    return {
      code: o.code,
      name: o.name,
      kind: o.kindLabel,
      commune: o.commune || null,
      answered: n === 0 ? 'none' : n >= enjeuCount ? 'all' : 'some',
      bySilence: silent.has(o.id),
    };
  };
  const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name, 'fr');
  return {
    generatedAt: report.generatedAt,
    tenant: { name: report.tenant.name, timezone: report.timezone },
    round: {
      number: report.round.number,
      status: report.round.status,
      openedAt: report.round.openedAt,
      deadline: report.round.deadline,
      closedAt: report.round.closedAt,
      silenceMeansFavorable: report.options.silenceMeansFavorable,
    },
    draft: {
      schemaTitle: report.draft.title,
      title: report.draft.title,
      version: report.draft.version,
      period: report.draft.period,
    },
    organisations: report.organisations.map(organisation).sort(byName),
    enjeux: report.enjeux.map((e) => ({
      position: e.position,
      title: e.title,
      counts: { ...e.counts, favorable: e.counts.favorable - e.implicit },
      silence: e.implicit,
      noAnswer: e.missing.length,
      avis: e.rows
        .map((r): RoundPdfAvis => ({
          organisation: r.organisation.name,
          kind: r.organisation.kindLabel,
          commune: r.organisation.commune || null,
          avis: r.avis,
          comment: r.comment,
          givenBy: r.givenBy || null,
          onBehalfOf: r.onBehalfOf || null,
          // A proxy is already said to be entered by the Caf: its source is the document it came in.
          source: r.proxy && r.source ? r.source : r.channelLabel,
          date: r.castAt,
          silent: r.silent,
          proxy: r.proxy,
        }))
        .sort((a, b) => a.organisation.localeCompare(b.organisation, 'fr')),
      missing: e.missing.map((m) => m.name).sort((a, b) => a.localeCompare(b, 'fr')),
    })),
    nonResponders: report.nonResponders.map(organisation).sort(byName),
    followups: report.followups.flatMap((f) =>
      f.response === null
        ? []
        : [
            {
              organisation: f.organisation.name,
              enjeu: `${f.enjeu.position}. ${f.enjeu.title}`,
              avis: f.avis,
              response: f.response,
              justification: f.justification,
              laterEnjeu: f.nextEnjeu
                ? `v${f.nextEnjeu.version} — ${f.nextEnjeu.position}. ${f.nextEnjeu.title}`
                : null,
            },
          ],
    ),
  };
}

/** The PDF synthesis of a round's report, as bytes. */
export function renderRoundReportPdf(report: RoundReport): Promise<Buffer> {
  return renderRoundPdf(pdfInputOf(report));
}
