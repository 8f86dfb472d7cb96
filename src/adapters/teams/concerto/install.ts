import { teamsConversationInstalled, teamsConversationRemoved } from '../../../app/destinations';
import type { TeamsConversationReference, TeamsTurn } from '../handlers';
import { type ConcertoTeamsOptions, type TeamsMembers } from './shared';
import { CAF_TEAMS } from '../i18n';

/** The app added to or removed from a conversation (the install route). */
export function installHandlers(o: ConcertoTeamsOptions, { member }: TeamsMembers) {
  const { deps } = o;
  return {
    async onInstalled(reference: TeamsConversationReference, turn: TeamsTurn) {
      await teamsConversationInstalled(deps, {
        workspaceId: turn.user.tenantId,
        address: reference.conversation.id,
        reference: reference as unknown as object,
        pilot: async () => {
          const m = await member(turn).catch(() => null);
          if (!m || m.role !== 'pilot') return null;
          return {
            tenantId: m.tenantId,
            label: reference.conversation.name ?? CAF_TEAMS.pilotsConversation(m.displayName),
          };
        },
      });
    },

    async onUninstalled(reference: TeamsConversationReference, turn: TeamsTurn) {
      await teamsConversationRemoved(deps, {
        workspaceId: turn.user.tenantId,
        address: reference.conversation.id,
      });
    },
  };
}
