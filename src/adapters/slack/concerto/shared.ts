import { commandText } from '../../../domain/commands';
import { agrementsEndingWithin } from '../../../app/list-agrements-ending';
import type { Logger } from 'pino';
import type { AppDeps } from '../../../app/deps';
import { type InviteThrottleLimits } from '../../../app/invite-throttle';
import { pilotCommandRound } from '../../../app/lookup';
import { requireMember, requireRole, type ResolvedMember } from '../../../app/resolve-member';
import { DomainError, hasCode } from '../../../domain/errors';
import { organisationSlackChannel } from '../../../app/destinations';
import type { SlackRequestContext } from '../handlers';

/**
 * What Slack's ports over the use cases share: who is speaking (from the signed payload's team
 * and user only, `ctx.who`; the tenant is the linked member's), the round a pilot command is
 * about, and refusals in Slack's command words. A button or a modal can only say which round it
 * is about, never which organisation.
 */

export interface ConcertoSlackOptions {
  deps: AppDeps;
  log: Logger;
  /** Invitation codes tried per user and per workspace. Default: DEFAULT_INVITE_THROTTLE. */
  inviteThrottle?: InviteThrottleLimits;
}

/**
 * A refusal with Slack's own command words: NOT_LINKED names `/concerto rejoindre <code>`. The
 * words themselves are the catalogue's (src/domain/catalogue), rendered in the user's locale by
 * the listeners (listeners/) with errorText.
 */
export function inSlackWords(err: unknown): unknown {
  if (hasCode(err, 'NOT_LINKED') && !err.params?.channel)
    return new DomainError('NOT_LINKED', { channel: 'slack' });
  return err;
}

/** The member behind a Slack request, and what the ports look up with it. */
export function slackMembers(o: ConcertoSlackOptions) {
  const { deps } = o;
  const member = (ctx: SlackRequestContext) =>
    requireMember(deps, {
      platform: 'slack',
      workspaceId: ctx.who.teamId,
      userId: ctx.who.userId,
    });
  const pilot = async (ctx: SlackRequestContext) => {
    const m = await member(ctx);
    requireRole(m, 'pilot');
    return m;
  };

  /** The round a pilot command is about (lookup.ts: commandRound). */
  const pilotRound = (m: ResolvedMember, arg: string | undefined, closedToo = false) =>
    pilotCommandRound(deps.db, m, arg, { closedToo, example: commandText('slack', 'statut 3') });

  /** The organisation's Slack channel in this workspace (where its confirmations are shown). */
  const organisationChannel = (tenantId: string, organisationId: string, teamId: string) =>
    organisationSlackChannel(deps, { tenantId, organisationId, workspaceId: teamId });

  const agrementsEnding = (m: ResolvedMember) =>
    agrementsEndingWithin(deps.db, {
      tenantId: m.tenantId,
      timezone: m.tenant.timezone,
      now: deps.now(),
    });

  return { member, pilot, pilotRound, organisationChannel, agrementsEnding };
}
export type SlackMembers = ReturnType<typeof slackMembers>;
