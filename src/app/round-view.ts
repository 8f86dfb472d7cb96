import { roundAccess } from '../domain/roles';
import { DomainError, errorText } from '../domain/errors';
import type { RoundHeader, EnjeuSummary } from '../domain/round-messages';
import { tally, type RoundTally } from '../domain/tally';
import type { Locale } from '../domain/types';
import type { Tx } from '../store/db';
import type { RoundContext } from './lookup';

/** Row → domain mapping for rounds, shared by the round use cases. */

/** What a round header needs: a RoundContext, or the lean round a vote loads (CastRound). */
export interface RoundHeaderSource {
  id: string;
  number: number;
  deadline: Date;
  silenceMeansFavorable: boolean;
  draftVersion: { title: string; version: number; schema: { period: string } };
  tenant: { timezone: string };
}

export function roundHeader(round: RoundHeaderSource): RoundHeader {
  return {
    id: round.id,
    number: round.number,
    deadline: round.deadline,
    draftTitle: round.draftVersion.title,
    version: round.draftVersion.version,
    period: round.draftVersion.schema.period,
    timezone: round.tenant.timezone,
    silenceMeansFavorable: round.silenceMeansFavorable,
  };
}

export function enjeuSummaries(round: RoundContext): EnjeuSummary[] {
  return round.draftVersion.enjeux.map((e) => ({
    id: e.id,
    position: e.position,
    title: e.title,
    body: e.body,
  }));
}

export function invitedOrganisations(round: RoundContext) {
  return round.invitations
    .map((i) => ({ id: i.organisation.id, code: i.organisation.code, name: i.organisation.name }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

export async function roundTally(tx: Tx, round: RoundContext): Promise<RoundTally> {
  const avis = await tx.avis.findMany({
    where: { roundId: round.id },
    select: { enjeuId: true, organisationId: true, choice: true, channel: true },
  });
  return tally({
    enjeux: round.draftVersion.enjeux.map((e) => ({
      id: e.id,
      position: e.position,
      title: e.title,
    })),
    invited: invitedOrganisations(round),
    avis: avis.map((a) => ({ ...a, implicit: a.channel === 'implicit' })),
  });
}

export function draftUrl(publicUrl: string | undefined, draftVersionId: string): string {
  return `${(publicUrl ?? 'http://localhost:3000').replace(/\/$/, '')}/projets/${draftVersionId}`;
}

/**
 * Why a member cannot answer a round, as a coded refusal (undefined: they can). Forms use it to
 * say so before the member types anything; castAvis enforces the same rules.
 */
export function cannotAnswer(
  member: { organisationId: string | null; role: string },
  round: Pick<RoundContext, 'status' | 'deadline' | 'invitations'>,
  now: Date,
): DomainError | undefined {
  if (!member.organisationId) return new DomainError('AVIS_PILOT_ONLY_FOLLOWS');
  if (member.role === 'observer') return new DomainError('AVIS_OBSERVER');
  if (!round.invitations.some((i) => i.organisationId === member.organisationId))
    return new DomainError('AVIS_NOT_INVITED');
  if (round.status !== 'open')
    return round.status === 'closed'
      ? new DomainError('ROUND_CLOSED')
      : new DomainError('ROUND_ANSWERS_OVER', { reason: 'not_open' });
  if (now.getTime() >= round.deadline.getTime())
    return new DomainError('ROUND_ANSWERS_OVER', { reason: 'deadline' });
  return undefined;
}

/** cannotAnswer's reason in the member's language (undefined: they can answer). */
export function whyCannotAnswer(
  member: { organisationId: string | null; role: string },
  round: Pick<RoundContext, 'status' | 'deadline' | 'invitations'>,
  now: Date,
  locale: Locale = 'fr',
): string | undefined {
  const why = cannotAnswer(member, round, now);
  return why && errorText(why, locale);
}

/**
 * Whether a member may see a round's results now (domain/roles.ts, the same rule on every
 * channel): pilots always; partners and observers of an invited organisation once the round is
 * closed, or during it when the round shows results during. Refused with a coded error.
 */
export function assertResultsVisible(
  member: { organisationId: string | null; role: string },
  round: Pick<RoundContext, 'status' | 'resultsVisibility' | 'invitations' | 'number'>,
): void {
  const access = roundAccess(member, round);
  if (access.seeResults) return;
  if (!access.invited) {
    throw new DomainError('AVIS_NOT_INVITED', { number: round.number });
  }
  throw new DomainError('RESULTS_NOT_VISIBLE', { number: round.number });
}
