import { dbPool, type Db, type Tx } from '../db';

/** Queries on survey rounds: participants, responses and their cells (issue [11]). */

export interface SurveyRespondentKey {
  tenantId: string;
  roundId: string;
  organisationId?: string;
  participantId?: string;
}

export interface SurveyCellWrite {
  level: number;
  question: number;
  text: string;
  rating: number | null;
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

export interface SaveSurveyCall {
  tenantId: string;
  roundId: string;
  organisationId: string | null;
  participantId: string | null;
  cells: SurveyCellWrite[];
  /** true: finished; false: back to a draft; null: as it was. */
  finish: boolean | null;
  givenByMemberId: string | null;
  givenByLabel: string | null;
  channel: string;
  now: Date;
  /**
   * A participant's save from the event's page: its event code, checked in the same statement
   * with the participant (their label is then their name, unless the round is anonymous).
   */
  eventCode: string | null;
}

export type SaveSurveyRow =
  | { refused: 'not_found' }
  | { refused: 'participant' }
  | { refused: 'draft' | 'closed' | 'cancelled' | 'past'; number: number }
  | {
      refused?: undefined;
      number: number;
      changed: number;
      finishedAt: string | null;
      /** [level, question, text, rating] of every cell of the response after the save. */
      cells: [number, number, string, number | null][];
    };

const SAVE_SURVEY_SQL = `SELECT concerto_save_survey($1::uuid, $2::uuid, $3::uuid, $4::uuid,
  $5::int[], $6::int[], $7::text[], $8::int[], $9, $10::uuid, $11, $12, $13, $14) AS r`;

/**
 * Saves cells of a survey's response in one statement (concerto_save_survey, its migration says
 * what it checks and writes), on the pg pool under the client like the vote: the hot path of a
 * journée départementale, 300 phones at once.
 */
export async function saveSurveyRow(db: Db, c: SaveSurveyCall): Promise<SaveSurveyRow> {
  const { rows } = await dbPool(db).query<{ r: SaveSurveyRow }>({
    name: 'concerto_save_survey_2',
    text: SAVE_SURVEY_SQL,
    values: [
      c.tenantId,
      c.roundId,
      c.organisationId,
      c.participantId,
      c.cells.map((x) => x.level),
      c.cells.map((x) => x.question),
      c.cells.map((x) => x.text),
      c.cells.map((x) => x.rating),
      c.finish,
      c.givenByMemberId,
      c.givenByLabel,
      c.channel,
      c.now,
      c.eventCode,
    ],
  });
  return rows[0]!.r;
}

/**
 * What never changes of a survey round once created: its kind, mode, number and grid. Without
 * a tenant only for a round id that a signed session names.
 */
export function surveyRoundDefinition(db: Db | Tx, tenantId: string | null, roundId: string) {
  return db.round.findFirst({
    where: { id: roundId, ...(tenantId === null ? {} : { tenantId }) },
    select: {
      id: true,
      tenantId: true,
      number: true,
      kind: true,
      answerMode: true,
      gridSnapshot: true,
    },
  });
}

/**
 * Who saved each response last (« donné par … »), in one query: the history's latest row per
 * response (DISTINCT ON, on its response_id index).
 */
export async function lastSaversOf(tx: Tx, responseIds: string[]): Promise<Map<string, string>> {
  if (responseIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ response_id: string; label: string | null }[]>`
    SELECT DISTINCT ON (response_id) response_id::text, given_by_label AS label
      FROM survey_cell_history
     WHERE response_id = ANY(${responseIds}::uuid[])
     ORDER BY response_id, saved_at DESC`;
  return new Map(rows.map((r) => [r.response_id, r.label ?? '']));
}

/**
 * A participant of an event from their session (participant, round, event), in one named
 * statement on the pg pool: every save of the day starts with it. Undefined when it is not
 * (any more) that event's participant.
 */
export async function participantOfEvent(
  db: Db,
  o: { participantId: string; roundId: string; eventCode: string },
) {
  const { rows } = await dbPool(db).query<{
    id: string;
    tenant_id: string;
    round_id: string;
    table_label: string;
    name: string | null;
    email: string | null;
    anonymous: boolean;
  }>({
    name: 'concerto_survey_participant',
    text: `SELECT p.id, p.tenant_id, p.round_id, p.table_label, p.name, p.email, r.anonymous
             FROM survey_participants p JOIN rounds r ON r.id = p.round_id
            WHERE p.id = $1::uuid AND p.round_id = $2::uuid AND r.event_code = $3`,
    values: [o.participantId, o.roundId, o.eventCode],
  });
  return rows[0];
}

/** Every response of a round with its number of cells, not their text (participation). */
export function surveyResponseCounts(tx: Tx, roundId: string) {
  return tx.surveyResponse.findMany({
    where: { roundId },
    select: {
      id: true,
      organisationId: true,
      participantId: true,
      finishedAt: true,
      _count: { select: { cells: true } },
    },
  });
}
