import type { OrganisationKind } from '../domain/types';
import { organisationsWithCounts } from '../store/repositories/organisations';
import type { AppDeps } from './deps';

/** The tenant's organisations (of one kind, if given) by code, with member and channel counts. */
export function listOrganisations(
  deps: Pick<AppDeps, 'db'>,
  o: { tenantId: string; kind?: OrganisationKind },
) {
  return organisationsWithCounts(deps.db, o.tenantId, o.kind);
}
