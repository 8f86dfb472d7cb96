import { roundAccess } from '../domain/roles';
import { DomainError } from '../domain/errors';
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

/** Why a member cannot answer a round, French first. */
const CANNOT_ANSWER = {
  fr: {
    pilot:
      'Vous suivez cette consultation en tant que pilote : seules les organisations invitées donnent un avis.',
    observer: 'Votre compte est observateur : il ne donne pas d’avis.',
    notInvited: "Votre organisation n'est pas invitée à cette consultation.",
    closed: 'Cette consultation est close : les avis ne sont plus modifiables.',
    notOpen: 'Cette consultation n’est pas ouverte.',
    deadlinePassed: 'La date limite de cette consultation est passée.',
  },
  en: {
    pilot: 'You follow this consultation as a pilot: only the invited organisations give an avis.',
    observer: 'Your account is an observer: it gives no avis.',
    notInvited: 'Your organisation is not invited to this consultation.',
    closed: 'This consultation is closed: avis can no longer be changed.',
    notOpen: 'This consultation is not open.',
    deadlinePassed: 'The deadline of this consultation has passed.',
  },
} satisfies Record<Locale, unknown>;

/**
 * Why a member cannot answer a round, in their language (undefined: they can). Forms use it to
 * say so before the member types anything; castAvis enforces the same rules.
 */
export function whyCannotAnswer(
  member: { organisationId: string | null; role: string },
  round: Pick<RoundContext, 'status' | 'deadline' | 'invitations'>,
  now: Date,
  locale: Locale = 'fr',
): string | undefined {
  const t = CANNOT_ANSWER[locale];
  if (!member.organisationId) return t.pilot;
  if (member.role === 'observer') return t.observer;
  if (!round.invitations.some((i) => i.organisationId === member.organisationId))
    return t.notInvited;
  if (round.status !== 'open') return round.status === 'closed' ? t.closed : t.notOpen;
  if (now.getTime() >= round.deadline.getTime()) return t.deadlinePassed;
  return undefined;
}

/**
 * Whether a member may see a round's results now (domain/roles.ts, the same rule on every
 * channel): pilots always; partners and observers of an invited organisation once the round is
 * closed, or during it when the round shows results during. Refused with a French message.
 */
export function assertResultsVisible(
  member: { organisationId: string | null; role: string },
  round: Pick<RoundContext, 'status' | 'resultsVisibility' | 'invitations' | 'number'>,
): void {
  const access = roundAccess(member, round);
  if (access.seeResults) return;
  if (!access.invited) {
    throw new DomainError(
      'AVIS_NOT_INVITED',
      `Votre organisation n'est pas invitée à la consultation n° ${round.number}.`,
    );
  }
  throw new DomainError(
    'RESULTS_NOT_VISIBLE',
    `Les résultats de la consultation n° ${round.number} seront communiqués à sa clôture.`,
  );
}
