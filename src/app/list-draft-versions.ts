import {
  draftVersionsNumbered,
  draftVersionsWithEnjeuxCount,
} from '../store/repositories/draft-versions';
import type { AppDeps } from './deps';

/** Every imported draft version of the tenant, by schéma then version, with its enjeux count. */
export function listDraftVersions(deps: Pick<AppDeps, 'db'>, tenantId: string) {
  return draftVersionsWithEnjeuxCount(deps.db, tenantId);
}

/** The tenant's latest imported draft version numbered `version`, or undefined. */
export async function latestDraftVersionNumbered(
  deps: Pick<AppDeps, 'db'>,
  tenantId: string,
  version: number,
) {
  return (await draftVersionsNumbered(deps.db, tenantId, version))[0];
}
