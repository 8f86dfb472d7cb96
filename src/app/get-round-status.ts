import { type CommandChannel } from '../domain/commands';
import type { AppDeps } from './deps';
import { roundAccess } from '../domain/roles';
import { DomainError } from '../domain/errors';
import { statusMessage } from '../domain/round-messages';
import { surveyListEntry, surveyStatusMessage } from '../domain/survey-messages';
import type { Locale } from '../domain/types';
import { loadSurveyContext, surveyHeader } from './survey/survey-context';
import { invitedOrganisationStates, surveyParticipation } from './survey/survey-results';
import {
  commandRound,
  findRound,
  loadRoundContext,
  roundsFollowedBy,
  type RoundFollower,
} from './lookup';
import { assertResultsVisible, invitedOrganisations, roundHeader, roundTally } from './round-view';

/** A round with its participation per enjeu and who has not answered. */
export async function getRoundStatus(deps: AppDeps, o: { tenantId: string; round: string }) {
  const ref = await findRound(deps.db, o.tenantId, o.round);
  const round = await loadRoundContext(deps.db, o.tenantId, ref.id);
  const tally = await roundTally(deps.db, round);
  return { round, header: roundHeader(round), tally, invited: invitedOrganisations(round) };
}

/**
 * The open consultations a member follows (all of the Caf's for a pilot), newest first; the
 * open evaluations are listOpenSurveys'.
 */
export async function listOpenRounds(deps: AppDeps, member: RoundFollower) {
  const rounds = await deps.db.round.findMany({
    where: { ...roundsFollowedBy(member), status: 'open', kind: 'consultation' },
    orderBy: { number: 'desc' },
    select: { id: true },
  });
  return Promise.all(
    rounds.map(async (r) => {
      const round = await loadRoundContext(deps.db, member.tenantId, r.id);
      return { round, header: roundHeader(round), tally: await roundTally(deps.db, round) };
    }),
  );
}

/**
 * The open evaluations a member follows, newest first, as the chat lists show them
 * (surveyListEntry: « Évaluation n° N — grid », the deadline, then the Caf's tally or the
 * partner's own grid's state).
 */
export async function listOpenSurveys(deps: AppDeps, member: RoundFollower, locale: Locale) {
  const rounds = await deps.db.round.findMany({
    where: { ...roundsFollowedBy(member), status: 'open', kind: 'survey' },
    orderBy: { number: 'desc' },
    select: { id: true },
  });
  return Promise.all(
    rounds.map(async (r) => {
      const round = await loadSurveyContext(deps.db, member.tenantId, r.id);
      const { responses, ...participation } = await surveyParticipation(deps.db, round);
      const state =
        member.role !== 'pilot' && member.organisationId
          ? (invitedOrganisationStates(round, responses).find((x) => x.id === member.organisationId)
              ?.state ?? 'not_started')
          : undefined;
      return {
        roundId: round.id,
        number: round.number,
        ...surveyListEntry({
          number: round.number,
          gridTitle: round.grid_.title,
          deadline: round.deadline,
          timezone: round.tenant.timezone,
          locale,
          participation,
          ...(state ? { state } : {}),
        }),
      };
    }),
  );
}

/**
 * The round a « statut » is about: the one named (number or id), else for a pilot the newest
 * open round (or the last closed one), for a partner the newest round its organisation is
 * invited to. Whether the member may see its results is assertResultsVisible's to say.
 */
export async function findStatusRound(
  deps: AppDeps,
  member: RoundFollower,
  arg: string | undefined,
  channel: CommandChannel,
) {
  const round = await commandRound(deps.db, member, arg, true);
  if (!round) {
    throw new DomainError(
      member.role === 'pilot' ? 'ROUND_NONE_FOR_STATUS' : 'ROUND_NONE_INVITED',
      member.role === 'pilot' ? { channel } : {},
    );
  }
  return round;
}

/**
 * « statut » for any member: the round asked for (or the one findStatusRound picks), refused
 * when its results are not visible to them yet, as a neutral message.
 */
export async function roundStatusFor(
  deps: AppDeps,
  member: RoundFollower,
  arg: string | undefined,
  channel: CommandChannel,
) {
  const ref = await findStatusRound(deps, member, arg, channel);
  if (ref.kind === 'survey') return surveyStatusFor(deps, member, ref.id);
  const s = await getRoundStatus(deps, { tenantId: member.tenantId, round: ref.id });
  assertResultsVisible(member, s.round);
  return statusMessage({
    round: s.header,
    status: s.round.status,
    tally: s.tally,
    locale: 'fr',
    showMissing: roundAccess(member, s.round).seeWhoIsMissing,
  });
}

/**
 * « statut » of an evaluation: the Caf sees which organisations finished, are in draft or have
 * not started; an invited partner sees the counts and its own grid's state, never the others'.
 */
async function surveyStatusFor(deps: AppDeps, member: RoundFollower, roundId: string) {
  const round = await loadSurveyContext(deps.db, member.tenantId, roundId);
  const access = roundAccess(member, round);
  if (!access.seeWhoIsMissing && !access.invited) {
    throw new DomainError('AVIS_NOT_INVITED', { number: round.number });
  }
  const { responses, ...participation } = await surveyParticipation(deps.db, round);
  const organisations = invitedOrganisationStates(round, responses);
  const own = organisations.find((x) => x.id === member.organisationId)?.state ?? 'not_started';
  return surveyStatusMessage({
    survey: surveyHeader(round),
    status: round.status,
    locale: 'fr',
    participation,
    ...(access.seeWhoIsMissing && round.answerMode === 'organisation' ? { organisations } : {}),
    ...(!access.seeWhoIsMissing ? { own } : {}),
  });
}
