import { Resvg } from '@resvg/resvg-js';
import { avisChartAlt, avisChartSvg, chartBars, enjeuChart } from '../../src/reports/avis-chart';
import { chartPng } from '../../src/reports/chart-png';
import { FONT_FILES } from '../../src/reports/fonts';

const counts = {
  favorable: 12,
  favorable_avec_reserves: 5,
  defavorable: 3,
  abstention: 0,
  silence: 4,
  noAnswer: 6,
};

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('the chart of the avis', () => {
  it('draws the four avis always, silence and no answer only when some', () => {
    expect(chartBars(counts, undefined, 'fr').map((b) => [b.label, b.value, b.percent])).toEqual([
      ['Favorable', 12, 40],
      ['Favorable avec réserves', 5, 17],
      ['Défavorable', 3, 10],
      ['Abstention', 0, 0],
      ['Favorable par silence', 4, 13],
      ['Sans réponse', 6, 20],
    ]);
    const plain = { favorable: 1, favorable_avec_reserves: 0, defavorable: 0, abstention: 1 };
    expect(chartBars(plain, undefined, 'en').map((b) => b.label)).toEqual([
      'Favourable',
      'Favourable with reservations',
      'Unfavourable',
      'Abstention',
    ]);
  });

  it('says in words what the bars show', () => {
    expect(avisChartAlt(counts, undefined, 'fr', '1. Petite enfance')).toBe(
      'Diagramme en barres des avis sur «\u00a01. Petite enfance\u00a0», 30 organisations\u00a0: Favorable 12 (40\u00a0%), ' +
        'Favorable avec réserves 5 (17\u00a0%), Défavorable 3 (10\u00a0%), Abstention 0 (0\u00a0%), ' +
        'Favorable par silence 4 (13\u00a0%), Sans réponse 6 (20\u00a0%).',
    );
    const svg = avisChartSvg(counts, undefined, 'fr', { title: '1. Petite enfance' });
    expect(svg).toContain('role="img"');
    expect(svg).toContain(
      `<desc id="d">${avisChartAlt(counts, undefined, 'fr', '1. Petite enfance')}</desc>`,
    );
    // one bar per category, the longest proportional to the largest count
    expect(svg.match(/<rect x=/g)).toHaveLength(6);
  });

  it('keeps hostile labels and titles as text', () => {
    const svg = avisChartSvg(counts, { favorable: '<script>alert(1)</script>' }, 'fr', {
      title: '"/><image href="x" onerror="y',
    });
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<image');
    expect(svg).toContain('&lt;script&gt;');
    new Resvg(svg); // still well-formed XML
  });

  it('renders to a PNG with its own font, labels inside the image', () => {
    const svg = avisChartSvg(counts, undefined, 'fr', { width: 480 });
    const png = chartPng(svg, { scale: 2 });
    const size = pngSize(png);
    expect(size.width).toBe(960);
    expect(size.height).toBe(2 * Number(/height="(\d+)"/.exec(svg)![1]));
    // The text is drawn (the font was found) and none of it falls off the left edge.
    const resvg = new Resvg(svg, {
      font: {
        fontFiles: [FONT_FILES.regular],
        loadSystemFonts: false,
        defaultFontFamily: 'DejaVu Sans',
      },
    });
    const withText = resvg.innerBBox()!;
    expect(withText.x).toBeGreaterThanOrEqual(0);
    expect(withText.x + withText.width).toBeLessThanOrEqual(480);
  });
});

describe('the charts of a round, for the console, Slack and Teams', () => {
  it('gives each enjeu its SVG, its alternative and its PNG from the same numbers', () => {
    const charts = [
      {
        position: 1,
        title: 'Petite enfance',
        counts: { favorable: 2, favorable_avec_reserves: 1, defavorable: 0, abstention: 1 },
        silence: 0,
        noAnswer: 1,
      },
      {
        position: 2,
        title: 'Jeunesse',
        counts: { favorable: 0, favorable_avec_reserves: 0, defavorable: 3, abstention: 0 },
        silence: 2,
        noAnswer: 0,
      },
    ].map((e) => {
      const c = enjeuChart(
        {
          position: e.position,
          title: e.title,
          counts: { ...e.counts, silence: e.silence, noAnswer: e.noAnswer },
        },
        'en',
      );
      return { ...c, png: chartPng(c.svg, { scale: 1 }) };
    });
    expect(charts.map((c) => c.alt)).toEqual([
      'Bar chart of the avis on “1. Petite enfance”, 5 organisations: Favourable 2 (40%), ' +
        'Favourable with reservations 1 (20%), Unfavourable 0 (0%), Abstention 1 (20%), No answer 1 (20%).',
      'Bar chart of the avis on “2. Jeunesse”, 5 organisations: Favourable 0 (0%), ' +
        'Favourable with reservations 0 (0%), Unfavourable 3 (60%), Abstention 0 (0%), ' +
        'Favourable by silence 2 (40%).',
    ]);
    for (const c of charts) {
      expect(c.svg).toContain(`<desc id="d">${c.alt}</desc>`);
      expect(pngSize(c.png).width).toBe(480);
    }
  });
});
