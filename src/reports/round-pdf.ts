import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { AVIS_LABELS } from '../domain/avis';
import { FOLLOWUP_LABELS } from '../domain/followup';
import { ROUND_STATUS_LABELS } from '../domain/round';
import { formatDeadline } from '../domain/round-schedule';
import { cleanText } from '../domain/text';
import { AVIS_CHOICES, type AvisChoice } from '../domain/types';
import { avisChartSize, enjeuChart, type AvisChartCounts } from './avis-chart';
import { FONT_FILES } from './fonts';
import type {
  RoundPdfAvis,
  RoundPdfEnjeu,
  RoundPdfInput,
  RoundPdfOrganisation,
} from './round-pdf-input';

/**
 * The PDF synthesis of a round, tagged for accessibility (PDF 1.7, structure tree, French as
 * the document's language, title shown by the reader): cover, participation, per enjeu its
 * chart (the SVG of avis-chart.ts, drawn as vectors, with its text alternative) and the
 * comments grouped by avis, the follow-up table, the organisations consulted and those that did
 * not answer. Every user text is drawn as text: nothing in it is interpreted.
 */

// Fonts are registered under their file's path: pdfkit's table restores the font of each cell
// by its source (the path), and only a font registered under that very name is found in its
// cache; under any other name every cell would read and parse the font file again (10× slower).
export const FONT = FONT_FILES.regular;
export const BOLD = FONT_FILES.bold;
export const OBLIQUE = FONT_FILES.oblique;
export const GREY = '#555555';
const INK = '#1a1a1a';
/** A table cell holds at most this many characters (pdfkit clamps a row taller than a page). */
const CELL_MAX = 1200;

/**
 * User text as the PDF prints it: no control characters, tabs as spaces, CRLF as LF, and
 * French guillemets held to their words by no-break spaces (« ainsi », never split at a line end).
 */
export function t(text: string | null | undefined): string {
  return cleanText(
    (text ?? '')
      .replace(/\r\n?/g, '\n')
      .replace(/\t/g, ' ')
      .replace(/« /g, '«\u00a0')
      .replace(/ »/g, '\u00a0»'),
  );
}

function clip(text: string, max = CELL_MAX): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** « 3 décembre 2026 à 14 h 05 », in the Caf's time zone (one Intl formatter per zone). */
export function frDateTime(d: Date, timezone: string): string {
  let f = dateFormats.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('fr-FR', {
      timeZone: timezone,
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    dateFormats.set(timezone, f);
  }
  const part: Record<string, string> = {};
  for (const p of f.formatToParts(d)) part[p.type] = p.value;
  const day = part.day === '1' ? '1er' : part.day;
  return `${day} ${part.month} ${part.year} à ${Number(part.hour)} h ${part.minute}`;
}

function names(list: string[]): string {
  return list.map(t).join(', ');
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n >= 2 ? many : one}`;
}

type TableCell = {
  text: string;
  type?: 'TH' | 'TD';
  scope?: 'column' | 'row';
  font?: { src: string };
};

/** A tagged PDF being written (shared with survey-pdf.ts): headings, paragraphs, figures, tables. */
export class Writer {
  readonly doc: PDFKit.PDFDocument;
  readonly root: PDFKit.PDFStructureElement;
  readonly left: number;
  readonly width: number;

  constructor(title: string) {
    this.doc = new PDFDocument({
      pdfVersion: '1.7',
      tagged: true,
      lang: 'fr-FR',
      displayTitle: true,
      bufferPages: true,
      size: 'A4',
      margins: { top: 56, bottom: 56, left: 56, right: 56 },
      info: { Title: title, Author: 'Concerto', Subject: title, Creator: 'Concerto' },
    });
    const doc = this.doc;
    doc.registerFont(FONT, FONT_FILES.regular);
    doc.registerFont(BOLD, FONT_FILES.bold);
    doc.registerFont(OBLIQUE, FONT_FILES.oblique);
    doc.font(FONT).fontSize(10.5).fillColor(INK);
    this.root = doc.struct('Document');
    doc.addStructure(this.root);
    this.left = doc.page.margins.left;
    this.width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  }

  /** Starts a new page when less than `room` points are left on this one. */
  keep(room: number): void {
    if (this.doc.y + room > this.doc.page.maxY()) this.doc.addPage();
  }

  heading(level: 1 | 2 | 3, text: string): void {
    const size = level === 1 ? 22 : level === 2 ? 16 : 12.5;
    this.keep(size * 5);
    if (level < 3 && this.doc.y > this.doc.page.margins.top) this.doc.moveDown(0.6);
    const doc = this.doc;
    this.root.add(
      doc.struct(`H${level}`, {}, () => {
        doc
          .font(BOLD)
          .fontSize(size)
          .fillColor(INK)
          .text(t(text), this.left, doc.y, { width: this.width });
      }),
    );
    doc.moveDown(0.4);
  }

  /** A paragraph; `parts` run on in the same paragraph, each in its font. */
  paragraph(
    parts: string | { text: string; font?: string; color?: string }[],
    o: { size?: number; gap?: number } = {},
  ): void {
    const all = typeof parts === 'string' ? [{ text: parts }] : parts;
    // An empty run would leave the paragraph open: the next one would print over it.
    const runs = all.filter((r) => r.text !== '');
    if (runs.length === 0) return;
    const doc = this.doc;
    this.root.add(
      doc.struct('P', {}, () => {
        doc.fontSize(o.size ?? 10.5);
        doc.x = this.left;
        runs.forEach((run, i) => {
          doc
            .font(run.font ?? FONT)
            .fillColor(run.color ?? INK)
            .text(t(run.text), {
              width: this.width,
              continued: i < runs.length - 1,
            });
        });
      }),
    );
    doc.fillColor(INK);
    doc.moveDown(o.gap ?? 0.5);
  }

  figure(svg: string, size: { width: number; height: number }, alt: string): void {
    const doc = this.doc;
    const scale = Math.min(1, this.width / size.width);
    const w = size.width * scale;
    const h = size.height * scale;
    this.keep(h + 40);
    const y = doc.y;
    this.root.add(
      doc.struct('Figure', { alt: t(alt) }, () => {
        SVGtoPDF(doc, svg, this.left, y, {
          width: w,
          height: h,
          assumePt: true,
          fontCallback: (_family, bold) => (bold ? BOLD : FONT),
        });
      }),
    );
    doc.x = this.left;
    doc.y = y + h + 6;
  }

  /** An accessible table: the first row holds column headers (TH, scope column). */
  table(
    headers: string[],
    rows: string[][],
    widths: (number | string)[],
    numeric: number[] = [],
  ): void {
    const doc = this.doc;
    this.keep(60);
    doc.font(FONT).fontSize(8.5).fillColor(INK);
    doc.x = this.left;
    const data: TableCell[][] = [
      headers.map((h) => ({ text: h, type: 'TH', scope: 'column', font: { src: BOLD } })),
      ...rows.map((r) => r.map((c) => ({ text: clip(t(c)) }))),
    ];
    // pdfkit's table takes structParent (it tags Table, TR, TH and TD) but its types do not say so.
    const options = {
      structParent: this.root,
      position: { x: this.left, y: doc.y },
      maxWidth: this.width,
      columnStyles: widths.map((w, i) => ({
        width: w,
        ...(numeric.includes(i) ? { align: { x: 'right', y: 'top' } } : {}),
      })),
      defaultStyle: { border: 0.5, borderColor: '#9e9e9e', padding: 3 },
      rowStyles: (i: number) => (i === 0 ? { backgroundColor: '#eeeeee' } : undefined),
      data,
    } as unknown as PDFKit.Mixins.TableOptionsWithData;
    doc.table(options);
    doc.x = this.left;
    doc.moveDown(0.8);
    doc.fontSize(10.5);
  }

  /** « page 2 sur 9 » at the foot of every page, marked as an artifact (not read aloud). */
  footers(label: string): void {
    const doc = this.doc;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc.markContent('Artifact', { type: 'Pagination' });
      doc
        .font(FONT)
        .fontSize(8)
        .fillColor(GREY)
        .text(
          `${t(label)} — page ${i + 1 - range.start} sur ${range.count}`,
          this.left,
          doc.page.height - 36,
          { width: this.width, align: 'center', lineBreak: false },
        );
      doc.endMarkedContent();
      doc.page.margins.bottom = bottom;
    }
  }

  finish(): Promise<Buffer> {
    const doc = this.doc;
    const chunks: Buffer[] = [];
    return new Promise((resolve, reject) => {
      doc.on('data', (c: Buffer) => chunks.push(c));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
      this.root.end();
      doc.end();
    });
  }
}

function chartCounts(e: RoundPdfEnjeu): AvisChartCounts {
  return { ...e.counts, silence: e.silence, noAnswer: e.noAnswer };
}

function orgLine(a: { kind: string; commune: string | null }): string {
  return [a.kind, a.commune].filter((x) => x && x.trim() !== '').join(', ');
}

function avisMeta(a: RoundPdfAvis, tz: string): string {
  const parts: string[] = [];
  if (a.proxy) {
    // A proxy's label often names the organisation already (« Pilote pour X (courrier du 3) »).
    parts.push(
      a.givenBy && a.onBehalfOf && a.givenBy.includes(a.onBehalfOf)
        ? `Saisi par la Caf : ${a.givenBy}`
        : `Saisi par la Caf${a.onBehalfOf ? ` pour le compte de ${a.onBehalfOf}` : ''}${a.givenBy ? ` (${a.givenBy})` : ''}`,
    );
  } else if (a.givenBy) {
    parts.push(`Donné par ${a.givenBy}${a.onBehalfOf ? ` pour ${a.onBehalfOf}` : ''}`);
  }
  parts.push(`source : ${a.source}`, `le ${frDateTime(a.date, tz)}`);
  return parts.join(' · ');
}

function cover(w: Writer, r: RoundPdfInput): void {
  const tz = r.tenant.timezone;
  w.doc.moveDown(4);
  w.paragraph([{ text: r.tenant.name, font: BOLD, color: GREY }], { size: 13 });
  w.heading(1, `Synthèse de la consultation n° ${r.round.number}`);
  w.paragraph([{ text: r.draft.title, font: BOLD }], { size: 15 });
  w.paragraph(
    `Schéma : ${r.draft.schemaTitle} (${r.draft.period}) — version ${r.draft.version} du projet`,
    { size: 12 },
  );
  w.doc.moveDown(1);
  const dates = [
    r.round.openedAt
      ? `Consultation ouverte le ${formatDeadline(r.round.openedAt, 'fr', tz)}`
      : null,
    `Date limite : ${formatDeadline(r.round.deadline, 'fr', tz)}`,
    r.round.closedAt ? `Close le ${formatDeadline(r.round.closedAt, 'fr', tz)}` : null,
    `État : ${ROUND_STATUS_LABELS[r.round.status]}`,
  ].filter((x): x is string => x !== null);
  for (const d of dates) w.paragraph(d, { gap: 0.2 });
  w.doc.moveDown(1);
  w.paragraph([
    {
      text: `Document généré le ${formatDeadline(r.generatedAt, 'fr', tz)} (fuseau horaire ${tz}).`,
      font: OBLIQUE,
      color: GREY,
    },
  ]);
}

function participation(w: Writer, r: RoundPdfInput): void {
  w.doc.addPage();
  w.heading(2, 'Participation');
  const all = r.organisations.filter((o) => o.answered === 'all').length;
  const some = r.organisations.filter((o) => o.answered === 'some').length;
  const none = r.organisations.filter((o) => o.answered === 'none').length;
  w.paragraph(
    `Organisations consultées : ${r.organisations.length}. Ont répondu à tous les enjeux : ${all} ; ` +
      `à une partie : ${some} ; à aucun : ${none}.`,
  );
  const silent = r.organisations.filter((o) => o.bySilence);
  if (r.round.silenceMeansFavorable) {
    w.paragraph("Pour cette consultation, l'absence de réponse vaut avis favorable.");
    w.paragraph(
      silent.length > 0
        ? [
            { text: `Favorables par silence (${silent.length}) : `, font: BOLD },
            { text: `${names(silent.map((o) => o.name))}.` },
          ]
        : 'Aucune organisation n’est favorable par silence.',
    );
  }
  w.table(
    [
      'Enjeu',
      AVIS_LABELS.favorable.fr,
      AVIS_LABELS.favorable_avec_reserves.fr,
      AVIS_LABELS.defavorable.fr,
      AVIS_LABELS.abstention.fr,
      'Par silence',
      'Sans réponse',
    ],
    r.enjeux.map((e) => [
      `${e.position}. ${e.title}`,
      ...AVIS_CHOICES.map((c) => String(e.counts[c])),
      String(e.silence),
      String(e.noAnswer),
    ]),
    ['*', 56, 66, 68, 64, 52, 56],
    [1, 2, 3, 4, 5, 6],
  );
}

function enjeu(w: Writer, r: RoundPdfInput, e: RoundPdfEnjeu): void {
  const tz = r.tenant.timezone;
  const counts = chartCounts(e);
  const size = avisChartSize(counts, undefined, 'fr', 480);
  // The heading goes with its chart: a new page when both do not fit (two heading lines, the
  // chart, its margin).
  w.keep(2 * 16 * 1.4 + size.height + 60);
  w.heading(2, `Enjeu ${e.position}. ${e.title}`);
  // The title as the PDF prints it (guillemets held to their words).
  const { svg, alt } = enjeuChart({ position: e.position, title: t(e.title), counts }, 'fr', {
    width: 480,
  });
  w.figure(svg, size, alt);
  w.paragraph([{ text: `Description du graphique : ${alt}`, font: OBLIQUE, color: GREY }], {
    size: 9,
  });
  const given = e.avis.filter((a) => !a.silent);
  for (const choice of AVIS_CHOICES) {
    const ofChoice = given.filter((a) => a.avis === choice);
    if (ofChoice.length === 0) continue;
    w.heading(3, `${AVIS_LABELS[choice].fr} — ${plural(ofChoice.length, 'avis', 'avis')}`);
    for (const a of ofChoice.filter((x) => t(x.comment).trim() !== '')) {
      const where = orgLine(a);
      w.paragraph(
        [
          { text: a.organisation, font: BOLD },
          { text: where ? ` (${where})` : '' },
          { text: a.proxy ? ' — saisi par la Caf' : '' },
        ],
        { gap: 0.1 },
      );
      w.paragraph(a.comment ?? '', { gap: 0.1 });
      w.paragraph([{ text: avisMeta(a, tz), color: GREY }], { size: 8.5, gap: 0.6 });
    }
    const bare = ofChoice.filter((x) => t(x.comment).trim() === '');
    if (bare.length > 0) {
      w.paragraph([
        { text: 'Sans commentaire : ', font: BOLD },
        {
          text: `${names(bare.map((a) => (a.proxy ? `${a.organisation} (saisi par la Caf)` : a.organisation)))}.`,
        },
      ]);
    }
  }
  const silent = e.avis.filter((a) => a.silent);
  if (silent.length > 0) {
    w.heading(
      3,
      `Favorable par silence — ${plural(silent.length, 'organisation', 'organisations')}`,
    );
    w.paragraph(`${names(silent.map((a) => a.organisation))}.`);
  }
  if (e.missing.length > 0) {
    w.heading(3, `Sans réponse — ${plural(e.missing.length, 'organisation', 'organisations')}`);
    w.paragraph(`${names(e.missing)}.`);
  }
}

function followups(w: Writer, r: RoundPdfInput): void {
  w.doc.addPage();
  w.heading(2, 'Suites données aux avis');
  const list = r.followups ?? [];
  if (list.length === 0) {
    w.paragraph('Aucune suite enregistrée.');
    return;
  }
  w.table(
    ['Organisation', 'Enjeu', 'Avis', 'Prise en compte', 'Justification', 'Version ultérieure'],
    list.map((f) => [
      f.organisation,
      f.enjeu,
      AVIS_LABELS[f.avis as AvisChoice]?.fr ?? f.avis,
      FOLLOWUP_LABELS[f.response]?.fr ?? f.response,
      f.justification,
      f.laterEnjeu ?? '',
    ]),
    [76, 66, 62, 74, '*', 64],
  );
}

const ANSWERED: Record<RoundPdfOrganisation['answered'], string> = {
  all: 'tous les enjeux',
  some: 'une partie des enjeux',
  none: 'aucune réponse',
};

function organisations(w: Writer, r: RoundPdfInput): void {
  w.heading(2, 'Organisations consultées');
  w.table(
    ['Organisation', 'Type', 'Commune', 'Réponse'],
    r.organisations.map((o) => [
      o.name,
      o.kind,
      o.commune ?? '',
      `${ANSWERED[o.answered]}${o.bySilence ? ' ; favorable par silence' : ''}`,
    ]),
    ['*', 90, 100, 110],
  );
  w.heading(2, 'Organisations sans réponse');
  if (r.nonResponders.length === 0) {
    w.paragraph('Toutes les organisations consultées ont répondu.');
  } else {
    w.paragraph(
      `${plural(r.nonResponders.length, 'organisation n’a', 'organisations n’ont')} donné aucun avis${r.round.silenceMeansFavorable ? ' (leur silence vaut avis favorable)' : ''} :`,
    );
    w.table(
      ['Organisation', 'Type', 'Commune'],
      r.nonResponders.map((o) => [o.name, o.kind, o.commune ?? '']),
      ['*', 110, 130],
    );
  }
}

/** The PDF synthesis of a round, as bytes. */
export async function renderRoundPdf(report: RoundPdfInput): Promise<Buffer> {
  const title = `Synthèse de la consultation n° ${report.round.number} — ${t(report.draft.title)}`;
  const w = new Writer(title);
  cover(w, report);
  participation(w, report);
  for (const e of report.enjeux) enjeu(w, report, e);
  followups(w, report);
  organisations(w, report);
  w.footers(`${t(report.tenant.name)} — consultation n° ${report.round.number}`);
  return w.finish();
}
