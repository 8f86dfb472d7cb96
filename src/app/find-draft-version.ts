import { cliWords } from '../domain/cli-words';
import type { Locale } from '../domain/types';
import { DomainError } from '../domain/errors';
import {
  draftVersionsNumberedWithEnjeux,
  schemasOfTenant,
} from '../store/repositories/draft-versions';
import type { AppDeps } from './deps';

/** How a schéma is named to the user: « n° 2 « Schéma AVS » (2026-2030) ». */
export function schemaLabel(
  s: { number: number; title: string; period: string },
  locale: Locale = 'fr',
): string {
  return cliWords(locale).drafts.schemaLabel(s);
}

/**
 * The version `version` of a schéma of the tenant, with its enjeux and schéma. A schéma is named
 * by its number within the Caf (`draft list` shows it) or by its period when no other schéma of
 * the Caf has the same. Without `schema`, the version number must belong to one schéma only:
 * two schémas with a version 1 make `--version 1` ambiguous, refused with the list.
 */
export async function findDraftVersion(
  deps: Pick<AppDeps, 'db'>,
  o: { tenantId: string; version: string; schema?: string },
) {
  const input = o.version.trim();
  const version = /^\d{1,9}$/.test(input) ? Number(input) : NaN;
  if (!(version >= 1)) throw new DomainError('DRAFT_VERSION_INVALID', { input: o.version });
  let schemaIds: string[] | undefined;
  if (o.schema !== undefined) {
    const schemas = await schemasOfTenant(deps.db, o.tenantId);
    const wanted = o.schema.trim();
    const byNumber = /^\d+$/.test(wanted) ? schemas.filter((s) => s.number === Number(wanted)) : [];
    const chosen =
      byNumber.length > 0 ? byNumber : schemas.filter((s) => s.period.trim() === wanted);
    if (chosen.length === 0)
      throw new DomainError('SCHEMA_NOT_FOUND', {
        schema: o.schema,
        known: schemas.map((s) => schemaLabel(s)).join(', '),
      });
    schemaIds = chosen.map((s) => s.id);
  }
  const rows = await draftVersionsNumberedWithEnjeux(deps.db, {
    tenantId: o.tenantId,
    version,
    ...(schemaIds ? { schemaIds } : {}),
  });
  if (rows.length === 0)
    throw new DomainError('DRAFT_VERSION_NOT_FOUND', {
      version: String(version),
      ...(o.schema !== undefined ? { schema: o.schema } : {}),
    });
  if (rows.length > 1)
    throw new DomainError('DRAFT_VERSION_AMBIGUOUS', {
      version,
      schemas: rows.map((r) => schemaLabel(r.schema)).join(', '),
      example: String(rows[rows.length - 1]!.schema.number),
    });
  return rows[0]!;
}
