import { findTenantDraftVersion, recentDraftVersions } from '../store/repositories/draft-versions';
import { partnerOrganisations } from '../store/repositories/organisations';
import type { AppDeps } from './deps';

/**
 * What a pilot's launch form offers (Slack modal, Teams card): the tenant's 20 latest draft
 * versions, newest first, with their schéma, and its partner organisations by kind then name.
 */
export async function launchFormChoices(deps: Pick<AppDeps, 'db'>, tenantId: string) {
  const [drafts, organisations] = await Promise.all([
    recentDraftVersions(deps.db, tenantId, 20),
    partnerOrganisations(deps.db, tenantId),
  ]);
  return { drafts, organisations };
}

/** The draft version a launch form names, if it is the tenant's; null otherwise. */
export function launchDraftVersion(deps: Pick<AppDeps, 'db'>, tenantId: string, id: string) {
  return findTenantDraftVersion(deps.db, tenantId, id);
}
