import type { Command } from 'commander';
import { EXPORT_FORMATS, exportRoundFiles, parseExportFormats } from '../../app/export-round';
import { findRound } from '../../app/lookup';
import type { CliContext } from '../context';
import { exportSurveyFromCli } from './surveys';
import { writeExportFiles } from '../output';
import { cliWords } from '../../domain/cli-words';

/** `concerto round export <n> --format csv|xlsx|pdf|md|all --out <dir>`: a round's results as files. */
export function register(program: Command, ctx: CliContext): void {
  const w = cliWords(ctx.locale);
  const round = program.commands.find((c) => c.name() === 'round');
  if (!round) throw new Error('la commande « round » doit être déclarée avant son export');
  round
    .command('export <n>')
    .description(w.round.export)
    .option('--format <formats>', w.round.exportFormats([...EXPORT_FORMATS, 'all']), 'all')
    .option(w.round.outFlags, w.round.out, '.')
    .action(async (n: string, opts: { format: string; out: string }) => {
      const formats = parseExportFormats(opts.format);
      const ref = await findRound((await ctx.deps()).db, await ctx.tenantId(), n);
      if (ref.kind === 'survey') {
        await exportSurveyFromCli(ctx, ref.id, formats, opts.out);
        return;
      }
      const { files } = await exportRoundFiles(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        round: n,
        formats,
      });
      const written = writeExportFiles(opts.out, files, ctx.locale);
      ctx.out(w.written(written));
    });
}
