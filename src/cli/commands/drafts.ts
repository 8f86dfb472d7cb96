import path from 'node:path';
import type { Command } from 'commander';
import { cliWords } from '../../domain/cli-words';
import { markdownToPlainText } from '../../domain/markdown-text';
import { CLI_ACTOR } from '../../app/deps';
import { importDraft } from '../../app/import-draft';
import { importWordDraft } from '../../app/import-word-draft';
import { listDraftVersions } from '../../app/list-draft-versions';
import { findDraftVersion, schemaLabel } from '../../app/find-draft-version';
import type { CliContext } from '../context';
import { readInputFile } from '../output';

/**
 * `concerto draft …`: the schéma's draft versions. A draft is imported from Markdown or from a
 * Word document (.docx); a schéma is named by its number in the Caf (`draft list` shows it), or
 * by its period when no other schéma of the Caf has the same.
 */

/** A .docx (or .docm) by its name, or a zip file by its content (Word documents are zips). */
function isWord(file: string, data: Buffer): boolean {
  return (
    /\.(docx|docm|dotx|doc)$/i.test(file) ||
    (data.length >= 4 && data.readUInt32LE(0) === 0x04034b50)
  );
}

export function register(program: Command, ctx: CliContext): void {
  const w = cliWords(ctx.locale);
  const draft = program.command('draft').description(w.drafts.description);
  draft
    .command(w.drafts.importFlags)
    .description(w.drafts.import)
    .option(w.drafts.periodFlags, w.drafts.period)
    .option('--version <n>', w.drafts.version)
    .action(async (file: string, opts: { period?: string; version?: string }) => {
      const data = readInputFile(file, ctx.locale);
      const deps = await ctx.deps();
      const tenantId = await ctx.tenantId();
      const r = isWord(file, data)
        ? await importWordDraft(deps, {
            tenantId,
            docx: data,
            file: path.basename(file),
            ...(opts.period !== undefined ? { period: opts.period } : {}),
            ...(opts.version !== undefined ? { version: opts.version } : {}),
            actor: CLI_ACTOR,
          })
        : await importDraft(deps, {
            tenantId,
            markdown: data.toString('utf8'),
            actor: CLI_ACTOR,
          });
      const d = r.draftVersion;
      ctx.out(
        w.drafts.imported({
          created: r.created,
          title: d.title,
          version: d.version,
          schema: d.schema.number,
          period: d.schema.period,
          enjeux: d.enjeux.length,
        }),
      );
      for (const e of d.enjeux) ctx.out(`  ${e.position}. ${e.title}`);
      if (!isWord(file, data) && (opts.period !== undefined || opts.version !== undefined))
        ctx.out(w.drafts.markdownNote);
    });
  draft
    .command('list')
    .description(w.drafts.list)
    .action(async () => {
      const rows = await listDraftVersions(await ctx.deps(), await ctx.tenantId());
      if (rows.length === 0) {
        ctx.out(w.drafts.none);
        return;
      }
      let schemaId: string | undefined;
      for (const d of [...rows].sort(
        (a, b) => a.schema.number - b.schema.number || a.version - b.version,
      )) {
        if (d.schemaId !== schemaId) {
          schemaId = d.schemaId;
          ctx.out(w.drafts.schema(schemaLabel(d.schema, w.locale)));
        }
        ctx.out(w.drafts.listLine(d.version, d.title, d._count.enjeux));
      }
    });
  draft
    .command(w.drafts.showFlags)
    .description(w.drafts.show)
    .option(w.drafts.schemaFlags, w.drafts.schemaOption)
    .action(async (first: string, second: string | undefined, opts: { schema?: string }) => {
      const schema = second !== undefined ? first : opts.schema;
      const d = await findDraftVersion(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        version: second ?? first,
        ...(schema !== undefined ? { schema } : {}),
      });
      ctx.out(w.drafts.heading(d.title, d.version));
      ctx.out(
        w.drafts.details({
          schema: d.schema.number,
          period: d.schema.period,
          importedAt: d.createdAt,
          enjeux: d.enjeux.length,
        }),
      );
      for (const e of d.enjeux) {
        ctx.out(`\n${e.position}. ${e.title}\n`);
        ctx.out(
          markdownToPlainText(e.body)
            .split('\n')
            .map((l) => (l ? `   ${l}` : ''))
            .join('\n'),
        );
      }
    });
}
