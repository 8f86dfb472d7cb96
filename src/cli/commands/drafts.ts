import path from 'node:path';
import type { Command } from 'commander';
import { count } from '../../domain/format';
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
  const draft = program.command('draft').description('Projets de schéma directeur');
  draft
    .command('import <fichier>')
    .description(
      'Importe une version du projet : un document Word (.docx : titre en style « Titre 1 », un enjeu par « Titre 2 ») ou un fichier Markdown (en-tête caf/title/period/version, un enjeu par titre ##)',
    )
    .option(
      '--period <période>',
      'document Word : période du schéma, par exemple 2026-2030 (sinon la propriété « Période » du document)',
    )
    .option(
      '--version <n>',
      'document Word : numéro de la version (sinon la propriété « Version » du document)',
    )
    .action(async (file: string, opts: { period?: string; version?: string }) => {
      const data = readInputFile(file);
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
        `${r.created ? 'Version importée' : 'Version déjà importée, inchangée'} : « ${d.title} », version ${d.version} du schéma n° ${d.schema.number} (${d.schema.period}), ${count(d.enjeux.length, 'fr', 'enjeu', 'enjeux')} :`,
      );
      for (const e of d.enjeux) ctx.out(`  ${e.position}. ${e.title}`);
      if (!isWord(file, data) && (opts.period !== undefined || opts.version !== undefined))
        ctx.out(
          'Note : --period et --version ne servent qu’aux documents Word ; l’en-tête du Markdown a été suivi.',
        );
    });
  draft
    .command('list')
    .description('Liste les schémas et leurs versions importées')
    .action(async () => {
      const rows = await listDraftVersions(await ctx.deps(), await ctx.tenantId());
      if (rows.length === 0) {
        ctx.out('Aucun projet importé (concerto draft import <fichier>).');
        return;
      }
      let schemaId: string | undefined;
      for (const d of [...rows].sort(
        (a, b) => a.schema.number - b.schema.number || a.version - b.version,
      )) {
        if (d.schemaId !== schemaId) {
          schemaId = d.schemaId;
          ctx.out(`Schéma ${schemaLabel(d.schema)}`);
        }
        ctx.out(`  v${d.version}  ${d.title} — ${count(d._count.enjeux, 'fr', 'enjeu', 'enjeux')}`);
      }
    });
  draft
    .command('show <schéma-ou-version> [version]')
    .description(
      'Affiche une version : « draft show <schéma> <version> », ou « draft show <version> » si un seul schéma a ce numéro',
    )
    .option('--schema <schéma>', 'numéro du schéma (voir draft list) ou sa période')
    .action(async (first: string, second: string | undefined, opts: { schema?: string }) => {
      const schema = second !== undefined ? first : opts.schema;
      const d = await findDraftVersion(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        version: second ?? first,
        ...(schema !== undefined ? { schema } : {}),
      });
      ctx.out(`« ${d.title} », version ${d.version}`);
      ctx.out(
        `Schéma n° ${d.schema.number}, période ${d.schema.period} ; importée le ${d.createdAt.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' })} ; ${count(d.enjeux.length, 'fr', 'enjeu', 'enjeux')}.`,
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
