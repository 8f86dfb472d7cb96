import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../db';

/** Queries on survey rounds: participants, responses and their cells (issue [11]). */

export interface SurveyRespondentKey {
  tenantId: string;
  roundId: string;
  organisationId?: string;
  participantId?: string;
}

/**
 * Takes the round's advisory lock shared, as a vote does (concerto_cast_avis): saves run side by
 * side, and the close (which takes it exclusive) waits for those in flight; the saves after it
 * see the round closed. Returns the round's state as it is under the lock.
 */
export async function surveyRoundUnderSharedLock(tx: Tx, tenantId: string, roundId: string) {
  await tx.$queryRaw`
    SELECT 1 AS locked FROM pg_advisory_xact_lock_shared(hashtext('concerto.round'), hashtext(${roundId}::uuid::text))`;
  return tx.round.findFirst({
    where: { id: roundId, tenantId },
    select: {
      id: true,
      tenantId: true,
      number: true,
      kind: true,
      status: true,
      deadline: true,
      gridSnapshot: true,
      answerMode: true,
      anonymous: true,
    },
  });
}

/** The response of an organisation or a participant, created empty if there is none yet. */
export async function ensureSurveyResponse(tx: Tx, k: SurveyRespondentKey, now: Date) {
  const id = randomUUID();
  const rows = await tx.$queryRaw<{ id: string; finished_at: Date | null }[]>`
    INSERT INTO survey_responses (id, tenant_id, round_id, organisation_id, participant_id, created_at, updated_at)
    VALUES (${id}::uuid, ${k.tenantId}::uuid, ${k.roundId}::uuid, ${k.organisationId ?? null}::uuid,
            ${k.participantId ?? null}::uuid, ${now}, ${now})
    ON CONFLICT DO NOTHING
    RETURNING id, finished_at`;
  if (rows[0]) return rows[0];
  const existing = await tx.surveyResponse.findFirst({
    where: k.organisationId
      ? { roundId: k.roundId, organisationId: k.organisationId }
      : { roundId: k.roundId, participantId: k.participantId ?? '' },
    select: { id: true, finishedAt: true },
  });
  if (!existing) throw new Error('survey response vanished');
  return { id: existing.id, finished_at: existing.finishedAt };
}

export interface SurveyCellWrite {
  level: number;
  question: number;
  text: string;
  rating: number | null;
}

/**
 * Writes the given cells of a response (an empty text and no rating clears the cell) and keeps
 * the history of those that changed, with who saved them. Returns how many cells changed.
 */
export async function writeSurveyCells(
  tx: Tx,
  o: {
    responseId: string;
    cells: SurveyCellWrite[];
    now: Date;
    givenByMemberId: string | null;
    givenByLabel: string | null;
    channel: string;
    finished: boolean | undefined;
  },
): Promise<number> {
  let changed: { level: number; question: number; text: string; rating: number | null }[] = [];
  const keep = o.cells.filter((c) => c.text !== '' || c.rating !== null);
  const clear = o.cells.filter((c) => c.text === '' && c.rating === null);
  if (keep.length > 0) {
    changed = await tx.$queryRaw`
      INSERT INTO survey_cells (response_id, level, question, text, rating, updated_at)
      SELECT ${o.responseId}::uuid, l, q, t, r, ${o.now}
        FROM unnest(${keep.map((c) => c.level)}::int[], ${keep.map((c) => c.question)}::int[],
                    ${keep.map((c) => c.text)}::text[], ${keep.map((c) => c.rating)}::int[]) AS v(l, q, t, r)
      ON CONFLICT (response_id, level, question) DO UPDATE
        SET text = EXCLUDED.text, rating = EXCLUDED.rating, updated_at = EXCLUDED.updated_at
        WHERE survey_cells.text IS DISTINCT FROM EXCLUDED.text
           OR survey_cells.rating IS DISTINCT FROM EXCLUDED.rating
      RETURNING level, question, text, rating`;
  }
  if (clear.length > 0) {
    const gone = await tx.$queryRaw<{ level: number; question: number }[]>`
      DELETE FROM survey_cells
       WHERE response_id = ${o.responseId}::uuid
         AND (level, question) IN (
           SELECT * FROM unnest(${clear.map((c) => c.level)}::int[], ${clear.map((c) => c.question)}::int[]))
      RETURNING level, question`;
    changed = changed.concat(gone.map((g) => ({ ...g, text: '', rating: null })));
  }
  if (changed.length > 0) {
    await tx.surveyCellHistory.createMany({
      data: changed.map((c) => ({
        responseId: o.responseId,
        level: c.level,
        question: c.question,
        text: c.text,
        rating: c.rating,
        givenByMemberId: o.givenByMemberId,
        givenByLabel: o.givenByLabel,
        channel: o.channel,
        savedAt: o.now,
      })),
    });
  }
  const data: Prisma.SurveyResponseUpdateInput = { updatedAt: o.now };
  if (o.finished === true) data.finishedAt = o.now;
  if (o.finished === false) data.finishedAt = null;
  await tx.surveyResponse.update({ where: { id: o.responseId }, data });
  return changed.length;
}

/** A response's cells (or none), by organisation or participant. */
export function surveyResponseOf(tx: Tx, k: SurveyRespondentKey) {
  return tx.surveyResponse.findFirst({
    where: k.organisationId
      ? { roundId: k.roundId, tenantId: k.tenantId, organisationId: k.organisationId }
      : { roundId: k.roundId, tenantId: k.tenantId, participantId: k.participantId ?? '' },
    include: { cells: { orderBy: [{ level: 'asc' }, { question: 'asc' }] } },
  });
}

/** Every response of a round with its cells and who it is from (results, reminders, exports). */
export function surveyResponsesOfRound(tx: Tx, roundId: string) {
  return tx.surveyResponse.findMany({
    where: { roundId },
    include: {
      cells: { orderBy: [{ level: 'asc' }, { question: 'asc' }] },
      organisation: {
        select: { id: true, code: true, name: true, kind: true, communeInsee: true },
      },
      participant: { select: { id: true, code: true, name: true, tableLabel: true } },
      history: { orderBy: { savedAt: 'desc' }, take: 1, select: { givenByLabel: true } },
    },
    orderBy: { createdAt: 'asc' },
  });
}

/** Creates participants with fresh codes for a table; a code taken already is drawn again. */
export async function createSurveyParticipants(
  tx: Tx,
  o: { tenantId: string; roundId: string; tableLabel: string; codes: string[] },
) {
  const rows = await tx.$queryRaw<{ id: string; code: string }[]>`
    INSERT INTO survey_participants (id, tenant_id, round_id, code, table_label)
    SELECT gen_random_uuid(), ${o.tenantId}::uuid, ${o.roundId}::uuid, c, ${o.tableLabel}
      FROM unnest(${o.codes}::text[]) AS c
    ON CONFLICT (round_id, code) DO NOTHING
    RETURNING id, code`;
  return rows;
}

export function surveyParticipantsOfRound(tx: Tx, roundId: string) {
  return tx.surveyParticipant.findMany({
    where: { roundId },
    orderBy: [{ tableLabel: 'asc' }, { createdAt: 'asc' }, { code: 'asc' }],
    include: { response: { select: { finishedAt: true, _count: { select: { cells: true } } } } },
  });
}

export function surveyParticipantByCode(tx: Tx, roundId: string, code: string) {
  return tx.surveyParticipant.findUnique({ where: { roundId_code: { roundId, code } } });
}

export function surveyRoundByEventCode(tx: Tx, eventCode: string) {
  return tx.round.findUnique({
    where: { eventCode },
    include: { tenant: { select: { id: true, code: true, name: true, timezone: true } } },
  });
}

/** Records a participant's name (per-person, not anonymous) and when the code was first used. */
export function touchSurveyParticipant(
  tx: Tx,
  o: { id: string; name?: string | null; now: Date; firstSeen: boolean },
) {
  return tx.surveyParticipant.update({
    where: { id: o.id },
    data: {
      ...(o.name !== undefined ? { name: o.name } : {}),
      ...(o.firstSeen ? { firstSeenAt: o.now } : {}),
    },
  });
}
