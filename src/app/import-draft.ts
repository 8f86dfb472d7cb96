import { createHash } from 'node:crypto';
import { parseDraft } from '../domain/draft';
import { DomainError } from '../domain/errors';
import { audit } from './audit';
import type { Actor, AppDeps } from './deps';

/**
 * Imports one version of a schéma's draft. Importing the same file again changes nothing;
 * another text under an existing version number is refused (versions are never rewritten).
 */
export async function importDraft(
  deps: AppDeps,
  o: { tenantId: string; markdown: string; actor: Actor; word?: boolean },
) {
  const word = o.word ? { word: true as const } : {};
  const draft = parseDraft(o.markdown, word);
  const checksum = createHash('sha256').update(o.markdown).digest('hex');
  return deps.db.$transaction(async (tx) => {
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: o.tenantId } });
    if (draft.frontMatter.caf !== tenant.code) {
      throw new DomainError('DRAFT_WRONG_CAF', {
        draftCaf: draft.frontMatter.caf,
        tenant: tenant.code,
        ...word,
      });
    }
    const schema = await tx.schema.upsert({
      where: {
        tenantId_title_period: {
          tenantId: tenant.id,
          title: draft.frontMatter.title,
          period: draft.frontMatter.period,
        },
      },
      create: {
        tenantId: tenant.id,
        title: draft.frontMatter.title,
        period: draft.frontMatter.period,
      },
      update: {},
    });
    const existing = await tx.draftVersion.findUnique({
      where: { schemaId_version: { schemaId: schema.id, version: draft.frontMatter.version } },
      include: { enjeux: { orderBy: { position: 'asc' } }, schema: true },
    });
    if (existing) {
      if (existing.checksum !== checksum) {
        throw new DomainError('DRAFT_VERSION_EXISTS', {
          version: draft.frontMatter.version,
          ...word,
        });
      }
      return { draftVersion: existing, created: false };
    }
    const draftVersion = await tx.draftVersion.create({
      data: {
        tenantId: tenant.id,
        schemaId: schema.id,
        version: draft.frontMatter.version,
        title: draft.frontMatter.title,
        markdown: o.markdown,
        checksum,
        enjeux: {
          create: draft.enjeux.map((e) => ({ position: e.position, title: e.title, body: e.body })),
        },
      },
      include: { enjeux: { orderBy: { position: 'asc' } }, schema: true },
    });
    await audit(tx, {
      tenantId: tenant.id,
      actor: o.actor,
      action: 'draft.imported',
      subjectType: 'draft_version',
      subjectId: draftVersion.id,
      data: {
        title: draftVersion.title,
        version: draftVersion.version,
        enjeux: draft.enjeux.length,
      },
    });
    return { draftVersion, created: true };
  });
}
