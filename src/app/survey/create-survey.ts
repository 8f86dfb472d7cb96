import { DomainError } from '../../domain/errors';
import type { Grid } from '../../domain/grid';
import { assertDeadlineInFuture } from '../../domain/round';
import { DEFAULT_ROUND_SCHEDULE, parseRoundSchedule } from '../../domain/round-schedule';
import { newEventCode, type SurveyAnswerMode } from '../../domain/survey';
import type { Prisma } from '../../generated/prisma/client';
import { findGridByCode } from '../../store/repositories/grids';
import { insertRound, selectInvitedOrganisations, type CreateRoundOptions } from '../create-round';
import type { Actor, AppDeps } from '../deps';
import { launchSurvey } from './launch-survey';

export interface CreateSurveyOptions {
  tenantId: string;
  /** The Caf's grid (concerto grid import): its definition is copied into the round. */
  gridCode: string;
  /** Once per organisation (any partner member, history kept) or once per person (an event). */
  answerMode: SurveyAnswerMode;
  /** Per person only: no name is asked nor stored. */
  anonymous?: boolean;
  /** Invited organisations; required per organisation, optional per person. */
  organisations?: CreateRoundOptions['organisations'];
  deadline: Date;
  reminderSchedule?: string[] | string;
  resultsVisibility?: 'during' | 'after';
  actor: Actor;
}

/** Prepares a survey round (status draft) on one of the Caf's grids; launchSurvey opens it. */
export async function createSurvey(deps: AppDeps, o: CreateSurveyOptions) {
  assertDeadlineInFuture(o.deadline, deps.now());
  const schedule = parseRoundSchedule(o.reminderSchedule ?? [...DEFAULT_ROUND_SCHEDULE]);
  return deps.db.$transaction(async (tx) => {
    const grid = await findGridByCode(tx, o.tenantId, o.gridCode.trim().toLowerCase());
    if (!grid) throw new DomainError('GRID_NOT_FOUND', { code: o.gridCode });
    const orgs =
      o.organisations !== undefined
        ? await selectInvitedOrganisations(tx, o.tenantId, o.organisations)
        : [];
    if (o.answerMode === 'organisation' && orgs.length === 0) {
      throw new DomainError('ROUND_NO_INVITATION', { launch: false, survey: true });
    }
    const anonymous = o.answerMode === 'person' && (o.anonymous ?? false);
    const round = await insertRound(
      tx,
      o,
      { schedule, organisations: orgs },
      {
        kind: 'survey',
        gridId: grid.id,
        gridSnapshot: grid.definition as Prisma.InputJsonValue,
        answerMode: o.answerMode,
        anonymous,
        eventCode: o.answerMode === 'person' ? newEventCode() : null,
      },
      { grid: grid.code, answerMode: o.answerMode, anonymous },
    );
    return { round, grid: grid.definition as unknown as Grid, invited: orgs.length };
  });
}

/** Prepares then opens a survey (two transactions, as for a consultation). */
export async function createAndLaunchSurvey(deps: AppDeps, o: CreateSurveyOptions) {
  const created = await createSurvey(deps, o);
  const launched = await launchSurvey(deps, {
    tenantId: o.tenantId,
    roundId: created.round.id,
    actor: o.actor,
  });
  return { created, launched };
}
