import {
  deactivateTeamsDestinations,
  findOrganisationSlackChannel,
  refreshTeamsDestinations,
  upsertPilotTeamsDestination,
  type TeamsConversationKey,
} from '../store/repositories/destinations';
import type { AppDeps } from './deps';

/** The organisation's Slack channel in a workspace (where its confirmations are shown), if any. */
export function organisationSlackChannel(
  deps: Pick<AppDeps, 'db'>,
  o: { tenantId: string; organisationId: string; workspaceId: string },
): Promise<string | undefined> {
  return findOrganisationSlackChannel(deps.db, o);
}

/**
 * The Concerto app was added to a Teams conversation. A conversation Concerto already reaches
 * keeps its reference fresh (the serviceUrl moves); otherwise only a linked pilot's install
 * creates one, for pilot messages (a partner's conversation is linked by « rejoindre <code> »).
 * `pilot` is asked only in that second case; it resolves to null when the installer is not a
 * linked pilot.
 */
export async function teamsConversationInstalled(
  deps: Pick<AppDeps, 'db'>,
  o: TeamsConversationKey & {
    reference: object;
    pilot: () => Promise<{ tenantId: string; label: string } | null>;
  },
): Promise<void> {
  const key = { workspaceId: o.workspaceId, address: o.address };
  if ((await refreshTeamsDestinations(deps.db, key, o.reference)) > 0) return;
  const pilot = await o.pilot();
  if (!pilot) return;
  await upsertPilotTeamsDestination(deps.db, {
    ...key,
    tenantId: pilot.tenantId,
    reference: o.reference,
    label: pilot.label,
  });
}

/** The Concerto app was removed from a Teams conversation: nothing is posted there any more. */
export function teamsConversationRemoved(
  deps: Pick<AppDeps, 'db'>,
  key: TeamsConversationKey,
): Promise<void> {
  return deactivateTeamsDestinations(deps.db, key);
}
