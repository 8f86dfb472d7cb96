import { organisationsByKind } from '../domain/organisation';
import { formatDeadline } from '../domain/round-schedule';
import type { AvisChannel, AvisChoice, RoundStatus } from '../domain/types';
import { getSurveyStatus } from './survey/survey-status';
import { listGrids } from './list-grids';
import type { AppDeps } from './deps';
import { agrementEvaluations } from './agrement-evaluation';
import { agrementsEndingWithin, AGREMENT_HORIZON_MONTHS } from './list-agrements-ending';
import { findRound, loadRoundContext } from './lookup';
import { roundTally } from './round-view';

/**
 * What the pilots' console shows (src/http/console.ts renders it): every read is scoped to the
 * pilot's Caf (tenantId comes from the session, never from the request).
 */

/** The Caf's rounds, newest first, with their participation. */
export async function consoleRounds(deps: AppDeps, tenantId: string) {
  const rounds = await deps.db.round.findMany({
    where: { tenantId },
    orderBy: { number: 'desc' },
    select: { id: true, kind: true },
  });
  return Promise.all(
    rounds.map(async (r): Promise<ConsoleRoundRow> => {
      if (r.kind === 'survey') {
        const s = await getSurveyStatus(deps, { tenantId, round: r.id });
        return {
          kind: 'survey',
          id: s.round.id,
          number: s.round.number,
          status: s.round.status,
          gridTitle: s.round.grid.title,
          answerMode: s.round.answerMode,
          anonymous: s.round.anonymous,
          deadline: formatDeadline(s.round.deadline, 'fr', s.round.timezone),
          participation: s.participation,
        };
      }
      const round = await loadRoundContext(deps.db, tenantId, r.id);
      const tally = await roundTally(deps.db, round);
      return {
        kind: 'consultation',
        id: round.id,
        number: round.number,
        status: round.status,
        draftTitle: round.draftVersion.title,
        version: round.draftVersion.version,
        deadline: formatDeadline(round.deadline, 'fr', round.tenant.timezone),
        invited: tally.invited,
        complete: tally.complete,
      };
    }),
  );
}

/** One row of the console's list: a consultation on a draft, or an evaluation on a grid. */
export type ConsoleRoundRow =
  | {
      kind: 'consultation';
      id: string;
      number: number;
      status: RoundStatus;
      draftTitle: string;
      version: number;
      deadline: string;
      invited: number;
      complete: number;
    }
  | {
      kind: 'survey';
      id: string;
      number: number;
      status: RoundStatus;
      gridTitle: string;
      answerMode: 'organisation' | 'person';
      anonymous: boolean;
      deadline: string;
      participation: { invited: number | null; started: number; finished: number };
    };

export interface MatrixCell {
  choice: AvisChoice;
  comment: string | null;
  /** Who gave it: a member's name, « Mme X (adresse) pour … », « pilote pour … (courrier …) ». */
  by: string;
  channel: AvisChannel;
  castAt: Date;
}

/** One round of the Caf (by number or id) with its organisations × enjeux matrix. */
export async function consoleRound(deps: AppDeps, tenantId: string, ref: string) {
  const found = await findRound(deps.db, tenantId, ref);
  const round = await loadRoundContext(deps.db, tenantId, found.id);
  const tally = await roundTally(deps.db, round);
  const avis = await deps.db.avis.findMany({
    where: { roundId: round.id, tenantId },
    include: { castBy: true },
  });
  const cells = new Map<string, MatrixCell>();
  for (const a of avis)
    cells.set(`${a.organisationId}|${a.enjeuId}`, {
      choice: a.choice,
      comment: a.comment,
      by: a.castByLabel ?? a.castBy?.displayName ?? '',
      channel: a.channel,
      castAt: a.castAt,
    });
  const organisations = round.invitations
    .map((i) => i.organisation)
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  return {
    round,
    tally,
    organisations,
    enjeux: round.draftVersion.enjeux,
    cell: (organisationId: string, enjeuId: string) => cells.get(`${organisationId}|${enjeuId}`),
    deadline: formatDeadline(round.deadline, 'fr', round.tenant.timezone),
  };
}
export type ConsoleRound = Awaited<ReturnType<typeof consoleRound>>;

/** What the launch form offers: the Caf's draft versions and organisations by kind. */
export async function consoleLaunchChoices(deps: AppDeps, tenantId: string) {
  const [versions, organisations] = await Promise.all([
    deps.db.draftVersion.findMany({
      where: { tenantId },
      include: { schema: true, _count: { select: { enjeux: true } } },
      orderBy: [{ createdAt: 'desc' }],
    }),
    deps.db.organisation.findMany({
      where: { tenantId, kind: { not: 'caf' } },
      orderBy: { name: 'asc' },
    }),
  ]);
  const grids = await listGrids(deps, { tenantId });
  return {
    grids: grids.map(({ grid: g }) => ({
      code: g.code,
      label: `${g.title} (${g.code}, ${g.levels.length} niveaux × ${g.questions.length} questions)`,
    })),
    versions: versions.map((v) => ({
      id: v.id,
      label: `${v.title} — version ${v.version} (${v.schema.period}, ${v._count.enjeux} enjeux)`,
    })),
    kinds: organisationsByKind(organisations, 'fr'),
  };
}

/** The organisations' codes of some kinds, for a launch form that mixes kinds and names. */
export async function organisationCodesOfKinds(deps: AppDeps, tenantId: string, kinds: string[]) {
  if (kinds.length === 0) return [];
  const rows = await deps.db.organisation.findMany({
    where: { tenantId, kind: { in: kinds as never[] } },
    select: { code: true },
  });
  return rows.map((r) => r.code);
}

/** The agréments ending soon (the pilots' « agrements » list). */
export async function consoleAgrements(deps: AppDeps, tenant: { id: string; timezone: string }) {
  const rows = await agrementsEndingWithin(deps.db, {
    tenantId: tenant.id,
    timezone: tenant.timezone,
    now: deps.now(),
  });
  const evaluations = await agrementEvaluations(deps.db, tenant.id, rows);
  return { rows, evaluations, months: AGREMENT_HORIZON_MONTHS };
}
