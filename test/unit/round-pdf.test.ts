import { execFileSync } from 'child_process';
import { largeRoundPdfInput } from '../support/round-pdf-sample';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { renderRoundPdf } from '../../src/reports/round-pdf';
import type { RoundPdfAvis, RoundPdfInput } from '../../src/reports/round-pdf-input';

/**
 * The PDF synthesis read back as a reader would: its text by pdftotext, its tags by pdfinfo
 * (poppler-utils), for a round with hostile text in it.
 */

const dir = mkdtempSync(join(tmpdir(), 'concerto-pdf-'));
const LONG = 'Nous demandons '.repeat(200) + 'fin.';
const UNBROKEN = 'x'.repeat(3000);

function avis(over: Partial<RoundPdfAvis>): RoundPdfAvis {
  return {
    organisation: 'Mairie de Créteil',
    kind: 'Commune',
    commune: 'Créteil',
    avis: 'favorable',
    comment: null,
    givenBy: 'Claire Martin',
    onBehalfOf: null,
    source: 'Slack',
    date: new Date('2026-12-03T13:05:00Z'),
    silent: false,
    proxy: false,
    ...over,
  };
}

function sampleInput(): RoundPdfInput {
  return {
    generatedAt: new Date('2026-12-10T08:30:00Z'),
    tenant: { name: 'Caf du Val-de-Marne', timezone: 'Europe/Paris' },
    round: {
      number: 3,
      status: 'closed',
      openedAt: new Date('2026-11-02T08:00:00Z'),
      deadline: new Date('2026-12-01T17:00:00Z'),
      closedAt: new Date('2026-12-01T17:00:00Z'),
      silenceMeansFavorable: true,
    },
    draft: {
      schemaTitle: 'Schéma directeur de l’animation de la vie sociale',
      title: 'Projet de schéma AVS 2026-2030 « cœur de cible » €',
      version: 2,
      period: '2026-2030',
    },
    organisations: [
      {
        code: 'C1',
        name: 'Mairie de Créteil',
        kind: 'Commune',
        commune: 'Créteil',
        answered: 'all',
        bySilence: false,
      },
      {
        code: 'CS1',
        name: "<b>Centre social</b> =cmd|' /C calc'!A0",
        kind: 'Centre social',
        commune: 'Vitry-sur-Seine',
        answered: 'some',
        bySilence: true,
      },
      {
        code: 'E1',
        name: 'EVS La Passerelle',
        kind: 'Espace de vie sociale',
        commune: 'Ivry-sur-Seine',
        answered: 'none',
        bySilence: true,
      },
    ],
    enjeux: [
      {
        position: 1,
        title: 'Petite enfance et parentalité',
        counts: { favorable: 1, favorable_avec_reserves: 1, defavorable: 0, abstention: 0 },
        silence: 1,
        noAnswer: 0,
        avis: [
          avis({ comment: 'Très bon diagnostic, merci.' }),
          avis({
            organisation: "<b>Centre social</b> =cmd|' /C calc'!A0",
            kind: 'Centre social',
            commune: 'Vitry-sur-Seine',
            avis: 'favorable_avec_reserves',
            comment: `<script>alert(1)</script> **gras** =HYPERLINK("x") 😀 中文 עברית ${LONG}`,
            givenBy: 'Courrier du 3 mars',
            onBehalfOf: "<b>Centre social</b> =cmd|' /C calc'!A0",
            source: 'courrier ou mail, saisi par la Caf',
            proxy: true,
          }),
          avis({
            organisation: 'EVS La Passerelle',
            kind: 'Espace de vie sociale',
            commune: 'Ivry-sur-Seine',
            silent: true,
            source: 'absence de réponse (vaut avis favorable)',
            givenBy: null,
          }),
        ],
        missing: [],
      },
      {
        position: 2,
        title: 'Jeunesse',
        counts: { favorable: 0, favorable_avec_reserves: 0, defavorable: 1, abstention: 0 },
        silence: 1,
        noAnswer: 1,
        avis: [
          avis({ avis: 'defavorable', comment: UNBROKEN }),
          avis({
            organisation: 'EVS La Passerelle',
            silent: true,
            source: 'absence de réponse (vaut avis favorable)',
            givenBy: null,
          }),
        ],
        missing: ["<b>Centre social</b> =cmd|' /C calc'!A0"],
      },
    ],
    nonResponders: [
      {
        code: 'E1',
        name: 'EVS La Passerelle',
        kind: 'Espace de vie sociale',
        commune: 'Ivry-sur-Seine',
        answered: 'none',
        bySilence: true,
      },
    ],
    followups: [
      {
        organisation: 'Mairie de Créteil',
        enjeu: '2. Jeunesse',
        avis: 'defavorable',
        response: 'partiellement_retenue',
        justification: 'L’action « Promeneurs du net » est étendue à Créteil.',
        laterEnjeu: 'v3 — 2. Jeunesse',
      },
    ],
  };
}

/** The /Alt texts of the structure elements (pdfkit writes them as UTF-16BE literal strings). */
function altTexts(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  for (let at = raw.indexOf('/Alt ('); at >= 0; at = raw.indexOf('/Alt (', at + 1)) {
    const bytes: number[] = [];
    for (let i = at + 6; i < raw.length; i++) {
      const c = raw.charCodeAt(i);
      if (c === 0x5c) {
        const n = raw[++i]!;
        bytes.push(n === 'n' ? 10 : n === 'r' ? 13 : n.charCodeAt(0));
      } else if (c === 0x29) break;
      else bytes.push(c);
    }
    const buf = Buffer.from(bytes);
    out.push(buf.subarray(2).swap16().toString('utf16le'));
  }
  return out;
}

function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ');
}

describe('the PDF synthesis of a round', () => {
  let file: string;
  let text: string;
  let pdf: Buffer;

  beforeAll(async () => {
    pdf = await renderRoundPdf(sampleInput());
    file = join(dir, 'synthese.pdf');
    writeFileSync(file, pdf);
    text = pdfText(file);
  });

  it('is a tagged PDF 1.7 in French with its title', () => {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^PDF version:\s+1\.7$/m);
    expect(info).toMatch(/^Title:\s+Synthèse de la consultation n° 3 — Projet de schéma AVS/m);
    const raw = (x: string) => execFileSync('pdfinfo', ['-struct', x], { encoding: 'utf8' });
    const struct = raw(file);
    for (const tag of ['Document', 'H1', 'H2', 'H3', 'P', 'Figure', 'Table', 'TR', 'TH', 'TD'])
      expect(struct).toMatch(new RegExp(`^\\s*${tag}\\b`, 'm'));
    // each chart is a Figure whose alternative text gives the numbers
    expect(altTexts(pdf)).toEqual([
      'Diagramme en barres des avis sur «\u00a01. Petite enfance et parentalité\u00a0», 3 organisations\u00a0: ' +
        'Favorable 1 (33\u00a0%), Favorable avec réserves 1 (33\u00a0%), Défavorable 0 (0\u00a0%), ' +
        'Abstention 0 (0\u00a0%), Favorable par silence 1 (33\u00a0%).',
      'Diagramme en barres des avis sur «\u00a02. Jeunesse\u00a0», 3 organisations\u00a0: Favorable 0 (0\u00a0%), ' +
        'Favorable avec réserves 0 (0\u00a0%), Défavorable 1 (33\u00a0%), Abstention 0 (0\u00a0%), ' +
        'Favorable par silence 1 (33\u00a0%), Sans réponse 1 (33\u00a0%).',
    ]);
    expect(struct).toMatch(/^\s*Figure\b/m);
  });

  it('shows the cover, the participation and, per enjeu, the chart and its alternative', () => {
    const flat = squash(text);
    expect(flat).toContain('Caf du Val-de-Marne');
    expect(flat).toContain('Synthèse de la consultation n° 3');
    expect(flat).toContain('Projet de schéma AVS 2026-2030 « cœur de cible » €');
    expect(flat).toContain('version 2 du projet');
    // dates in the Caf's time zone (17:00 UTC is 18 h 00 in Paris)
    expect(flat).toContain('Date limite : mardi 1er décembre 2026 à 18 h 00');
    expect(flat).toContain(
      'Organisations consultées : 3. Ont répondu à tous les enjeux : 1 ; à une partie : 1 ; à aucun : 1.',
    );
    expect(flat).toContain('Favorables par silence (2) : <b>Centre social</b>');
    expect(flat).toMatch(/Enjeu 1\. Petite enfance et parentalité/);
    expect(flat).toContain(
      'Description du graphique : Diagramme en barres des avis sur « 1. Petite enfance et parentalité », 3 organisations : Favorable 1 (33 %)',
    );
    // the chart's own labels are text in the PDF (vectors, not an image)
    expect(flat).toContain('Favorable avec réserves');
    expect(flat).toContain('Favorable par silence — 1 organisation');
    expect(flat).toContain('Sans réponse — 1 organisation');
    // comments grouped by avis, with who and how
    expect(flat).toContain('Favorable avec réserves — 1 avis');
    expect(flat).toContain('Saisi par la Caf pour le compte de <b>Centre social</b>');
    expect(flat).toContain('le 3 décembre 2026 à 14 h 05');
    expect(flat).toContain('Sans réponse 1 (33 %)');
  });

  it('prints the follow-up table, the organisations consulted and those that did not answer', () => {
    const flat = squash(text);
    expect(flat).toContain('Suites données aux avis');
    expect(flat).toMatch(
      /Mairie de Créteil 2\. Jeunesse Défavorable Partiellement L’action « Promeneurs/,
    );
    expect(flat).toContain('Organisations consultées');
    expect(flat).toContain('Organisations sans réponse');
    expect(flat).toContain(
      '1 organisation n’a donné aucun avis (leur silence vaut avis favorable)',
    );
    expect(flat).toContain('EVS La Passerelle');
  });

  it('keeps hostile text as text, long comments whole', () => {
    const flat = squash(text);
    expect(flat).toContain('<script>alert(1)</script> **gras** =HYPERLINK("x")');
    expect(flat).toContain("=cmd|' /C calc'!A0");
    expect(flat).toContain('Nous demandons Nous demandons');
    expect(flat).toContain('fin.');
    // the unbroken 3000 characters are wrapped, none lost
    expect((text.match(/x/g) ?? []).length).toBeGreaterThanOrEqual(3000);
  });

  it('never leaves an enjeu’s heading alone at the foot of a page: it goes with its chart', async () => {
    const big = join(dir, 'grande.pdf');
    writeFileSync(big, await renderRoundPdf(largeRoundPdfInput(40, 6)));
    const pages = Number(
      /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [big], { encoding: 'utf8' }))![1],
    );
    let headings = 0;
    for (let n = 1; n <= pages; n++) {
      const page = squash(
        execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-enc', 'UTF-8', big, '-'], {
          encoding: 'utf8',
        }),
      );
      for (const m of page.matchAll(/Enjeu (\d+)\. /g)) {
        headings++;
        expect(page).toContain(`Diagramme en barres des avis sur « ${m[1]}.`);
      }
    }
    expect(headings).toBe(6);
  });

  it('says when no follow-up was recorded', async () => {
    const pdf = await renderRoundPdf({ ...sampleInput(), followups: [] });
    const other = join(dir, 'sans-suite.pdf');
    writeFileSync(other, pdf);
    expect(squash(pdfText(other))).toContain('Suites données aux avis Aucune suite enregistrée.');
  });
});
