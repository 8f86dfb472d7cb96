import { Resvg } from '@resvg/resvg-js';
import { CHART_FONT_FAMILY } from './avis-chart';
import { FONT_FILES } from './fonts';

/**
 * A chart's SVG as a PNG (for the Slack and Teams results messages, which show images only),
 * rendered by resvg with the reports' own font; `scale` 2 gives a sharp image on dense screens.
 */
export function chartPng(svg: string, o: { scale?: number } = {}): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: o.scale ?? 2 },
    background: '#ffffff',
    font: {
      fontFiles: [FONT_FILES.regular, FONT_FILES.bold],
      loadSystemFonts: false,
      defaultFontFamily: CHART_FONT_FAMILY,
      sansSerifFamily: CHART_FONT_FAMILY,
    },
  });
  return resvg.render().asPng();
}
