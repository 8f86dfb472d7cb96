import {
  answeredEverything,
  enjeuParticipation,
  participation,
  pastRemindersText,
  silenceCount,
} from '../../domain/round-messages';
import { Option, type Command } from 'commander';
import { DomainError } from '../../domain/errors';
import { AVIS_LABELS, parseAvisChoice } from '../../domain/avis';
import { bar } from '../../domain/tally';
import { ORGANISATION_KINDS, ROLES, type OrganisationKind, type Role } from '../../domain/types';
import { CLI_ACTOR } from '../../app/deps';
import { createTenant } from '../../app/create-tenant';
import { importOrganisations } from '../../app/import-organisations';
import { createInviteCode } from '../../app/create-invite-code';
import { createRound } from '../../app/create-round';
import { launchRound } from '../../app/launch-round';
import { getRoundStatus } from '../../app/get-round-status';
import { cancelRound, closeRound, closeSummary } from '../../app/close-round';
import { changeDeadline } from '../../app/change-deadline';
import { recordProxyAvis } from '../../app/cast-avis';
import { importAgrements, type AgrementImportReport } from '../../app/import-agrements';
import { importProgress } from '../import-progress';
import { seedDemo } from '../../app/seed-demo';
import {
  listTeamsTenants,
  registerTeamsTenant,
  unregisterTeamsTenant,
} from '../../app/teams-tenants';
import { consultationOf, enjeuxOf, findRound, tenantById } from '../../app/lookup';
import { migrateDatabase } from '../../app/migrate-database';
import { listOrganisations } from '../../app/list-organisations';
import { findDraftVersion } from '../../app/find-draft-version';
import { listRounds } from '../../app/list-rounds';
import { parseDeadline } from '../parse-args';
import { readInputFile } from '../output';
import type { CliContext } from '../context';
import { EXIT } from '../exit-codes';
import { publicUrl } from '../../config';
import { cliWords, type CliWords } from '../../domain/cli-words';
import { createSurveyFromCli, launchSurveyFromCli, printSurveyStatus } from './surveys';

export function register(program: Command, ctx: CliContext): void {
  const w = cliWords(ctx.locale);
  const locale = w.locale;
  const db = program.command('db').description(w.db.description);
  db.command('migrate')
    .description(w.db.migrate)
    .action(async () => {
      const r = await migrateDatabase(ctx.config.DATABASE_URL);
      if (r.created) ctx.out(w.db.created);
      ctx.out(
        r.applied.length > 0 ? w.db.applied(r.applied) : w.db.upToDate(r.alreadyApplied.length),
      );
    });

  program
    .command('seed')
    .description(w.seed.description)
    .command('demo')
    .description(w.seed.demo)
    .action(async () => {
      const r = await seedDemo(await ctx.deps(), { actor: CLI_ACTOR });
      ctx.out(
        w.seed.ready({
          tenant: r.tenant,
          communes: r.communes,
          partners: {
            created: r.partners.created,
            present: r.partners.unchanged + r.partners.updated,
          },
          communeOrgs: {
            created: r.communeOrgs.created,
            present: r.communeOrgs.unchanged + r.communeOrgs.updated,
          },
          agrements: {
            created: r.agrements.created,
            present: r.agrements.alreadyPresent,
            reminders: r.agrements.remindersPlanned,
          },
          draft: {
            title: r.draft.draftVersion.title,
            version: r.draft.draftVersion.version,
            created: r.draft.created,
          },
          grid: {
            title: r.grid.grid.title,
            code: r.grid.grid.code,
            unchanged: r.grid.outcome === 'unchanged',
          },
          pilot: r.pilot.email,
          console: publicUrl(ctx.config),
        }),
      );
    });

  const tenant = program.command('tenant').description(w.tenant.description);
  tenant
    .command('create')
    .description(w.tenant.create)
    .requiredOption('--code <code>', w.tenant.code)
    .requiredOption(w.tenant.nameFlags, w.tenant.name)
    .option(w.tenant.timezoneFlags, w.tenant.timezone, 'Europe/Paris')
    .action(async (opts: { code: string; name: string; timezone: string }) => {
      const r = await createTenant(await ctx.deps(), { ...opts, actor: CLI_ACTOR });
      ctx.out(w.tenant.saved(r.created, r.tenant.name, r.tenant.code));
    });

  const teams = tenant.command('teams').description(w.teams.description);
  teams
    .command('add <id>')
    .description(w.teams.add)
    .option(w.teams.labelFlags, w.teams.label)
    .action(async (id: string, opts: { label?: string }) => {
      const row = await registerTeamsTenant(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        entraTenantId: id,
        ...(opts.label !== undefined ? { label: opts.label } : {}),
        actor: CLI_ACTOR,
      });
      ctx.out(w.teams.added(row.entraTenantId, row.label));
    });
  teams
    .command('remove <id>')
    .description(w.teams.remove)
    .action(async (id: string) => {
      const removed = await unregisterTeamsTenant(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        entraTenantId: id,
        actor: CLI_ACTOR,
      });
      ctx.out(w.teams.removed(removed, id));
    });
  teams
    .command('list')
    .description(w.teams.list)
    .action(async () => {
      const rows = await listTeamsTenants(await ctx.deps(), await ctx.tenantId());
      ctx.out(
        rows.length === 0
          ? w.teams.none(ctx.config.TEAMS_TENANT_ID)
          : rows.map((r) => `${r.entraTenantId}${r.label ? `  ${r.label}` : ''}`).join('\n'),
      );
    });

  const orgs = program.command('orgs').description(w.orgs.description);
  orgs
    .command('import <csv>')
    .description(w.orgs.import)
    .action(async (file: string) => {
      const r = await importOrganisations(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        csv: readInputFile(file, locale).toString('utf8'),
        actor: CLI_ACTOR,
      });
      ctx.out(w.orgs.imported(r));
      if (r.contactsAdded + r.contactsRemoved > 0)
        ctx.out(w.orgs.contacts(r.contactsAdded, r.contactsRemoved));
    });
  orgs
    .command('list')
    .description(w.orgs.list)
    .addOption(new Option('--kind <type>', w.orgs.kind).choices([...ORGANISATION_KINDS]))
    .action(async (opts: { kind?: OrganisationKind }) => {
      const deps = await ctx.deps();
      const rows = await listOrganisations(deps, {
        tenantId: await ctx.tenantId(),
        ...(opts.kind ? { kind: opts.kind } : {}),
      });
      for (const o of rows)
        ctx.out(
          w.orgs.line({
            code: o.code,
            kind: o.kind,
            name: o.name,
            members: o._count.members,
            channels: o._count.destinations,
          }),
        );
      ctx.out(w.orgs.total(rows.length));
    });

  program
    .command('invite')
    .description(w.invite.description)
    .command('create')
    .description(w.invite.create)
    .option('--org <code>', w.invite.org)
    .addOption(new Option(w.invite.roleFlags, w.invite.role).choices([...ROLES]).default('partner'))
    .option('--days <n>', w.invite.days, '14')
    .action(async (opts: { org?: string; role: Role; days: string }) => {
      const deps = await ctx.deps();
      const tenantId = await ctx.tenantId();
      const r = await createInviteCode(deps, {
        tenantId,
        role: opts.role,
        validDays: Number(opts.days),
        actor: CLI_ACTOR,
        ...(opts.org ? { organisationCode: opts.org } : {}),
      });
      ctx.out(w.invite.code(r.code));
      ctx.out(
        w.invite.valid(
          r.organisation
            ? r.organisation.name
            : opts.role === 'observer'
              ? w.invite.observer
              : w.invite.pilot,
          w.date(r.expiresAt, (await tenantById(deps.db, tenantId)).timezone),
        ),
      );
      ctx.out(w.invite.join);
    });

  const round = program.command('round').description(w.round.description);
  round
    .command('create')
    .description(w.round.create)
    .option('--version <n>', w.round.version)
    .option('--grid <code>', w.round.grid)
    .option(w.round.perFlags, w.round.per)
    .option('--anonyme', w.round.anonymous)
    .option('--lancer', w.round.launchNow)
    .option(w.round.schemaFlags, w.round.schema)
    .requiredOption('--deadline <date>', w.round.deadline)
    .option('--orgs <codes>', w.round.orgs)
    .option('--kinds <types>', w.round.kinds)
    .option(w.round.remindersFlags, w.round.reminders, '7j,2j,matin')
    .option('--silence-favorable', w.round.silence)
    .addOption(
      new Option(w.round.resultsFlags, w.round.results)
        .choices(['pendant', 'apres'])
        .default('apres'),
    )
    .action(
      async (opts: {
        version?: string;
        grid?: string;
        per?: string;
        anonyme?: boolean;
        lancer?: boolean;
        schema?: string;
        deadline: string;
        orgs?: string;
        kinds?: string;
        rappels: string;
        silenceFavorable?: boolean;
        resultats: string;
      }) => {
        if ((opts.version === undefined) === (opts.grid === undefined))
          throw new DomainError('ROUND_CREATE_WHAT');
        if (opts.grid !== undefined) {
          if (opts.silenceFavorable)
            throw new DomainError('SURVEY_CONSULTATION_OPTION', { option: '--silence-favorable' });
          if (opts.schema !== undefined)
            throw new DomainError('SURVEY_CONSULTATION_OPTION', { option: '--schema' });
          await createSurveyFromCli(ctx, { ...opts, grid: opts.grid });
          return;
        }
        for (const [given, option] of [
          [opts.per, '--per'],
          [opts.anonyme, '--anonyme'],
        ] as const)
          if (given !== undefined)
            throw new DomainError('SURVEY_CONSULTATION_OPTION', { option, kind: 'survey' });
        const version = opts.version!;
        const orgs = opts.orgs ?? 'all';
        const deps = await ctx.deps();
        const tenantId = await ctx.tenantId();
        const t = await tenantById(deps.db, tenantId);
        if (opts.kinds !== undefined && orgs !== 'all')
          throw new DomainError('ROUND_KINDS_WITH_CODES');
        const draftVersion = await findDraftVersion(deps, {
          tenantId,
          version,
          ...(opts.schema !== undefined ? { schema: opts.schema } : {}),
        });
        const kinds = opts.kinds?.split(',').map((k) => k.trim());
        const badKind = kinds?.find((k) => !(ORGANISATION_KINDS as readonly string[]).includes(k));
        if (badKind) throw new DomainError('KIND_INVALID', { kind: badKind });
        const r = await createRound(deps, {
          tenantId,
          draftVersionId: draftVersion.id,
          deadline: parseDeadline(opts.deadline, t.timezone, deps.now()),
          organisations:
            orgs === 'all'
              ? { all: true, ...(kinds ? { kinds: kinds as OrganisationKind[] } : {}) }
              : { codes: orgs.split(',') },
          reminderSchedule: opts.rappels,
          silenceMeansFavorable: !!opts.silenceFavorable,
          resultsVisibility: opts.resultats === 'pendant' ? 'during' : 'after',
          actor: CLI_ACTOR,
        });
        ctx.out(
          w.round.created({
            number: r.round.number,
            invited: r.invited,
            enjeux: r.enjeux,
            deadline: w.date(r.round.deadline, t.timezone),
          }),
        );
        if (opts.lancer) await launchConsultation(r.round.id);
        else ctx.out(w.round.launchIt(r.round.number));
      },
    );
  round
    .command('launch <n>')
    .description(w.round.launch)
    .action(async (n: string) => {
      const deps = await ctx.deps();
      const ref = await findRound(deps.db, await ctx.tenantId(), n);
      if (ref.kind === 'survey') await launchSurveyFromCli(ctx, ref.id);
      else await launchConsultation(ref.id);
    });
  async function launchConsultation(roundId: string) {
    const deps = await ctx.deps();
    const tenantId = await ctx.tenantId();
    const r = await launchRound(deps, { tenantId, roundId, actor: CLI_ACTOR });
    ctx.out(w.round.launched(false, r.round.number, r.deliveryIds.length, r.reminderIds.length));
    const past = pastRemindersText(r.pastReminders, locale, r.round.tenant.timezone, (d) =>
      w.date(d, r.round.tenant.timezone),
    );
    if (past) ctx.out(past);
  }
  round
    .command('list')
    .description(w.round.list)
    .action(async () => {
      const deps = await ctx.deps();
      const rows = await listRounds(deps, await ctx.tenantId());
      for (const r of rows) {
        ctx.out(
          w.round.listLine({
            number: r.number,
            status: w.roundStatus[r.status],
            version: r.draftVersion?.version,
            grid: r.grid?.code,
            invited: r._count.invitations,
            deadline: w.date(r.deadline, r.tenant.timezone),
          }),
        );
      }
      if (rows.length === 0) ctx.out(w.round.none);
    });
  round
    .command('status <n>')
    .description(w.round.status)
    .action(async (n: string) => {
      const ref = await findRound((await ctx.deps()).db, await ctx.tenantId(), n);
      if (ref.kind === 'survey') {
        await printSurveyStatus(ctx, ref.id);
        return;
      }
      const s = await getRoundStatus(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        round: n,
      });
      ctx.out(
        w.round.statusHeading(
          false,
          s.round.number,
          w.roundStatus[s.round.status],
          w.date(s.round.deadline, s.header.timezone),
        ),
      );
      ctx.out(w.round.draftHeading(s.header.draftTitle, s.header.version));
      ctx.out(w.round.answeredEverything(participation(s.tally, locale)));
      for (const e of s.tally.enjeux) {
        ctx.out(`\n${e.position}. ${e.title}`);
        ctx.out(`   ${bar(e.answered - e.implicit, e.invited)} ${enjeuParticipation(e, locale)}`);
        ctx.out(
          `   ${Object.entries(e.counts)
            .map(([c, v]) => `${AVIS_LABELS[c as keyof typeof AVIS_LABELS][locale]} ${v}`)
            .join(' · ')}`,
        );
        if (e.bySilence.length > 0) ctx.out(w.round.bySilence(e.bySilence.map((m) => m.code)));
        if (e.missing.length > 0)
          ctx.out(
            w.round.missing(
              e.missing.slice(0, 15).map((m) => m.code),
              Math.max(0, e.missing.length - 15),
            ),
          );
      }
    });
  round
    .command('close <n>')
    .description(w.round.close)
    .action(async (n: string) => {
      const deps = await ctx.deps();
      const tenantId = await ctx.tenantId();
      const ref = await findRound(deps.db, tenantId, n);
      const r = await closeRound(deps, { tenantId, roundId: ref.id, actor: CLI_ACTOR });
      if (r.alreadyClosed || 'figures' in r) ctx.out(closeSummary(r.round.number, r, locale));
      else {
        ctx.out(
          w.round.closed(
            r.round.number,
            answeredEverything(r.tally.complete, r.tally.invited, locale, silenceCount(r.tally)),
          ),
        );
        if (r.implicit > 0) ctx.out(w.round.implicit(r.implicit));
        ctx.out(w.round.resultsQueued(r.deliveryIds.length));
      }
    });
  round
    .command('deadline <n> <date>')
    .description(w.round.deadlineCommand)
    .action(async (n: string, date: string) => {
      const deps = await ctx.deps();
      const tenantId = await ctx.tenantId();
      const ref = await findRound(deps.db, tenantId, n);
      const t = await tenantById(deps.db, tenantId);
      const r = await changeDeadline(deps, {
        tenantId,
        roundId: ref.id,
        deadline: parseDeadline(date, t.timezone, deps.now()),
        actor: CLI_ACTOR,
      });
      ctx.out(
        w.round.deadlineChanged(
          ref.kind === 'survey',
          r.round.number,
          w.date(r.round.deadline, t.timezone),
          r.planned.length,
          r.cancelled.length,
        ),
      );
    });
  round
    .command('cancel <n>')
    .description(w.round.cancel)
    .action(async (n: string) => {
      const deps = await ctx.deps();
      const tenantId = await ctx.tenantId();
      const ref = await findRound(deps.db, tenantId, n);
      const r = await cancelRound(deps, { tenantId, roundId: ref.id, actor: CLI_ACTOR });
      ctx.out(w.round.cancelled(ref.kind === 'survey', r.round.number));
    });
  program
    .command('avis')
    .description(w.avis.description)
    .command('record')
    .description(w.avis.record)
    .requiredOption('--round <n>', w.avis.round)
    .requiredOption('--org <code>', w.avis.org)
    .requiredOption('--enjeu <n>', w.avis.enjeu)
    .requiredOption(w.avis.avisFlags, w.avis.avis)
    .option(w.avis.commentFlags, w.avis.comment)
    .requiredOption(w.avis.sourceFlags, w.avis.source)
    .action(
      async (opts: {
        round: string;
        org: string;
        enjeu: string;
        avis: string;
        commentaire?: string;
        source: string;
      }) => {
        const deps = await ctx.deps();
        const tenantId = await ctx.tenantId();
        const ref = await findRound(deps.db, tenantId, opts.round);
        const enjeux = await enjeuxOf(deps.db, consultationOf(ref).draftVersionId);
        const chosen =
          opts.enjeu === 'tous' || opts.enjeu === 'all'
            ? enjeux
            : enjeux.filter((e) => String(e.position) === opts.enjeu);
        if (chosen.length === 0) {
          throw new DomainError('ENJEU_NOT_FOUND', { enjeu: opts.enjeu, count: enjeux.length });
        }
        const choice = parseAvisChoice(opts.avis);
        if (!choice) throw new DomainError('AVIS_CHOICE_INVALID', { value: opts.avis });
        const r = await recordProxyAvis(deps, {
          tenantId,
          roundId: ref.id,
          organisationCode: opts.org,
          source: opts.source,
          votes: chosen.map((e) => ({ enjeuId: e.id, choice, comment: opts.commentaire ?? null })),
          actor: CLI_ACTOR,
        });
        ctx.out(w.avis.recorded(opts.org, r.saved.length, AVIS_LABELS[choice][locale]));
      },
    );

  program
    .command('agrements')
    .description(w.agrements.description)
    .command(w.agrements.importFlags)
    .description(w.agrements.import)
    .option('--skip-invalid', w.agrements.skipInvalid)
    .option('--update', w.agrements.update)
    .option('--dry-run', w.agrements.dryRun)
    .addHelpText('after', w.agrements.exitCodes)
    .action(
      async (file: string, opts: { skipInvalid?: boolean; update?: boolean; dryRun?: boolean }) => {
        const deps = await ctx.deps();
        const progress = importProgress({
          isTTY: ctx.errIsTTY,
          stream: process.stderr,
          line: (t) => ctx.err(t),
          locale,
        });
        let r: AgrementImportReport;
        try {
          r = await importAgrements(deps, {
            tenantId: await ctx.tenantId(),
            file,
            skipInvalid: !!opts.skipInvalid,
            update: !!opts.update,
            dryRun: !!opts.dryRun,
            actor: CLI_ACTOR,
            onProgress: progress.onProgress,
          });
        } finally {
          progress.stop();
        }
        ctx.out(agrementImportText(r, w));
        ctx.setExitCode(agrementImportExitCode(r, !!opts.skipInvalid));
      },
    );
}

/**
 * 0: the whole file is in the database; 1: nothing saved; 3: saved in part (lines left out).
 * A dry run gives the code the import would give.
 */
export function agrementImportExitCode(r: AgrementImportReport, skipInvalid: boolean): number {
  if (r.invalid.length === 0) return EXIT.ok;
  if (!r.dryRun) return r.saved ? EXIT.partial : EXIT.refused;
  const wouldSave = r.created + r.structuresCreated + r.structuresUpdated.length > 0;
  return skipInvalid && wouldSave ? EXIT.partial : EXIT.refused;
}

function agrementImportText(r: AgrementImportReport, words: CliWords): string {
  const w = words.agrements;
  const lines: string[] = [];
  const source =
    r.file.format === 'xlsx'
      ? w.excel
      : w.csv(
          r.file.encoding === 'windows-1252'
            ? 'Windows-1252 (Excel)'
            : r.file.encoding === 'utf-16le'
              ? 'UTF-16'
              : 'UTF-8',
          r.file.separator === '\t' ? w.tab : r.file.separator,
        );
  lines.push(w.fileRead(source, r.rows));
  const would = r.dryRun || (!r.saved && r.invalid.length > 0);
  for (const c of r.structuresUpdated) {
    const what = [
      c.name ? w.nameChange(c.name.from, c.name.to) : '',
      c.commune ? w.communeChange(c.commune.from, c.commune.to) : '',
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(w.structureUpdated(c.line, c.code, would, what));
  }
  for (const p of r.invalid) lines.push(w.lineRefused(p.line, p.message));
  const figures = {
    created: r.created,
    structuresCreated: r.structuresCreated,
    structuresUpdated: r.structuresUpdated.length,
    alreadyPresent: r.alreadyPresent,
    refused: r.invalid.length,
    remindersPlanned: r.remindersPlanned,
  };
  if (r.dryRun) {
    lines.push(w.dryRunResult(figures));
    if (r.invalid.length > 0) lines.push(w.dryRunFix);
    return lines.join('\n');
  }
  lines.push(w.result(figures));
  if (r.invalid.length > 0) lines.push(r.saved ? w.refusedSaved : w.refusedNothingSaved);
  return lines.join('\n');
}
