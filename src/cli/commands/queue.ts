import { cliWords, type CliWords } from '../../domain/cli-words';
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

function reminderLabel(kind: string, w: CliWords): string {
  if (kind.startsWith('agrement.')) {
    const step = kind.slice('agrement.'.length) as AgrementStep;
    return AGREMENT_STEP_LABELS[step]?.[w.locale] ?? kind;
  }
  if (kind === 'round.close') return w.reminders.roundClose;
  if (kind.startsWith('round.reminder.'))
    return w.reminders.roundReminder(kind.slice('round.reminder.'.length));
  return kind;
}

/** The lines of an agrément's evaluation: where its answer stands, how to read it. */
function evaluationLines(e: AgrementEvaluationView | undefined, w: CliWords): string[] {
  if (!e) return [];
  return [
    w.agrements.evaluation(agrementEvaluationText(e, w.locale)),
    `  ${agrementEvaluationExportHint(e.roundNumber, w.locale)}`,
  ];
}

export function register(program: Command, ctx: CliContext): void {
  const w = cliWords(ctx.locale);
  const locale = w.locale;
  const frTime = (d: Date, timezone: string) => w.date(d, timezone);
  const evaluationStep = w.agrement.step(AGREMENT_STEP_LABELS[AGREMENT_EVALUATION_STEP][locale]);
  group(program, 'agrements', w.agrements.description)
    .command('list')
    .description(w.agrements.list)
    .option(w.agrements.endingWithinFlags, w.agrements.endingWithin, '6m')
    .action(async (opts: { endingWithin: string }) => {
      const deps = await ctx.deps();
      const tenantId = await ctx.tenantId();
      const tenant = await tenantById(deps.db, tenantId);
      const today = localDate(deps.now(), tenant.timezone);
      const until = addDays(today, parseDuration(opts.endingWithin));
      const rows = await listAgrementsEnding(deps.db, { tenantId, until });
      const evaluations = await agrementEvaluations(deps.db, tenantId, rows);
      if (rows.length === 0) {
        ctx.out(w.agrements.noneEnding(formatDateFr(until)));
        return;
      }
      ctx.out(w.agrements.ending(rows.length, formatDateFr(until)));
      for (const a of rows) {
        const next = a.reminders[0];
        ctx.out(
          [
            `• ${a.organisation.name} (${a.organisation.code}) — ${AGREMENT_KIND_LABELS[a.kind][locale]}`,
            w.agrements.period(
              formatDateFr(isoDate(a.startDate)),
              formatDateFr(isoDate(a.endDate)),
              AGREMENT_STATUS_LABELS[a.status][locale],
            ),
            next
              ? w.agrements.nextReminder(
                  reminderLabel(next.kind, w),
                  frTime(next.dueAt, tenant.timezone),
                )
              : w.agrements.noReminder,
            ...evaluationLines(evaluations.get(a.id), w),
            w.agrements.id(a.id),
          ].join('\n'),
        );
      }
    });

  const agrement = group(program, 'agrement', w.agrement.description);
  agrement
    .command(w.agrement.showFlags)
    .description(w.agrement.show)
    .action(async (ref: string) => {
      const deps = await ctx.deps();
      const tenantId = await ctx.tenantId();
      const tenant = await tenantById(deps.db, tenantId);
      const { agrement: a, evaluation } = await showAgrement(deps, { tenantId, ref });
      const next = a.reminders[0];
      ctx.out(
        [
          `${a.organisation.name} (${a.organisation.code}) — ${AGREMENT_KIND_LABELS[a.kind][locale]}`,
          w.agrements.period(
            formatDateFr(isoDate(a.startDate)),
            formatDateFr(isoDate(a.endDate)),
            AGREMENT_STATUS_LABELS[a.status][locale],
          ),
          next
            ? w.agrements.nextReminder(
                reminderLabel(next.kind, w),
                frTime(next.dueAt, tenant.timezone),
              )
            : w.agrements.noReminder,
          evaluation
            ? evaluationLines(evaluation, w).join('\n')
            : w.agrements.evaluation(agrementEvaluationText(null, locale)),
          w.agrements.id(a.id),
        ].join('\n'),
      );
    });
  agrement
    .command(w.agrement.gridCommand)
    .description(w.agrement.grid(evaluationStep))
    .option(w.agrement.noneFlag, w.agrement.none)
    .action(async (code: string | undefined, opts: { aucune?: boolean }) => {
      const deps = await ctx.deps();
      const tenantId = await ctx.tenantId();
      if (code !== undefined && opts.aucune) {
        ctx.err(w.agrement.notBoth);
        ctx.setExitCode(2);
        return;
      }
      if (code === undefined && !opts.aucune) {
        const grid = await agrementGridOf(deps, tenantId);
        ctx.out(
          grid
            ? w.agrement.gridSent(evaluationStep, grid.title, grid.code)
            : w.agrement.noGridSent(evaluationStep),
        );
        return;
      }
      const r = await attachAgrementGrid(deps, {
        tenantId,
        gridCode: code ?? null,
        actor: CLI_ACTOR,
      });
      if (r.grid) {
        ctx.out(w.agrement.gridAttached(r.grid.title, r.grid.code, evaluationStep));
        ctx.out(w.agrement.gridAnswers);
      } else {
        ctx.out(w.agrement.gridDetached(evaluationStep, r.previous?.code));
      }
    });
  agrement
    .command('renew <id>')
    .description(w.agrement.renew)
    .requiredOption('--until <date>', w.agrement.until)
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
        w.agrement.renewed(
          r.previous.organisation.name,
          formatDateFr(r.startDate),
          formatDateFr(isoDate(r.agrement.endDate)),
        ),
      );
      ctx.out(w.agrement.renewedReminders(r.cancelledReminders.length, r.plannedReminders.length));
      ctx.out(w.agrement.newAgrement(r.agrement.id));
    });
  agrement
    .command('end <id>')
    .description(w.agrement.end)
    .option(w.agrement.reasonFlags, w.agrement.reason)
    .action(async (id: string, opts: { motif?: string }) => {
      const deps = await ctx.deps();
      const tenantId = await ctx.tenantId();
      const r = await endAgrement(deps, {
        tenantId,
        agrementId: id,
        actor: CLI_ACTOR,
        ...(opts.motif ? { reason: opts.motif } : {}),
      });
      ctx.out(w.agrement.ended(r.agrement.organisation.name, r.cancelledReminders.length));
    });

  group(program, 'reminders', w.reminders.description)
    .command('list')
    .description(w.reminders.list)
    .option(w.reminders.dueWithinFlags, w.reminders.dueWithin, '7j')
    .action(async (opts: { dueWithin: string }) => {
      const deps = await ctx.deps();
      const tenantId = await ctx.tenantId();
      const tenant = await tenantById(deps.db, tenantId);
      const now = deps.now();
      const until = new Date(now.getTime() + parseDuration(opts.dueWithin) * 86_400_000);
      const rows = await listPlannedReminders(deps, { tenantId, until });
      if (rows.length === 0) {
        ctx.out(w.reminders.none(frTime(until, tenant.timezone)));
        return;
      }
      ctx.out(w.reminders.heading(rows.length, frTime(until, tenant.timezone)));
      for (const r of rows) {
        const subject = r.round
          ? w.reminders.roundSubject(r.round.number)
          : r.agrement
            ? `${r.agrement.organisation.name} (${r.agrement.organisation.code})`
            : '';
        const late = r.dueAt.getTime() < now.getTime() ? w.reminders.late : '';
        ctx.out(
          `• ${frTime(r.dueAt, tenant.timezone)}${late} — ${reminderLabel(r.kind, w)} — ${subject}`,
        );
      }
    });

  group(program, 'round', w.round.description)
    .command('remind <n>')
    .description(w.round.remind)
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
        ctx.out(w.round.nobodyToRemind(round.kind === 'survey', round.number));
        return;
      }
      ctx.out(
        w.round.reminded(round.kind === 'survey', round.number, r.reminded, r.deliveryIds.length),
      );
      if (r.notReachable.length > 0) {
        ctx.out(w.round.notReachable(r.notReachable.map((o) => `${o.name} (${o.code})`)));
      }
    });

  const queueGroup = group(program, 'queue', w.queue.description);
  queueGroup
    .command('failed')
    .description(w.queue.failed)
    .option('--limit <n>', w.queue.limit, '50')
    .action(async (opts: { limit: string }) => {
      const deps = await ctx.deps();
      const tenantId = await ctx.tenantId();
      const limit = parseWholeNumber('--limit', opts.limit, { min: 1, max: 10_000 });
      const failures = await listFailures(deps.db, tenantId, { limit });
      const { timezone } = await tenantById(deps.db, tenantId);
      if (failures.length === 0) ctx.out(w.queue.noFailure);
      else {
        ctx.out(w.queue.failures(failures.length));
        for (const f of failures) {
          ctx.out(
            [
              `• ${f.type} ${f.id} — ${f.kind}, ${f.where}`,
              `  ${w.date(f.at, timezone)}${f.attempts !== null ? w.queue.attempts(f.attempts) : ''}`,
              ...(f.reason ? [w.queue.reason(f.reason)] : []),
            ].join('\n'),
          );
        }
        ctx.out(w.queue.retryHint);
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
          ctx.out(w.queue.orphans(orphans.length));
          for (const d of orphans)
            ctx.out(w.queue.orphan(d.queue, d.name, d.jobId, d.failedReason));
        }
      } catch {
        ctx.out(w.queue.redisUnreachable);
      } finally {
        await queues.close();
      }
    });

  queueGroup
    .command('retry [ids...]')
    .description(w.queue.retry)
    .option('--all', w.queue.all)
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
          ctx.out(w.queue.nothingToRetry);
        if (r.deliveries > 0) ctx.out(w.queue.deliveriesRequeued(r.deliveries));
        if (r.reminders > 0) ctx.out(w.queue.remindersRequeued(r.reminders));
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
