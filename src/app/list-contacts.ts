import { listActiveContacts } from '../store/contacts';
import type { AppDeps } from './deps';
import { findOrganisation } from './lookup';

/** The Caf's active e-mail contacts, or one organisation's. */
export async function listContacts(
  deps: AppDeps,
  o: { tenantId: string; organisationCode?: string },
) {
  const org = o.organisationCode
    ? await findOrganisation(deps.db, o.tenantId, o.organisationCode)
    : undefined;
  return listActiveContacts(deps.db, o.tenantId, org?.id);
}
