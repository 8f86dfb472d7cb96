import type { Command } from 'commander';
import { CLI_ACTOR } from '../../app/deps';
import { getGrid } from '../../app/get-grid';
import { importGrid } from '../../app/import-grid';
import { listGrids } from '../../app/list-grids';
import { count } from '../../domain/format';
import { gridCells, type Grid } from '../../domain/grid';
import type { CliContext } from '../context';
import { readInputFile } from '../output';

/** « 4 niveaux × 4 questions, 16 cases, notées sur 4 échelons » */
function gridSize(g: Grid): string {
  const cells = gridCells(g);
  const rated = cells.filter((c) => c.rated).length;
  const rating = !g.rating
    ? 'contribution libre seulement'
    : rated === cells.length
      ? `toutes notées sur ${g.rating.labels.length} échelons`
      : `${count(rated, 'fr', 'notée', 'notées')} sur ${g.rating.labels.length} échelons`;
  return `${count(g.levels.length, 'fr', 'niveau', 'niveaux')} × ${count(g.questions.length, 'fr', 'question', 'questions')}, ${count(cells.length, 'fr', 'case', 'cases')} (${rating})`;
}

/** `concerto grid import|list|show`: the Caf's evaluation grids. */
export function register(program: Command, ctx: CliContext): void {
  const grid = program
    .command('grid')
    .description("Grilles d'évaluation (journée départementale) : niveaux × questions");
  grid
    .command('import <fichier>')
    .description(
      'Importe une grille (YAML : code, titre, questions, niveaux, notation ; ou Markdown : en-tête et un tableau)',
    )
    .action(async (file: string) => {
      const r = await importGrid(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        text: readInputFile(file).toString('utf8'),
        fileName: file,
        actor: CLI_ACTOR,
      });
      const what = {
        created: 'Grille importée',
        updated: 'Grille remplacée',
        unchanged: 'Grille déjà importée, inchangée',
      }[r.outcome];
      ctx.out(`${what} : « ${r.grid.title} » (${r.grid.code}), ${gridSize(r.grid)}.`);
    });
  grid
    .command('list')
    .description('Liste les grilles de la Caf')
    .action(async () => {
      const rows = await listGrids(await ctx.deps(), { tenantId: await ctx.tenantId() });
      if (rows.length === 0) {
        ctx.out('Aucune grille : importez-en une avec concerto grid import <fichier>.');
        return;
      }
      for (const { grid: g } of rows) ctx.out(`${g.code}  « ${g.title} »  ${gridSize(g)}`);
    });
  grid
    .command('show <code>')
    .description('Affiche une grille : ses questions, ses niveaux et son échelle de notation')
    .action(async (code: string) => {
      const { grid: g } = await getGrid(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        code,
      });
      ctx.out(`« ${g.title} » (${g.code})`);
      ctx.out(gridSize(g));
      if (g.description) ctx.out(`\n${g.description}`);
      ctx.out('\nQuestions (colonnes) :');
      for (const q of g.questions) {
        const rated = g.rating?.questions.includes(q.position) ? ' [notée]' : '';
        ctx.out(`  ${q.position}. ${q.label}${rated}${q.help ? ` — ${q.help}` : ''}`);
      }
      ctx.out('Niveaux (lignes) :');
      for (const l of g.levels)
        ctx.out(`  ${l.position}. ${l.label}${l.help ? ` — ${l.help}` : ''}`);
      if (g.rating) {
        ctx.out('Échelle de notation :');
        g.rating.labels.forEach((label, i) => ctx.out(`  ${i + 1}. ${label}`));
      }
      const prompts = Object.entries(g.cellHelp);
      if (prompts.length > 0) {
        ctx.out('Consignes de cases :');
        for (const [key, text] of prompts) {
          const [l, q] = key.split('.').map(Number);
          const level = g.levels.find((x) => x.position === l)?.label ?? '?';
          const question = g.questions.find((x) => x.position === q)?.label ?? '?';
          ctx.out(`  ${level} × ${question} : ${text}`);
        }
      }
    });
}
