import { commandText } from '../commands';
import { cliDate, count, plural } from '../format';
import type { Locale, RoundStatus } from '../types';
import { ROUND_STATUS_FR } from './fr';

/**
 * What the command line (`concerto …`, src/cli) says, in French: its output lines, headings,
 * notes and its help (command and option descriptions). Read through domain/cli-words.ts
 * `cliWords(locale)`; catalogue/cli-en.ts CLI_EN has the same keys in English (environment
 * variable CONCERTO_LOCALE=en). Refusals are the error catalogue's (catalogue/fr.ts `fr`), the
 * same words as the chat channels.
 */

/** The kind of a round, at the start of a sentence. */
const roundKind = (survey: boolean) => (survey ? 'Évaluation' : 'Consultation');

export const CLI_FR = {
  locale: 'fr' as Locale,
  roundStatus: ROUND_STATUS_FR as Record<RoundStatus, string>,
  /** "11/12/2026 à 17:00", in the Caf's time zone. */
  date: (d: Date, timezone: string) => cliDate(d, timezone, 'fr'),
  written: (files: string[]) => `Écrit : ${files.join(', ')}`,

  /** main-cli.ts: the program, its help and what ends a command in error. */
  program: {
    description:
      'Concerto : consultations des partenaires sur le schéma directeur AVS et rappels d’agrément',
    caf: 'code de la Caf concernée (par défaut : DEFAULT_TENANT, 94)',
    help: 'affiche l’aide',
    helpCommand: 'affiche l’aide d’une commande',
    helpCommandName: 'help [commande]',
    afterError: '(concerto --help pour l’aide)',
    exitCodes: [
      '',
      'Code de sortie :',
      '  0  fait (enregistré)',
      '  1  refusé, ou base injoignable : rien n’a été enregistré',
      '  2  configuration invalide : rien n’a été fait',
      '  3  enregistré en partie (agrements import --skip-invalid : lignes refusées laissées de côté)',
      '  4  erreur inattendue : vérifiez ce qui a été enregistré (LOG_LEVEL=debug pour le détail)',
    ].join('\n'),
    error: (text: string) => `Erreur : ${text}`,
    deferred: (d: { deliveries: number; reminders: number }) => {
      const parts: string[] = [];
      if (d.deliveries > 0)
        parts.push(
          d.deliveries > 1 ? `les ${d.deliveries} messages partiront` : 'le message partira',
        );
      if (d.reminders > 0)
        parts.push(d.reminders > 1 ? 'les rappels seront programmés' : 'le rappel sera programmé');
      return (
        `Attention : Redis est injoignable. C’est enregistré ; ${parts.join(' et ')} ` +
        'quand Redis sera de nouveau joignable (le worker les reprend depuis la base).'
      );
    },
    redisUnreachable:
      'Erreur : Redis est injoignable (REDIS_URL). Rien n’a été modifié ; réessayez quand il répondra.',
    databaseUnreachable:
      'Erreur : la base de données est injoignable (DATABASE_URL). Rien n’a été enregistré ; ' +
      'vérifiez que PostgreSQL est démarré et joignable, puis réessayez.',
    databaseMissing: (name: string) =>
      `Erreur : la base de données « ${name} » n’existe pas sur le serveur ` +
      '(DATABASE_URL). Rien n’a été enregistré. Créez-la et appliquez les migrations avec : ' +
      'concerto db migrate',
    databaseAccessDenied:
      'Erreur : PostgreSQL refuse la connexion : l’utilisateur ou le mot de passe de ' +
      'DATABASE_URL est incorrect, ou n’a pas accès à cette base. Rien n’a été enregistré ; ' +
      'corrigez DATABASE_URL, puis réessayez.',
    databaseNotMigrated: (name: string) =>
      `Erreur : la base de données « ${name} » n’est pas initialisée ` +
      '(ses tables manquent). Rien n’a été enregistré. Appliquez les migrations avec : ' +
      'concerto db migrate',
    unexpected:
      'Erreur inattendue : la commande n’a pas abouti. Relancez-la avec LOG_LEVEL=debug pour ' +
      'voir le détail, et signalez-le si cela se reproduit.',
  },

  /** french.ts: what commander prints in English, in the CLI's language. */
  commander: {
    unknownCommand: (c: string) => `Erreur : commande inconnue « ${c} ».`,
    unknownOption: (o: string) => `Erreur : option inconnue « ${o} ».`,
    requiredOption: (o: string) => `Erreur : l'option obligatoire ${o} manque.`,
    missingArgument: (a: string) => `Erreur : l'argument « ${a} » manque.`,
    invalidChoice: (o: string, v: string, c: string) =>
      `Erreur : « ${v} » n'est pas une valeur possible de ${o} (valeurs : ${c}).`,
    optionMissingValue: (o: string) => `Erreur : l'option ${o} attend une valeur.`,
    tooManyArguments: (c: string, expected: string, got: string) =>
      `Erreur : trop d'arguments${c ? ` pour « ${c} »` : ''} (${expected} attendu${Number(expected) > 1 ? 's' : ''}, ${got} reçu${Number(got) > 1 ? 's' : ''}).`,
    didYouMean: '(Vouliez-vous dire $1 ?)',
    usage: 'Utilisation : ',
    options: 'Options :',
    commands: 'Commandes :',
    arguments: 'Arguments :',
    defaultOpen: '(par défaut : ',
    choicesOpen: '(valeurs : ',
    optionsPlaceholder: '[options]',
    commandPlaceholder: '[commande]',
    choices: (list: string) => `valeurs : ${list}`,
    default: (value: string) => `par défaut : ${value}`,
    separator: ' ; ',
  },

  /** output.ts: why a file could not be read or written. */
  fileProblem: {
    ENOENT: 'ce fichier ou ce dossier n’existe pas',
    EACCES: 'accès refusé (droits insuffisants)',
    EROFS: 'le disque est en lecture seule',
    ENOSPC: 'le disque est plein',
    ENOTDIR: 'un élément du chemin est un fichier, pas un dossier',
    EISDIR: 'c’est un dossier, pas un fichier',
    EEXIST: 'un fichier porte déjà ce nom',
  },

  /** import-progress.ts: the phases of an import and their amounts. */
  progress: {
    phases: {
      read: 'Lecture du fichier',
      check: 'Vérification',
      write: 'Écriture',
      plan: 'Rappels de renouvellement',
    },
    numberLocale: 'fr-FR',
    lines: (n: number, text: string) => `${text} ${plural(n, 'fr', 'ligne', 'lignes')}`,
    megabytes: (text: string) => `${text} Mo`,
    kilobytes: (text: string) => `${text} Ko`,
    bytes: ' octets',
    phaseDone: (phase: string, amount: string, seconds: string) =>
      `${phase} : ${amount} en ${seconds} s.`,
  },

  db: {
    description: 'Base de données',
    migrate:
      'Crée la base si besoin et applique les migrations (compatible avec prisma migrate deploy)',
    created: 'Base de données créée.',
    applied: (names: string[]) => `Migrations appliquées : ${names.join(', ')}.`,
    upToDate: (n: number) =>
      `Base à jour (${count(n, 'fr', 'migration déjà appliquée', 'migrations déjà appliquées')}).`,
  },

  seed: {
    description: 'Données de démonstration',
    demo: 'Charge la Caf du Val-de-Marne de démonstration : partenaires, 47 communes, agréments, projet v1, grille d’évaluation',
    ready: (r: {
      tenant: { name: string; code: string };
      communes: number;
      partners: { created: number; present: number };
      communeOrgs: { created: number; present: number };
      agrements: { created: number; present: number; reminders: number };
      draft: { title: string; version: number; created: boolean };
      grid: { title: string; code: string; unchanged: boolean };
      pilot: string | null;
      console: string;
    }) =>
      [
        `Caf de démonstration « ${r.tenant.name} » (code ${r.tenant.code}) prête.`,
        `  communes : ${r.communes}`,
        `  partenaires : ${count(r.partners.created, 'fr', 'créé', 'créés')}, ${count(r.partners.present, 'fr', 'déjà présent', 'déjà présents')}`,
        `  communes partenaires : ${count(r.communeOrgs.created, 'fr', 'créée', 'créées')}, ${count(r.communeOrgs.present, 'fr', 'déjà présente', 'déjà présentes')}`,
        `  agréments : ${count(r.agrements.created, 'fr', 'importé', 'importés')}, ${count(r.agrements.present, 'fr', 'déjà présent', 'déjà présents')}, ${count(r.agrements.reminders, 'fr', 'rappel programmé', 'rappels programmés')}`,
        `  projet : « ${r.draft.title} », version ${r.draft.version}${r.draft.created ? '' : ' (déjà importée)'}`,
        `  grille d'évaluation : « ${r.grid.title} » (${r.grid.code})${r.grid.unchanged ? ' (déjà importée)' : ''}`,
        `  pilote : ${r.pilot} (console web : ${r.console}/console ; lien de connexion : concerto console link ${r.pilot})`,
      ].join('\n'),
  },

  tenant: {
    description: 'Caf (locataire)',
    create: 'Crée une Caf, ou met à jour son nom si le code existe',
    code: 'code de la Caf, par exemple 94',
    nameFlags: '--name <nom>',
    name: 'nom, par exemple « Caf du Val-de-Marne »',
    timezoneFlags: '--timezone <fuseau>',
    timezone: 'fuseau horaire',
    saved: (created: boolean, name: string, code: string) =>
      `${created ? 'Caf créée' : 'Caf mise à jour'} : ${name} (code ${code}).`,
  },

  teams: {
    description:
      'Locataires Microsoft 365 dont les utilisateurs Teams peuvent parler au bot pour cette Caf (aucun : TEAMS_TENANT_ID)',
    add: 'Enregistre un locataire (ID de l’annuaire Entra, un GUID)',
    labelFlags: '--label <nom>',
    label: 'à qui il appartient, par exemple « Conseil départemental »',
    added: (id: string, label: string | null | undefined) =>
      `Locataire Microsoft 365 enregistré : ${id}${label ? ` (${label})` : ''}.`,
    remove: 'Retire un locataire',
    removed: (removed: boolean, id: string) =>
      removed ? `Locataire retiré : ${id}.` : `Ce locataire n’était pas enregistré : ${id}.`,
    list: 'Les locataires enregistrés',
    none: (fallback: string | undefined) =>
      `Aucun locataire enregistré : seul TEAMS_TENANT_ID${fallback ? ` (${fallback})` : ''} est accepté.`,
  },

  orgs: {
    description: 'Organisations partenaires',
    import:
      'Importe les organisations d’un CSV (code,name,kind,commune_insee[,email]) ; rien n’est importé si une ligne est invalide',
    imported: (r: { created: number; updated: number; unchanged: number }) =>
      `Organisations : ${r.created} créées, ${r.updated} mises à jour, ${r.unchanged} inchangées.`,
    contacts: (added: number, removed: number) =>
      `Contacts par courriel : ${added} ajouté${added > 1 ? 's' : ''}, ${removed} retiré${removed > 1 ? 's' : ''}.`,
    list: 'Liste les organisations de la Caf',
    kind: 'seulement ce type',
    line: (o: { code: string; kind: string; name: string; members: number; channels: number }) =>
      `${o.code.padEnd(14)} ${o.kind.padEnd(13)} ${o.name} (${count(o.members, 'fr', 'membre', 'membres')}, ${count(o.channels, 'fr', 'canal', 'canaux')})`,
    total: (n: number) => `${count(n, 'fr', 'organisation', 'organisations')}.`,
  },

  contacts: {
    description: 'Contacts par courriel des organisations (titulaire et suppléants)',
    add: 'Ajoute un contact : il reçoit par courriel les consultations où son organisation est invitée',
    nameFlags: '--nom <nom>',
    name: 'nom du contact (« Mme Durand, directrice »)',
    titular: 'contact titulaire (le titulaire précédent devient suppléant)',
    deputy: 'contact suppléant (par défaut, sauf pour le premier contact)',
    role: (titular: boolean): string => (titular ? 'titulaire' : 'suppléant'),
    added: (created: boolean, role: string, org: string, code: string, email: string) =>
      created
        ? `Contact ${role} ajouté à ${org} (${code}) : ${email}.`
        : `${email} était déjà contact de ${org} (${code}) : ${role}, mis à jour.`,
    remove: 'Retire un contact : il ne reçoit plus rien ; ses avis passés restent',
    removed: (org: string, code: string, email: string) =>
      `Contact retiré de ${org} (${code}) : ${email}.`,
    revoke:
      'Retire les liens de vote déjà envoyés à ce contact (les prochains courriels en portent de nouveaux)',
    revoked: (email: string, org: string) =>
      `Liens de vote retirés pour ${email} (${org}) : ils ne permettent plus de voter.`,
    list: 'Liste les contacts (de toutes les organisations, ou d’une seule)',
    none: 'Aucun contact.',
    total: (n: number) => `${n} contact${n > 1 ? 's' : ''}.`,
  },

  invite: {
    description: 'Codes d’invitation',
    create: 'Crée un code à usage unique à transmettre à une organisation (affiché une seule fois)',
    org: 'organisation (obligatoire pour un partenaire)',
    roleFlags: '--role <rôle>',
    role: 'rôle donné',
    days: 'jours de validité',
    code: (code: string) => `Code : ${code}`,
    observer: 'un observateur de la Caf',
    pilot: 'un pilote de la Caf',
    valid: (who: string, until: string) => `Pour ${who}, valable jusqu'au ${until}.`,
    join: `Dans Slack : ${commandText('slack', 'rejoindre <code>')} ; dans Teams : ${commandText('teams', 'rejoindre <code>')}.`,
  },

  round: {
    description: 'Consultations',
    create:
      'Prépare une consultation sur une version du projet (--version), ou une évaluation sur une grille (--grid)',
    version: 'version du projet (une consultation)',
    grid: 'grille d’évaluation (une évaluation : concerto grid list)',
    perFlags: '--per <qui>',
    per: 'avec --grid : une réponse par « organisation » ou par « personne »',
    anonymous: 'avec --grid --per personne : aucun nom demandé ni gardé',
    launchNow: 'ouvre aussitôt (comme concerto round launch)',
    schemaFlags: '--schema <schéma>',
    schema: 'schéma de cette version : son numéro (draft list) ou sa période',
    deadline: 'date limite : « 2026-12-11 17:00 », « 11/12/2026 », « +10min », « +3j »',
    orgs: 'organisations invitées : all (par défaut), ou codes séparés par des virgules ; facultatif pour une évaluation par personne',
    kinds: 'avec --orgs all seulement : ces types (virgules) ; refusé avec une liste de codes',
    remindersFlags: '--rappels <liste>',
    reminders: 'rappels avant la date limite, par exemple 7j,2j,matin',
    silence: "l'absence de réponse vaut avis favorable (consultation)",
    resultsFlags: '--resultats <quand>',
    results: 'résultats visibles des partenaires',
    created: (o: { number: number; invited: number; enjeux: number; deadline: string }) =>
      `Consultation n° ${o.number} préparée : ${count(o.invited, 'fr', 'organisation invitée', 'organisations invitées')}, ${count(o.enjeux, 'fr', 'enjeu', 'enjeux')}, date limite ${o.deadline}.`,
    launchIt: (n: number) => `Lancez-la avec : concerto round launch ${n}`,
    launch: 'Ouvre la consultation : invitations envoyées, rappels et clôture programmés',
    launched: (survey: boolean, n: number, invitations: number, reminders: number) =>
      `${roundKind(survey)} n° ${n} ouverte : ${count(invitations, 'fr', 'invitation', 'invitations')} en file d'envoi, ${count(reminders, 'fr', 'échéance programmée', 'échéances programmées')} (rappels et clôture).`,
    list: 'Liste les consultations',
    listLine: (o: {
      number: number;
      status: string;
      version: number | undefined;
      grid: string | undefined;
      invited: number;
      deadline: string;
    }) =>
      `n° ${o.number}  ${o.status.padEnd(14)} ${o.version !== undefined ? `v${o.version}` : `grille ${o.grid ?? '?'}`}  ${o.invited} invitées  échéance ${o.deadline}`,
    none: 'Aucune consultation.',
    status: 'Participation par enjeu et organisations sans réponse',
    statusHeading: (survey: boolean, n: number, status: string, deadline: string) =>
      `${roundKind(survey)} n° ${n} — ${status} — échéance ${deadline}`,
    draftHeading: (title: string, version: number) => `« ${title} », version ${version}`,
    answeredEverything: (text: string) => `Organisations ayant répondu à tout : ${text}`,
    bySilence: (codes: string[]) => `   favorables par silence : ${codes.join(', ')}`,
    missing: (codes: string[], more: number) =>
      `   sans réponse : ${codes.join(', ')}${more > 0 ? ` et ${more} autres` : ''}`,
    close:
      'Clôt la consultation et envoie les résultats (applique « silence vaut avis favorable » si prévu)',
    closed: (n: number, text: string) => `Consultation n° ${n} close : ${text}`,
    implicit: (n: number) =>
      `${count(n, 'fr', 'avis favorable', 'avis favorables')} par absence de réponse.`,
    resultsQueued: (n: number) =>
      `${count(n, 'fr', 'message', 'messages')} de résultats en file d'envoi.`,
    deadlineCommand: 'Change la date limite ; rappels et clôture sont reprogrammés',
    deadlineChanged: (
      survey: boolean,
      n: number,
      deadline: string,
      planned: number,
      cancelled: number,
    ) =>
      `${roundKind(survey)} n° ${n} : nouvelle date limite ${deadline} ; ${count(planned, 'fr', 'échéance reprogrammée', 'échéances reprogrammées')}, ${count(cancelled, 'fr', 'annulée', 'annulées')}.`,
    cancel: 'Annule une consultation en préparation ou ouverte',
    cancelled: (survey: boolean, n: number) => `${roundKind(survey)} n° ${n} annulée.`,
    remind: 'Relance maintenant les organisations qui n’ont pas répondu à tous les enjeux',
    nobodyToRemind: (survey: boolean, n: number) =>
      survey
        ? `Évaluation n° ${n} : toutes les organisations ont terminé, personne à relancer.`
        : `Consultation n° ${n} : toutes les organisations ont répondu, personne à relancer.`,
    reminded: (survey: boolean, n: number, orgs: string[], messages: number) =>
      `${roundKind(survey)} n° ${n} : ${count(orgs.length, 'fr', 'organisation relancée', 'organisations relancées')} (${count(messages, 'fr', 'message', 'messages')}) : ${orgs.join(', ') || '—'}.`,
    notReachable: (orgs: string[]) => `Sans canal pour les joindre : ${orgs.join(', ')}.`,
    export:
      'Exporte les résultats : CSV (une ligne par organisation et par enjeu), classeur XLSX, PDF, synthèse Markdown',
    exportFormats: (formats: string[]) => `${formats.join(', ')} (ou une liste : csv,md)`,
    outFlags: '--out <dossier>',
    out: 'dossier de sortie',
  },

  avis: {
    description: 'Avis',
    record:
      "Enregistre l'avis qu'une organisation a envoyé par courrier ou par mail, pour son compte",
    round: 'consultation',
    org: 'organisation',
    enjeu: 'numéro de l’enjeu, ou « tous »',
    avisFlags: '--avis <choix>',
    avis: 'favorable, favorable_avec_reserves, defavorable ou abstention',
    commentFlags: '--commentaire <texte>',
    comment: 'motif ou commentaire (obligatoire pour défavorable et réserves)',
    sourceFlags: '--source <texte>',
    source: "d'où vient l'avis, par exemple « courrier du 3 décembre »",
    recorded: (org: string, enjeux: number, choice: string) =>
      `Avis enregistré pour ${org} sur ${count(enjeux, 'fr', 'enjeu', 'enjeux')} : ${choice} (saisi pour le compte de l'organisation).`,
  },

  agrements: {
    description: 'Registre des agréments',
    importFlags: 'import <fichier>',
    import:
      'Importe le registre, classeur Excel (.xlsx) ou CSV (colonnes structure_code, structure_name, kind, commune_insee, start_date, end_date) ; vérifie toutes les lignes, dans le fichier et avec la base, avant d’écrire',
    skipInvalid: 'importe les lignes acceptées et signale les autres',
    update:
      'enregistre le nom ou la commune d’une structure connue quand le fichier en donne d’autres',
    dryRun: 'montre ce que l’import changerait, sans rien écrire',
    exitCodes: [
      '',
      'Codes de sortie :',
      '  0  tout le fichier est dans la base (enregistré maintenant ou déjà présent)',
      '  1  rien n’a été enregistré (lignes refusées sans --skip-invalid, fichier illisible…)',
      '  3  enregistré en partie : des lignes refusées ont été laissées de côté (--skip-invalid)',
      'Avec --dry-run, rien n’est écrit et le code est celui que donnerait l’import.',
    ].join('\n'),
    excel: 'classeur Excel',
    csv: (encoding: string, separator: string | undefined) =>
      `CSV ${encoding}, séparateur « ${separator} »`,
    tab: 'tabulation',
    fileRead: (source: string, rows: number) =>
      `Fichier lu : ${source}, ${count(rows, 'fr', 'ligne', 'lignes')} de données.`,
    nameChange: (from: string, to: string) => `nom « ${from} » → « ${to} »`,
    communeChange: (from: string | null, to: string) => `commune ${from ?? '(aucune)'} → ${to}`,
    structureUpdated: (line: number, code: string, would: boolean, what: string) =>
      `ligne ${line} : structure ${code} ${would ? 'serait mise à jour' : 'mise à jour'} (${what}).`,
    lineRefused: (line: number, message: string) => `ligne ${line} refusée : ${message}`,
    dryRunResult: (r: {
      created: number;
      structuresCreated: number;
      structuresUpdated: number;
      alreadyPresent: number;
      refused: number;
    }) =>
      `Simulation (--dry-run), rien n’a été enregistré. L’import donnerait : ${count(r.created, 'fr', 'agrément créé', 'agréments créés')}, ${count(r.structuresCreated, 'fr', 'structure créée', 'structures créées')}, ${count(r.structuresUpdated, 'fr', 'structure mise à jour', 'structures mises à jour')}, ${r.alreadyPresent} ${plural(r.alreadyPresent, 'fr', 'agrément inchangé', 'agréments inchangés')}, ${count(r.refused, 'fr', 'ligne refusée', 'lignes refusées')}.`,
    dryRunFix:
      'Corrigez les lignes refusées, ou relancez avec --skip-invalid pour importer les autres.',
    result: (r: {
      created: number;
      alreadyPresent: number;
      refused: number;
      structuresCreated: number;
      structuresUpdated: number;
      remindersPlanned: number;
    }) =>
      `Agréments : ${count(r.created, 'fr', 'importé', 'importés')}, ${r.alreadyPresent} déjà ${plural(r.alreadyPresent, 'fr', 'présent', 'présents')}, ${count(r.refused, 'fr', 'ligne refusée', 'lignes refusées')}, ${count(r.structuresCreated, 'fr', 'structure créée', 'structures créées')}, ${count(r.structuresUpdated, 'fr', 'structure mise à jour', 'structures mises à jour')}, ${count(r.remindersPlanned, 'fr', 'rappel de renouvellement programmé', 'rappels de renouvellement programmés')}.`,
    refusedSaved:
      'Les lignes refusées n’ont pas été importées : corrigez-les puis relancez l’import (les lignes déjà importées ne seront pas dupliquées).',
    refusedNothingSaved:
      'Rien n’a été enregistré : corrigez les lignes refusées puis relancez l’import.',
    list: 'Liste les agréments en cours qui se terminent bientôt',
    endingWithinFlags: '--ending-within <durée>',
    endingWithin: 'se terminant dans ce délai : 6m, 90j, 2s, 1a',
    noneEnding: (until: string) => `Aucun agrément en cours ne se termine d'ici le ${until}.`,
    ending: (n: number, until: string) =>
      `${count(n, 'fr', 'agrément', 'agréments')} ${plural(n, 'fr', 'se termine', 'se terminent')} d'ici le ${until} :`,
    period: (start: string, end: string, status: string) => `  du ${start} au ${end}, ${status}`,
    nextReminder: (label: string, when: string) => `  prochain rappel : ${label}, ${when}`,
    noReminder: '  aucun rappel programmé',
    evaluation: (text: string) => `  évaluation : ${text}`,
    id: (id: string) => `  id : ${id}`,
  },

  agrement: {
    description: "Un agrément : fiche, renouvellement, clôture, grille d'évaluation",
    showFlags: 'show <id-ou-code>',
    show: "Montre un agrément (par son id, ou le dernier de la structure par son code) : période, prochain rappel et, s'il y en a une, l'évaluation envoyée à la structure et où en sont ses réponses",
    grid: (step: string) =>
      `Choisit la grille d'évaluation que la Caf envoie d'elle-même à chaque structure (centre social, EVS) arrivée à l'étape ${step} du calendrier de renouvellement (8 mois avant la fin de l'agrément) ; ses réponses s'affichent à côté de l'agrément. Sans code : montre la grille choisie ; --aucune : n'en envoie plus`,
    gridCommand: 'grille [code]',
    noneFlag: '--aucune',
    none: "n'envoie plus de grille à cette étape",
    step: (label: string) => `« ${label} »`,
    notBoth: 'Donnez un code de grille ou --aucune, pas les deux.',
    gridSent: (step: string, title: string, code: string) =>
      `Grille envoyée à l'étape ${step} : « ${title} » (${code}).`,
    noGridSent: (step: string) => `Aucune grille n'est envoyée à l'étape ${step}.`,
    gridAttached: (title: string, code: string, step: string) =>
      `Grille « ${title} » (${code}) attachée au calendrier des agréments : à l'étape ${step} (8 mois avant la fin), chaque structure reçoit cette grille à remplir, une fois par agrément, avec le rappel.`,
    gridAnswers: 'Ses réponses : concerto agrement show <code de la structure>.',
    gridDetached: (step: string, previous: string | undefined) =>
      `Plus aucune grille n'est envoyée à l'étape ${step}${previous ? ` (c'était ${previous})` : ''} ; les évaluations déjà envoyées restent.`,
    renew:
      "Enregistre le renouvellement : nouvelle période, rappels de l'ancienne annulés, nouveaux rappels programmés",
    until: 'dernier jour de la nouvelle période : 2031-06-30 ou 30/06/2031',
    renewed: (org: string, start: string, end: string) =>
      `Agrément de ${org} renouvelé du ${start} au ${end}.`,
    renewedReminders: (cancelled: number, planned: number) =>
      `${count(cancelled, 'fr', "rappel de l'ancienne période annulé", "rappels de l'ancienne période annulés")}, ${count(planned, 'fr', 'programmé', 'programmés')}.`,
    newAgrement: (id: string) => `Nouvel agrément : ${id}`,
    end: 'Clôt un agrément sans renouvellement : ses rappels restants sont annulés',
    reasonFlags: '--motif <texte>',
    reason: 'motif, gardé dans le journal',
    ended: (org: string, cancelled: number) =>
      `Agrément de ${org} clos ; ${count(cancelled, 'fr', 'rappel annulé', 'rappels annulés')}.`,
  },

  reminders: {
    description: 'Rappels programmés',
    list: 'Liste les rappels programmés (consultations et agréments)',
    dueWithinFlags: '--due-within <durée>',
    dueWithin: 'dus dans ce délai : 7j, 2s, 1m',
    none: (until: string) => `Aucun rappel programmé d'ici le ${until}.`,
    heading: (n: number, until: string) =>
      `${count(n, 'fr', 'rappel programmé', 'rappels programmés')} d'ici le ${until} :`,
    roundSubject: (n: number) => `consultation n° ${n}`,
    late: ' (en retard : le worker tourne-t-il ?)',
    roundClose: 'Clôture de la consultation',
    roundReminder: (spec: string) => `Rappel aux organisations sans réponse (${spec})`,
  },

  queue: {
    description: 'Files de travaux (Redis)',
    failed: 'Envois et rappels en échec définitif, avec leur motif',
    limit: 'nombre maximum affiché',
    noFailure: 'Aucun envoi ni rappel en échec définitif.',
    failures: (n: number) => `${n} en échec définitif :`,
    attempts: (n: number) => `, ${count(n, 'fr', 'tentative', 'tentatives')}`,
    reason: (reason: string) => `  motif : ${reason}`,
    retryHint: 'Pour renvoyer : concerto queue retry <id> (ou --all).',
    orphans: (n: number) => `\n${n} travail(aux) en échec dans Redis sans envoi associé :`,
    orphan: (queue: string, name: string, id: string, reason: string) =>
      `• ${queue} / ${name} #${id} — motif : ${reason}`,
    redisUnreachable: '\n(Redis injoignable : les travaux en échec de la file ne sont pas listés.)',
    retry: 'Renvoie des envois (ou relance des rappels) en échec définitif',
    all: 'tous les échecs de la Caf',
    nothingToRetry: 'Aucun échec à renvoyer.',
    deliveriesRequeued: (n: number) => `${count(n, 'fr', 'envoi remis', 'envois remis')} en file.`,
    remindersRequeued: (n: number) => `${count(n, 'fr', 'rappel remis', 'rappels remis')} en file.`,
  },

  evaluation: {
    description: 'Évaluations sur une grille remplies une fois par personne (journée, tables)',
    perOrganisation: 'une réponse par organisation',
    perPerson: (anonymous: boolean) => `une réponse par personne${anonymous ? ', anonyme' : ''}`,
    created: (o: {
      number: number;
      grid: string;
      mode: string;
      invited: number;
      deadline: string;
    }) =>
      `Évaluation n° ${o.number} préparée sur la grille « ${o.grid} » : ${o.mode}, ${count(o.invited, 'fr', 'organisation invitée', 'organisations invitées')}, date limite ${o.deadline}.`,
    eventLinkAndCodes: (link: string, n: number) =>
      `Lien de la journée : ${link} ; codes des participants : concerto evaluation codes ${n} --table "Table 1" --nombre 8`,
    state: (state: 'finished' | 'draft' | 'not_started', filled: number, total: number) =>
      state === 'finished'
        ? 'terminée'
        : state === 'draft'
          ? `brouillon (${filled} ${filled > 1 ? 'cases' : 'case'} sur ${total})`
          : 'rien',
    gridHeading: (title: string, code: string, mode: string) =>
      `Grille « ${title} » (${code}), ${mode}`,
    organisationsFinished: (finished: number, invited: number | null, started: number) =>
      `Terminées : ${finished} sur ${invited} ; commencées : ${started}`,
    organisationLine: (code: string, name: string, state: string) =>
      `  ${code}  ${name} : ${state}`,
    answersFinished: (finished: number, started: number) =>
      `Réponses terminées : ${finished} ; commencées : ${started}`,
    eventLink: (link: string) => `Lien de la journée : ${link}`,
    noCodes: (n: number) =>
      `Aucun code de participant : concerto evaluation codes ${n} --table "Table 1" --nombre 8`,
    noTable: '(sans table)',
    tableLine: (t: {
      table: string;
      codes: number;
      joined: number;
      started: number;
      finished: number;
    }) =>
      `  ${t.table} : ${count(t.codes, 'fr', 'code', 'codes')}, ${t.joined} ${t.joined > 1 ? 'utilisés' : 'utilisé'}, ${t.started} en cours, ${t.finished} ${t.finished > 1 ? 'terminées' : 'terminée'}`,
    codes:
      'Tire des codes de participant pour une table ; chacun ouvre le lien de la journée et tape le sien',
    tableFlags: '--table <nom>',
    table: 'la table, par exemple « Table 3 »',
    countFlags: '--nombre <n>',
    count: 'combien de codes',
    codesDrawn: (n: number, table: string, codes: number) =>
      `Évaluation n° ${n}, ${table} : ${count(codes, 'fr', 'code tiré', 'codes tirés')}.`,
    participants: 'Les participants, table par table, et où en est chacun',
    participantsHeading: (n: number, participants: number, link: string) =>
      `Évaluation n° ${n} : ${count(participants, 'fr', 'participant', 'participants')} ; lien de la journée : ${link}`,
    participantState: { finished: 'terminée', draft: 'en cours', not_started: 'pas commencée' },
    codeUnused: '  (code pas encore utilisé)',
  },

  drafts: {
    description: 'Projets de schéma directeur',
    importFlags: 'import <fichier>',
    import:
      'Importe une version du projet : un document Word (.docx : titre en style « Titre 1 », un enjeu par « Titre 2 ») ou un fichier Markdown (en-tête caf/title/period/version, un enjeu par titre ##)',
    periodFlags: '--period <période>',
    period:
      'document Word : période du schéma, par exemple 2026-2030 (sinon la propriété « Période » du document)',
    version: 'document Word : numéro de la version (sinon la propriété « Version » du document)',
    imported: (o: {
      created: boolean;
      title: string;
      version: number;
      schema: number;
      period: string;
      enjeux: number;
    }) =>
      `${o.created ? 'Version importée' : 'Version déjà importée, inchangée'} : « ${o.title} », version ${o.version} du schéma n° ${o.schema} (${o.period}), ${count(o.enjeux, 'fr', 'enjeu', 'enjeux')} :`,
    markdownNote:
      'Note : --period et --version ne servent qu’aux documents Word ; l’en-tête du Markdown a été suivi.',
    list: 'Liste les schémas et leurs versions importées',
    none: 'Aucun projet importé (concerto draft import <fichier>).',
    schema: (label: string) => `Schéma ${label}`,
    /** « n° 2 « Schéma directeur AVS » (2026-2030) ». */
    schemaLabel: (s: { number: number; title: string; period: string }) =>
      `n° ${s.number} « ${s.title} » (${s.period})`,
    listLine: (version: number, title: string, enjeux: number) =>
      `  v${version}  ${title} — ${count(enjeux, 'fr', 'enjeu', 'enjeux')}`,
    showFlags: 'show <schéma-ou-version> [version]',
    show: 'Affiche une version : « draft show <schéma> <version> », ou « draft show <version> » si un seul schéma a ce numéro',
    schemaFlags: '--schema <schéma>',
    schemaOption: 'numéro du schéma (voir draft list) ou sa période',
    heading: (title: string, version: number) => `« ${title} », version ${version}`,
    details: (o: { schema: number; period: string; importedAt: Date; enjeux: number }) =>
      `Schéma n° ${o.schema}, période ${o.period} ; importée le ${o.importedAt.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' })} ; ${count(o.enjeux, 'fr', 'enjeu', 'enjeux')}.`,
  },

  grids: {
    description: "Grilles d'évaluation (journée départementale) : niveaux × questions",
    importFlags: 'import <fichier>',
    import:
      'Importe une grille (YAML : code, titre, questions, niveaux, notation ; ou Markdown : en-tête et un tableau)',
    freeOnly: 'contribution libre seulement',
    allRated: (steps: number) => `toutes notées sur ${steps} échelons`,
    someRated: (rated: number, steps: number) =>
      `${count(rated, 'fr', 'notée', 'notées')} sur ${steps} échelons`,
    size: (levels: number, questions: number, cells: number, rating: string) =>
      `${count(levels, 'fr', 'niveau', 'niveaux')} × ${count(questions, 'fr', 'question', 'questions')}, ${count(cells, 'fr', 'case', 'cases')} (${rating})`,
    outcome: {
      created: 'Grille importée',
      updated: 'Grille remplacée',
      unchanged: 'Grille déjà importée, inchangée',
    },
    imported: (what: string, title: string, code: string, size: string) =>
      `${what} : « ${title} » (${code}), ${size}.`,
    list: 'Liste les grilles de la Caf',
    none: 'Aucune grille : importez-en une avec concerto grid import <fichier>.',
    listLine: (code: string, title: string, size: string) => `${code}  « ${title} »  ${size}`,
    show: 'Affiche une grille : ses questions, ses niveaux et son échelle de notation',
    heading: (title: string, code: string) => `« ${title} » (${code})`,
    questions: '\nQuestions (colonnes) :',
    rated: ' [notée]',
    levels: 'Niveaux (lignes) :',
    ratingScale: 'Échelle de notation :',
    cellHelp: 'Consignes de cases :',
  },

  slack: {
    description: 'Installations Slack (OAuth)',
    reencrypt:
      'Chiffre avec CONCERTO_ENCRYPTION_KEY les installations Slack en clair ou chiffrées avec une ancienne clé (CONCERTO_ENCRYPTION_OLD_KEYS)',
    reencrypted: (n: number, keyId: string, unchanged: number) =>
      `Installations Slack : ${count(n, 'fr', 'chiffrée', 'chiffrées')} avec la clé ${keyId}, ${unchanged} déjà à jour.`,
  },

  oidc: {
    description:
      "Fournisseur d'identité de la Caf (OpenID Connect) pour la connexion des pilotes à la console",
    set: "Configure (ou remplace) le fournisseur d'identité de la Caf : « Se connecter avec … » sur /console/connexion?caf=<code>",
    issuer: "adresse de l'émetteur (https://…), celle de sa découverte",
    clientId: 'identifiant du client Concerto chez le fournisseur',
    secretEnv:
      "nom de la variable d'environnement qui contient le secret du client (jamais le secret lui-même)",
    seal: 'lit le secret maintenant et le garde chiffré en base (CONCERTO_ENCRYPTION_KEY) au lieu de le relire dans la variable à chaque connexion',
    nameFlags: '--nom <nom>',
    name: 'nom du fournisseur sur le bouton (défaut : son nom de domaine)',
    configured: (label: string, issuer: string) =>
      `Fournisseur d'identité configuré : ${label} (${issuer}).`,
    secret: (secret: string) => `Secret du client : ${secret}.`,
    callbackToDeclare: (url: string) =>
      `Adresse de retour à déclarer chez le fournisseur : ${url}/console/connexion/oidc/retour`,
    show: "Affiche le fournisseur d'identité de la Caf (sans son secret)",
    provider: (label: string) => `Fournisseur : ${label}`,
    issuerLine: (issuer: string) => `Émetteur : ${issuer}`,
    client: (id: string) => `Client : ${id}`,
    secretLine: (secret: string) => `Secret du client : ${secret}`,
    callback: (url: string) => `Adresse de retour : ${url}/console/connexion/oidc/retour`,
    remove:
      "Retire le fournisseur d'identité : les pilotes se connectent par lien reçu par courriel",
    removed: "Fournisseur d'identité retiré : connexion par lien reçu par courriel seulement.",
  },

  pilots: {
    description: 'Pilotes de la Caf : ils se connectent à la console web (/console) par courriel',
    add: 'Ajoute un pilote avec son adresse (ou fait pilote le membre qui l’a déjà) : il peut demander un lien de connexion sur /console/connexion',
    nameFlags: '--nom <nom>',
    name: 'nom affiché (« Mme Martin, chargée de mission AVS »)',
    saved: (created: boolean, name: string, email: string | null, url: string) =>
      `${created ? 'Pilote ajouté' : 'Pilote mis à jour'} : ${name} <${email}>. Connexion : ${url}/console`,
    list: 'Liste les pilotes de la Caf et leur adresse',
    noAddress: '(sans adresse)',
    none: 'Aucun pilote.',
    total: (n: number) => `${n} pilote${n > 1 ? 's' : ''}.`,
    console: 'Console web des pilotes',
    link: 'Affiche un lien de connexion à la console pour ce pilote (15 minutes, à usage unique), sans l’envoyer par courriel',
    linkFor: (name: string) =>
      `Lien de connexion pour ${name} (valable 15 minutes, une seule fois) :`,
  },

  processes: {
    web: 'Démarre le serveur HTTP (Slack, Teams, onglet, santé, tableau de bord des files)',
    worker:
      'Démarre le worker : envois, rappels, clôtures automatiques, balayage, synthèse hebdomadaire',
    all: 'Serveur HTTP et worker dans un seul processus (usage local)',
  },

  suivi: {
    description:
      'Suites données aux avis (réserves, défavorables, commentaires) d’une consultation close',
    list: 'Liste les avis qui appellent une suite, avec la suite enregistrée ou « à faire »',
    heading: (n: number, status: string, title: string, version: number) =>
      `Consultation n° ${n} (${status}) : ${title}, version ${version}`,
    none: 'Aucun avis avec réserves, défavorable ou commenté : aucune suite à donner.',
    item: (enjeu: number, code: string, name: string, choice: string) =>
      `Enjeu ${enjeu} · ${code} (${name}) · ${choice}`,
    comment: (text: string) => `  Commentaire : ${text}`,
    response: (text: string) => `  Réponse : ${text}`,
    justification: (text: string) => `  Justification : ${text}`,
    nextEnjeu: (text: string) => `  Enjeu suivant : ${text}`,
    /** The enjeu of a later version that answers an avis. */
    nextEnjeuText: (e: { version: number; position: number; title: string }) =>
      `version ${e.version}, enjeu ${e.position} : ${e.title}`,
    toDo: '  Réponse : à faire',
    allDone: (n: number) =>
      `${count(n, 'fr', 'avis', 'avis')} : toutes les suites sont enregistrées.`,
    pending: (n: number, pending: number) =>
      `${count(n, 'fr', 'avis', 'avis')}, dont ${pending} sans suite enregistrée.`,
    notClosed: 'Les suites s’enregistrent une fois la consultation close.',
    set: 'Enregistre (ou remplace) la suite donnée à l’avis d’une organisation sur un enjeu',
    org: 'organisation',
    enjeu: 'numéro de l’enjeu dans la version de la consultation',
    responseFlags: '--reponse <réponse>',
    responseOption: 'retenue, partielle, non-retenue ou sans-objet',
    justificationFlags: '--justification <texte>',
    justificationOption: (max: number) =>
      `ce que la Caf a fait de l’avis, et pourquoi (${max} caractères au plus)`,
    nextEnjeuOption:
      'enjeu de la version suivante qui y répond : 3, ou 2.3 pour l’enjeu 3 de la version 2',
    recorded: (o: {
      replaced: boolean;
      round: number;
      enjeu: number;
      org: string;
      response: string;
      next: string | undefined;
    }) =>
      `${o.replaced ? 'Suite remplacée' : 'Suite enregistrée'} : consultation n° ${o.round}, enjeu ${o.enjeu}, ${o.org} — ${o.response}${o.next ? ` (${o.next})` : ''}.`,
  },
};

export type CliWords = typeof CLI_FR;
