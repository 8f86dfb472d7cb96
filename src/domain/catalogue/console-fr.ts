import { AVIS_CHANNEL_LABELS } from '../avis';
import { count, plural } from '../format';
import { organisationsAnsweredEverything } from '../round-messages';
import type { AvisChannel, Locale, RoundStatus } from '../types';
import { CHAT_FR, ROUND_STATUS_FR } from './fr';

/** A grid's size: « 3 niveaux × 4 questions, 12 cases ». */
const gridSize = (levels: number, questions: number, cells: number) =>
  `${count(levels, 'fr', 'niveau', 'niveaux')} × ${count(questions, 'fr', 'question', 'questions')}, ${count(cells, 'fr', 'case', 'cases')}`;

/**
 * The words of the pilots' web console (src/http/console*.ts), in French; console-en.ts
 * CONSOLE_EN says the same in English, with the same keys and parameters. Read through
 * domain/console-words.ts `consoleWords(locale)`. What the chat channels already say for the
 * same thing is taken from CHAT_FR, ROUND_STATUS_FR, round-messages.ts and the refusals (fr.*),
 * never worded a second time.
 *
 * These are trusted texts written into HTML as they are: they hold no markup of their own. A
 * parameter named `…Html` is an HTML fragment the page has already escaped (a name in
 * <strong>, a title, a link); the other string parameters are the page's to escape too, before
 * or after (the page escapes every user text).
 */
export const CONSOLE_FR = {
  /** `<html lang>`. */
  lang: 'fr' as Locale,
  /** Luxon formats: a cast or recorded time, an agrément's date. */
  dateTime: "d LLL yyyy 'à' HH'h'mm",
  date: 'd LLLL yyyy',
  status: ROUND_STATUS_FR as Record<RoundStatus, string>,
  /** How an avis reached Concerto (the exports' words, domain/avis.ts). */
  channels: AVIS_CHANNEL_LABELS as Record<AvisChannel, string>,
  deadline: CHAT_FR.deadline,
  enjeu: CHAT_FR.avisForm.enjeu,
  needsReason: CHAT_FR.avisForm.needsReason,
  /** « 2 organisations sur 4 ont répondu à tous les enjeux » (round-messages.ts). */
  answeredEverything: (complete: number, invited: number) =>
    organisationsAnsweredEverything(complete, invited, 'fr'),

  layout: {
    console: 'console des pilotes',
    pageTitle: (titleHtml: string) => `${titleHtml} — Console des pilotes — Concerto`,
    skip: 'Aller au contenu',
    nav: 'Console',
    rounds: 'Consultations',
    agrements: 'Agréments à renouveler',
    grids: 'Grilles d’évaluation',
    signOut: 'Se déconnecter',
    backToConsole: 'Revenir à la console',
    allRounds: 'Toutes les consultations',
  },

  signIn: {
    title: 'Connexion',
    heading: 'Connexion à la console des pilotes',
    withAccountOf: (tenantHtml: string) => `Avec votre compte de ${tenantHtml}`,
    withProvider: (labelHtml: string) => `Se connecter avec ${labelHtml}`,
    orByLink: 'Ou par un lien reçu par courriel',
    loggedOut: 'Vous êtes déconnecté.',
    sent: "Si cette adresse est celle d'un pilote de la Caf, un lien de connexion vient de lui être envoyé par courriel. Il est valable 15 minutes et ne sert qu'une fois.",
    intro:
      'La console permet aux pilotes de la Caf de suivre et de conduire les consultations sur le schéma directeur. Indiquez votre adresse électronique : vous recevrez un lien de connexion.',
    email: 'Adresse électronique',
    emailHint: 'Celle que la Caf a enregistrée pour vous, par exemple prenom.nom@caf94.fr.',
    send: 'Recevoir un lien de connexion',
    newLink: 'Demander un nouveau lien de connexion',
    as: (nameHtml: string, tenantHtml: string) =>
      `Vous allez vous connecter en tant que ${nameHtml}, pilote de ${tenantHtml}.`,
    submit: 'Se connecter',
    refused: 'Connexion refusée',
    throttled: (reason: string) => `Trop de demandes. ${reason}`,
  },

  formExpiredTitle: 'Formulaire expiré',
  formExpired:
    "Le formulaire a expiré ou n'a pas été envoyé depuis la console : rechargez la page et recommencez. Rien n'a été modifié.",
  roundNotFoundTitle: 'Consultation introuvable',

  /** What a page says after an action (`?fait=…`). */
  done: {
    consultationPrepared: 'Consultation préparée : vérifiez-la, puis lancez-la.',
    consultationLaunched: (n: number) =>
      `Consultation ouverte : ${count(n, 'fr', 'invitation', 'invitations')} en file d'envoi ; rappels et clôture programmés.`,
    surveyPrepared: 'Évaluation préparée : vérifiez-la puis lancez-la.',
    surveyLaunched: (n: number) =>
      `Évaluation ouverte : ${count(n, 'fr', 'invitation', 'invitations')} en file d'envoi, rappels et clôture programmés.`,
    reminded: (n: number) =>
      n > 0
        ? `Relance envoyée à ${count(n, 'fr', 'organisation', 'organisations')}.`
        : 'Aucune organisation à relancer joignable.',
    deadline: 'Date limite changée : rappels et clôture reprogrammés, organisations prévenues.',
    consultationClosed:
      'Consultation close : les résultats partent vers les organisations et les pilotes.',
    surveyClosed: 'Évaluation close : les résultats partent vers les organisations et les pilotes.',
    consultationCancelled: 'Consultation annulée.',
    surveyCancelled: 'Évaluation annulée.',
    proxyAvis: (n: number) =>
      `Avis enregistré pour le compte de l'organisation sur ${count(n, 'fr', 'enjeu', 'enjeux')}.`,
    followup: 'Suite enregistrée.',
  },

  rounds: {
    caption: 'Consultations de la Caf, de la plus récente à la plus ancienne',
    round: 'Consultation',
    subject: 'Projet ou grille',
    state: 'État',
    participation: 'Participation',
    consultation: (n: number) => `Consultation n° ${n}`,
    evaluation: (n: number) => `Évaluation n° ${n}`,
    version: (titleHtml: string, version: number) => `${titleHtml} (version ${version})`,
    none: 'Aucune consultation pour l’instant.',
    prepare: 'Préparer une nouvelle consultation',
  },

  /** « une réponse par organisation », « une réponse par personne, anonyme » */
  surveyMode: (r: { answerMode: 'organisation' | 'person'; anonymous: boolean }) =>
    r.answerMode === 'organisation'
      ? 'une réponse par organisation'
      : `une réponse par personne${r.anonymous ? ', anonyme' : ''}`,
  /** « 2 terminées sur 5 organisations, 3 commencées » or « 4 terminées, 6 commencées ». */
  surveyParticipation: (p: { invited: number | null; started: number; finished: number }) => {
    const finished = count(p.finished, 'fr', 'terminée', 'terminées');
    const started = count(p.started, 'fr', 'commencée', 'commencées');
    return p.invited === null
      ? `${finished}, ${started}`
      : `${finished} sur ${count(p.invited, 'fr', 'organisation', 'organisations')}, ${started}`;
  },

  /** Sections shared by a consultation's page and an evaluation's. */
  action: {
    launch: 'Lancer',
    remind: 'Relancer',
    deadline: 'Changer la date limite',
    newDeadline: 'Nouvelle date limite',
    deadlineHint: (timezone: string) =>
      `Heure de la Caf (${timezone}). Rappels et clôture sont reprogrammés ; les organisations invitées sont prévenues.`,
    closeOrCancel: 'Clore ou annuler',
    exports: 'Exports',
    xlsx: 'Télécharger le classeur des résultats (Excel, XLSX)',
    state: 'État',
    participation: 'Participation',
  },

  round: {
    organisation: 'Organisation',
    noAnswer: 'sans réponse',
    castAt: (date: string) => `le ${date}`,
    charts: 'Résultats par enjeu',
    chart: (subject: string) => `Enjeu ${subject}`,
    launchText:
      'Les invitations partent vers chaque organisation invitée ; les rappels et la clôture sont programmés.',
    launchButton: 'Lancer la consultation',
    remindText:
      "Un rappel part maintenant vers les organisations qui n'ont pas répondu à tous les enjeux, dans le fil de leur invitation.",
    remindButton: 'Relancer les organisations sans réponse',
    proxy: 'Enregistrer un avis reçu par courrier',
    proxyText:
      "Pour une organisation qui a répondu par courrier ou par mail : l'avis est enregistré pour son compte, marqué « saisi par la Caf » dans le tableau et les exports.",
    allEnjeux: 'Tous les enjeux',
    enjeuLabel: 'Enjeu',
    avis: 'Avis',
    comment: 'Commentaire',
    commentHint: (max: number) =>
      `Obligatoire pour un avis défavorable ou avec réserves ; ${max} caractères au plus.`,
    source: 'Reçu par (courrier, mail…)',
    sourceHint: "Par exemple « courrier du 3 décembre » : gardé avec l'avis et dans les exports.",
    proxyButton: "Enregistrer l'avis",
    closeText: (silenceMeansFavorable: boolean) =>
      `Clore maintenant : les résultats partent vers les organisations invitées et les pilotes${silenceMeansFavorable ? ' ; les organisations sans réponse sont réputées favorables' : ''}.`,
    closeButton: 'Clore la consultation maintenant',
    cancelText: (open: boolean) =>
      `Annuler : la consultation s'arrête sans résultats${open ? ' ; les organisations invitées sont prévenues' : ''}.`,
    cancelButton: 'Annuler la consultation',
    followups: 'Suites données aux avis',
    followupsText:
      'Pour chaque réserve, avis défavorable ou commentaire : ce que la Caf en a fait, et pourquoi (tableau de prise en compte des avis).',
    followupsLink: 'Enregistrer les suites données aux avis',
    pdf: 'Télécharger la synthèse (PDF)',
    csv: 'Télécharger le tableau des avis (CSV pour Excel)',
    md: 'Télécharger la synthèse par enjeu (Markdown)',
    heading: (n: number, titleHtml: string, version: number) =>
      `Consultation n° ${n} : ${titleHtml} (version ${version})`,
    silence: 'Sans réponse',
    silenceYes: 'vaut avis favorable à la clôture',
    silenceNo: 'ne vaut pas avis',
    results: 'Résultats',
    resultsDuring: 'visibles des partenaires pendant la consultation',
    resultsAfter: 'communiqués aux partenaires à la clôture',
    matrix: 'Avis par organisation et par enjeu',
    matrixCaption: (organisations: number, enjeux: number) =>
      `Avis ${organisations > 1 ? `des ${organisations} organisations invitées` : 'de l’organisation invitée'} sur ${enjeux > 1 ? `les ${enjeux} enjeux` : 'l’enjeu'} : chaque avis avec son commentaire, qui l'a donné, quand et par quel canal`,
    /** A consultation's pages where the pilot may not steer it: said like the chat's refusal. */
    notFound: (ref: string) => `Aucune consultation « ${ref} » dans votre Caf.`,
    /** The same reason missing on every enjeu of « Tous les enjeux »: said once. */
    reasonsMissing:
      'Un avis défavorable ou favorable avec réserves doit être motivé : écrivez le motif dans le commentaire.',
  },

  newRound: {
    title: 'Nouvelle consultation',
    kind: 'Sorte',
    kindConsultation: 'Consultation sur un projet : un avis par enjeu',
    kindEvaluation: 'Évaluation sur une grille : des contributions case par case',
    forEvaluation: 'Pour une évaluation sur une grille',
    grid: 'Grille d’évaluation',
    who: 'Qui répond',
    perOrganisation: 'Une réponse par organisation invitée',
    perPerson: 'Une réponse par personne (une journée, avec un code par participant)',
    anonymous: 'Anonyme : aucun nom demandé ni gardé (une réponse par personne seulement)',
    version: 'Version du projet',
    byKind: 'Organisations invitées par type',
    byKindHint: "Toutes les organisations d'un type ; ajoutez-en d'autres une par une ci-dessous.",
    oneByOne: 'Organisations invitées une par une',
    deadlineHint: (timezone: string) => `Heure de la Caf (${timezone}).`,
    reminders: 'Rappels',
    remindersHint:
      'Avant la date limite, par exemple « 7j, 2j, matin » (7 jours, 2 jours, le matin même), ou « aucun ».',
    options: 'Options',
    silence: `${CHAT_FR.launch.optionSilence} (consultation)`,
    /** The option an evaluation refuses, as its refusal quotes it. */
    silenceOption: '« L’absence de réponse vaut avis favorable »',
    results: 'Résultats visibles des partenaires',
    resultsAfter: 'à la clôture',
    resultsDuring: 'pendant la consultation',
    launch: 'Préparer et lancer',
    prepare: 'Préparer',
    nothing:
      'Aucune version du projet ni grille d’évaluation n’est importée : importez-les avec « concerto draft import » ou « concerto grid import ».',
    surveyDeadlineMissing: 'Indiquez la date limite de l’évaluation.',
    surveyNoOrganisation:
      'Choisissez au moins une organisation à inviter (par type ou une par une) : l’évaluation se remplit une fois par organisation.',
    noOrganisation: 'Choisissez au moins une organisation à inviter (par type ou une par une).',
    deadlineMissing: 'Indiquez la date limite de la consultation.',
  },

  agrements: {
    title: 'Agréments à renouveler',
    caption: (months: number, rows: number) =>
      `Agréments en cours qui se terminent d'ici ${months} mois, du plus proche au plus lointain (${rows})`,
    structure: 'Structure',
    agrement: 'Agrément',
    end: 'Fin',
    state: 'État',
    nextReminder: 'Prochain rappel',
    evaluation: 'Évaluation',
    none: (months: number) => `Aucun agrément n'arrive à échéance d'ici ${months} mois.`,
  },

  followups: {
    none: 'Aucun avis favorable avec réserves, défavorable ou commenté : aucune suite à donner.',
    allDone: 'Toutes les suites sont enregistrées.',
    pending: (pending: number, total: number) =>
      `${pending} avis sur ${total} sans suite enregistrée.`,
    intro:
      'Pour chaque réserve, avis défavorable ou commentaire, indiquez ce que la Caf en a fait et pourquoi ; les organisations le verront à côté des changements quand la version suivante leur sera soumise.',
    recorded: (labelHtml: string, by: string, date: string) =>
      `Suite enregistrée : ${labelHtml}, par ${by}, le ${date}.`,
    todoWord: 'à faire',
    todo: (wordHtml: string) => `Suite : ${wordHtml}.`,
    response: 'Réponse de la Caf',
    justification: 'Justification',
    justificationHint: (max: number) => `Obligatoire ; ${max} caractères au plus.`,
    next: 'Enjeu de la version suivante qui y répond (facultatif)',
    noNext: 'Aucun',
    nextOption: (version: number, position: number, titleHtml: string) =>
      `Version ${version}, enjeu ${position} : ${titleHtml}`,
    submit: 'Enregistrer la suite',
    carried: (version: number, position: number, titleHtml: string) =>
      `Repris dans la version ${version}, enjeu ${position} : ${titleHtml}.`,
    title: (n: number) => `Suites données aux avis — consultation n° ${n}`,
    back: (n: number) => `Revenir à la consultation n° ${n}`,
    heading: (n: number, titleHtml: string, version: number) =>
      `Suites données aux avis — consultation n° ${n} : ${titleHtml} (version ${version})`,
    items: 'Avis qui appellent une suite',
  },

  /** A grid's size: « 3 niveaux × 4 questions, 12 cases ». */
  gridSize,
  /** A grid's mean rating: « 2,5 ». */
  mean: (m: number) => String(Math.round(m * 100) / 100).replace('.', ','),

  survey: {
    grid: 'Grille',
    gridOf: (titleHtml: string, codeHtml: string, size: string) =>
      `${titleHtml} (${codeHtml}) : ${size}`,
    answers: 'Réponses',
    eventLink: 'Lien de la journée',
    organisationsCaption: (n: number) => `Réponse de chacune des ${n} organisations invitées`,
    organisation: 'Organisation',
    where: 'Où en est sa réponse',
    finished: 'terminée',
    draft: (filled: number, total: number) =>
      `brouillon (${count(filled, 'fr', 'case', 'cases')} sur ${total})`,
    nothing: 'rien',
    tablesCaption:
      'Participants par table : codes tirés, codes utilisés, réponses en cours et terminées',
    table: 'Table',
    codes: 'Codes',
    used: 'Utilisés',
    started: 'En cours',
    done: 'Terminées',
    noTable: '(sans table)',
    noCodes: 'Aucun code de participant tiré pour l’instant.',
    codesLink: 'Tirer et imprimer les codes des participants, par table',
    heatmap: 'Carte de chaleur',
    contributions: (n: number) => count(n, 'fr', 'contribution', 'contributions'),
    noRating: 'aucune note',
    meanOf: (mean: string, max: number) => `note moyenne ${mean} sur ${max}`,
    distribution: (parts: string) => `répartition : ${parts}`,
    cellSeparator: ' ; ',
    cells: 'Case par case',
    empty: (questions: string) => `Sans contribution ni note : ${questions}`,
    groupings: 'Regroupements',
    nothingToGroup: 'Aucune réponse à regrouper.',
    groupingCaption: (label: string, rated: boolean) =>
      `${label} : nombre de réponses${rated ? ' et note moyenne de chaque case notée' : ' et contributions'}`,
    groupAnswers: 'Réponses',
    groupContributions: 'Contributions',
    launchText: (perOrganisation: boolean) =>
      `${perOrganisation ? 'Les invitations partent vers chaque organisation invitée' : 'Le lien de la journée s’ouvre'} ; les rappels et la clôture sont programmés.`,
    launchButton: 'Lancer l’évaluation',
    remindText:
      'Un rappel part maintenant vers les organisations qui n’ont pas terminé leur grille, dans le fil de leur invitation.',
    remindButton: 'Relancer les organisations qui n’ont pas terminé',
    closeText:
      'Clore maintenant : les résultats partent vers les organisations invitées et les pilotes.',
    closeButton: 'Clore l’évaluation maintenant',
    cancelText: (open: boolean) =>
      `Annuler : l’évaluation s’arrête sans résultats${open ? ' ; les organisations invitées sont prévenues' : ''}.`,
    cancelButton: 'Annuler l’évaluation',
    pdf: 'Télécharger la synthèse avec la carte de chaleur (PDF)',
    csv: 'Télécharger toutes les contributions (CSV pour Excel)',
    md: 'Télécharger la synthèse case par case (Markdown)',
  },

  grids: {
    title: "Grilles d'évaluation",
    /** A grid in the list: its size and, when rated, its scale. */
    size: (levels: number, questions: number, cells: number, ratings: number | undefined) =>
      `${gridSize(levels, questions, cells)}${ratings ? `, notées de 1 à ${ratings}` : ''}`,
    none: (commandHtml: string) => `Aucune grille : importez-en une avec ${commandHtml}.`,
    importCommand: 'concerto grid import <fichier>',
    notFound: 'Grille introuvable',
    checked: (cells: number) =>
      `Aperçu vérifié : ${count(cells, 'fr', 'case remplie', 'cases remplies')}, aucune erreur. Rien n'a été enregistré.`,
    title1: (title: string) => `Grille « ${title} »`,
    preview:
      "Aperçu : la grille telle que les participants la remplissent. Essayez-la ; rien n'est enregistré.",
    check: 'Vérifier l’aperçu',
  },

  codes: {
    title: (n: number) => `Codes des participants — évaluation n° ${n}`,
    refusal: 'Codes des participants',
    qrWithCode: (code: string) => `QR code de la journée avec le code ${code}`,
    qrLink: 'QR code du lien de la journée',
    yourCode: 'Votre code :',
    slipHint: (linkHtml: string, deadline: string) =>
      `Scannez, ou ouvrez ${linkHtml} et tapez ce code. Avant le ${deadline}.`,
    table: (tableHtml: string | undefined, n: number) =>
      `${tableHtml || 'Sans table'} — ${count(n, 'fr', 'code', 'codes')}`,
    back: 'Revenir à l’évaluation',
    print:
      'Imprimez cette page (Ctrl+P) : la première page porte le lien de la journée à afficher, les suivantes les papiers à découper, un par participant.',
    added: (n: number) =>
      `${count(n, 'fr', 'code', 'codes')} ${plural(n, 'fr', 'ajouté', 'ajoutés')}.`,
    fillBefore: (tenant: string, deadline: string) => `${tenant} — à remplir avant le ${deadline}.`,
    scan: 'Scannez ce QR code ou ouvrez :',
    thenType: (anonymous: boolean) =>
      `puis tapez le code imprimé sur votre papier.${anonymous ? ' Les réponses sont anonymes.' : ''}`,
    add: 'Ajouter des codes',
    table1: 'Table',
    count: (max: number) => `Nombre de codes (1 à ${max})`,
    submit: 'Ajouter les codes',
    none: 'Aucun code pour l’instant : ajoutez-en pour chaque table.',
  },
};

export type ConsoleWords = typeof CONSOLE_FR;
