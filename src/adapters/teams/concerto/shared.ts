import { markdownToPlainText } from '../../../domain/markdown-text';
import { commandText } from '../../../domain/commands';
import { shortDate } from '../../../domain/format';
import { diffWordsWithSpace } from 'diff';
import type { Logger } from 'pino';
import { organisationProgress } from '../../../app/cast-avis';
import type { AppDeps } from '../../../app/deps';
import { type InviteThrottleLimits } from '../../../app/invite-throttle';
import { type TeamsTenantRegistry } from '../../../app/teams-tenants';
import {
  isUuid,
  loadRoundContext,
  pilotCommandRound,
  previousDraftVersionOf,
  type RoundContext,
  type RoundFollower,
} from '../../../app/lookup';
import { requireMember, requireRole } from '../../../app/resolve-member';
import { diffDrafts } from '../../../domain/draft-diff';
import { DomainError } from '../../../domain/errors';
import { type AvisChoice, type Locale } from '../../../domain/types';
import { strings } from '../i18n';
import { type ExportLinkSigner } from '../export-link';
import type { TeamsReply, TeamsTurn } from '../handlers';

/**
 * Concerto's implementation of the Teams ports (bot and tab) over the use cases. Identity comes
 * from the turn (signed activity) or the validated SSO token only; the tenant is the linked
 * member's; a card or form can only say which round it is about.
 */

export interface ConcertoTeamsOptions {
  deps: AppDeps;
  log: Logger;
  /** Signs the export download links. Default: from `exportSecret` and `publicUrl`. */
  exportLinks?: ExportLinkSigner;
  /**
   * The Microsoft 365 tenants registered per Caf: a linked member, or a code, of a Caf only
   * works from that Caf's tenants. Default: no check beyond the door's (inbound-auth.ts).
   */
  tenants?: TeamsTenantRegistry;
  /** Invitation codes tried per user and per tenant. Default: DEFAULT_INVITE_THROTTLE. */
  inviteThrottle?: InviteThrottleLimits;
}

/** A Caf's member or code used from a Microsoft 365 tenant not registered for that Caf. */
export function tenantNotRegistered(): DomainError {
  return new DomainError('TEAMS_TENANT_NOT_REGISTERED');
}

export const text = (t: string): TeamsReply => ({ kind: 'text', text: t });

export function identityOf(user: { tenantId: string; aadObjectId: string }) {
  return { platform: 'teams' as const, workspaceId: user.tenantId, userId: user.aadObjectId };
}

/** The round a pilot command is about (lookup.ts: commandRound). */
export const pilotRound = (
  deps: AppDeps,
  m: RoundFollower,
  arg: string | undefined,
  closedToo = false,
) => pilotCommandRound(deps.db, m, arg, { closedToo, example: commandText('teams', 'statut 3') });

export async function loadRound(deps: AppDeps, tenantId: string, roundId: string) {
  if (!isUuid(roundId)) throw new DomainError('ROUND_NOT_FOUND');
  return loadRoundContext(deps.db, tenantId, roundId);
}

/** The latest earlier version of the same schéma (for « what changed »), if any. */
export const previousDraft = (deps: AppDeps, round: RoundContext) =>
  previousDraftVersionOf(deps.db, round);

export interface EnjeuView {
  id: string;
  position: number;
  title: string;
  text: string;
  change?: 'added' | 'changed' | 'unchanged';
  /** Word diff with the previous version (changed enjeux only). */
  diff?: { value: string; added: boolean; removed: boolean }[];
}

export async function enjeuViews(deps: AppDeps, round: RoundContext, withDiff: boolean) {
  const prev = await previousDraft(deps, round);
  const changes = prev ? diffDrafts(prev.enjeux, round.draftVersion.enjeux) : [];
  const byTitle = new Map(
    changes.filter((c) => c.kind !== 'removed').map((c) => [c.title.toLowerCase(), c]),
  );
  const enjeux: EnjeuView[] = round.draftVersion.enjeux.map((e) => {
    const c = byTitle.get(e.title.toLowerCase());
    const view: EnjeuView = {
      id: e.id,
      position: e.position,
      title: e.title,
      text: markdownToPlainText(e.body),
    };
    if (c) view.change = c.kind;
    if (withDiff && c?.kind === 'changed') {
      view.diff = diffWordsWithSpace(c.before, c.after).map((p) => ({
        value: p.value,
        added: Boolean(p.added),
        removed: Boolean(p.removed),
      }));
    }
    return view;
  });
  return {
    enjeux,
    previousVersion: prev?.version ?? null,
    removed: changes.filter((c) => c.kind === 'removed').map((c) => c.title),
  };
}

/** The organisation's current avis and who gave the latest. */
export async function currentAvis(
  deps: AppDeps,
  round: RoundContext,
  organisationId: string | null,
  locale: Locale = 'fr',
) {
  if (!organisationId)
    return { current: {}, answeredBy: undefined, answered: 0, latestBy: undefined };
  const progress = await organisationProgress(deps.db, round, organisationId);
  const current: Record<string, { choice: AvisChoice; comment?: string }> = {};
  for (const a of progress.answered)
    current[a.enjeuId] = { choice: a.choice, ...(a.comment ? { comment: a.comment } : {}) };
  const latest = [...progress.answered].sort((a, b) => b.at.getTime() - a.at.getTime())[0];
  const answeredBy = latest
    ? strings(locale).answeredBy({
        by: latest.byName,
        organisation: progress.organisationName,
        at: shortDate(latest.at, locale, round.tenant.timezone),
        done: progress.answered.length,
        total: round.draftVersion.enjeux.length,
      })
    : undefined;
  return {
    current,
    answeredBy,
    answered: progress.answered.length,
    latestBy: latest?.byMemberId ?? undefined,
  };
}

/** Entries of a form that say something (an enjeu left blank is simply not answered). */
export function votesOf(answers: { enjeuId: string; choice?: AvisChoice; comment?: string }[]) {
  return answers
    .filter((a) => a.choice || a.comment?.trim())
    .map((a) => ({ enjeuId: a.enjeuId, choice: a.choice ?? null, comment: a.comment ?? null }));
}

/** Who a turn is, as a member of a Caf: linked, and from one of that Caf's tenants. */
export function teamsMembers(o: ConcertoTeamsOptions) {
  const { deps } = o;
  const member = async (turn: TeamsTurn) => {
    const m = await requireMember(deps, identityOf(turn.user));
    if (o.tenants && !(await o.tenants.isAllowedFor(m.tenantId, turn.user.tenantId)))
      throw tenantNotRegistered();
    return m;
  };
  const pilot = async (turn: TeamsTurn) => {
    const m = await member(turn);
    requireRole(m, 'pilot');
    return m;
  };

  return { member, pilot };
}
export type TeamsMembers = ReturnType<typeof teamsMembers>;
