import { findDraftVersionWithEnjeux } from '../store/repositories/draft-versions';
import type { AppDeps } from './deps';

/**
 * A draft version with its enjeux and schéma, for the page the invitations link to (`/projets/:id`),
 * or null when there is none. Any tenant's: the unguessable id is the capability.
 */
export async function getDraftVersion(deps: Pick<AppDeps, 'db'>, id: string) {
  return /^[0-9a-f-]{36}$/i.test(id) ? findDraftVersionWithEnjeux(deps.db, id) : null;
}
