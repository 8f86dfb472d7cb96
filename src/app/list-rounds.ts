import { roundsWithInvitationCount } from '../store/repositories/rounds';
import type { AppDeps } from './deps';

/** Every round of the tenant by number, with its draft version, tenant and invitation count. */
export function listRounds(deps: Pick<AppDeps, 'db'>, tenantId: string) {
  return roundsWithInvitationCount(deps.db, tenantId);
}
