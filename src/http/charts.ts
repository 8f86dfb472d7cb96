import type { Express, Request, Response } from 'express';
import { CHART_PATH, chartLinkSigner, type ChartLinkSigner } from '../app/chart-links';
import type { AppDeps } from '../app/deps';
import { enjeuChartPng } from '../app/enjeu-chart';
import { errorStatus, errorText, isDomainError } from '../domain/errors';
import type { Logger } from '../logger';

/**
 * GET /charts/<signed token>.png — the PNG chart of one enjeu's results, for the image of a
 * results message (Slack `image` block, Teams `Image`, e-mail `<img>`): the platforms fetch it
 * without a session, so the link itself is the right to see it (app/chart-links.ts: signed,
 * names the tenant, the round and the enjeu, expires). A link that is not Concerto's: 404; an
 * expired one: 410; a round whose results are not out (or cancelled): 403; each with a French
 * text.
 */
export function mountCharts(
  app: Express,
  o: { deps: AppDeps; log: Logger; signer?: ChartLinkSigner; key: Buffer },
): void {
  const signer =
    o.signer ??
    o.deps.chartLinks ??
    chartLinkSigner({ key: o.key, publicUrl: o.deps.publicUrl ?? 'http://localhost:3000' });
  app.get(`${CHART_PATH}/:file`, async (req: Request, res: Response) => {
    try {
      const target = signer.verify(String(req.params.file));
      const png = await enjeuChartPng(o.deps, target);
      res
        .status(200)
        // The chart of a closed round does not change; one of an open round, a little.
        .setHeader('cache-control', 'private, max-age=300')
        .setHeader('x-content-type-options', 'nosniff')
        .type('image/png')
        .send(png);
    } catch (err) {
      if (isDomainError(err)) {
        res.status(errorStatus(err)).type('text/plain; charset=utf-8').send(errorText(err, 'fr'));
        return;
      }
      o.log.error({ err }, 'graphique impossible');
      res.status(500).type('text/plain; charset=utf-8').send('Erreur interne.');
    }
  });
}
