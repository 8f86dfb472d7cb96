import { commandText } from '../../domain/commands';
import { cliDate, count, plural } from '../../domain/format';
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
import { ROUND_STATUS_LABELS } from '../../domain/round';
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
import { createSurveyFromCli, launchSurveyFromCli, printSurveyStatus } from './surveys';

export function register(program: Command, ctx: CliContext): void {
  const db = program.command('db').description('Base de données');
  db.command('migrate')
    .description(
      'Crée la base si besoin et applique les migrations (compatible avec prisma migrate deploy)',
    )
    .action(async () => {
      const r = await migrateDatabase(ctx.config.DATABASE_URL);
      if (r.created) ctx.out('Base de données créée.');
      ctx.out(
        r.applied.length > 0
          ? `Migrations appliquées : ${r.applied.join(', ')}.`
          : `Base à jour (${count(r.alreadyApplied.length, 'fr', 'migration déjà appliquée', 'migrations déjà appliquées')}).`,
      );
    });

  program
    .command('seed')
    .description('Données de démonstration')
    .command('demo')
    .description(
      'Charge la Caf du Val-de-Marne de démonstration : partenaires, 47 communes, agréments, projet v1, grille d’évaluation',
    )
    .action(async () => {
      const r = await seedDemo(await ctx.deps(), { actor: CLI_ACTOR });
      ctx.out(
        [
          `Caf de démonstration « ${r.tenant.name} » (code ${r.tenant.code}) prête.`,
          `  communes : ${r.communes}`,
          `  partenaires : ${count(r.partners.created, 'fr', 'créé', 'créés')}, ${count(r.partners.unchanged + r.partners.updated, 'fr', 'déjà présent', 'déjà présents')}`,
          `  communes partenaires : ${count(r.communeOrgs.created, 'fr', 'créée', 'créées')}, ${count(r.communeOrgs.unchanged + r.communeOrgs.updated, 'fr', 'déjà présente', 'déjà présentes')}`,
          `  agréments : ${count(r.agrements.created, 'fr', 'importé', 'importés')}, ${count(r.agrements.alreadyPresent, 'fr', 'déjà présent', 'déjà présents')}, ${count(r.agrements.remindersPlanned, 'fr', 'rappel programmé', 'rappels programmés')}`,
          `  projet : « ${r.draft.draftVersion.title} », version ${r.draft.draftVersion.version}${r.draft.created ? '' : ' (déjà importée)'}`,
          `  grille d'évaluation : « ${r.grid.grid.title} » (${r.grid.grid.code})${r.grid.outcome === 'unchanged' ? ' (déjà importée)' : ''}`,
          `  pilote : ${r.pilot.email} (console web : ${publicUrl(ctx.config)}/console ; lien de connexion : concerto console link ${r.pilot.email})`,
        ].join('\n'),
      );
    });

  const tenant = program.command('tenant').description('Caf (locataire)');
  tenant
    .command('create')
    .description('Crée une Caf, ou met à jour son nom si le code existe')
    .requiredOption('--code <code>', 'code de la Caf, par exemple 94')
    .requiredOption('--name <nom>', 'nom, par exemple « Caf du Val-de-Marne »')
    .option('--timezone <fuseau>', 'fuseau horaire', 'Europe/Paris')
    .action(async (opts: { code: string; name: string; timezone: string }) => {
      const r = await createTenant(await ctx.deps(), { ...opts, actor: CLI_ACTOR });
      ctx.out(
        `${r.created ? 'Caf créée' : 'Caf mise à jour'} : ${r.tenant.name} (code ${r.tenant.code}).`,
      );
    });

  const teams = tenant
    .command('teams')
    .description(
      'Locataires Microsoft 365 dont les utilisateurs Teams peuvent parler au bot pour cette Caf (aucun : TEAMS_TENANT_ID)',
    );
  teams
    .command('add <id>')
    .description('Enregistre un locataire (ID de l’annuaire Entra, un GUID)')
    .option('--label <nom>', 'à qui il appartient, par exemple « Conseil départemental »')
    .action(async (id: string, opts: { label?: string }) => {
      const row = await registerTeamsTenant(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        entraTenantId: id,
        ...(opts.label !== undefined ? { label: opts.label } : {}),
        actor: CLI_ACTOR,
      });
      ctx.out(
        `Locataire Microsoft 365 enregistré : ${row.entraTenantId}${row.label ? ` (${row.label})` : ''}.`,
      );
    });
  teams
    .command('remove <id>')
    .description('Retire un locataire')
    .action(async (id: string) => {
      const removed = await unregisterTeamsTenant(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        entraTenantId: id,
        actor: CLI_ACTOR,
      });
      ctx.out(
        removed ? `Locataire retiré : ${id}.` : `Ce locataire n’était pas enregistré : ${id}.`,
      );
    });
  teams
    .command('list')
    .description('Les locataires enregistrés')
    .action(async () => {
      const rows = await listTeamsTenants(await ctx.deps(), await ctx.tenantId());
      ctx.out(
        rows.length === 0
          ? `Aucun locataire enregistré : seul TEAMS_TENANT_ID${ctx.config.TEAMS_TENANT_ID ? ` (${ctx.config.TEAMS_TENANT_ID})` : ''} est accepté.`
          : rows.map((r) => `${r.entraTenantId}${r.label ? `  ${r.label}` : ''}`).join('\n'),
      );
    });

  const orgs = program.command('orgs').description('Organisations partenaires');
  orgs
    .command('import <csv>')
    .description(
      'Importe les organisations d’un CSV (code,name,kind,commune_insee[,email]) ; rien n’est importé si une ligne est invalide',
    )
    .action(async (file: string) => {
      const r = await importOrganisations(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        csv: readInputFile(file).toString('utf8'),
        actor: CLI_ACTOR,
      });
      ctx.out(
        `Organisations : ${r.created} créées, ${r.updated} mises à jour, ${r.unchanged} inchangées.`,
      );
      if (r.contactsAdded + r.contactsRemoved > 0)
        ctx.out(
          `Contacts par courriel : ${r.contactsAdded} ajouté${r.contactsAdded > 1 ? 's' : ''}, ${r.contactsRemoved} retiré${r.contactsRemoved > 1 ? 's' : ''}.`,
        );
    });
  orgs
    .command('list')
    .description('Liste les organisations de la Caf')
    .addOption(new Option('--kind <type>', 'seulement ce type').choices([...ORGANISATION_KINDS]))
    .action(async (opts: { kind?: OrganisationKind }) => {
      const deps = await ctx.deps();
      const rows = await listOrganisations(deps, {
        tenantId: await ctx.tenantId(),
        ...(opts.kind ? { kind: opts.kind } : {}),
      });
      for (const o of rows)
        ctx.out(
          `${o.code.padEnd(14)} ${o.kind.padEnd(13)} ${o.name} (${count(o._count.members, 'fr', 'membre', 'membres')}, ${count(o._count.destinations, 'fr', 'canal', 'canaux')})`,
        );
      ctx.out(`${count(rows.length, 'fr', 'organisation', 'organisations')}.`);
    });

  program
    .command('invite')
    .description('Codes d’invitation')
    .command('create')
    .description(
      'Crée un code à usage unique à transmettre à une organisation (affiché une seule fois)',
    )
    .option('--org <code>', 'organisation (obligatoire pour un partenaire)')
    .addOption(new Option('--role <rôle>', 'rôle donné').choices([...ROLES]).default('partner'))
    .option('--days <n>', 'jours de validité', '14')
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
      ctx.out(`Code : ${r.code}`);
      ctx.out(
        `Pour ${r.organisation ? r.organisation.name : opts.role === 'observer' ? 'un observateur de la Caf' : 'un pilote de la Caf'}, valable jusqu'au ${cliDate(r.expiresAt, (await tenantById(deps.db, tenantId)).timezone)}.`,
      );
      ctx.out(
        `Dans Slack : ${commandText('slack', 'rejoindre <code>')} ; dans Teams : ${commandText('teams', 'rejoindre <code>')}.`,
      );
    });

  const round = program.command('round').description('Consultations');
  round
    .command('create')
    .description(
      'Prépare une consultation sur une version du projet (--version), ou une évaluation sur une grille (--grid)',
    )
    .option('--version <n>', 'version du projet (une consultation)')
    .option('--grid <code>', 'grille d’évaluation (une évaluation : concerto grid list)')
    .option('--per <qui>', 'avec --grid : une réponse par « organisation » ou par « personne »')
    .option('--anonyme', 'avec --grid --per personne : aucun nom demandé ni gardé')
    .option('--lancer', 'ouvre aussitôt (comme concerto round launch)')
    .option('--schema <schéma>', 'schéma de cette version : son numéro (draft list) ou sa période')
    .requiredOption(
      '--deadline <date>',
      'date limite : « 2026-12-11 17:00 », « 11/12/2026 », « +10min », « +3j »',
    )
    .option(
      '--orgs <codes>',
      'organisations invitées : all (par défaut), ou codes séparés par des virgules ; facultatif pour une évaluation par personne',
    )
    .option(
      '--kinds <types>',
      'avec --orgs all seulement : ces types (virgules) ; refusé avec une liste de codes',
    )
    .option(
      '--rappels <liste>',
      'rappels avant la date limite, par exemple 7j,2j,matin',
      '7j,2j,matin',
    )
    .option('--silence-favorable', "l'absence de réponse vaut avis favorable (consultation)")
    .addOption(
      new Option('--resultats <quand>', 'résultats visibles des partenaires')
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
          `Consultation n° ${r.round.number} préparée : ${count(r.invited, 'fr', 'organisation invitée', 'organisations invitées')}, ${count(r.enjeux, 'fr', 'enjeu', 'enjeux')}, date limite ${cliDate(r.round.deadline, t.timezone)}.`,
        );
        if (opts.lancer) await launchConsultation(r.round.id);
        else ctx.out(`Lancez-la avec : concerto round launch ${r.round.number}`);
      },
    );
  round
    .command('launch <n>')
    .description('Ouvre la consultation : invitations envoyées, rappels et clôture programmés')
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
    ctx.out(
      `Consultation n° ${r.round.number} ouverte : ${count(r.deliveryIds.length, 'fr', 'invitation', 'invitations')} en file d'envoi, ${count(r.reminderIds.length, 'fr', 'échéance programmée', 'échéances programmées')} (rappels et clôture).`,
    );
    const past = pastRemindersText(r.pastReminders, 'fr', r.round.tenant.timezone, (d) =>
      cliDate(d, r.round.tenant.timezone),
    );
    if (past) ctx.out(past);
  }
  round
    .command('list')
    .description('Liste les consultations')
    .action(async () => {
      const deps = await ctx.deps();
      const rows = await listRounds(deps, await ctx.tenantId());
      for (const r of rows) {
        ctx.out(
          `n° ${r.number}  ${ROUND_STATUS_LABELS[r.status].padEnd(14)} ${r.draftVersion ? `v${r.draftVersion.version}` : `grille ${r.grid?.code ?? '?'}`}  ${r._count.invitations} invitées  échéance ${cliDate(r.deadline, r.tenant.timezone)}`,
        );
      }
      if (rows.length === 0) ctx.out('Aucune consultation.');
    });
  round
    .command('status <n>')
    .description('Participation par enjeu et organisations sans réponse')
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
        `Consultation n° ${s.round.number} — ${ROUND_STATUS_LABELS[s.round.status]} — échéance ${cliDate(s.round.deadline, s.header.timezone)}`,
      );
      ctx.out(`« ${s.header.draftTitle} », version ${s.header.version}`);
      ctx.out(`Organisations ayant répondu à tout : ${participation(s.tally, 'fr')}`);
      for (const e of s.tally.enjeux) {
        ctx.out(`\n${e.position}. ${e.title}`);
        ctx.out(`   ${bar(e.answered - e.implicit, e.invited)} ${enjeuParticipation(e, 'fr')}`);
        ctx.out(
          `   ${Object.entries(e.counts)
            .map(([c, v]) => `${AVIS_LABELS[c as keyof typeof AVIS_LABELS].fr} ${v}`)
            .join(' · ')}`,
        );
        if (e.bySilence.length > 0)
          ctx.out(`   favorables par silence : ${e.bySilence.map((m) => m.code).join(', ')}`);
        if (e.missing.length > 0 && e.missing.length <= 15)
          ctx.out(`   sans réponse : ${e.missing.map((m) => m.code).join(', ')}`);
        else if (e.missing.length > 15)
          ctx.out(
            `   sans réponse : ${e.missing
              .slice(0, 15)
              .map((m) => m.code)
              .join(', ')} et ${e.missing.length - 15} autres`,
          );
      }
    });
  round
    .command('close <n>')
    .description(
      'Clôt la consultation et envoie les résultats (applique « silence vaut avis favorable » si prévu)',
    )
    .action(async (n: string) => {
      const deps = await ctx.deps();
      const tenantId = await ctx.tenantId();
      const ref = await findRound(deps.db, tenantId, n);
      const r = await closeRound(deps, { tenantId, roundId: ref.id, actor: CLI_ACTOR });
      if (r.alreadyClosed || 'figures' in r) ctx.out(closeSummary(r.round.number, r));
      else {
        ctx.out(
          `Consultation n° ${r.round.number} close : ${answeredEverything(r.tally.complete, r.tally.invited, 'fr', silenceCount(r.tally))}`,
        );
        if (r.implicit > 0)
          ctx.out(
            `${count(r.implicit, 'fr', 'avis favorable', 'avis favorables')} par absence de réponse.`,
          );
        ctx.out(
          `${count(r.deliveryIds.length, 'fr', 'message', 'messages')} de résultats en file d'envoi.`,
        );
      }
    });
  round
    .command('deadline <n> <date>')
    .description('Change la date limite ; rappels et clôture sont reprogrammés')
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
        `${ref.kind === 'survey' ? 'Évaluation' : 'Consultation'} n° ${r.round.number} : nouvelle date limite ${cliDate(r.round.deadline, t.timezone)} ; ${count(r.planned.length, 'fr', 'échéance reprogrammée', 'échéances reprogrammées')}, ${count(r.cancelled.length, 'fr', 'annulée', 'annulées')}.`,
      );
    });
  round
    .command('cancel <n>')
    .description('Annule une consultation en préparation ou ouverte')
    .action(async (n: string) => {
      const deps = await ctx.deps();
      const tenantId = await ctx.tenantId();
      const ref = await findRound(deps.db, tenantId, n);
      const r = await cancelRound(deps, { tenantId, roundId: ref.id, actor: CLI_ACTOR });
      ctx.out(
        `${ref.kind === 'survey' ? 'Évaluation' : 'Consultation'} n° ${r.round.number} annulée.`,
      );
    });
  program
    .command('avis')
    .description('Avis')
    .command('record')
    .description(
      "Enregistre l'avis qu'une organisation a envoyé par courrier ou par mail, pour son compte",
    )
    .requiredOption('--round <n>', 'consultation')
    .requiredOption('--org <code>', 'organisation')
    .requiredOption('--enjeu <n>', 'numéro de l’enjeu, ou « tous »')
    .requiredOption(
      '--avis <choix>',
      'favorable, favorable_avec_reserves, defavorable ou abstention',
    )
    .option(
      '--commentaire <texte>',
      'motif ou commentaire (obligatoire pour défavorable et réserves)',
    )
    .requiredOption('--source <texte>', "d'où vient l'avis, par exemple « courrier du 3 décembre »")
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
        ctx.out(
          `Avis enregistré pour ${opts.org} sur ${count(r.saved.length, 'fr', 'enjeu', 'enjeux')} : ${AVIS_LABELS[choice].fr} (saisi pour le compte de l'organisation).`,
        );
      },
    );

  program
    .command('agrements')
    .description('Registre des agréments')
    .command('import <fichier>')
    .description(
      'Importe le registre, classeur Excel (.xlsx) ou CSV (colonnes structure_code, structure_name, kind, commune_insee, start_date, end_date) ; vérifie toutes les lignes, dans le fichier et avec la base, avant d’écrire',
    )
    .option('--skip-invalid', 'importe les lignes acceptées et signale les autres')
    .option(
      '--update',
      'enregistre le nom ou la commune d’une structure connue quand le fichier en donne d’autres',
    )
    .option('--dry-run', 'montre ce que l’import changerait, sans rien écrire')
    .addHelpText(
      'after',
      [
        '',
        'Codes de sortie :',
        '  0  tout le fichier est dans la base (enregistré maintenant ou déjà présent)',
        '  1  rien n’a été enregistré (lignes refusées sans --skip-invalid, fichier illisible…)',
        '  3  enregistré en partie : des lignes refusées ont été laissées de côté (--skip-invalid)',
        'Avec --dry-run, rien n’est écrit et le code est celui que donnerait l’import.',
      ].join('\n'),
    )
    .action(
      async (file: string, opts: { skipInvalid?: boolean; update?: boolean; dryRun?: boolean }) => {
        const deps = await ctx.deps();
        const progress = importProgress({
          isTTY: ctx.errIsTTY,
          stream: process.stderr,
          line: (t) => ctx.err(t),
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
        ctx.out(agrementImportText(r));
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

function agrementImportText(r: AgrementImportReport): string {
  const lines: string[] = [];
  const source =
    r.file.format === 'xlsx'
      ? 'classeur Excel'
      : `CSV ${r.file.encoding === 'windows-1252' ? 'Windows-1252 (Excel)' : r.file.encoding === 'utf-16le' ? 'UTF-16' : 'UTF-8'}, séparateur « ${r.file.separator === '\t' ? 'tabulation' : r.file.separator} »`;
  lines.push(`Fichier lu : ${source}, ${count(r.rows, 'fr', 'ligne', 'lignes')} de données.`);
  const would = r.dryRun || (!r.saved && r.invalid.length > 0);
  for (const c of r.structuresUpdated) {
    const what = [
      c.name ? `nom « ${c.name.from} » → « ${c.name.to} »` : '',
      c.commune ? `commune ${c.commune.from ?? '(aucune)'} → ${c.commune.to}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(
      `ligne ${c.line} : structure ${c.code} ${would ? 'serait mise à jour' : 'mise à jour'} (${what}).`,
    );
  }
  for (const p of r.invalid) lines.push(`ligne ${p.line} refusée : ${p.message}`);
  const refused = count(r.invalid.length, 'fr', 'ligne refusée', 'lignes refusées');
  if (r.dryRun) {
    lines.push(
      `Simulation (--dry-run), rien n’a été enregistré. L’import donnerait : ${count(r.created, 'fr', 'agrément créé', 'agréments créés')}, ${count(r.structuresCreated, 'fr', 'structure créée', 'structures créées')}, ${count(r.structuresUpdated.length, 'fr', 'structure mise à jour', 'structures mises à jour')}, ${r.alreadyPresent} ${plural(r.alreadyPresent, 'fr', 'agrément inchangé', 'agréments inchangés')}, ${refused}.`,
    );
    if (r.invalid.length > 0) {
      lines.push(
        'Corrigez les lignes refusées, ou relancez avec --skip-invalid pour importer les autres.',
      );
    }
    return lines.join('\n');
  }
  lines.push(
    `Agréments : ${count(r.created, 'fr', 'importé', 'importés')}, ${r.alreadyPresent} déjà ${plural(r.alreadyPresent, 'fr', 'présent', 'présents')}, ${refused}, ${count(r.structuresCreated, 'fr', 'structure créée', 'structures créées')}, ${count(r.structuresUpdated.length, 'fr', 'structure mise à jour', 'structures mises à jour')}, ${count(r.remindersPlanned, 'fr', 'rappel de renouvellement programmé', 'rappels de renouvellement programmés')}.`,
  );
  if (r.invalid.length > 0) {
    lines.push(
      r.saved
        ? 'Les lignes refusées n’ont pas été importées : corrigez-les puis relancez l’import (les lignes déjà importées ne seront pas dupliquées).'
        : 'Rien n’a été enregistré : corrigez les lignes refusées puis relancez l’import.',
    );
  }
  return lines.join('\n');
}
