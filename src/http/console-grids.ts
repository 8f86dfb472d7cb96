import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import type { ConsolePilot } from '../app/console-auth';
import { getGrid } from '../app/get-grid';
import { listGrids } from '../app/list-grids';
import { gridFormView, readGridAnswer } from '../domain/grid-answer';
import { gridCells } from '../domain/grid';
import { isDomainError, errorText } from '../domain/errors';
import { page, renderConsoleRefusal, type Layout } from './console-pages';
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
      const rows = await listGrids(deps, { tenantId: s.pilot.tenantId });
      const items = rows
        .map(({ grid: g }) => {
          const cells = gridCells(g);
          return `<li><a href="/console/grilles/${encodeURIComponent(g.code)}">${h(g.title)}</a> (${h(g.code)}) — ${g.levels.length} niveaux × ${g.questions.length} questions, ${cells.length} cases${g.rating ? `, notées de 1 à ${g.rating.labels.length}` : ''}</li>`;
        })
        .join('');
      headers(res).send(
        page(
          { ...s.layout, title: "Grilles d'évaluation" },
          `<h1>Grilles d'évaluation</h1>
${rows.length > 0 ? `<ul>${items}</ul>` : '<p>Aucune grille : importez-en une avec <code>concerto grid import &lt;fichier&gt;</code>.</p>'}`,
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
    let grid;
    try {
      ({ grid } = await getGrid(deps, { tenantId: s.pilot.tenantId, code }));
    } catch (err) {
      if (isDomainError(err) && err.code === 'GRID_NOT_FOUND') {
        headers(res)
          .status(404)
          .send(renderConsoleRefusal(s.layout, 'Grille introuvable', errorText(err, 'fr')));
        return;
      }
      throw err;
    }
    const read = values ? readGridAnswer(grid, values) : { cells: [], errors: [] };
    const view = gridFormView(grid, {
      cells: read.cells,
      errors: read.errors,
      ...(values ? { typed: values } : {}),
      locale: 'fr',
    });
    const checked =
      values && read.errors.length === 0
        ? `<div class="ok" role="status"><p>Aperçu vérifié : ${read.cells.length} case${read.cells.length > 1 ? 's' : ''} remplie${read.cells.length > 1 ? 's' : ''}, aucune erreur. Rien n'a été enregistré.</p></div>`
        : '';
    headers(res)
      .status(values && read.errors.length > 0 ? 422 : 200)
      .send(
        page(
          { ...s.layout, title: `Grille « ${grid.title} »` },
          `<style>${GRID_STYLE}</style>
<p><a href="/console/grilles">Grilles d'évaluation</a></p>
<h1>${h(grid.title)}</h1>
<p>Aperçu : la grille telle que les participants la remplissent. Essayez-la ; rien n'est enregistré.</p>
${checked}
${renderGridForm(view, {
  action: `/console/grilles/${encodeURIComponent(grid.code)}`,
  hidden: { jeton: s.csrf },
  buttons: '<button type="submit">Vérifier l’aperçu</button>',
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
