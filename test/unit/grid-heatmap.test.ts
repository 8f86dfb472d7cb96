import { chartPng } from '../../src/reports/chart-png';
import {
  gridHeatmap,
  gridHeatmapAlt,
  gridHeatmapSvg,
  heatmapColour,
} from '../../src/reports/grid-heatmap';
import { frMean, surveyTallies } from '../../src/app/survey-report-model';
import { demoGrid, grid3x5, sampleSurveyReport } from '../support/survey-report-sample';

const luminance = (hex: string) => {
  const n = parseInt(hex.slice(1), 16);
  return 0.2126 * ((n >> 16) & 255) + 0.7152 * ((n >> 8) & 255) + 0.0722 * (n & 255);
};

describe('the heat map of a grid', () => {
  it.each([
    ['the demo grid (4 × 4)', demoGrid()],
    ['a 3 × 5 grid rated on three questions', grid3x5()],
  ])('writes each cell’s mean and contributions, and every scale label: %s', (_, grid) => {
    const r = sampleSurveyReport(grid, 20);
    const svg = gridHeatmapSvg(grid, r.tally.cells);
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    for (const c of r.tally.cells) {
      const label = `${c.contributions} contrib`;
      expect(svg).toContain(label);
      if (c.mean !== null) expect(svg).toContain(`>${frMean(c.mean)}</text>`);
    }
    // Cells without a mean: exactly as many dashed (neutral) cells, plus the legend's swatch.
    const neutral = r.tally.cells.filter((c) => c.mean === null).length;
    expect(svg.match(/fill="#f5f5f5" stroke-dasharray/g)).toHaveLength(neutral + 1);
    for (const [i, label] of (grid.rating?.labels ?? []).entries()) {
      expect(svg).toContain(`${i + 1} : ${label}`);
    }
    expect(svg).toContain('Note moyenne par case — ');
    // The PNG renders (resvg), as the avis charts do.
    const png = chartPng(svg, { scale: 1 });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('goes darker as the mean rises, so the order survives printing in grey', () => {
    const shades = [1, 1.5, 2, 2.5, 3, 3.5, 4].map((m) => luminance(heatmapColour(m, 4)));
    for (let i = 1; i < shades.length; i++) expect(shades[i]!).toBeLessThan(shades[i - 1]!);
  });

  it('names the highest and the lowest cells in its text alternative', () => {
    const grid = demoGrid();
    const r = sampleSurveyReport(grid, 20);
    const rated = r.tally.cells.filter((c) => c.mean !== null);
    const max = rated.reduce((a, b) => (b.mean! > a.mean! ? b : a));
    const min = rated.reduce((a, b) => (b.mean! < a.mean! ? b : a));
    const name = (c: { level: number; question: number }) =>
      `${grid.levels[c.level - 1]!.label} — ${grid.questions[c.question - 1]!.label}`;
    const alt = gridHeatmapAlt(grid, r.tally.cells);
    expect(alt).toContain(`la plus haute : ${frMean(max.mean)}, «\u00a0${name(max)}\u00a0»`);
    expect(alt).toContain(`la plus basse : ${frMean(min.mean)}, «\u00a0${name(min)}\u00a0»`);
    expect(alt).toContain('1 case sans note');
    expect(alt).toContain('4 niveaux en lignes, 4 questions en colonnes');
    // The same text is the SVG's description.
    const { svg } = gridHeatmap(grid, r.tally.cells, { id: 'g1' });
    expect(svg).toContain('aria-labelledby="g1-t g1-d"');
    expect(svg).toContain('<desc id="g1-d">Carte de chaleur');
  });

  it('says so when nobody rated anything, and escapes labels', () => {
    const grid = { ...grid3x5(), title: 'A <b> & "c"' };
    const r = sampleSurveyReport(grid, 0);
    expect(gridHeatmapAlt(grid, r.tally.cells)).toContain('aucune case n’a encore de note');
    const svg = gridHeatmapSvg(grid, r.tally.cells);
    expect(svg).toContain('A &lt;b&gt; &amp; &quot;c&quot;');
    expect(svg).not.toContain('<b>');
  });

  it('agrees its counts in French: « 1 note », « et 1 autre », « 1 contribution »', () => {
    const grid = demoGrid();
    const rated = (cells: [number, number, number][]) =>
      surveyTallies(grid, [
        {
          author: 'A',
          organisation: null,
          kindLabel: '',
          commune: '',
          epci: '',
          finished: true,
          updatedAt: new Date(),
          cells: cells.map(([level, question, rating]) => ({ level, question, text: 'x', rating })),
        },
      ]).tally.cells;
    const alt = gridHeatmapAlt(
      grid,
      rated([
        [1, 1, 4],
        [1, 2, 4],
        [1, 3, 4],
        [1, 4, 4],
        [2, 1, 1],
      ]),
    );
    expect(alt).toContain(
      'la plus haute : 4, «\u00a0Généralités — Que regarde-t-on ?\u00a0» (1 note), ',
    );
    expect(alt).toContain(
      '(1 note) et 1 autre ; la plus basse : 1, «\u00a0Territoires — Que regarde-t-on ?\u00a0» (1 note) ;',
    );
    expect(alt).not.toMatch(/\b1 notes|1 autres/);
    const unrated = { ...grid, rating: null };
    expect(gridHeatmapAlt(unrated, rated([[1, 1, 4]]))).toContain(
      'Grille sans notation : 1 contribution en tout.',
    );
  });
});
