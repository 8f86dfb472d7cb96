import { DomainError } from '../../domain/errors';
import type { Grid } from '../../domain/grid';
import { gridCells } from '../../domain/grid';
import type { SurveyHeader } from '../../domain/survey-messages';
import type { Tx } from '../../store/db';
import { lockRound } from '../../store/repositories/rounds';

/** A survey round with what its use cases need: tenant, invitations, grid (its snapshot). */
export async function loadSurveyContext(tx: Tx, tenantId: string, roundId: string) {
  const round = await tx.round.findFirst({
    where: { id: roundId, tenantId },
    include: {
      invitations: { include: { organisation: true } },
      tenant: true,
      grid: { select: { code: true } },
    },
  });
  if (!round) throw new DomainError('ROUND_NOT_FOUND');
  return surveyOf(round);
}

/** A round known to be a survey, its grid read from the snapshot; a consultation is refused. */
export function surveyOf<
  R extends {
    kind: string;
    number: number;
    gridSnapshot: unknown;
    answerMode: 'organisation' | 'person' | null;
  },
>(round: R): R & { grid_: Grid; answerMode: 'organisation' | 'person' } {
  if (round.kind !== 'survey' || !round.gridSnapshot || !round.answerMode) {
    throw new DomainError('ROUND_IS_CONSULTATION', { number: round.number });
  }
  return { ...round, grid_: round.gridSnapshot as Grid } as never;
}

export type SurveyContext = Awaited<ReturnType<typeof loadSurveyContext>>;

/** Locks the round (as the consultation's state changes do), then loads it as a survey. */
export async function lockSurveyContext(tx: Tx, tenantId: string, roundId: string) {
  if (!(await lockRound(tx, tenantId, roundId))) throw new DomainError('ROUND_NOT_FOUND');
  return loadSurveyContext(tx, tenantId, roundId);
}

export function surveyHeader(round: {
  id: string;
  number: number;
  deadline: Date;
  tenant: { timezone: string };
  grid_: Grid;
  answerMode: 'organisation' | 'person';
}): SurveyHeader {
  return {
    id: round.id,
    number: round.number,
    deadline: round.deadline,
    timezone: round.tenant.timezone,
    gridTitle: round.grid_.title,
    gridDescription: round.grid_.description,
    levels: round.grid_.levels.length,
    questions: round.grid_.questions.length,
    answerMode: round.answerMode,
  };
}

/** The number of cells of the survey's grid. */
export function surveyCellCount(round: { grid_: Grid }): number {
  return gridCells(round.grid_).length;
}

/** The kind of a round, to send a use case shared by both kinds down the right path. */
export async function roundKindOf(
  tx: Tx,
  tenantId: string,
  roundId: string,
): Promise<'consultation' | 'survey'> {
  const r = await tx.round.findFirst({ where: { id: roundId, tenantId }, select: { kind: true } });
  if (!r) throw new DomainError('ROUND_NOT_FOUND');
  return r.kind;
}

/**
 * The kind of a round by id alone (undefined when there is none), for routing a personal link
 * to the ballot or to the grid: a round's kind never changes, so the answers are kept (the
 * ballot's hot path asks it for every submission).
 */
const KINDS = new Map<string, 'consultation' | 'survey'>();
export async function cachedRoundKind(
  tx: Tx,
  roundId: string,
): Promise<'consultation' | 'survey' | undefined> {
  const known = KINDS.get(roundId);
  if (known) return known;
  const r = await tx.round.findUnique({ where: { id: roundId }, select: { kind: true } });
  if (!r) return undefined;
  KINDS.set(roundId, r.kind);
  if (KINDS.size > 4096) KINDS.delete(KINDS.keys().next().value!);
  return r.kind;
}
