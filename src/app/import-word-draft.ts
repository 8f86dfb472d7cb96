import { tenantById } from './lookup';
import { importDraft } from './import-draft';
import { wordDraftToMarkdown } from './word-draft';
import type { Actor, AppDeps } from './deps';

/**
 * Imports one version of a schéma's draft from a Word document (.docx): converted to the Markdown
 * draft (app/word-draft.ts), then imported as one (same checks, same refusals, worded for Word).
 * The Markdown is what is stored: importing the same document again changes nothing.
 */
export async function importWordDraft(
  deps: AppDeps,
  o: {
    tenantId: string;
    docx: Buffer;
    file: string;
    period?: string;
    version?: string;
    actor: Actor;
  },
) {
  const tenant = await tenantById(deps.db, o.tenantId);
  const markdown = await wordDraftToMarkdown(o.docx, {
    caf: tenant.code,
    file: o.file,
    ...(o.period !== undefined ? { period: o.period } : {}),
    ...(o.version !== undefined ? { version: o.version } : {}),
  });
  return importDraft(deps, { tenantId: o.tenantId, markdown, actor: o.actor, word: true });
}
