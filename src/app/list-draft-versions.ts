import { draftVersionsWithEnjeuxCount } from '../store/repositories/draft-versions';
import type { AppDeps } from './deps';

/** Every imported draft version of the tenant, by schéma then version, with its enjeux count. */
export function listDraftVersions(deps: Pick<AppDeps, 'db'>, tenantId: string) {
  return draftVersionsWithEnjeuxCount(deps.db, tenantId);
}
