import {
  AGREMENT_EVALUATION_STEP,
  agrementEvaluationDeadline,
  parseAgrementOffsets,
  type AgrementStep,
} from '../domain/agrement-calendar';
import {
  agrementEvaluationUnreachableMessage,
  type AgrementEvaluationAnswer,
  type AgrementSummary,
} from '../domain/agrement-messages';
import { DomainError, isDomainError } from '../domain/errors';
import { gridCells, type Grid } from '../domain/grid';
import { surveyAnswerState } from '../domain/survey';
import type { Db, Tx } from '../store/db';
import { filledCellCounts, withSavepoint } from '../store/repositories/agrement-evaluations';
import { findGridByCode } from '../store/repositories/grids';
import { audit } from './audit';
import { createDeliveries, pilotDestinations, type NewDelivery } from './deliveries';
import type { Actor, AppDeps, Outbox } from './deps';
import { createAndLaunchSurvey } from './survey/create-survey';

/**
 * « From evaluation to renewal » (issue [11]): the Caf attaches one of its grids to the agrément
 * calendar; at the evaluation step (8 months before the end) the structure receives a survey
 * round on it, linked to its agrément, and the pilots see its answers next to the agrément.
 */

/** `concerto agrement grille <code>` / `--aucune`: the grid sent at the evaluation step. */
export async function attachAgrementGrid(
  deps: AppDeps,
  o: { tenantId: string; gridCode: string | null; actor: Actor },
) {
  return deps.db.$transaction(async (tx) => {
    const tenant = await tx.tenant.findUniqueOrThrow({
      where: { id: o.tenantId },
      select: { agrementGrid: { select: { id: true, code: true, title: true } } },
    });
    const previous = tenant.agrementGrid;
    let grid: { id: string; code: string; title: string } | null = null;
    if (o.gridCode !== null) {
      const found = await findGridByCode(tx, o.tenantId, o.gridCode.trim().toLowerCase());
      if (!found) throw new DomainError('GRID_NOT_FOUND', { code: o.gridCode });
      grid = { id: found.id, code: found.code, title: found.title };
    }
    await tx.tenant.update({
      where: { id: o.tenantId },
      data: { agrementGridId: grid?.id ?? null },
    });
    await audit(tx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: grid ? 'agrement.grid_attached' : 'agrement.grid_detached',
      subjectType: 'tenant',
      subjectId: o.tenantId,
      data: { grid: grid?.code ?? null, previous: previous?.code ?? null },
    });
    return {
      grid: grid && { code: grid.code, title: grid.title },
      previous: previous && { code: previous.code, title: previous.title },
    };
  });
}

/** The grid attached to the agrément calendar, if any. */
export async function agrementGridOf(deps: AppDeps, tenantId: string) {
  const t = await deps.db.tenant.findUniqueOrThrow({
    where: { id: tenantId },
    select: { agrementGrid: { select: { code: true, title: true } } },
  });
  return t.agrementGrid;
}

/** The outbox calls of use cases run inside another transaction, made after it commits. */
class DeferredOutbox implements Outbox {
  deliveryIds: string[] = [];
  reminderIds: string[] = [];
  async deliveriesCreated(ids: string[]) {
    this.deliveryIds.push(...ids);
  }
  async remindersPlanned(ids: string[]) {
    this.reminderIds.push(...ids);
  }
  async remindersCancelled() {
    // Nothing a new survey cancels.
  }
}

/**
 * `deps` whose use cases run inside the open transaction `tx` (their `$transaction` is `tx`
 * itself) and whose outbox calls wait for that transaction to commit.
 */
function depsInside(deps: AppDeps, tx: Tx, outbox: DeferredOutbox): AppDeps {
  const db = new Proxy(tx, {
    get(target, prop, receiver) {
      if (prop === '$transaction') return (fn: (t: Tx) => Promise<unknown>) => fn(tx);
      return Reflect.get(target, prop, receiver) as unknown;
    },
  }) as unknown as Db;
  return { ...deps, db, outbox };
}

export type AgrementEvaluationOutcome =
  | { outcome: 'no_grid' | 'not_this_step' }
  | { outcome: 'already_sent'; roundNumber: number }
  | { outcome: 'launched'; roundNumber: number; invitations: number }
  | { outcome: 'unreachable'; pilotNotices: number }
  | { outcome: 'refused'; code: string };

export interface AgrementEvaluationRun {
  result: AgrementEvaluationOutcome;
  /** For the outbox, once the caller's transaction has committed. */
  deliveryIds: string[];
  reminderIds: string[];
}

/**
 * At the evaluation step, inside the agrément reminder's transaction: when the Caf attached a
 * grid and the structure has a channel, creates and opens a survey round on that grid for that
 * one structure, and links it to the agrément — the round, its invitations, its reminders, the
 * link and the reminder's own messages commit together, so a worker killed at any point leaves
 * either all or nothing, and the link makes a second run find the round instead of creating
 * another. Two runs at once queue on the planned reminder's row lock (takeDueReminder); without
 * one, the link's unique (agrément, step) index refuses the second, whose transaction rolls back. Without a
 * channel, the pilots are told instead. A rule refusing the round (a DomainError) undoes only
 * the evaluation: the reminder still goes out.
 */
export async function startAgrementEvaluation(
  tx: Tx,
  deps: AppDeps,
  o: {
    tenantId: string;
    step: AgrementStep;
    agrement: { id: string; organisationId: string; endDate: string; summary: AgrementSummary };
    /** The structure's destinations (the reminder found them). */
    structureDestinations: number;
    now: Date;
    actor: Actor;
  },
): Promise<AgrementEvaluationRun> {
  const none = (result: AgrementEvaluationOutcome): AgrementEvaluationRun => ({
    result,
    deliveryIds: [],
    reminderIds: [],
  });
  if (o.step !== AGREMENT_EVALUATION_STEP) return none({ outcome: 'not_this_step' });
  const tenant = await tx.tenant.findUniqueOrThrow({
    where: { id: o.tenantId },
    select: {
      timezone: true,
      settings: true,
      agrementGrid: { select: { code: true, title: true } },
    },
  });
  const grid = tenant.agrementGrid;
  if (!grid) return none({ outcome: 'no_grid' });
  const existing = await tx.agrementEvaluation.findUnique({
    where: { agrementId_step: { agrementId: o.agrement.id, step: o.step } },
    select: { round: { select: { number: true } } },
  });
  if (existing) return none({ outcome: 'already_sent', roundNumber: existing.round.number });
  if (o.structureDestinations === 0) {
    const payload = agrementEvaluationUnreachableMessage({
      agrement: o.agrement.summary,
      gridTitle: grid.title,
      locale: 'fr',
    });
    const items: NewDelivery[] = (await pilotDestinations(tx, o.tenantId)).map((d) => ({
      destinationId: d.id,
      dedupeKey: `agrement:${o.agrement.id}:${o.step}:unreachable:${d.id}`,
      kind: payload.kind,
      payload,
    }));
    const deliveryIds = await createDeliveries(tx, o.tenantId, items);
    return {
      result: { outcome: 'unreachable', pilotNotices: deliveryIds.length },
      deliveryIds,
      reminderIds: [],
    };
  }
  const organisation = await tx.organisation.findUniqueOrThrow({
    where: { id: o.agrement.organisationId },
    select: { code: true },
  });
  const deadline = agrementEvaluationDeadline({
    endDate: o.agrement.endDate,
    offsets: parseAgrementOffsets(tenant.settings),
    now: o.now,
    timezone: tenant.timezone,
  });
  const outbox = new DeferredOutbox();
  try {
    const { created, launched } = await withSavepoint(tx, async () => {
      const r = await createAndLaunchSurvey(depsInside(deps, tx, outbox), {
        tenantId: o.tenantId,
        gridCode: grid.code,
        answerMode: 'organisation',
        organisations: { codes: [organisation.code] },
        deadline,
        actor: o.actor,
      });
      await tx.agrementEvaluation.create({
        data: {
          tenantId: o.tenantId,
          agrementId: o.agrement.id,
          step: o.step,
          roundId: r.created.round.id,
        },
      });
      return r;
    });
    return {
      result: {
        outcome: 'launched',
        roundNumber: created.round.number,
        invitations: launched.deliveryIds.length,
      },
      deliveryIds: outbox.deliveryIds,
      reminderIds: outbox.reminderIds,
    };
  } catch (err) {
    if (!isDomainError(err)) throw err;
    deps.log.warn(
      { agrementId: o.agrement.id, code: err.code },
      'agrément evaluation refused, reminder sent without it',
    );
    return none({ outcome: 'refused', code: err.code });
  }
}

export interface AgrementEvaluationView {
  roundNumber: number;
  roundStatus: string;
  answer: AgrementEvaluationAnswer;
}

/** The evaluation linked to each agrément (the latest step's), with where its answer stands. */
export async function agrementEvaluations(
  tx: Tx,
  tenantId: string,
  agrements: { id: string; organisationId: string }[],
): Promise<Map<string, AgrementEvaluationView>> {
  const out = new Map<string, AgrementEvaluationView>();
  if (agrements.length === 0) return out;
  const links = await tx.agrementEvaluation.findMany({
    where: { tenantId, agrementId: { in: agrements.map((a) => a.id) } },
    orderBy: { createdAt: 'asc' },
    select: {
      agrementId: true,
      round: { select: { id: true, number: true, status: true, gridSnapshot: true } },
    },
  });
  const orgOf = new Map(agrements.map((a) => [a.id, a.organisationId]));
  const counts = await filledCellCounts(
    tx,
    links.map((l) => ({ roundId: l.round.id, organisationId: orgOf.get(l.agrementId)! })),
  );
  for (const l of links) {
    const c = counts.get(l.round.id);
    const total = gridCells(l.round.gridSnapshot as unknown as Grid).length;
    const state = surveyAnswerState({ filled: c?.filled ?? 0, finishedAt: c?.finishedAt ?? null });
    const answer: AgrementEvaluationAnswer =
      state === 'draft' ? { state, filled: c!.filled, total } : { state };
    out.set(l.agrementId, { roundNumber: l.round.number, roundStatus: l.round.status, answer });
  }
  return out;
}

/**
 * One agrément for `concerto agrement show`: by id, or by its structure's code (the structure's
 * latest agrément).
 */
export async function showAgrement(deps: AppDeps, o: { tenantId: string; ref: string }) {
  const ref = o.ref.trim();
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
  const agrement = await deps.db.agrement.findFirst({
    where: isUuid
      ? { tenantId: o.tenantId, id: ref }
      : { tenantId: o.tenantId, organisation: { code: ref } },
    orderBy: { startDate: 'desc' },
    include: {
      organisation: true,
      reminders: { where: { status: 'planned' }, orderBy: { dueAt: 'asc' }, take: 1 },
    },
  });
  if (!agrement) throw new DomainError('AGREMENT_NOT_FOUND', { id: ref });
  const evaluation =
    (await agrementEvaluations(deps.db, o.tenantId, [agrement])).get(agrement.id) ?? null;
  return { agrement, evaluation };
}
