import { cleanText } from '../domain/text';
import { DomainError } from '../domain/errors';
import type { Platform } from '../domain/types';
import { audit } from './audit';
import type { AppDeps } from './deps';
import { hashInviteCode } from './invite-codes';
import {
  countInviteAttempt,
  DEFAULT_INVITE_THROTTLE,
  type InviteThrottleLimits,
} from './invite-throttle';
import type { Tx } from '../store/db';

export interface LinkIdentityOptions {
  code: string;
  platform: Platform;
  /** Slack team id or Teams (AAD) tenant id. */
  workspaceId: string;
  userId: string;
  displayName: string;
  locale?: string;
  /** The channel or conversation the code was typed in: becomes where the organisation is reached. */
  destination?: { address: string; reference?: unknown; label?: string };
  /** Codes tried per user and per workspace. Default: DEFAULT_INVITE_THROTTLE. */
  throttle?: InviteThrottleLimits;
  /**
   * Refuses (throws a DomainError) when the workspace may not act for the code's Caf (Teams: a
   * Microsoft 365 tenant not registered for it). Runs before the code is spent.
   */
  checkWorkspace?: (cafTenantId: string, tx: Tx) => Promise<void>;
}

/**
 * Spends a one-time code: links the platform user (and the current channel) to the code's
 * organisation with the code's role. A wrong, spent or expired code links nothing, and counts
 * against the user's and the workspace's attempts (invite-throttle.ts).
 */
export async function linkIdentity(deps: AppDeps, o: LinkIdentityOptions) {
  const codeHash = hashInviteCode(o.code);
  const now = deps.now();
  const attempt = await countInviteAttempt(
    deps.db,
    { platform: o.platform, workspaceId: o.workspaceId, userId: o.userId },
    o.throttle ?? DEFAULT_INVITE_THROTTLE,
    now,
  );
  const linked = await linkInTransaction(deps, o, codeHash, now);
  await attempt.succeeded();
  return linked;
}

function linkInTransaction(deps: AppDeps, o: LinkIdentityOptions, codeHash: string, now: Date) {
  return deps.db.$transaction(async (tx) => {
    const invite = await tx.inviteCode.findUnique({
      where: { codeHash },
      include: { organisation: true, tenant: true },
    });
    if (!invite) {
      throw new DomainError('INVITE_CODE_UNKNOWN');
    }
    if (invite.usedAt) {
      throw new DomainError('INVITE_CODE_USED');
    }
    if (invite.expiresAt.getTime() <= now.getTime()) {
      throw new DomainError('INVITE_CODE_EXPIRED');
    }
    if (o.checkWorkspace) await o.checkWorkspace(invite.tenantId, tx);
    // Spend the code first, conditionally: of two people typing it at once, one wins.
    const spent = await tx.inviteCode.updateMany({
      where: { id: invite.id, usedAt: null },
      data: { usedAt: now },
    });
    if (spent.count !== 1) {
      throw new DomainError('INVITE_CODE_USED');
    }
    const identityKey = {
      tenantId: invite.tenantId,
      platform: o.platform,
      workspaceId: o.workspaceId,
      userId: o.userId,
    };
    const identity = await tx.platformIdentity.findUnique({
      where: { tenantId_platform_workspaceId_userId: identityKey },
    });
    const memberData = {
      organisationId: invite.organisationId,
      role: invite.role,
      // From the platform's profile, not a form: cleaned rather than refused.
      displayName: cleanText(o.displayName).slice(0, 200),
      locale: o.locale?.startsWith('en') ? 'en' : 'fr',
    };
    const member = identity
      ? await tx.member.update({ where: { id: identity.memberId }, data: memberData })
      : await tx.member.create({ data: { tenantId: invite.tenantId, ...memberData } });
    if (!identity)
      await tx.platformIdentity.create({ data: { ...identityKey, memberId: member.id } });
    await tx.inviteCode.update({ where: { id: invite.id }, data: { usedByMemberId: member.id } });

    let destination = null;
    if (o.destination) {
      const key = {
        tenantId: invite.tenantId,
        platform: o.platform,
        workspaceId: o.workspaceId,
        address: o.destination.address,
      };
      const data = {
        organisationId: invite.role === 'pilot' ? null : invite.organisationId,
        forPilots: invite.role === 'pilot',
        reference: (o.destination.reference ?? undefined) as object | undefined,
        label: o.destination.label ? cleanText(o.destination.label) : null,
        active: true,
      };
      destination = await tx.destination.upsert({
        where: { tenantId_platform_workspaceId_address: key },
        create: { ...key, ...data },
        update: data,
      });
    }
    await audit(tx, {
      tenantId: invite.tenantId,
      actor: {
        kind: 'member',
        memberId: member.id,
        label: `${o.platform}:${o.workspaceId}/${o.userId}`,
      },
      action: 'identity.linked',
      subjectType: 'member',
      subjectId: member.id,
      data: {
        organisation: invite.organisation?.code ?? null,
        role: invite.role,
        destination: destination?.id ?? null,
      },
    });
    return { tenant: invite.tenant, member, organisation: invite.organisation, destination };
  });
}
