import type { Command } from 'commander';
import { CLI_ACTOR } from '../../app/deps';
import { getGrid } from '../../app/get-grid';
import { importGrid } from '../../app/import-grid';
import { listGrids } from '../../app/list-grids';
import { cliWords, type CliWords } from '../../domain/cli-words';
import { gridCells, type Grid } from '../../domain/grid';
import type { CliContext } from '../context';
import { readInputFile } from '../output';

/** « 4 niveaux × 4 questions, 16 cases, notées sur 4 échelons » */
function gridSize(g: Grid, words: CliWords): string {
  const w = words.grids;
  const cells = gridCells(g);
  const rated = cells.filter((c) => c.rated).length;
  const rating = !g.rating
    ? w.freeOnly
    : rated === cells.length
      ? w.allRated(g.rating.labels.length)
      : w.someRated(rated, g.rating.labels.length);
  return w.size(g.levels.length, g.questions.length, cells.length, rating);
}

/** `concerto grid import|list|show`: the Caf's evaluation grids. */
export function register(program: Command, ctx: CliContext): void {
  const w = cliWords(ctx.locale);
  const grid = program.command('grid').description(w.grids.description);
  grid
    .command(w.grids.importFlags)
    .description(w.grids.import)
    .action(async (file: string) => {
      const r = await importGrid(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        text: readInputFile(file, ctx.locale).toString('utf8'),
        fileName: file,
        actor: CLI_ACTOR,
      });
      ctx.out(
        w.grids.imported(
          w.grids.outcome[r.outcome],
          r.grid.title,
          r.grid.code,
          gridSize(r.grid, w),
        ),
      );
    });
  grid
    .command('list')
    .description(w.grids.list)
    .action(async () => {
      const rows = await listGrids(await ctx.deps(), { tenantId: await ctx.tenantId() });
      if (rows.length === 0) {
        ctx.out(w.grids.none);
        return;
      }
      for (const { grid: g } of rows) ctx.out(w.grids.listLine(g.code, g.title, gridSize(g, w)));
    });
  grid
    .command('show <code>')
    .description(w.grids.show)
    .action(async (code: string) => {
      const { grid: g } = await getGrid(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        code,
      });
      ctx.out(w.grids.heading(g.title, g.code));
      ctx.out(gridSize(g, w));
      if (g.description) ctx.out(`\n${g.description}`);
      ctx.out(w.grids.questions);
      for (const q of g.questions) {
        const rated = g.rating?.questions.includes(q.position) ? w.grids.rated : '';
        ctx.out(`  ${q.position}. ${q.label}${rated}${q.help ? ` — ${q.help}` : ''}`);
      }
      ctx.out(w.grids.levels);
      for (const l of g.levels)
        ctx.out(`  ${l.position}. ${l.label}${l.help ? ` — ${l.help}` : ''}`);
      if (g.rating) {
        ctx.out(w.grids.ratingScale);
        g.rating.labels.forEach((label, i) => ctx.out(`  ${i + 1}. ${label}`));
      }
      const prompts = Object.entries(g.cellHelp);
      if (prompts.length > 0) {
        ctx.out(w.grids.cellHelp);
        for (const [key, text] of prompts) {
          const [l, q] = key.split('.').map(Number);
          const level = g.levels.find((x) => x.position === l)?.label ?? '?';
          const question = g.questions.find((x) => x.position === q)?.label ?? '?';
          ctx.out(`  ${level} × ${question} : ${text}`);
        }
      }
    });
}
