import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import type { ConsolePilot } from '../app/console-auth';
import { getGrid } from '../app/get-grid';
import { listGrids } from '../app/list-grids';
import { gridFormView, readGridAnswer } from '../domain/grid-answer';
import { gridCells } from '../domain/grid';
import { isDomainError, errorText } from '../domain/errors';
import { page, renderConsoleRefusal, wordsOf, type Layout } from './console-pages';
import { GRID_STYLE, renderGridForm } from './grid-page';
import { escapeHtml as h } from './html';

/** What the console's router gives its pages (console.ts `Signed`). */
export interface ConsoleSigned {
  pilot: ConsolePilot;
  csrf: string;
  layout: Layout & { pilot: NonNullable<Layout['pilot']> };
}

type PilotPage = (
  handler: (req: Request, res: Response, s: ConsoleSigned) => Promise<void>,
  o?: { post?: boolean },
) => (req: Request, res: Response, next: NextFunction) => Promise<void>;

/**
 * The Caf's evaluation grids in the pilots' console: the list, and each grid shown as the form
 * its participants will fill in, which the pilot can try (a preview: what is typed is checked as
 * it will be, and nothing is stored).
 */
export function mountConsoleGrids(
  app: Express,
  o: {
    deps: Parameters<typeof getGrid>[0];
    form: RequestHandler;
    pilotPage: PilotPage;
    headers: <R extends Response>(res: R) => R;
  },
): void {
  const { deps, pilotPage, headers } = o;

  app.get(
    '/console/grilles',
    pilotPage(async (_req, res, s) => {
      const t = wordsOf(s.layout).grids;
      const rows = await listGrids(deps, { tenantId: s.pilot.tenantId });
      const items = rows
        .map(({ grid: g }) => {
          const cells = gridCells(g);
          return `<li><a href="/console/grilles/${encodeURIComponent(g.code)}">${h(g.title)}</a> (${h(g.code)}) — ${t.size(g.levels.length, g.questions.length, cells.length, g.rating?.labels.length)}</li>`;
        })
        .join('');
      headers(res).send(
        page(
          { ...s.layout, title: t.title },
          `<h1>${t.title}</h1>
${rows.length > 0 ? `<ul>${items}</ul>` : `<p>${t.none(`<code>${h(t.importCommand)}</code>`)}</p>`}`,
        ),
      );
    }),
  );

  const show = async (
    req: Request,
    res: Response,
    s: ConsoleSigned,
    values?: Record<string, string | undefined>,
  ) => {
    const code = String(req.params.code ?? '');
    const w = wordsOf(s.layout);
    const t = w.grids;
    let grid;
    try {
      ({ grid } = await getGrid(deps, { tenantId: s.pilot.tenantId, code }));
    } catch (err) {
      if (isDomainError(err) && err.code === 'GRID_NOT_FOUND') {
        headers(res)
          .status(404)
          .send(renderConsoleRefusal(s.layout, t.notFound, errorText(err, w.lang)));
        return;
      }
      throw err;
    }
    const read = values ? readGridAnswer(grid, values) : { cells: [], errors: [] };
    const view = gridFormView(grid, {
      cells: read.cells,
      errors: read.errors,
      ...(values ? { typed: values } : {}),
      locale: w.lang,
    });
    const checked =
      values && read.errors.length === 0
        ? `<div class="ok" role="status"><p>${t.checked(read.cells.length)}</p></div>`
        : '';
    headers(res)
      .status(values && read.errors.length > 0 ? 422 : 200)
      .send(
        page(
          { ...s.layout, title: t.title1(grid.title) },
          `<style>${GRID_STYLE}</style>
<p><a href="/console/grilles">${t.title}</a></p>
<h1>${h(grid.title)}</h1>
<p>${t.preview}</p>
${checked}
${renderGridForm(view, {
  action: `/console/grilles/${encodeURIComponent(grid.code)}`,
  hidden: { jeton: s.csrf },
  buttons: `<button type="submit">${t.check}</button>`,
})}`,
        ),
      );
  };

  app.get(
    '/console/grilles/:code',
    pilotPage((req, res, s) => show(req, res, s)),
  );
  app.post(
    '/console/grilles/:code',
    o.form,
    pilotPage(
      async (req, res, s) => {
        const body = (req.body ?? {}) as Record<string, unknown>;
        const values: Record<string, string> = {};
        for (const [k, v] of Object.entries(body)) if (typeof v === 'string') values[k] = v;
        await show(req, res, s, values);
      },
      { post: true },
    ),
  );
}
