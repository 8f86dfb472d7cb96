import type { Command } from 'commander';
import { CLI_ACTOR } from '../../app/deps';
import { tenantById } from '../../app/lookup';
import { createAndLaunchSurvey, createSurvey } from '../../app/survey/create-survey';
import { launchSurvey } from '../../app/survey/launch-survey';
import { createParticipantCodes, listParticipants } from '../../app/survey/participants';
import { exportSurvey } from '../../app/survey/survey-report';
import { getSurveyStatus } from '../../app/survey/survey-status';
import type { ExportFormat } from '../../app/export-round';
import { publicUrl } from '../../config';
import { DomainError } from '../../domain/errors';
import { cliWords } from '../../domain/cli-words';
import { pastRemindersText } from '../../domain/round-messages';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../domain/types';
import type { CliContext } from '../context';
import { writeExportFiles } from '../output';
import { parseDeadline, parseWholeNumber } from '../parse-args';
import { MAX_PARTICIPANT_CODES } from '../../domain/survey';

/**
 * Survey rounds (issue [11]) from the command line: `round create --grid` and the survey's side
 * of `round launch|status|export` (core.ts and exports.ts send a survey here), and `evaluation
 * codes|participants` for a survey answered per person.
 */

export interface SurveyCreateOptions {
  grid: string;
  per?: string;
  anonyme?: boolean;
  orgs?: string;
  kinds?: string;
  deadline: string;
  rappels: string;
  resultats: string;
  lancer?: boolean;
}

/** « organisation » / « personne » (or their English names) → the answer mode. */
function answerModeOf(per: string | undefined): 'organisation' | 'person' {
  const p = per?.trim().toLowerCase();
  if (p === 'organisation' || p === 'organization') return 'organisation';
  if (p === 'personne' || p === 'person') return 'person';
  throw new DomainError('SURVEY_PER_REQUIRED');
}

/** `round create --grid <code> --per organisation|personne [--anonyme] [--orgs …] [--lancer]`. */
export async function createSurveyFromCli(ctx: CliContext, opts: SurveyCreateOptions) {
  const w = cliWords(ctx.locale);
  const answerMode = answerModeOf(opts.per);
  if (opts.anonyme && answerMode === 'organisation')
    throw new DomainError('SURVEY_ANONYMOUS_PER_ORGANISATION');
  const orgs = opts.orgs ?? (answerMode === 'organisation' ? 'all' : undefined);
  if (opts.kinds !== undefined && orgs !== 'all') throw new DomainError('ROUND_KINDS_WITH_CODES');
  const kinds = opts.kinds?.split(',').map((k) => k.trim());
  const badKind = kinds?.find((k) => !(ORGANISATION_KINDS as readonly string[]).includes(k));
  if (badKind) throw new DomainError('KIND_INVALID', { kind: badKind });
  const deps = await ctx.deps();
  const tenantId = await ctx.tenantId();
  const t = await tenantById(deps.db, tenantId);
  const options = {
    tenantId,
    gridCode: opts.grid,
    answerMode,
    anonymous: !!opts.anonyme,
    ...(orgs !== undefined
      ? {
          organisations:
            orgs === 'all'
              ? { all: true as const, ...(kinds ? { kinds: kinds as OrganisationKind[] } : {}) }
              : { codes: orgs.split(',').map((c) => c.trim()) },
        }
      : {}),
    deadline: parseDeadline(opts.deadline, t.timezone, deps.now()),
    reminderSchedule: opts.rappels,
    resultsVisibility: opts.resultats === 'pendant' ? ('during' as const) : ('after' as const),
    actor: CLI_ACTOR,
  };
  const mode =
    answerMode === 'organisation'
      ? w.evaluation.perOrganisation
      : w.evaluation.perPerson(options.anonymous);
  const prepared = (c: Awaited<ReturnType<typeof createSurvey>>) =>
    w.evaluation.created({
      number: c.round.number,
      grid: c.grid.title,
      mode,
      invited: c.invited,
      deadline: w.date(c.round.deadline, t.timezone),
    });
  if (opts.lancer) {
    const { created, launched } = await createAndLaunchSurvey(deps, options);
    ctx.out(prepared(created));
    printLaunched(ctx, launched);
    return;
  }
  const r = await createSurvey(deps, options);
  ctx.out(prepared(r));
  ctx.out(w.round.launchIt(r.round.number));
}

function printLaunched(ctx: CliContext, r: Awaited<ReturnType<typeof launchSurvey>>) {
  const w = cliWords(ctx.locale);
  ctx.out(w.round.launched(true, r.round.number, r.deliveryIds.length, r.reminderIds.length));
  if (r.round.answerMode === 'person' && r.round.eventCode)
    ctx.out(w.evaluation.eventLinkAndCodes(eventLink(ctx, r.round.eventCode), r.round.number));
  const past = pastRemindersText(r.pastReminders, w.locale, r.round.tenant.timezone, (d) =>
    w.date(d, r.round.tenant.timezone),
  );
  if (past) ctx.out(past);
}

const eventLink = (ctx: CliContext, eventCode: string) =>
  `${publicUrl(ctx.config)}/grille/${eventCode}`;

/** `round launch <n>` for a survey. */
export async function launchSurveyFromCli(ctx: CliContext, roundId: string) {
  const deps = await ctx.deps();
  const r = await launchSurvey(deps, {
    tenantId: await ctx.tenantId(),
    roundId,
    actor: CLI_ACTOR,
  });
  printLaunched(ctx, r);
}

/** `round status <n>` for a survey: per organisation its state, per person the counts by table. */
export async function printSurveyStatus(ctx: CliContext, n: string) {
  const w = cliWords(ctx.locale);
  const s = await getSurveyStatus(await ctx.deps(), { tenantId: await ctx.tenantId(), round: n });
  const r = s.round;
  ctx.out(
    w.round.statusHeading(true, r.number, w.roundStatus[r.status], w.date(r.deadline, r.timezone)),
  );
  ctx.out(
    w.evaluation.gridHeading(
      r.grid.title,
      r.gridCode,
      r.answerMode === 'organisation'
        ? w.evaluation.perOrganisation
        : w.evaluation.perPerson(r.anonymous),
    ),
  );
  if (s.organisations) {
    ctx.out(
      w.evaluation.organisationsFinished(
        s.participation.finished,
        s.participation.invited,
        s.participation.started,
      ),
    );
    const width = Math.max(0, ...s.organisations.map((o) => o.code.length));
    for (const o of s.organisations)
      ctx.out(
        w.evaluation.organisationLine(
          o.code.padEnd(width),
          o.name,
          w.evaluation.state(o.state, o.filled, s.total),
        ),
      );
    return;
  }
  ctx.out(w.evaluation.answersFinished(s.participation.finished, s.participation.started));
  if (r.eventCode) ctx.out(w.evaluation.eventLink(eventLink(ctx, r.eventCode)));
  if (s.tables!.length === 0) {
    ctx.out(w.evaluation.noCodes(r.number));
    return;
  }
  for (const t of s.tables!)
    ctx.out(w.evaluation.tableLine({ ...t, table: t.table || w.evaluation.noTable }));
}

/** `round export <n>` for a survey: evaluation-<n>.<format> in `out`. */
export async function exportSurveyFromCli(
  ctx: CliContext,
  n: string,
  formats: ExportFormat[],
  out: string,
) {
  const { files } = await exportSurvey(await ctx.deps(), {
    tenantId: await ctx.tenantId(),
    round: n,
    formats,
  });
  const written = writeExportFiles(out, files, ctx.locale);
  ctx.out(cliWords(ctx.locale).written(written));
}

export function register(program: Command, ctx: CliContext): void {
  const w = cliWords(ctx.locale);
  const evaluation = program.command('evaluation').description(w.evaluation.description);
  evaluation
    .command('codes <n>')
    .description(w.evaluation.codes)
    .requiredOption(w.evaluation.tableFlags, w.evaluation.table)
    .requiredOption(w.evaluation.countFlags, w.evaluation.count)
    .action(async (n: string, opts: { table: string; nombre: string }) => {
      const nombre = parseWholeNumber('--nombre', opts.nombre, {
        min: 1,
        max: MAX_PARTICIPANT_CODES,
      });
      const r = await createParticipantCodes(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        round: n,
        table: opts.table,
        count: nombre,
        actor: CLI_ACTOR,
      });
      ctx.out(w.evaluation.codesDrawn(r.round.number, r.table, r.codes.length));
      ctx.out(w.evaluation.eventLink(eventLink(ctx, r.round.eventCode)));
      for (const c of r.codes) ctx.out(`  ${c}`);
    });
  evaluation
    .command('participants <n>')
    .description(w.evaluation.participants)
    .action(async (n: string) => {
      const r = await listParticipants(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        round: n,
      });
      ctx.out(
        w.evaluation.participantsHeading(
          r.round.number,
          r.participants.length,
          eventLink(ctx, r.round.eventCode),
        ),
      );
      let table: string | undefined;
      for (const p of r.participants) {
        if (p.table !== table) {
          table = p.table;
          ctx.out(`${table || w.evaluation.noTable}`);
        }
        ctx.out(
          `  ${p.code}  ${w.evaluation.participantState[p.state]}${p.name ? `  ${p.name}` : ''}${p.firstSeenAt ? '' : w.evaluation.codeUnused}`,
        );
      }
    });
}
