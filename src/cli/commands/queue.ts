import { cliDate, count, plural } from '../../domain/format';
import type { Command } from 'commander';
import { CLI_ACTOR } from '../../app/deps';
import { findRound, tenantById } from '../../app/lookup';
import { listPlannedReminders } from '../../app/list-planned-reminders';
import { isoDate } from '../../app/plan-agrement-reminders';
import { reminderSummary, remindRoundNow } from '../../app/remind-round';
import { endAgrement, renewAgrement } from '../../app/renew-agrement';
import {
  AGREMENT_EVALUATION_STEP,
  AGREMENT_STEP_LABELS,
  type AgrementStep,
} from '../../domain/agrement-calendar';
import {
  AGREMENT_KIND_LABELS,
  AGREMENT_STATUS_LABELS,
  agrementEvaluationExportHint,
  agrementEvaluationText,
} from '../../domain/agrement-messages';
import {
  agrementEvaluations,
  agrementGridOf,
  attachAgrementGrid,
  showAgrement,
  type AgrementEvaluationView,
} from '../../app/agrement-evaluation';
import { listAgrementsEnding } from '../../app/list-agrements-ending';
import { addDays, formatDateFr, localDate } from '../../domain/calendar';
import { DomainError } from '../../domain/errors';
import { createQueues, listDeadLetters } from '../../queue/queues';
import { listFailures, retryFailures } from '../../queue/retry';
import type { CliContext } from '../context';
import { parseDuration, parseWholeNumber } from '../parse-args';

/** A command group another file may already have created (core.ts creates `round`, `agrements`). */
function group(program: Command, name: string, description: string): Command {
  return (
    program.commands.find((c) => c.name() === name) ??
    program.command(name).description(description)
  );
}

/** "2031-06-30" or "30/06/2031" → ISO date. */
function parseIsoDay(input: string): string {
  const s = input.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  const fr = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
  if (fr) return `${fr[3]}-${fr[2]}-${fr[1]}`;
  throw new DomainError('DATE_UNREADABLE', { input }, 'until');
}

function reminderLabel(kind: string): string {
  if (kind.startsWith('agrement.')) {
    const step = kind.slice('agrement.'.length) as AgrementStep;
    return AGREMENT_STEP_LABELS[step]?.fr ?? kind;
  }
  if (kind === 'round.close') return 'Clôture de la consultation';
  if (kind.startsWith('round.reminder.'))
    return `Rappel aux organisations sans réponse (${kind.slice('round.reminder.'.length)})`;
  return kind;
}

function frTime(d: Date, timezone: string): string {
  return cliDate(d, timezone);
}

/** The lines of an agrément's evaluation: where its answer stands, how to read it. */
function evaluationLines(e: AgrementEvaluationView | undefined): string[] {
  if (!e) return [];
  return [
    `  évaluation : ${agrementEvaluationText(e, 'fr')}`,
    `  ${agrementEvaluationExportHint(e.roundNumber, 'fr')}`,
  ];
}

const EVALUATION_STEP_FR = `« ${AGREMENT_STEP_LABELS[AGREMENT_EVALUATION_STEP].fr} »`;

export function register(program: Command, ctx: CliContext): void {
  group(program, 'agrements', 'Registre des agréments')
    .command('list')
    .description('Liste les agréments en cours qui se terminent bientôt')
    .option('--ending-within <durée>', 'se terminant dans ce délai : 6m, 90j, 2s, 1a', '6m')
    .action(async (opts: { endingWithin: string }) => {
      const deps = await ctx.deps();
      const tenantId = await ctx.tenantId();
      const tenant = await tenantById(deps.db, tenantId);
      const today = localDate(deps.now(), tenant.timezone);
      const until = addDays(today, parseDuration(opts.endingWithin));
      const rows = await listAgrementsEnding(deps.db, { tenantId, until });
      const evaluations = await agrementEvaluations(deps.db, tenantId, rows);
      if (rows.length === 0) {
        ctx.out(`Aucun agrément en cours ne se termine d'ici le ${formatDateFr(until)}.`);
        return;
      }
      ctx.out(
        `${count(rows.length, 'fr', 'agrément', 'agréments')} ${plural(rows.length, 'fr', 'se termine', 'se terminent')} d'ici le ${formatDateFr(until)} :`,
      );
      for (const a of rows) {
        const next = a.reminders[0];
        ctx.out(
          [
            `• ${a.organisation.name} (${a.organisation.code}) — ${AGREMENT_KIND_LABELS[a.kind].fr}`,
            `  du ${formatDateFr(isoDate(a.startDate))} au ${formatDateFr(isoDate(a.endDate))}, ${AGREMENT_STATUS_LABELS[a.status].fr}`,
            next
              ? `  prochain rappel : ${reminderLabel(next.kind)}, ${frTime(next.dueAt, tenant.timezone)}`
              : '  aucun rappel programmé',
            ...evaluationLines(evaluations.get(a.id)),
            `  id : ${a.id}`,
          ].join('\n'),
        );
      }
    });

  const agrement = group(
    program,
    'agrement',
    "Un agrément : fiche, renouvellement, clôture, grille d'évaluation",
  );
  agrement
    .command('show <id-ou-code>')
    .description(
      "Montre un agrément (par son id, ou le dernier de la structure par son code) : période, prochain rappel et, s'il y en a une, l'évaluation envoyée à la structure et où en sont ses réponses",
    )
    .action(async (ref: string) => {
      const deps = await ctx.deps();
      const tenantId = await ctx.tenantId();
      const tenant = await tenantById(deps.db, tenantId);
      const { agrement: a, evaluation } = await showAgrement(deps, { tenantId, ref });
      const next = a.reminders[0];
      ctx.out(
        [
          `${a.organisation.name} (${a.organisation.code}) — ${AGREMENT_KIND_LABELS[a.kind].fr}`,
          `  du ${formatDateFr(isoDate(a.startDate))} au ${formatDateFr(isoDate(a.endDate))}, ${AGREMENT_STATUS_LABELS[a.status].fr}`,
          next
            ? `  prochain rappel : ${reminderLabel(next.kind)}, ${frTime(next.dueAt, tenant.timezone)}`
            : '  aucun rappel programmé',
          evaluation
            ? evaluationLines(evaluation).join('\n')
            : `  évaluation : ${agrementEvaluationText(null, 'fr')}`,
          `  id : ${a.id}`,
        ].join('\n'),
      );
    });
  agrement
    .command('grille [code]')
    .description(
      `Choisit la grille d'évaluation que la Caf envoie d'elle-même à chaque structure (centre social, EVS) arrivée à l'étape ${EVALUATION_STEP_FR} du calendrier de renouvellement (8 mois avant la fin de l'agrément) ; ses réponses s'affichent à côté de l'agrément. Sans code : montre la grille choisie ; --aucune : n'en envoie plus`,
    )
    .option('--aucune', "n'envoie plus de grille à cette étape")
    .action(async (code: string | undefined, opts: { aucune?: boolean }) => {
      const deps = await ctx.deps();
      const tenantId = await ctx.tenantId();
      if (code !== undefined && opts.aucune) {
        ctx.err('Donnez un code de grille ou --aucune, pas les deux.');
        ctx.setExitCode(2);
        return;
      }
      if (code === undefined && !opts.aucune) {
        const grid = await agrementGridOf(deps, tenantId);
        ctx.out(
          grid
            ? `Grille envoyée à l'étape ${EVALUATION_STEP_FR} : « ${grid.title} » (${grid.code}).`
            : `Aucune grille n'est envoyée à l'étape ${EVALUATION_STEP_FR}.`,
        );
        return;
      }
      const r = await attachAgrementGrid(deps, {
        tenantId,
        gridCode: code ?? null,
        actor: CLI_ACTOR,
      });
      if (r.grid) {
        ctx.out(
          `Grille « ${r.grid.title} » (${r.grid.code}) attachée au calendrier des agréments : à l'étape ${EVALUATION_STEP_FR} (8 mois avant la fin), chaque structure reçoit cette grille à remplir, une fois par agrément, avec le rappel.`,
        );
        ctx.out('Ses réponses : concerto agrement show <code de la structure>.');
      } else {
        ctx.out(
          `Plus aucune grille n'est envoyée à l'étape ${EVALUATION_STEP_FR}${r.previous ? ` (c'était ${r.previous.code})` : ''} ; les évaluations déjà envoyées restent.`,
        );
      }
    });
  agrement
    .command('renew <id>')
    .description(
      "Enregistre le renouvellement : nouvelle période, rappels de l'ancienne annulés, nouveaux rappels programmés",
    )
    .requiredOption(
      '--until <date>',
      'dernier jour de la nouvelle période : 2031-06-30 ou 30/06/2031',
    )
    .action(async (id: string, opts: { until: string }) => {
      const deps = await ctx.deps();
      const tenantId = await ctx.tenantId();
      const r = await renewAgrement(deps, {
        tenantId,
        agrementId: id,
        until: parseIsoDay(opts.until),
        actor: CLI_ACTOR,
      });
      ctx.out(
        `Agrément de ${r.previous.organisation.name} renouvelé du ${formatDateFr(r.startDate)} au ${formatDateFr(isoDate(r.agrement.endDate))}.`,
      );
      ctx.out(
        `${count(r.cancelledReminders.length, 'fr', "rappel de l'ancienne période annulé", "rappels de l'ancienne période annulés")}, ${count(r.plannedReminders.length, 'fr', 'programmé', 'programmés')}.`,
      );
      ctx.out(`Nouvel agrément : ${r.agrement.id}`);
    });
  agrement
    .command('end <id>')
    .description('Clôt un agrément sans renouvellement : ses rappels restants sont annulés')
    .option('--motif <texte>', 'motif, gardé dans le journal')
    .action(async (id: string, opts: { motif?: string }) => {
      const deps = await ctx.deps();
      const tenantId = await ctx.tenantId();
      const r = await endAgrement(deps, {
        tenantId,
        agrementId: id,
        actor: CLI_ACTOR,
        ...(opts.motif ? { reason: opts.motif } : {}),
      });
      ctx.out(
        `Agrément de ${r.agrement.organisation.name} clos ; ${count(r.cancelledReminders.length, 'fr', 'rappel annulé', 'rappels annulés')}.`,
      );
    });

  group(program, 'reminders', 'Rappels programmés')
    .command('list')
    .description('Liste les rappels programmés (consultations et agréments)')
    .option('--due-within <durée>', 'dus dans ce délai : 7j, 2s, 1m', '7j')
    .action(async (opts: { dueWithin: string }) => {
      const deps = await ctx.deps();
      const tenantId = await ctx.tenantId();
      const tenant = await tenantById(deps.db, tenantId);
      const now = deps.now();
      const until = new Date(now.getTime() + parseDuration(opts.dueWithin) * 86_400_000);
      const rows = await listPlannedReminders(deps, { tenantId, until });
      if (rows.length === 0) {
        ctx.out(`Aucun rappel programmé d'ici le ${frTime(until, tenant.timezone)}.`);
        return;
      }
      ctx.out(
        `${count(rows.length, 'fr', 'rappel programmé', 'rappels programmés')} d'ici le ${frTime(until, tenant.timezone)} :`,
      );
      for (const r of rows) {
        const subject = r.round
          ? `consultation n° ${r.round.number}`
          : r.agrement
            ? `${r.agrement.organisation.name} (${r.agrement.organisation.code})`
            : '';
        const late =
          r.dueAt.getTime() < now.getTime() ? ' (en retard : le worker tourne-t-il ?)' : '';
        ctx.out(
          `• ${frTime(r.dueAt, tenant.timezone)}${late} — ${reminderLabel(r.kind)} — ${subject}`,
        );
      }
    });

  group(program, 'round', 'Consultations')
    .command('remind <n>')
    .description('Relance maintenant les organisations qui n’ont pas répondu à tous les enjeux')
    .action(async (n: string) => {
      const deps = await ctx.deps();
      const tenantId = await ctx.tenantId();
      const round = await findRound(deps.db, tenantId, n);
      const r = await remindRoundNow(deps, { tenantId, roundId: round.id, actor: CLI_ACTOR });
      if ('participants' in r && r.participants) {
        for (const line of reminderSummary(round.number, r)) ctx.out(line);
        return;
      }
      if (r.reminded.length === 0 && r.notReachable.length === 0) {
        ctx.out(
          round.kind === 'survey'
            ? `Évaluation n° ${round.number} : toutes les organisations ont terminé, personne à relancer.`
            : `Consultation n° ${round.number} : toutes les organisations ont répondu, personne à relancer.`,
        );
        return;
      }
      ctx.out(
        `${round.kind === 'survey' ? 'Évaluation' : 'Consultation'} n° ${round.number} : ${count(r.reminded.length, 'fr', 'organisation relancée', 'organisations relancées')} (${count(r.deliveryIds.length, 'fr', 'message', 'messages')}) : ${r.reminded.join(', ') || '—'}.`,
      );
      if (r.notReachable.length > 0) {
        ctx.out(
          `Sans canal pour les joindre : ${r.notReachable.map((o) => `${o.name} (${o.code})`).join(', ')}.`,
        );
      }
    });

  const queueGroup = group(program, 'queue', 'Files de travaux (Redis)');
  queueGroup
    .command('failed')
    .description('Envois et rappels en échec définitif, avec leur motif')
    .option('--limit <n>', 'nombre maximum affiché', '50')
    .action(async (opts: { limit: string }) => {
      const deps = await ctx.deps();
      const tenantId = await ctx.tenantId();
      const limit = parseWholeNumber('--limit', opts.limit, { min: 1, max: 10_000 });
      const failures = await listFailures(deps.db, tenantId, { limit });
      const { timezone } = await tenantById(deps.db, tenantId);
      if (failures.length === 0) ctx.out('Aucun envoi ni rappel en échec définitif.');
      else {
        ctx.out(`${failures.length} en échec définitif :`);
        for (const f of failures) {
          ctx.out(
            [
              `• ${f.type} ${f.id} — ${f.kind}, ${f.where}`,
              `  ${cliDate(f.at, timezone)}${f.attempts !== null ? `, ${count(f.attempts, 'fr', 'tentative', 'tentatives')}` : ''}`,
              ...(f.reason ? [`  motif : ${f.reason}`] : []),
            ].join('\n'),
          );
        }
        ctx.out('Pour renvoyer : concerto queue retry <id> (ou --all).');
      }
      // Jobs Redis failed that no row explains (malformed data, unknown job names).
      const queues = createQueues({
        redisUrl: ctx.config.REDIS_URL,
        prefix: ctx.config.QUEUE_PREFIX,
      });
      try {
        const dead = await withTimeout(listDeadLetters(queues, { limit }), 3_000);
        const rowIds = new Set(failures.map((f) => f.id));
        const orphans = dead.filter(
          (d) => !rowIds.has(d.jobId) && !failures.some((f) => d.jobId.includes(f.id)),
        );
        if (orphans.length > 0) {
          ctx.out(`\n${orphans.length} travail(aux) en échec dans Redis sans envoi associé :`);
          for (const d of orphans)
            ctx.out(`• ${d.queue} / ${d.name} #${d.jobId} — motif : ${d.failedReason}`);
        }
      } catch {
        ctx.out('\n(Redis injoignable : les travaux en échec de la file ne sont pas listés.)');
      } finally {
        await queues.close();
      }
    });

  queueGroup
    .command('retry [ids...]')
    .description('Renvoie des envois (ou relance des rappels) en échec définitif')
    .option('--all', 'tous les échecs de la Caf')
    .action(async (ids: string[], opts: { all?: boolean }) => {
      if (!opts.all && ids.length === 0) {
        throw new DomainError('RETRY_NOTHING');
      }
      const deps = await ctx.deps();
      const tenantId = await ctx.tenantId();
      const queues = createQueues({
        redisUrl: ctx.config.REDIS_URL,
        prefix: ctx.config.QUEUE_PREFIX,
      });
      try {
        const r = await withTimeout(
          retryFailures(deps.db, queues, tenantId, { ids, ...(opts.all ? { all: true } : {}) }),
          10_000,
        );
        if (r.deliveries + r.reminders === 0 && r.unknown.length === 0)
          ctx.out('Aucun échec à renvoyer.');
        if (r.deliveries > 0)
          ctx.out(`${count(r.deliveries, 'fr', 'envoi remis', 'envois remis')} en file.`);
        if (r.reminders > 0)
          ctx.out(`${count(r.reminders, 'fr', 'rappel remis', 'rappels remis')} en file.`);
        if (r.unknown.length > 0) {
          throw new DomainError('RETRY_UNKNOWN', { ids: r.unknown });
        }
      } finally {
        await queues.close();
      }
    });
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Redis n’a pas répondu à temps')), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
