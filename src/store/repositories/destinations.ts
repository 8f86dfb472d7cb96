import type { Tx } from '../db';

/** Queries on `destinations` (the channels and conversations messages are posted to). */

/** The organisation's latest active Slack channel in a workspace, or undefined. */
export async function findOrganisationSlackChannel(
  tx: Tx,
  o: { tenantId: string; organisationId: string; workspaceId: string },
): Promise<string | undefined> {
  const d = await tx.destination.findFirst({
    where: {
      tenantId: o.tenantId,
      organisationId: o.organisationId,
      platform: 'slack',
      workspaceId: o.workspaceId,
      active: true,
    },
    orderBy: { createdAt: 'desc' },
  });
  return d?.address;
}

/** A Teams conversation: the Microsoft tenant (`workspaceId`) and the conversation id. */
export interface TeamsConversationKey {
  workspaceId: string;
  address: string;
}

/**
 * Stores the fresh conversation reference of every destination on this conversation (any
 * tenant) and reactivates them; returns how many there were.
 */
export async function refreshTeamsDestinations(
  tx: Tx,
  key: TeamsConversationKey,
  reference: object,
): Promise<number> {
  const r = await tx.destination.updateMany({
    where: { platform: 'teams', ...key },
    data: { reference, active: true },
  });
  return r.count;
}

/** Creates (or refreshes and reactivates) the tenant's pilots' destination on a conversation. */
export async function upsertPilotTeamsDestination(
  tx: Tx,
  o: TeamsConversationKey & { tenantId: string; reference: object; label: string },
): Promise<void> {
  const where = { platform: 'teams' as const, workspaceId: o.workspaceId, address: o.address };
  await tx.destination.upsert({
    where: { tenantId_platform_workspaceId_address: { tenantId: o.tenantId, ...where } },
    create: {
      tenantId: o.tenantId,
      ...where,
      forPilots: true,
      reference: o.reference,
      label: o.label,
    },
    update: { reference: o.reference, active: true },
  });
}

/** Deactivates every destination on a conversation (the app was removed from it). */
export async function deactivateTeamsDestinations(
  tx: Tx,
  key: TeamsConversationKey,
): Promise<void> {
  await tx.destination.updateMany({
    where: { platform: 'teams', ...key },
    data: { active: false },
  });
}
