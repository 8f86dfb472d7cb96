import { DomainError } from '../../domain/errors';
import {
  MAX_PARTICIPANT_CODES,
  MAX_PARTICIPANT_NAME,
  MAX_TABLE_LABEL,
  newParticipantCode,
  normaliseParticipantCode,
  printedParticipantCode,
  surveyAnswerState,
} from '../../domain/survey';
import {
  createSurveyParticipants,
  surveyParticipantByCode,
  surveyParticipantsOfRound,
  surveyRoundByEventCode,
  touchSurveyParticipant,
} from '../../store/repositories/surveys';
import { audit } from '../audit';
import type { Actor, AppDeps } from '../deps';
import { findRound } from '../lookup';
import { surveyOf } from './survey-context';

/**
 * Participants of a survey answered per person (a journée départementale): the pilot prints a
 * code per participant, table by table; a participant opens the event's public link (or its QR
 * code) and types their code, which is their answer's key until the deadline.
 */

/** Draws `count` new codes for a table of a per-person survey; returns them, printable. */
export async function createParticipantCodes(
  deps: AppDeps,
  o: { tenantId: string; round: string; table: string; count: number; actor: Actor },
) {
  if (!Number.isInteger(o.count) || o.count < 1 || o.count > MAX_PARTICIPANT_CODES) {
    throw new DomainError('SURVEY_PARTICIPANTS_COUNT', {
      count: o.count,
      max: MAX_PARTICIPANT_CODES,
    });
  }
  const table = o.table.trim().slice(0, MAX_TABLE_LABEL);
  return deps.db.$transaction(async (tx) => {
    const round = surveyOf(await findRound(tx, o.tenantId, o.round));
    if (round.answerMode !== 'person')
      throw new DomainError('SURVEY_NOT_PER_PERSON', { number: round.number });
    if (round.status === 'closed' || round.status === 'cancelled')
      throw new DomainError('SURVEY_NOT_OPEN', { number: round.number, status: round.status });
    const created: { id: string; code: string }[] = [];
    // A code already drawn for this round is drawn again (ON CONFLICT DO NOTHING skips it).
    for (let attempt = 0; created.length < o.count && attempt < 5; attempt++) {
      const codes = Array.from({ length: o.count - created.length }, newParticipantCode);
      created.push(
        ...(await createSurveyParticipants(tx, {
          tenantId: o.tenantId,
          roundId: round.id,
          tableLabel: table,
          codes,
        })),
      );
    }
    await audit(tx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: 'survey.codes_created',
      subjectType: 'round',
      subjectId: round.id,
      data: { table, count: created.length },
    });
    return {
      round: { id: round.id, number: round.number, eventCode: round.eventCode ?? '' },
      table,
      codes: created.map((c) => printedParticipantCode(c.code)),
    };
  });
}

/** A per-person survey's participants, table by table, with where each stands. */
export async function listParticipants(deps: AppDeps, o: { tenantId: string; round: string }) {
  const round = surveyOf(await findRound(deps.db, o.tenantId, o.round));
  if (round.answerMode !== 'person')
    throw new DomainError('SURVEY_NOT_PER_PERSON', { number: round.number });
  const rows = await surveyParticipantsOfRound(deps.db, round.id);
  return {
    round: { id: round.id, number: round.number, eventCode: round.eventCode ?? '' },
    participants: rows.map((p) => ({
      code: printedParticipantCode(p.code),
      table: p.tableLabel,
      name: p.name,
      firstSeenAt: p.firstSeenAt,
      state: surveyAnswerState({
        filled: p.response?._count.cells ?? 0,
        finishedAt: p.response?.finishedAt ?? null,
      }),
    })),
  };
}

/** The survey behind an event's public link; SURVEY_EVENT_NOT_FOUND when there is none. */
export async function findSurveyEvent(deps: Pick<AppDeps, 'db'>, eventCode: string) {
  const row = /^[a-z0-9]{12}$/.test(eventCode)
    ? await surveyRoundByEventCode(deps.db, eventCode)
    : null;
  if (!row || row.kind !== 'survey') throw new DomainError('SURVEY_EVENT_NOT_FOUND');
  const round = surveyOf(row);
  return {
    id: round.id,
    tenantId: round.tenantId,
    tenant: round.tenant,
    number: round.number,
    status: round.status,
    deadline: round.deadline,
    anonymous: round.anonymous,
    grid: round.grid_,
  };
}

/**
 * A participant from the code they typed on the event's page: SURVEY_CODE_UNKNOWN otherwise (the
 * channel throttles guesses). Their name is recorded when the round is not anonymous and they
 * give one; an anonymous round never stores it.
 */
export async function joinSurvey(
  deps: Pick<AppDeps, 'db' | 'now'>,
  o: { eventCode: string; code: string; name?: string },
) {
  const event = await findSurveyEvent(deps, o.eventCode);
  const code = normaliseParticipantCode(o.code);
  const participant = code ? await surveyParticipantByCode(deps.db, event.id, code) : null;
  if (!participant) throw new DomainError('SURVEY_CODE_UNKNOWN');
  const name = o.name?.trim();
  if (name && name.length > MAX_PARTICIPANT_NAME)
    throw new DomainError('SURVEY_NAME_TOO_LONG', { max: MAX_PARTICIPANT_NAME });
  const updated = await touchSurveyParticipant(deps.db, {
    id: participant.id,
    ...(!event.anonymous && name ? { name } : {}),
    now: deps.now(),
    firstSeen: participant.firstSeenAt === null,
  });
  return {
    event,
    participant: {
      id: updated.id,
      code: printedParticipantCode(updated.code),
      table: updated.tableLabel,
      name: event.anonymous ? null : updated.name,
    },
  };
}
