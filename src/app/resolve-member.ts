import { commandChannelOf, type CommandChannel } from '../domain/commands';
import { DomainError } from '../domain/errors';
import type { Platform, Role } from '../domain/types';
import type { AppDeps } from './deps';
import { findMemberByIdentity } from '../store/repositories/members';

/**
 * Who a platform user is: the member linked to that Slack/Teams identity, with their
 * organisation and tenant. The identity is the platform's (signed request, validated token),
 * never a value from a form or a button.
 */
export async function resolveMember(
  deps: AppDeps,
  o: { platform: Platform; workspaceId: string; userId: string; tenantId?: string },
) {
  return findMemberByIdentity(deps.db, o);
}
export type ResolvedMember = NonNullable<Awaited<ReturnType<typeof resolveMember>>>;

export async function requireMember(
  deps: AppDeps,
  o: Parameters<typeof resolveMember>[1],
): Promise<ResolvedMember> {
  const member = await resolveMember(deps, o);
  if (!member) throw notLinked(commandChannelOf(o.platform));
  return member;
}

/** The platform user is linked to no member (of this Caf): told the command of their channel. */
export function notLinked(channel?: CommandChannel): DomainError {
  return new DomainError('NOT_LINKED', channel ? { channel } : {});
}

/** A member of no partner organisation (a pilot) cannot give an avis. */
export function noOrganisation(): DomainError {
  return new DomainError('AVIS_NOT_MEMBER');
}

export function requireRole(member: { role: Role }, ...roles: Role[]): void {
  if (!roles.includes(member.role)) {
    throw new DomainError('FORBIDDEN', {
      pilotsOnly: roles.includes('pilot') && roles.length === 1,
    });
  }
}
