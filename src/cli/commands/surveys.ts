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
import { cliDate, count } from '../../domain/format';
import { ROUND_STATUS_LABELS } from '../../domain/round';
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
      ? 'une réponse par organisation'
      : `une réponse par personne${options.anonymous ? ', anonyme' : ''}`;
  if (opts.lancer) {
    const { created, launched } = await createAndLaunchSurvey(deps, options);
    ctx.out(
      `Évaluation n° ${created.round.number} préparée sur la grille « ${created.grid.title} » : ${mode}, ${count(created.invited, 'fr', 'organisation invitée', 'organisations invitées')}, date limite ${cliDate(created.round.deadline, t.timezone)}.`,
    );
    printLaunched(ctx, launched);
    return;
  }
  const r = await createSurvey(deps, options);
  ctx.out(
    `Évaluation n° ${r.round.number} préparée sur la grille « ${r.grid.title} » : ${mode}, ${count(r.invited, 'fr', 'organisation invitée', 'organisations invitées')}, date limite ${cliDate(r.round.deadline, t.timezone)}.`,
  );
  ctx.out(`Lancez-la avec : concerto round launch ${r.round.number}`);
}

function printLaunched(ctx: CliContext, r: Awaited<ReturnType<typeof launchSurvey>>) {
  ctx.out(
    `Évaluation n° ${r.round.number} ouverte : ${count(r.deliveryIds.length, 'fr', 'invitation', 'invitations')} en file d'envoi, ${count(r.reminderIds.length, 'fr', 'échéance programmée', 'échéances programmées')} (rappels et clôture).`,
  );
  if (r.round.answerMode === 'person' && r.round.eventCode)
    ctx.out(
      `Lien de la journée : ${eventLink(ctx, r.round.eventCode)} ; codes des participants : concerto evaluation codes ${r.round.number} --table "Table 1" --nombre 8`,
    );
  const past = pastRemindersText(r.pastReminders, 'fr', r.round.tenant.timezone, (d) =>
    cliDate(d, r.round.tenant.timezone),
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

const STATE_TEXT = (state: 'finished' | 'draft' | 'not_started', filled: number, total: number) =>
  state === 'finished'
    ? 'terminée'
    : state === 'draft'
      ? `brouillon (${filled} ${filled > 1 ? 'cases' : 'case'} sur ${total})`
      : 'rien';

/** `round status <n>` for a survey: per organisation its state, per person the counts by table. */
export async function printSurveyStatus(ctx: CliContext, n: string) {
  const s = await getSurveyStatus(await ctx.deps(), { tenantId: await ctx.tenantId(), round: n });
  const r = s.round;
  ctx.out(
    `Évaluation n° ${r.number} — ${ROUND_STATUS_LABELS[r.status]} — échéance ${cliDate(r.deadline, r.timezone)}`,
  );
  ctx.out(
    `Grille « ${r.grid.title} » (${r.gridCode}), ${r.answerMode === 'organisation' ? 'une réponse par organisation' : `une réponse par personne${r.anonymous ? ', anonyme' : ''}`}`,
  );
  if (s.organisations) {
    ctx.out(
      `Terminées : ${s.participation.finished} sur ${s.participation.invited} ; commencées : ${s.participation.started}`,
    );
    const width = Math.max(0, ...s.organisations.map((o) => o.code.length));
    for (const o of s.organisations)
      ctx.out(`  ${o.code.padEnd(width)}  ${o.name} : ${STATE_TEXT(o.state, o.filled, s.total)}`);
    return;
  }
  ctx.out(
    `Réponses terminées : ${s.participation.finished} ; commencées : ${s.participation.started}`,
  );
  if (r.eventCode) ctx.out(`Lien de la journée : ${eventLink(ctx, r.eventCode)}`);
  if (s.tables!.length === 0) {
    ctx.out(
      `Aucun code de participant : concerto evaluation codes ${r.number} --table "Table 1" --nombre 8`,
    );
    return;
  }
  for (const t of s.tables!)
    ctx.out(
      `  ${t.table || '(sans table)'} : ${count(t.codes, 'fr', 'code', 'codes')}, ${t.joined} ${t.joined > 1 ? 'utilisés' : 'utilisé'}, ${t.started} en cours, ${t.finished} ${t.finished > 1 ? 'terminées' : 'terminée'}`,
    );
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
  const written = writeExportFiles(out, files);
  ctx.out(`Écrit : ${written.join(', ')}`);
}

const STATE_WORD = { finished: 'terminée', draft: 'en cours', not_started: 'pas commencée' };

export function register(program: Command, ctx: CliContext): void {
  const evaluation = program
    .command('evaluation')
    .description('Évaluations sur une grille remplies une fois par personne (journée, tables)');
  evaluation
    .command('codes <n>')
    .description(
      'Tire des codes de participant pour une table ; chacun ouvre le lien de la journée et tape le sien',
    )
    .requiredOption('--table <nom>', 'la table, par exemple « Table 3 »')
    .requiredOption('--nombre <n>', 'combien de codes')
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
      ctx.out(
        `Évaluation n° ${r.round.number}, ${r.table} : ${count(r.codes.length, 'fr', 'code tiré', 'codes tirés')}.`,
      );
      ctx.out(`Lien de la journée : ${eventLink(ctx, r.round.eventCode)}`);
      for (const c of r.codes) ctx.out(`  ${c}`);
    });
  evaluation
    .command('participants <n>')
    .description('Les participants, table par table, et où en est chacun')
    .action(async (n: string) => {
      const r = await listParticipants(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        round: n,
      });
      ctx.out(
        `Évaluation n° ${r.round.number} : ${count(r.participants.length, 'fr', 'participant', 'participants')} ; lien de la journée : ${eventLink(ctx, r.round.eventCode)}`,
      );
      let table: string | undefined;
      for (const p of r.participants) {
        if (p.table !== table) {
          table = p.table;
          ctx.out(`${table || '(sans table)'}`);
        }
        ctx.out(
          `  ${p.code}  ${STATE_WORD[p.state]}${p.name ? `  ${p.name}` : ''}${p.firstSeenAt ? '' : '  (code pas encore utilisé)'}`,
        );
      }
    });
}
