import { commandText, helpCommandText, notLinkedText, type CommandChannel } from '../commands';
import type { ErrorCode } from '../error-codes';
import { count, plural } from '../format';
import { MAX_COMMENT_LENGTH, type RoundStatus } from '../types';

/**
 * The French words of every refusal, by code: the reference catalogue. Each entry is a function
 * of the error's params (none for most); its parameter type is the code's params, which
 * `DomainError` requires and `catalogue/en.ts` must accept. French is Concerto's language: the
 * CLI, logs and pilots read these.
 */

export const ROUND_STATUS_FR: Record<RoundStatus, string> = {
  draft: 'en préparation',
  open: 'ouverte',
  closed: 'close',
  cancelled: 'annulée',
};

/** What is wrong with a reminder schedule (« 7j, 2j, matin »). */
export type ScheduleProblem =
  | { problem: 'out_of_range'; item: string; max: number; unit: 'days' | 'hours' | 'minutes' }
  | { problem: 'unknown_item'; item: string }
  | { problem: 'not_text_item' }
  | { problem: 'not_text' }
  | { problem: 'empty' }
  | { problem: 'none_combined' }
  | { problem: 'too_many'; max: number; count: number };

/** What is wrong with a Caf's settings (agrément offsets), under `field`. */
export type SettingsProblem = { field: string } & (
  | { problem: 'not_object' }
  | { problem: 'offsets_not_object' }
  | { problem: 'unknown_step'; steps: string }
  | { problem: 'offset_not_object' }
  | { problem: 'unknown_key'; key: string }
  | { problem: 'not_integer'; unit: 'months' | 'days'; max: number }
  | { problem: 'no_offset' }
  | { problem: 'expiry_not_after_end' }
  | { problem: 'step_after_end' }
);

/** One bad line of an imported CSV (its message is the importer's, in French). */
export interface RowProblem {
  line: number;
  message: string;
}

const s = (n: number) => (n > 1 ? 's' : '');

/** The kind of round a refusal is about: « la consultation » or « l'évaluation ». */
type KindParam = { survey?: boolean };
const ROUND_NOUN_FR = {
  consultation: { the: 'la consultation', The: 'La consultation', of: 'de la consultation' },
  survey: { the: 'l’évaluation', The: 'L’évaluation', of: 'de l’évaluation' },
} as const;
const nounFr = (p: KindParam) => ROUND_NOUN_FR[p.survey ? 'survey' : 'consultation'];

const UNIT_FR = { days: 'jours', hours: 'heures', minutes: 'minutes' } as const;
const SETTINGS_UNIT_FR = { months: 'mois', days: 'jours' } as const;

function scheduleFr(p: ScheduleProblem): string {
  switch (p.problem) {
    case 'out_of_range':
      return `Rappel « ${p.item} » hors limites : entre 1 et ${p.max} ${UNIT_FR[p.unit]} avant l'échéance.`;
    case 'unknown_item':
      return `Rappel « ${p.item} » non reconnu. Exemples : 7j (7 jours avant l'échéance), 6h, 30min, matin.`;
    case 'not_text_item':
      return 'Le calendrier des rappels doit être du texte.';
    case 'not_text':
      return 'Le calendrier des rappels doit être du texte, par exemple « 7j, 2j, matin ».';
    case 'empty':
      return 'Indiquez au moins un rappel (par exemple « 7j, 2j, matin »), ou « aucun ».';
    case 'none_combined':
      return "« aucun » ne se combine pas avec d'autres rappels.";
    case 'too_many':
      return `Au plus ${p.max} rappels par consultation (${p.count} demandés).`;
  }
}

function settingsFr(p: SettingsProblem): string {
  const why = (() => {
    switch (p.problem) {
      case 'not_object':
        return 'un objet JSON est attendu.';
      case 'offsets_not_object':
        return 'un objet JSON est attendu, par étape.';
      case 'unknown_step':
        return `étape inconnue. Étapes possibles : ${p.steps}.`;
      case 'offset_not_object':
        return 'un objet { months, days } est attendu, par exemple { "months": 14 }.';
      case 'unknown_key':
        return `clé inconnue « ${p.key} » (seules months et days sont permises).`;
      case 'not_integer':
        return `un nombre entier de ${SETTINGS_UNIT_FR[p.unit]} (au plus ${p.max}) est attendu.`;
      case 'no_offset':
        return 'indiquez months ou days.';
      case 'expiry_not_after_end':
        return 'l\'alerte d\'expiration doit tomber après la date de fin (valeurs négatives, par exemple { "days": -1 }).';
      case 'step_after_end':
        return 'cette étape doit tomber au plus tard à la date de fin (valeurs positives ou nulles).';
    }
  })();
  return `Réglage ${p.field} invalide : ${why}`;
}

const INVALID_CHARACTERS =
  'Le commentaire contient un caractère invalide (caractère de contrôle ou caractère incomplet) : retirez-le.';

export const fr = {
  // Access
  FORBIDDEN: (p: { pilotsOnly?: boolean } = {}) =>
    p.pilotsOnly
      ? 'Cette commande est réservée aux pilotes de la Caf. Si vous pensez devoir y accéder, contactez votre Caf.'
      : "Vous n'avez pas accès à cette action.",
  /** `channel`: whose command to name (`/concerto rejoindre <code>` or « rejoindre <code> »). */
  NOT_LINKED: (p: { channel?: CommandChannel } = {}) => notLinkedText(p.channel ?? 'teams', 'fr'),
  AVIS_NOT_MEMBER: (p: { organisation?: boolean } = {}) =>
    p.organisation
      ? "Vous n'êtes pas membre de cette organisation : vous ne pouvez pas donner son avis."
      : "Votre compte n'est rattaché à aucune organisation partenaire : vous ne pouvez pas donner d'avis.",
  AVIS_NOT_INVITED: (p: { number?: number } = {}) =>
    p.number === undefined
      ? "Votre organisation n'est pas invitée à cette consultation."
      : `Votre organisation n'est pas invitée à la consultation n° ${p.number}.`,
  AVIS_PILOT_ONLY_FOLLOWS: () =>
    'Vous suivez cette consultation en tant que pilote : seules les organisations invitées donnent un avis.',
  AVIS_OBSERVER: () => 'Votre compte est observateur : il ne donne pas d’avis.',
  RESULTS_NOT_VISIBLE: (p: { number: number }) =>
    `Les résultats de la consultation n° ${p.number} seront communiqués à sa clôture.`,
  TEAMS_TENANT_NOT_REGISTERED: () =>
    "Votre organisation Microsoft 365 n'est pas enregistrée auprès de cette Caf : demandez à la Caf de l'ajouter.",
  TEAMS_IDENTITY_MISSING: () => "Impossible d'identifier votre compte Teams.",
  CARD_DATA_INVALID: () => 'Cette carte ne désigne aucune consultation.',

  // Not found
  TENANT_NOT_FOUND: (p: { code: string }) =>
    `Aucune Caf n'a le code « ${p.code} ». Créez-la avec « concerto tenant create » ou chargez la démo avec « concerto seed demo ».`,
  ROUND_NOT_FOUND: (p: { ref?: string } = {}) =>
    p.ref === undefined ? 'Consultation introuvable.' : `Consultation « ${p.ref} » introuvable.`,
  ROUND_NONE_OPEN: (p: { example: string }) =>
    `Aucune consultation ouverte. Précisez le numéro, par exemple : ${p.example}.`,
  ROUND_NONE_FOR_STATUS: (p: { channel?: CommandChannel } = {}) =>
    `Aucune consultation ouverte ou close. Précisez le numéro, par exemple : ${commandText(p.channel ?? 'teams', 'statut 3')}.`,
  ROUND_NONE_INVITED: () =>
    "Votre organisation n'est invitée à aucune consultation ouverte ou close.",
  /** `list`: several codes asked at once (« Organisations inconnues : A, B. »). */
  ORGANISATION_NOT_FOUND: (p: { codes: string[]; list?: boolean }) =>
    p.list
      ? `Organisation${s(p.codes.length)} inconnue${s(p.codes.length)} : ${p.codes.join(', ')}.`
      : `Aucune organisation n'a le code « ${p.codes[0]} ».`,
  DRAFT_NOT_FOUND: () => 'Version du projet introuvable.',
  DRAFT_VERSION_NOT_FOUND: (p: { version: string; schema?: string }) =>
    `Aucune version ${p.version}${p.schema !== undefined ? ` du schéma « ${p.schema} »` : ''} importée (voir « concerto draft list »).`,
  DRAFT_NONE_IMPORTED: () =>
    'Aucun projet de schéma importé : importez-en une version avec « concerto draft import ».',
  ENJEU_NOT_FOUND: (p: { enjeu: string; count: number }) =>
    `Enjeu « ${p.enjeu} » introuvable : de 1 à ${p.count}, ou « tous ».`,
  AGREMENT_NOT_FOUND: (p: { id?: string } = {}) =>
    p.id === undefined ? 'Agrément introuvable.' : `Agrément « ${p.id} » introuvable.`,
  RETRY_UNKNOWN: (p: { ids: string[] }) =>
    `Pas d’échec à ce numéro pour cette Caf : ${p.ids.join(', ')}.`,
  RESOURCE_NOT_FOUND: () => 'Ressource inconnue.',

  // Round lifecycle
  ROUND_BAD_TRANSITION: (p: { from: RoundStatus; to: RoundStatus } & KindParam) =>
    `${nounFr(p).The} est ${ROUND_STATUS_FR[p.from]} : elle ne peut pas passer à l'état « ${ROUND_STATUS_FR[p.to]} ».`,
  ROUND_NOT_OPEN: (p: { status: RoundStatus }) =>
    p.status === 'draft'
      ? "Cette consultation n'est pas encore ouverte."
      : `Cette consultation est ${ROUND_STATUS_FR[p.status]} : les avis ne sont plus modifiables.`,
  ROUND_CLOSED: () => 'Cette consultation est close : les avis ne sont plus modifiables.',
  ROUND_DEADLINE_PASSED: () =>
    'La date limite de cette consultation est passée : votre avis n’a pas été enregistré.',
  ROUND_ANSWERS_OVER: (p: { reason: 'not_open' | 'deadline' }) =>
    p.reason === 'not_open'
      ? 'Cette consultation n’est pas ouverte.'
      : 'La date limite de cette consultation est passée.',
  ROUND_NOT_OPEN_FOR_DEADLINE: (p: { number: number } & KindParam) =>
    `${nounFr(p).The} n° ${p.number} est close ou annulée : sa date limite ne peut plus changer.`,
  ROUND_NOT_OPEN_FOR_REMINDER: (p: { number: number } & KindParam) =>
    `${nounFr(p).The} n° ${p.number} n'est pas ouverte : pas de relance.`,
  ROUND_PAST_DEADLINE: (p: { number: number } & KindParam) =>
    `La date limite ${nounFr(p).of} n° ${p.number} est passée : pas de relance.`,
  ROUND_NO_ENJEU: () =>
    'La consultation ne peut pas être lancée : le projet ne contient aucun enjeu.',
  ROUND_NO_INVITATION: (p: { launch?: boolean } & KindParam = {}) =>
    p.launch === false
      ? `Aucune organisation ne correspond : ${nounFr(p).the} doit inviter au moins une organisation.`
      : `${nounFr(p).The} ne peut pas être lancée : aucune organisation n’est invitée.`,
  ROUND_DEADLINE_PAST: (p: { launch?: boolean } = {}) =>
    p.launch === false
      ? 'La date limite doit être dans le futur.'
      : 'La consultation ne peut pas être lancée : sa date limite est déjà passée. Choisissez une date future.',

  // Avis
  AVIS_EMPTY: () => 'Aucun avis à enregistrer : choisissez un avis pour au moins un enjeu.',
  AVIS_ENJEU_NOT_IN_ROUND: () => 'Cet enjeu ne fait pas partie de la consultation.',
  AVIS_ENJEU_TWICE: (p: { title: string }) => `L'enjeu « ${p.title} » figure deux fois.`,
  AVIS_CHOICE_UNKNOWN: (p: { title: string }) =>
    `Enjeu « ${p.title} » : choisissez favorable, favorable avec réserves, défavorable ou abstention.`,
  AVIS_REASON_MISSING: (p: { title: string }) =>
    `Enjeu « ${p.title} » : un avis défavorable doit être motivé. Indiquez la raison en commentaire.`,
  AVIS_RESERVATIONS_MISSING: (p: { title: string }) =>
    `Enjeu « ${p.title} » : précisez vos réserves en commentaire.`,
  AVIS_COMMENT_TOO_LONG: (p: { title: string; length: number }) =>
    `Enjeu « ${p.title} » : le commentaire fait ${p.length} caractères, ${MAX_COMMENT_LENGTH} au plus.`,
  AVIS_CHOICE_MISSING: () => 'Choisissez un avis pour cet enjeu, ou effacez le commentaire.',
  AVIS_NOTHING_CHOSEN: () => 'Choisissez un avis pour au moins un enjeu.',
  AVIS_INVALID: (p: { value: string }) => `Avis inconnu : ${p.value}`,
  AVIS_CHOICE_INVALID: (p: { value: string }) =>
    `Avis inconnu « ${p.value} » : favorable, favorable_avec_reserves, defavorable ou abstention.`,
  COMMENT_TOO_LONG: () => `Un commentaire fait au plus ${MAX_COMMENT_LENGTH} caractères.`,
  COMMENT_INVALID_CHARACTERS: (p: { title?: string } = {}) =>
    p.title === undefined ? INVALID_CHARACTERS : `Enjeu « ${p.title} » : ${INVALID_CHARACTERS}`,
  PROXY_SOURCE_MISSING: () =>
    "Indiquez d'où vient cet avis (par exemple « courrier du 3 décembre »).",
  /** Several field errors at once: each is rendered under its field; this is their summary. */
  VALIDATION_FAILED: () => 'Formulaire invalide.',
  FORM_INVALID: () => 'Formulaire invalide.',

  // Launch forms
  FIELD_REQUIRED: () => 'Ce champ est obligatoire.',
  REMINDER_DAYS_INVALID: () =>
    'Indiquez des nombres de jours séparés par des virgules, par exemple 7, 2, 0.',
  DRAFT_VERSION_REQUIRED: () =>
    'Choisissez une version du projet ou une grille d’évaluation de la Caf.',
  DEADLINE_INVALID: (p: { form?: boolean } = {}) =>
    p.form ? 'Indiquez une date limite valide.' : 'La date limite est invalide.',
  DEADLINE_UNREADABLE: (p: { input: string }) =>
    `Date limite illisible : « ${p.input} ». Exemples : 2026-12-11 17:00, 11/12/2026 17:00, +10min, +3j.`,
  ORGANISATION_KIND_UNKNOWN: () => 'Type d’organisation inconnu : rouvrez le formulaire.',
  ORGANISATION_UNKNOWN: () => 'Organisation inconnue : rouvrez le formulaire.',
  KIND_INVALID: (p: { kind: string }) => `Type d'organisation inconnu : « ${p.kind} ».`,
  SCHEDULE_INVALID: scheduleFr,

  // Invitation codes
  INVITE_CODE_MISSING: () => 'Indiquez le code reçu de la Caf : « rejoindre ABCD-1234 ».',
  INVITE_CODE_UNKNOWN: () => 'Ce code est inconnu. Vérifiez-le ou demandez-en un nouveau à la Caf.',
  INVITE_CODE_USED: () => 'Ce code a déjà été utilisé. Demandez-en un nouveau à la Caf.',
  INVITE_CODE_EXPIRED: () => 'Ce code a expiré. Demandez-en un nouveau à la Caf.',
  INVITE_CODE_THROTTLED: (p: { retryInMinutes: number }) =>
    `Trop de codes d'invitation essayés. Réessayez dans ${p.retryInMinutes} minute${s(p.retryInMinutes)} ; si votre code est encore refusé, demandez-en un nouveau à la Caf.`,
  INVITE_VALIDITY_INVALID: () => 'La durée de validité du code va de 1 à 90 jours.',
  INVITE_ORG_REQUIRED: () => 'Un code partenaire doit désigner une organisation (--org <code>).',

  // Caf (tenant) settings
  TENANT_CODE_INVALID: (p: { code: string }) =>
    `Code de Caf invalide « ${p.code} » : chiffres, lettres ou tirets, 12 au plus.`,
  TENANT_NAME_MISSING: () => 'Le nom de la Caf est obligatoire.',
  TIMEZONE_INVALID: (p: { timezone: string; hint?: boolean }) =>
    p.hint === false
      ? `Fuseau horaire inconnu : « ${p.timezone} ».`
      : `Fuseau horaire inconnu : « ${p.timezone} ». Utilisez un nom IANA, par exemple Europe/Paris.`,
  TEAMS_TENANT_ID_INVALID: (p: { input: string }) =>
    `« ${p.input} » n'est pas un ID de locataire Microsoft 365 (un GUID comme 72f988bf-86f1-41af-91ab-2d7cd011db47).`,
  SETTINGS_INVALID: settingsFr,

  // Dates and durations
  DATE_INVALID: (p: { value?: string } = {}) =>
    p.value === undefined
      ? 'Date invalide.'
      : `Date invalide : « ${p.value} ». Le format attendu est AAAA-MM-JJ (par exemple 2026-09-30).`,
  DATE_UNREADABLE: (p: { input: string }) =>
    `Date illisible : « ${p.input} ». Exemples : 2031-06-30, 30/06/2031.`,
  DURATION_INVALID: (p: { input: string }) =>
    `Durée illisible : « ${p.input} ». Exemples : 7j, 2s, 6m, 1a.`,
  DURATION_TOO_LONG: (p: { input: string; maxDays: number }) =>
    `Durée trop longue : « ${p.input} ». Au plus ${p.maxDays} jours (10 ans), par exemple 7j, 6m, 2a.`,

  // Drafts
  DRAFT_NO_FRONT_MATTER: () =>
    'Le projet doit commencer par un en-tête entre deux lignes « --- » (caf, title, period, version).',
  DRAFT_NO_ENJEU: (p: { word?: boolean } = {}) =>
    p.word
      ? 'Le document Word ne contient aucun enjeu : chaque enjeu est un paragraphe en style « Titre 2 », suivi de son texte.'
      : "Le projet ne contient aucun enjeu : chaque enjeu est un titre de niveau 2 (« ## Titre de l'enjeu »).",
  DRAFT_TEXT_OUTSIDE_ENJEU: (p: { heading: string; word?: boolean } = { heading: '' }) =>
    p.word
      ? `Du texte suit le « Titre 1 » « ${p.heading} », placé après les enjeux : mettez ce texte sous un enjeu (style « Titre 2 ») ou avant le premier, ou passez ce titre en « Titre 2 ».`
      : 'Du texte suit un titre de niveau 1 après les enjeux : placez-le sous un enjeu (« ## … ») ou avant le premier.',
  DRAFT_EMPTY_TITLE: (p: { line: number; word?: boolean }) =>
    p.word
      ? "Un paragraphe en style « Titre 2 » est vide : donnez-lui l'intitulé de l'enjeu ou changez son style."
      : `Ligne ${p.line} : un enjeu n'a pas de titre.`,
  DRAFT_EMPTY_ENJEU: (p: { title: string; line: number; word?: boolean }) =>
    p.word
      ? `L'enjeu « ${p.title} » (Titre 2) n'a pas de texte : écrivez son texte sous le titre, avant le Titre 2 suivant.`
      : `L'enjeu « ${p.title} » (ligne ${p.line}) n'a pas de texte.`,
  DRAFT_DUPLICATE_ENJEU: (p: { title: string; first: number; line: number; word?: boolean }) =>
    p.word
      ? `Deux enjeux (Titre 2) portent le même intitulé « ${p.title} » : renommez l'un d'eux.`
      : `Deux enjeux portent le même titre « ${p.title} » (lignes ${p.first} et ${p.line}).`,
  /** `parser`: the YAML parser's own message; `missing`: the keys absent or wrong. */
  DRAFT_FRONT_MATTER_INVALID: (
    p: { parser: string } | { missing: string[]; badVersion: boolean },
  ) =>
    'parser' in p
      ? `En-tête illisible : ${p.parser}`
      : `En-tête du projet incomplet : ${[
          ...p.missing.map((k) => `« ${k} » manquant`),
          ...(p.badVersion ? ['« version » doit être un entier positif'] : []),
        ].join(', ')}.`,
  DRAFT_WRONG_CAF: (p: { draftCaf: string; tenant: string; word?: boolean }) =>
    p.word
      ? `Ce document est celui de la Caf « ${p.draftCaf} » (propriété « Caf » du document), pas de « ${p.tenant} » : choisissez la Caf avec --caf ${p.draftCaf}.`
      : `Ce projet est celui de la Caf « ${p.draftCaf} », pas de « ${p.tenant} » (champ caf de l'en-tête).`,
  DRAFT_WORD_UNREADABLE: (p: { file: string }) =>
    `« ${p.file} » n'est pas un document Word lisible (.docx) : ouvrez-le dans Word et enregistrez-le au format « Document Word (.docx) » (l'ancien format .doc n'est pas lu). Rien n'a été importé.`,
  DRAFT_WORD_NO_TITLE: () =>
    "Le document Word n'a pas de titre : mettez le titre du schéma dans un paragraphe en style « Titre 1 », avant les enjeux (style « Titre 2 »).",
  DRAFT_WORD_METADATA: (p: { missing: ('period' | 'version')[]; badVersion?: string }) =>
    [
      ...(p.missing.length > 0
        ? [
            `Il manque ${p.missing.map((k) => (k === 'period' ? 'la période' : 'la version')).join(' et ')} du projet : donnez ${p.missing.map((k) => (k === 'period' ? '--period 2026-2030' : '--version 2')).join(' ')}, ou renseignez ${p.missing.length > 1 ? 'les propriétés personnalisées' : 'la propriété personnalisée'} ${p.missing.map((k) => (k === 'period' ? '« Période »' : '« Version »')).join(' et ')} du document (Word : Fichier > Informations > Propriétés > Propriétés avancées > Personnalisation).`,
          ]
        : []),
      ...(p.badVersion !== undefined
        ? [`La version « ${p.badVersion} » n'est pas un nombre entier positif (par exemple 2).`]
        : []),
    ].join(' '),
  SCHEMA_NOT_FOUND: (p: { schema: string; known: string }) =>
    `Aucun schéma « ${p.schema} » dans cette Caf. ${p.known ? `Schémas : ${p.known} (voir « concerto draft list »).` : 'Aucun projet importé.'}`,
  DRAFT_VERSION_AMBIGUOUS: (p: { version: number; schemas: string; example: string }) =>
    `Plusieurs schémas ont une version ${p.version} : ${p.schemas}. Précisez lequel avec --schema (par exemple --schema ${p.example}).`,
  DRAFT_VERSION_INVALID: (p: { input: string }) =>
    `Version « ${p.input} » invalide : donnez le numéro de la version, un entier positif (par exemple 2 ; voir « concerto draft list »).`,
  DRAFT_VERSION_EXISTS: (p: { version: number; word?: boolean }) =>
    p.word
      ? `La version ${p.version} de ce schéma existe déjà avec un autre texte : numérotez la nouvelle version (--version ${p.version + 1}, ou la propriété « Version » du document).`
      : `La version ${p.version} de ce schéma existe déjà avec un autre texte : numérotez la nouvelle version (version: ${p.version + 1}).`,

  // Evaluation grids
  GRID_NOT_FOUND: (p: { code: string }) =>
    `Aucune grille « ${p.code} » pour cette Caf (voir concerto grid list).`,
  GRID_FILE_INVALID: (p: { detail: string }) =>
    p.detail === 'not_object'
      ? 'La grille doit être un document YAML avec code, titre, questions et niveaux.'
      : p.detail === 'no_front_matter'
        ? 'La grille en Markdown doit commencer par un en-tête entre deux lignes « --- » (code, titre, notation).'
        : `Fichier de grille illisible : ${p.detail}`,
  GRID_CODE_INVALID: (p: { code: string }) =>
    `Code de grille « ${p.code} » refusé : 2 à 40 caractères, minuscules, chiffres et tirets (ex. evaluation-94).`,
  GRID_NO_TITLE: () => 'La grille n’a pas de titre (champ « titre »).',
  GRID_TEXT_TOO_LONG: (p: {
    what: 'title' | 'description' | 'question' | 'level' | 'help';
    label: string;
    max: number;
  }) =>
    `${{ title: 'Le titre', description: 'La description', question: 'Une question', level: 'Un niveau', help: 'Une aide' }[p.what]} dépasse ${p.max} caractères (« ${p.label}… »).`,
  GRID_NO_QUESTION: () => 'La grille n’a aucune question (colonnes : « questions »).',
  GRID_NO_LEVEL: () => 'La grille n’a aucun niveau (lignes : « niveaux »).',
  GRID_AXIS_NOT_LIST: (p: { kind: 'question' | 'level' }) =>
    `${p.kind === 'question' ? '« questions »' : '« niveaux »'} doit être une liste (une ligne « - … » par élément).`,
  GRID_TOO_LARGE: (p: { kind: 'question' | 'level'; count: number; max: number }) =>
    `Trop ${p.kind === 'question' ? 'de questions' : 'de niveaux'} : ${p.count} (au plus ${p.max}).`,
  GRID_EMPTY_ITEM: (p: { kind: 'question' | 'level'; position: number }) =>
    `${p.kind === 'question' ? 'La question' : 'Le niveau'} n° ${p.position} est vide : donnez-lui un libellé ou retirez-le.`,
  GRID_DUPLICATE_ITEM: (p: {
    kind: 'question' | 'level';
    label: string;
    first: number;
    position: number;
  }) =>
    `${p.kind === 'question' ? 'Deux questions' : 'Deux niveaux'} portent le même libellé « ${p.label} » (n° ${p.first} et ${p.position}).`,
  GRID_RATING_WITHOUT_LABELS: () =>
    'La notation de la grille n’a pas de libellés : donnez-en un par échelon, du plus bas au plus haut (notation: { libelles: [ … ] }).',
  GRID_RATING_SCALE_SIZE: (p: { count: number; min: number; max: number }) =>
    `L’échelle de notation a ${p.count} échelon${s(p.count)} : il en faut de ${p.min} à ${p.max}.`,
  GRID_RATING_DUPLICATE_LABEL: () =>
    'Deux échelons de la notation portent le même libellé : chaque échelon doit se distinguer.',
  GRID_RATING_UNKNOWN_QUESTION: (p: { label: string }) =>
    `La notation vise la question « ${p.label} », qui n’est pas dans la grille.`,
  GRID_NO_TABLE: () =>
    'La grille en Markdown doit contenir un tableau : les questions en colonnes (première ligne), un niveau par ligne.',
  GRID_EMPTY_ROW: (p: { line: number }) =>
    `Ligne ${p.line} : ligne du tableau sans niveau (première cellule vide) : nommez le niveau ou retirez la ligne.`,
  GRID_ROW_WIDTH: (p: { line: number; count: number; expected: number }) =>
    `${p.line > 0 ? `Ligne ${p.line} : ` : ''}${p.count} cellule${s(p.count)} pour ${p.expected} question${s(p.expected)}.`,

  GRID_CONTRIBUTION_TOO_LONG: (p: { length: number; max: number }) =>
    `${p.length} caractères : ${p.max} au plus. Raccourcissez la contribution.`,
  GRID_RATING_OFF_SCALE: (p: { max: number }) => `Choisissez une note de 1 à ${p.max}.`,
  GRID_CELL_NOT_RATED: () => 'Cette case ne se note pas.',

  // Survey rounds
  ROUND_IS_SURVEY: (p: { number: number }) =>
    `L’évaluation n° ${p.number} se remplit sur sa grille : elle n’a ni projet ni avis par enjeu.`,
  ROUND_IS_CONSULTATION: (p: { number: number }) =>
    `La consultation n° ${p.number} porte sur un projet de schéma : elle n’a pas de grille d’évaluation.`,
  SURVEY_NOT_PER_PERSON: (p: { number: number }) =>
    `L’évaluation n° ${p.number} se remplit une fois par organisation : elle n’a ni lien public ni codes de participant.`,
  SURVEY_NOT_PER_ORGANISATION: (p: { number: number }) =>
    `L’évaluation n° ${p.number} se remplit une fois par personne, avec le code remis à chaque participant.`,
  SURVEY_EVENT_NOT_FOUND: () =>
    'Ce lien de journée ne correspond à aucune évaluation. Vérifiez l’adresse ou demandez-la à la Caf.',
  SURVEY_CODE_UNKNOWN: () =>
    'Ce code ne correspond à aucun participant de cette journée. Vérifiez-le sur le papier remis à votre table (8 caractères).',
  SURVEY_PARTICIPANTS_COUNT: (p: { count: number; max: number }) =>
    `${p.count} codes demandés : de 1 à ${p.max} par envoi.`,
  SURVEY_NAME_TOO_LONG: (p: { max: number }) => `Votre nom : ${p.max} caractères au plus.`,
  SURVEY_NOT_OPEN: (p: { number: number; status: 'draft' | 'closed' | 'cancelled' | 'past' }) =>
    p.status === 'draft'
      ? `L’évaluation n° ${p.number} n’est pas encore ouverte.`
      : p.status === 'cancelled'
        ? `L’évaluation n° ${p.number} a été annulée : elle ne reçoit plus de contributions.`
        : p.status === 'past'
          ? `La date limite de l’évaluation n° ${p.number} est passée : votre contribution n’a pas été enregistrée.`
          : `L’évaluation n° ${p.number} est close : elle ne reçoit plus de contributions.`,
  SURVEY_NOT_ALLOWED: (p: { number: number; reason: 'not_invited' | 'not_member' | 'observer' }) =>
    p.reason === 'not_invited'
      ? `Votre organisation n’est pas invitée à l’évaluation n° ${p.number}.`
      : p.reason === 'observer'
        ? `Vous suivez votre organisation sans la représenter : un de ses membres partenaires remplit la grille de l’évaluation n° ${p.number}.`
        : `Votre compte n’est rattaché à aucune organisation invitée à l’évaluation n° ${p.number}.`,
  SURVEY_CODE_THROTTLED: (p: { retryInMinutes: number }) =>
    `Trop de codes essayés depuis cet appareil. Réessayez dans ${p.retryInMinutes} minute${s(p.retryInMinutes)} ; si votre code est encore refusé, montrez le papier remis à votre table à l’équipe de la Caf.`,
  SURVEY_EMAIL_ANONYMOUS: (p: { number: number }) =>
    `L’évaluation n° ${p.number} est anonyme : aucune adresse électronique n’est demandée ni gardée.`,
  SURVEY_RESUME_LINK_INVALID: () =>
    'Ce lien de reprise ne correspond à aucune grille de cette journée : il a peut-être été mal copié.',
  // Agréments
  AGREMENT_STEP_UNKNOWN: (p: { step: string }) =>
    `Étape de renouvellement inconnue : « ${p.step} ».`,
  AGREMENT_DATES_INVERTED: (p: { start: string; end: string }) =>
    `La date de fin (${p.end}) doit être postérieure à la date de début (${p.start}).`,
  AGREMENT_TOO_LONG: (p: { start: string; latestEnd: string }) =>
    `Un agrément dure au plus 4 ans : pour un début le ${p.start}, la fin doit être au plus tard le ${p.latestEnd}.`,
  AGREMENT_TOO_SHORT: (p: { start: string; earliestEnd: string }) =>
    `Un agrément dure au moins 1 an : pour un début le ${p.start}, la fin doit être au plus tôt le ${p.earliestEnd}.`,
  AGREMENT_NOT_A_STRUCTURE: (p: { line: number; code: string; kind: string }) =>
    `Ligne ${p.line} : le code ${p.code} désigne une organisation de type ${p.kind}, pas un centre social ni un EVS.`,
  AGREMENT_ALREADY_RENEWED: (p: { organisation: string }) =>
    `L'agrément de ${p.organisation} a déjà été renouvelé.`,
  AGREMENT_ENDED: (p: { organisation: string }) =>
    `L'agrément de ${p.organisation} a été clos : il ne peut plus être renouvelé.`,
  AGREMENT_NOT_ACTIVE: (p: { organisation: string; status: 'ended' | 'renewed'; end: string }) =>
    `L'agrément de ${p.organisation} n'est plus en cours (${p.status === 'ended' ? 'clos' : 'renouvelé'} ; fin le ${p.end}).`,

  // E-mail contacts and the web ballot
  EMAIL_INVALID: (p: { input?: string } = {}) =>
    p.input === undefined
      ? 'Adresse électronique manquante.'
      : `Adresse électronique invalide : « ${p.input} » (attendu : nom@domaine.fr).`,
  CONTACT_NAME_TOO_LONG: () => 'Nom du contact trop long (120 caractères au plus).',
  CONTACT_NOT_FOUND: (p: { organisation: string; code: string; email: string }) =>
    `${p.organisation} (${p.code}) n'a pas de contact « ${p.email} ».`,
  /** `hint`: how to get a working link (the page a visitor opens), not only that it is invalid. */
  BALLOT_LINK_INVALID: (p: { hint?: boolean } = {}) =>
    p.hint
      ? "Ce lien de vote n'est pas valide : il a peut-être été mal copié. Ouvrez-le à nouveau depuis le courriel reçu, ou demandez un nouveau lien à la Caf."
      : "Ce lien de vote n'est pas valide.",
  BALLOT_LINK_REVOKED: () =>
    'Ce lien de vote a été retiré par la Caf. Si votre organisation doit encore répondre, demandez un nouveau lien à la Caf.',
  BALLOT_NOT_INVITED: (p: { organisation: string }) =>
    `${p.organisation} n'est pas invitée à cette consultation : ce lien ne permet pas d'y répondre.`,
  BALLOT_ROUND_CLOSED: (p: { number: number } & ({ cancelled: true } | { deadline: string })) =>
    'cancelled' in p
      ? `La consultation n° ${p.number} a été annulée par la Caf : il n'y a plus d'avis à donner.`
      : `La consultation n° ${p.number} est close (date limite : ${p.deadline}) : votre avis ne peut plus être enregistré. Les résultats sont envoyés à votre organisation.`,

  BALLOT_LINKS_THROTTLED: () =>
    'Trop de liens de vote invalides ont été essayés depuis votre connexion. Réessayez dans quelques minutes avec le lien reçu par courriel.',

  // Pilots' web console
  PILOT_NOT_FOUND: (p: { email: string }) =>
    `Aucun pilote de cette Caf n'a l'adresse ${p.email} (voir « concerto pilot add »).`,
  CONSOLE_SIGNIN_THROTTLED: (p: { retryInMinutes: number }) =>
    `Trop de demandes de lien de connexion. Réessayez dans ${p.retryInMinutes} minute${s(p.retryInMinutes)} ; le dernier lien reçu reste valable 15 minutes.`,
  CONSOLE_LINK_INVALID: () =>
    "Ce lien de connexion n'est pas valide : il a peut-être été mal copié. Demandez-en un nouveau.",
  CONSOLE_LINK_USED: () =>
    "Ce lien de connexion a déjà été utilisé : chaque lien ne sert qu'une fois. Demandez-en un nouveau.",
  CONSOLE_LINK_EXPIRED: () =>
    'Ce lien de connexion a expiré (il est valable 15 minutes). Demandez-en un nouveau.',
  CHART_LINK_INVALID: () =>
    "Ce lien de graphique n'est pas valide : il a peut-être été mal copié ou ne vient pas de Concerto.",
  EXPORT_LINK_INVALID: () =>
    'Ce lien de téléchargement est expiré ou invalide : demandez à nouveau l’export (« exporter » dans Teams).',
  CHART_LINK_EXPIRED: () =>
    'Ce lien de graphique a expiré : les résultats restent dans la console et dans les exports.',
  CONSOLE_NOT_PILOT: () => "Votre compte n'est plus pilote de la Caf : la console vous est fermée.",
  // … with OpenID Connect
  OIDC_NOT_CONFIGURED: (p: { caf: string }) =>
    `La Caf « ${p.caf} » n'a pas configuré de fournisseur d'identité : connectez-vous avec un lien reçu par courriel.`,
  OIDC_CONFIG_INVALID: (p: { field: string; reason: string }) =>
    `Configuration du fournisseur d'identité refusée (${p.field}) : ${p.reason}.`,
  OIDC_SECRET_MISSING: (p: { variable: string }) =>
    `Le secret du fournisseur d'identité n'est pas disponible (variable d'environnement ${p.variable} absente, ou clé de chiffrement manquante) : prévenez l'exploitant de Concerto.`,
  OIDC_PROVIDER_UNAVAILABLE: (p: { issuer: string }) =>
    `Le fournisseur d'identité ${p.issuer} ne répond pas comme prévu : réessayez plus tard, ou connectez-vous avec un lien reçu par courriel.`,
  OIDC_STATE_INVALID: () =>
    "Cette réponse du fournisseur d'identité ne correspond à aucune connexion commencée dans ce navigateur : recommencez depuis la page de connexion. Aucune session n'a été ouverte.",
  OIDC_STATE_EXPIRED: () =>
    "La connexion avec le fournisseur d'identité a pris plus de 10 minutes et a expiré : recommencez depuis la page de connexion. Aucune session n'a été ouverte.",
  OIDC_STATE_USED: () =>
    "Cette réponse du fournisseur d'identité a déjà servi : chaque connexion ne sert qu'une fois. Recommencez depuis la page de connexion. Aucune session n'a été ouverte.",
  OIDC_PROVIDER_REFUSED: (p: { error: string }) =>
    `Le fournisseur d'identité a refusé la connexion (${p.error}). Aucune session n'a été ouverte.`,
  OIDC_TOKEN_REJECTED: (p: { reason: 'issuer' | 'audience' | 'nonce' | 'expired' | 'other' }) =>
    `La réponse du fournisseur d'identité est refusée : ${
      {
        issuer:
          "elle ne vient pas du fournisseur d'identité configuré pour la Caf (émetteur inattendu)",
        audience: "le jeton d'identité n'est pas destiné à Concerto (audience inattendue)",
        nonce: "le jeton d'identité ne correspond pas à cette connexion (nonce inattendu)",
        expired: "le jeton d'identité a expiré",
        other: "le jeton d'identité n'a pas pu être vérifié",
      }[p.reason]
    }. Aucune session n'a été ouverte ; recommencez depuis la page de connexion.`,
  OIDC_EMAIL_UNVERIFIED: () =>
    "Le fournisseur d'identité n'atteste pas que votre adresse électronique est vérifiée : la console ne peut pas vous reconnaître. Connectez-vous avec un lien reçu par courriel.",
  OIDC_EMAIL_UNKNOWN: (p: { email: string; tenant: string }) =>
    `Aucun pilote de ${p.tenant} n'a l'adresse ${p.email} : demandez à un pilote de vous ajouter (« concerto pilot add »). Aucune session n'a été ouverte.`,
  OIDC_NOT_PILOT: (p: { email: string; tenant: string }) =>
    `L'adresse ${p.email} est celle d'un membre de ${p.tenant} qui n'est pas pilote : la console est réservée aux pilotes. Aucune session n'a été ouverte.`,
  OIDC_OTHER_CAF: (p: { email: string; tenant: string }) =>
    `L'adresse ${p.email} est celle d'un pilote d'une autre Caf, pas de ${p.tenant} : connectez-vous depuis la page de connexion de votre Caf. Aucune session n'a été ouverte.`,
  ENJEU_REQUIRED: () => 'Choisissez un enjeu, ou « Tous les enjeux ».',
  AVIS_CHOICE_REQUIRED: () =>
    'Choisissez un avis : favorable, favorable avec réserves, défavorable ou abstention.',

  // Exports
  EXPORT_FORMAT_UNKNOWN: (p: { format: string; formats: string[] }) =>
    `Format d'export inconnu « ${p.format} » (attendu : ${p.formats.join(', ')}).`,
  // Follow-up of avis
  FOLLOWUP_ROUND_NOT_CLOSED: (p: { number: number; status: RoundStatus }) =>
    `La consultation n° ${p.number} est ${ROUND_STATUS_FR[p.status]} : les suites données aux avis s'enregistrent une fois la consultation close.`,
  FOLLOWUP_ENJEU_UNKNOWN: (p: { enjeu: string; count: number }) =>
    `Enjeu « ${p.enjeu} » introuvable dans cette consultation : de 1 à ${p.count}.`,
  FOLLOWUP_NO_AVIS: (p: { organisation: string; position: number }) =>
    `L'organisation « ${p.organisation} » n'a pas donné d'avis sur l'enjeu ${p.position} : il n'y a pas de suite à enregistrer.`,
  FOLLOWUP_NOT_NEEDED: (p: { organisation: string; position: number }) =>
    `L'avis de « ${p.organisation} » sur l'enjeu ${p.position} n'appelle pas de suite : seuls les avis favorables avec réserves, les avis défavorables et les avis commentés en appellent une.`,
  FOLLOWUP_RESPONSE_UNKNOWN: (p: { input: string }) =>
    p.input.trim() === ''
      ? 'Choisissez la réponse de la Caf : retenue, partiellement retenue, non retenue ou sans objet.'
      : `Réponse « ${p.input} » inconnue : retenue, partielle (partiellement retenue), non-retenue ou sans-objet.`,
  FOLLOWUP_JUSTIFICATION_MISSING: () =>
    'La justification est obligatoire : dites ce que la Caf a fait de cet avis, et pourquoi.',
  FOLLOWUP_JUSTIFICATION_TOO_LONG: (p: { length: number; max: number }) =>
    `La justification fait ${p.length} caractères : ${p.max} au plus.`,
  FOLLOWUP_NO_LATER_VERSION: (p: { version: number }) =>
    `Aucune version du schéma postérieure à la version ${p.version} n'est importée : importez la nouvelle version avant d'y renvoyer un avis.`,
  FOLLOWUP_NEXT_ENJEU_INVALID: (p: { input: string }) =>
    `« ${p.input} » n'est pas un enjeu d'une version postérieure du même schéma (par exemple 3, ou 2.3 pour l'enjeu 3 de la version 2).`,

  // Files
  FILE_UNREADABLE: (p: { file: string; reason: string }) =>
    `Impossible de lire « ${p.file} » : ${p.reason}.`,
  CSV_UNREADABLE: (p: { reason: string }) => `Fichier CSV illisible : ${p.reason}`,
  CSV_COLUMNS_MISSING: (p: { missing: string[]; required: string[] }) =>
    `Colonnes manquantes dans la première ligne du fichier : ${p.missing.join(', ')} (attendues : ${p.required.join(', ')}). Ajoutez-les ou renommez les colonnes, puis relancez.`,
  CSV_ROWS_INVALID: (p: { problems: RowProblem[] }) =>
    `${p.problems.length} ligne${s(p.problems.length)} invalide${s(p.problems.length)} :\n` +
    p.problems.map((r) => `  ligne ${r.line} : ${r.message}`).join('\n'),
  SPREADSHEET_OLD_FORMAT: (p: { file: string }) =>
    `« ${p.file} » est un classeur Excel 97-2003 (.xls), que Concerto ne lit pas : ouvrez-le dans Excel et enregistrez-le au format « Classeur Excel (.xlsx) » ou « CSV (séparateur : point-virgule) », puis relancez.`,
  SPREADSHEET_UNREADABLE: (p: { file: string; reason: string }) =>
    `Classeur Excel illisible « ${p.file} » (${p.reason}) : ouvrez-le dans Excel, enregistrez-le de nouveau au format .xlsx ou CSV, puis relancez.`,

  // CLI options and outputs
  NUMBER_INVALID: (p: { option: string; value: string; min: number; max: number }) =>
    `« ${p.value} » n'est pas une valeur possible de ${p.option} : indiquez un nombre entier de ${p.min} à ${p.max}.`,
  DEADLINE_TOO_FAR: (p: { maxDays: number }) =>
    `La date limite doit tomber dans les ${p.maxDays} jours qui viennent. Choisissez une date plus proche, par exemple +30j ou 11/12/2026 17:00.`,
  DEADLINE_NONEXISTENT: (p: { input: string; timezone: string }) =>
    `L'heure « ${p.input} » n'existe pas (${p.timezone}) : c'est la nuit du passage à l'heure d'été, où l'on passe de 2 h à 3 h. Choisissez une autre heure, par exemple 03:30.`,
  OUTPUT_NOT_DIRECTORY: (p: { path: string }) =>
    `« ${p.path} » est un fichier, pas un dossier. Indiquez avec --out un dossier (il est créé s'il n'existe pas).`,
  OUTPUT_UNWRITABLE: (p: { path: string; reason: string }) =>
    `Impossible d'écrire dans « ${p.path} » : ${p.reason}. Indiquez avec --out un dossier où vous pouvez écrire.`,
  ROUND_INVITES_CAF: (p: { codes: string[] }) =>
    `La Caf ne s'invite pas elle-même (${p.codes.join(', ')}) : ses pilotes suivent la consultation. Retirez ce code de --orgs.`,
  ROUND_CREATE_WHAT: () =>
    'Indiquez --version <n> (une consultation sur un projet) ou --grid <code> (une évaluation sur une grille), l’un ou l’autre.',
  SURVEY_PER_REQUIRED: () =>
    'Une évaluation se remplit une fois par organisation ou une fois par personne : indiquez --per organisation ou --per personne.',
  SURVEY_ANONYMOUS_PER_ORGANISATION: () =>
    '--anonyme ne vaut que pour --per personne : une évaluation par organisation garde qui l’a remplie.',
  SURVEY_CONSULTATION_OPTION: (p: { option: string; kind?: 'consultation' | 'survey' }) =>
    p.kind === 'survey'
      ? `${p.option} ne vaut que pour une évaluation sur une grille (--grid), pas pour une consultation sur un projet.`
      : `${p.option} ne vaut que pour une consultation sur un projet, pas pour une évaluation sur une grille.`,
  ROUND_KINDS_WITH_CODES: () =>
    '--kinds choisit parmi toutes les organisations : employez-le avec --orgs all, ou donnez la liste des codes sans --kinds.',
  ROUND_TOO_MANY_INVITATIONS: (p: { count: number; max: number }) =>
    `${p.count} organisations à inviter : une consultation en invite au plus ${p.max}. Choisissez-les avec --kinds (par exemple --kinds commune,centre_social) ou --orgs <codes>.`,
  INVITE_PILOT_WITH_ORG: () =>
    "Un code pilote ne désigne pas d'organisation : les pilotes sont ceux de la Caf. Retirez --org.",
  ROUND_EXPORT_NOT_HELD: (p: { number: number; status: 'draft' | 'cancelled' }) =>
    p.status === 'draft'
      ? `La consultation n° ${p.number} est en préparation : elle n'a pas de résultats à exporter. Lancez-la d'abord (concerto round launch ${p.number}).`
      : `La consultation n° ${p.number} a été annulée : elle n'a pas de résultats à exporter.`,

  // Operations
  PORT_IN_USE: (p: { port: number }) =>
    `Le port ${p.port} est déjà pris par un autre programme : Concerto n'a pas démarré. Arrêtez ce programme (ou un autre « concerto web ») ou choisissez un autre port avec PORT.`,
  PORT_NOT_ALLOWED: (p: { port: number }) =>
    `Le port ${p.port} est réservé à l'administrateur du système : Concerto n'a pas démarré. Choisissez un port à partir de 1024 avec PORT.`,
  RETRY_NOTHING: () =>
    'Indiquez les identifiants à renvoyer (voir concerto queue failed) ou --all.',
  ENCRYPTION_KEY_MISSING: () => 'CONCERTO_ENCRYPTION_KEY n’est pas configurée : rien à chiffrer.',
  ENCRYPTION_KEY_UNKNOWN: (p: { unreadable: string[] }) =>
    `Illisibles avec les clés configurées (laissées telles quelles) : ${p.unreadable.join(', ')}. Ajoutez leur clé à CONCERTO_ENCRYPTION_OLD_KEYS.`,
} satisfies Record<ErrorCode, (p: never) => string>;

export type FrenchCatalogue = typeof fr;

/**
 * What the chat channels (Slack, Teams) say alike, outside refusals: the same words on every
 * channel, each channel's command words from domain/commands.ts. Read through
 * domain/chat-words.ts `chatWords(locale)`; what only one channel says is SLACK_FR or
 * TEAMS_FR below (`slackWords`, `teamsWords`), never in the adapters.
 */
export const CHAT_FR = {
  /** « aide »: the commands of each channel, described with the same words (domain/help.ts). */
  help: {
    title: 'Concerto — consultations et évaluations des partenaires sur le schéma directeur AVS.',
    partners: 'Partenaires',
    pilots: 'Pilotes de la Caf',
    rejoindre:
      'relier votre compte et cette conversation à votre organisation (code reçu de la Caf)',
    consultations:
      'les consultations et évaluations ouvertes pour votre organisation, avec leur formulaire',
    statutPartner:
      'les résultats d’une consultation une fois close (ou pendant, si la Caf l’a prévu) ; où en est votre grille d’évaluation',
    lancer: 'lancer une consultation ou une évaluation (formulaire)',
    statutPilot:
      'participation par enjeu et organisations sans réponse ; pour une évaluation, où en est chaque organisation',
    relancer: 'relancer maintenant les organisations qui n’ont pas tout rempli',
    clore: 'clore et envoyer les résultats',
    exporter: 'classeur Excel, synthèse PDF, CSV et synthèse Markdown',
    agrements: 'agréments qui arrivent à échéance dans les 6 mois',
    suivi:
      'enregistrer la suite donnée à une réserve, un avis défavorable ou un commentaire (consultation close)',
    aide: 'cette aide',
  },
  unknownCommand: (word: string) =>
    `Je ne connais pas la commande « ${word} ». Voici ce que je sais faire :`,
  genericError: (ref: string) => `Une erreur est survenue. Référence à transmettre : ${ref}.`,
  deadline: 'Date limite',
  noOpenRounds: 'Aucune consultation en cours.',
  openRoundsTitle: (n: number) => `Consultations en cours (${n})`,
  avisRecorded: 'Avis enregistré.',
  exportTitle: (n: number) => `Export de la consultation n° ${n}`,
  thisChannel: 'Ce canal',
  thisConversation: 'Cette conversation',
  /** After « rejoindre <code> »: `where` is the channel or conversation that was linked. */
  joinedPilot: (channel: CommandChannel, name: string, tenant: string, where: string) =>
    `Bienvenue ${name} : vous êtes pilote de la ${tenant}. ${where} recevra les messages destinés aux pilotes. Tapez ${helpCommandText(channel, 'fr')} pour les commandes.`,
  joinedPartner: (
    channel: CommandChannel,
    organisation: string | undefined,
    tenant: string,
    where: string,
  ) =>
    `Compte relié à ${organisation ?? 'votre organisation'} (${tenant}). ${where} recevra les consultations, les rappels et les résultats. Tapez ${commandText(channel, 'consultations')} pour répondre.`,
  /** The avis form (domain/avis-form.ts): Slack modal, Teams card and tab, web ballot. */
  /** An enjeu's change since the previous version, under its title (nothing if unchanged). */
  changes: {
    added: 'Nouvel enjeu',
    changed: 'Modifié depuis la version précédente',
    unchanged: '',
  },
  avisForm: {
    title: 'Notre avis',
    intro: (draft: string) =>
      `Donnez l'avis de votre organisation sur chaque enjeu de « ${draft} ».`,
    enjeu: (n: number, title: string) => `Enjeu ${n} : ${title}`,
    choice: (n: number) => `Avis sur l'enjeu ${n}`,
    noChoiceYet: "Pas d'avis pour l'instant",
    needsReason: 'à motiver',
    comment: (n: number) => `Commentaire sur l'enjeu ${n}`,
    commentHint: (max: number) =>
      `Obligatoire pour un avis défavorable ou favorable avec réserves ; ${max} caractères au plus.`,
    commentPlaceholder: 'Motivez votre avis',
    submit: 'Enregistrer mes avis',
    current: (choice: string) => `Avis actuel de votre organisation : ${choice}.`,
    /** An enjeu that takes up one of an earlier version, with the Caf's follow-up of the avis. */
    carried: (o: { position: number; version: number; choice: string; response: string }) =>
      `Cet enjeu reprend votre avis sur l'enjeu ${o.position} de la version ${o.version} (${o.choice}) : ${o.response.toLowerCase()} par la Caf.`,
  },
  /** The pilot's launch form (Slack modal, Teams card). */
  launch: {
    title: 'Lancer une consultation',
    submit: 'Lancer',
    organisationKinds: 'Types d’organisations consultés (toutes celles du type)',
    organisationsChoice: 'Organisations choisies',
    organisationsAll:
      'Les types et les organisations choisis s’additionnent ; sans aucun choix, toutes les organisations partenaires sont consultées.',
    deadlineTime: 'Heure limite',
    reminders:
      'Relances avant la date limite (par exemple « 7j, 2j, matin » ; « aucun » : pas de relance)',
    optionSilence: "L'absence de réponse vaut avis favorable",
    optionResultsDuring: 'Résultats visibles des partenaires pendant la consultation',
  },
  /** A survey's evaluation grid, one level per form (Slack modal, Teams card): GridFormView. */
  gridForm: {
    /** A modal's title: 24 characters at most. */
    title: (level: number, levels: number) => `Niveau ${level}/${levels}`,
    level: (level: number, label: string) => `Niveau ${level} : ${label}`,
    progress: (filled: number, total: number) =>
      `${count(filled, 'fr', 'case remplie', 'cases remplies')} sur ${total} pour l'instant.`,
    textPlaceholder: 'Votre contribution',
    rating: (question: string) => `Note : ${question}`,
    ratingPlaceholder: 'Choisir une note',
    next: 'Enregistrer et continuer',
    save: 'Enregistrer',
    finishLabel: 'Fin de la grille',
    finish: "J'ai terminé la grille",
    finishHint: "Vous pourrez encore la modifier jusqu'à la date limite.",
    saved: (o: { filled: number; total: number; finished: boolean }) =>
      `Grille enregistrée : ${count(o.filled, 'fr', 'case', 'cases')} sur ${o.total}, ${o.finished ? 'terminée' : 'brouillon'}.`,
  },
};

export type ChatWords = typeof CHAT_FR;

/**
 * What only Slack says (its home tab, its follow-up modal), in French; catalogue/en.ts SLACK_EN in English. Read through domain/chat-words.ts
 * `slackWords`. What Teams says too belongs in CHAT_FR.
 */
export const SLACK_FR = {
  missingArgument: (usage: string) => `Il manque un argument. Utilisation : \`${usage}\``,
  followupModalTitle: 'Suites aux avis',
  save: 'Enregistrer',
  followupIntro: (n: number, title: string) =>
    `Consultation n° ${n} : ${title}. Choisissez l'avis, puis ce que la Caf en a fait et pourquoi ; enregistrer à nouveau remplace la suite.`,
  followupAvis: 'Avis',
  followupPending: 'à faire',
  followupResponse: 'Réponse de la Caf',
  followupJustification: 'Justification',
  followupJustificationHint:
    "Ce que la Caf a fait de l'avis, et pourquoi (2000 caractères au plus).",
  followupNext: 'Enjeu de la version suivante qui y répond (facultatif)',
  followupNone: (n: number) =>
    `Consultation n° ${n} : aucun avis avec réserves, défavorable ou commenté, aucune suite à donner.`,
  followupSaved: (n: number, position: number, org: string, response: string) =>
    `Suite enregistrée — consultation n° ${n}, enjeu ${position}, ${org} : ${response}.`,
  cancel: 'Annuler',
  enjeu: (position: number) => `Enjeu ${position}`,
  truncated: (hidden: number) =>
    `… ${count(hidden, 'fr', 'élément non affiché', 'éléments non affichés')} ici : ouvrez le projet complet.`,
  textTruncated: '… (texte tronqué)',
  launchDraftVersion: 'Version du projet',
  launchReminders:
    'Relances (jours avant la date limite, séparés par des virgules ; 0 = le matin même)',
  launchOptions: 'Options',
  homePartnerTitle: 'Vos consultations',
  homePilotTitle: 'Consultations en cours',
  homeAgrementsTitle: 'Agréments à échéance dans les 6 mois',
  homeNoRounds: 'Aucune consultation ouverte.',
  homeNoAgrements: 'Aucun agrément à échéance.',
  homeNotLinked: `Votre compte n'est relié à aucune organisation. Tapez ${commandText('slack', 'rejoindre <code>', 'fr')} avec le code reçu de la Caf.`,
  homeLeft: (left: number, total: number) =>
    left === 0
      ? `Complet (${total}/${total} ${plural(total, 'fr', 'enjeu', 'enjeux')})`
      : `${count(left, 'fr', 'enjeu', 'enjeux')} sur ${total} sans avis`,
  homeDeadline: (d: string) => `Date limite : ${d}`,
  homeNotAnswered: (names: string) => `Sans réponse : ${names}`,
  giveAvis: 'Donner notre avis',
  genericFormError: (id: string) => `Enregistrement impossible pour le moment. Référence : ${id}`,
  openRoundTitle: (number: number, title: string, version: number) =>
    `N° ${number} : ${title} (version ${version})`,
  openRoundAnswered: (deadline: string, answered: number, total: number) =>
    `Date limite : ${deadline}. Votre organisation a répondu à ${count(answered, 'fr', 'enjeu', 'enjeux')} sur ${total}.`,
  /** `r.everything`: round-messages answeredEverything, in French. */
  openRoundTally: (
    deadline: string,
    r: { complete: number; invited: number; everything: string },
  ) => `Date limite : ${deadline}. ${r.everything}`,
  giveAvisNumbered: (number: number) => `Donner notre avis (n° ${number})`,
  avisRecorded: (o: {
    organisation: string;
    saved: number;
    round: number;
    done: number;
    total: number;
    until: string;
  }) =>
    `Avis enregistré pour ${o.organisation} sur ${count(o.saved, 'fr', 'enjeu', 'enjeux')} de la consultation n° ${o.round}. Votre organisation a répondu à ${count(o.done, 'fr', 'enjeu', 'enjeux')} sur ${o.total}${o.done < o.total ? '' : ' : merci'}. Vous pouvez modifier cet avis jusqu'au ${o.until}.`,
  welcomeChannel: `Bonjour ! Je suis Concerto, l'outil de consultation de la Caf. Pour recevoir ici les consultations de votre organisation, tapez ${commandText('slack', 'rejoindre <code>', 'fr')} avec le code reçu de la Caf.`,
};

export type SlackWords = typeof SLACK_FR;

/**
 * What only Teams says (the card's captions, the tab), in French; its help is CHAT_FR.help's;
 * catalogue/en.ts TEAMS_EN in English. Read through domain/chat-words.ts `teamsWords`.
 */
export const TEAMS_FR = {
  openRound: (r: {
    number: number;
    title: string;
    version: number;
    complete: number;
    invited: number;
    deadline: string;
  }) =>
    `N° ${r.number} : ${r.title} (version ${r.version}) — ${count(r.complete, 'fr', 'organisation', 'organisations')} sur ${r.invited} ${plural(r.complete, 'fr', 'a', 'ont')} tout rempli — date limite ${r.deadline}`,
  /** « Date limite : 14 mars », with the typography of the language. */
  labelled: (label: string, value: string) => `${label} : ${value}`,
  consultation: 'Consultation',
  version: 'Version',
  avis: 'Avis',
  comment: 'Commentaire',
  noAnswer: 'Pas de réponse',
  noAnswerInline: 'pas de réponse',
  answeredBy: (o: { by: string; organisation: string; at: string; done: number; total: number }) =>
    `Avis donné par ${o.by} pour ${o.organisation}, le ${o.at} (${count(o.done, 'fr', 'enjeu', 'enjeux')} sur ${o.total}).`,
  unknownAction: 'Action inconnue.',
  /** The tab's view of a round (adapters/teams/tab/public/tab.js draws them as the API sends them). */
  tab: {
    heading: (title: string, version: number) => `${title} — version ${version}`,
    /** The words of a diff, for screen readers (ins/del are not announced). */
    diffSummary: (previous: number | null) =>
      `Modifications depuis la version ${previous ?? 'précédente'}`,
    diffAdded: 'ajouté',
    diffRemoved: 'supprimé',
    saving: 'Enregistrement…',
    saved: 'Avis enregistrés.',
    /**
     * The tab's pages before sign-in (index.html: the member is not known yet, French first) and
     * its configuration page (config.html), rendered by the server (adapters/teams/tab/router.ts).
     */
    page: {
      title: 'Concerto — consultations',
      skip: 'Aller au contenu',
      connecting: 'Connexion à Microsoft Teams…',
      outsideTeams: 'Ouvrez cet onglet dans Microsoft Teams.',
      signInFailed: 'Connexion impossible',
      /** Followed by the HTTP status when the server gave no reason. */
      error: 'Erreur',
      configTitle: "Concerto — configuration de l'onglet",
      configHeading: 'Ajouter Concerto à cette conversation',
      configIntro: "L'onglet affichera les consultations de votre organisation.",
    },
    connected: (name: string, organisation: string | null) =>
      `Connecté : ${name}${organisation ? ` — ${organisation}` : ''}`,
    noRounds: 'Aucune consultation en cours pour votre organisation.',
    results: 'Résultats',
    resultsUnavailable: 'Résultats indisponibles',
    /** Next to a bar of the results: how many avis of this choice, out of the invited. */
    avisCount: (n: number, invited: number) => (invited ? `${n} avis sur ${invited}` : `${n} avis`),
    exports: 'Exports',
    download: (label: string) => `Télécharger : ${label}`,
    exportFailed: 'Export impossible',
    /** The download buttons, by export format. */
    exportLabels: {
      xlsx: 'Classeur Excel (XLSX)',
      pdf: 'Synthèse PDF',
      csv: 'Tableau des avis (CSV)',
      md: 'Synthèse Markdown',
    },
    /** « Suites données aux avis » (pilots, closed round). */
    followups: {
      heading: 'Suites données aux avis',
      closedRounds: 'Consultations closes : suites données aux avis',
      closedRound: (n: number, title: string, version: number) =>
        `Consultation n° ${n} : ${title} (version ${version})`,
      intro: (pending: number, total: number) =>
        total === 0
          ? 'Aucun avis favorable avec réserves, défavorable ou commenté : aucune suite à donner.'
          : `${pending === 0 ? 'Toutes les suites sont enregistrées.' : `${pending} avis sur ${total} sans suite enregistrée.`} Pour chaque réserve, avis défavorable ou commentaire, indiquez ce que la Caf en a fait et pourquoi ; les organisations le verront quand la version suivante leur sera soumise.`,
      item: (position: number, title: string, organisation: string, code: string) =>
        `Enjeu ${position} : ${title} — ${organisation} (${code})`,
      followup: 'Suite',
      toDo: 'à faire',
      recorded: (by: string, at: string) => `, par ${by}, le ${at}.`,
      nextEnjeu: (version: number, position: number, title: string) =>
        `Repris dans la version ${version}, enjeu ${position} : ${title}.`,
      laterEnjeu: (version: number, position: number, title: string) =>
        `Version ${version}, enjeu ${position} : ${title}`,
      response: 'Réponse de la Caf',
      justification: 'Justification',
      justificationHint: (max: number) =>
        `Obligatoire ; ${max.toLocaleString('fr-FR')} caractères au plus.`,
      noNextEnjeu: 'Aucun',
      next: 'Enjeu de la version suivante qui y répond (facultatif)',
      save: 'Enregistrer la suite',
      saving: 'Enregistrement de la suite…',
      saved: (position: number, organisation: string) =>
        `Suite enregistrée : enjeu ${position}, ${organisation}.`,
      notSaved: 'Suite non enregistrée',
      unavailable: 'Suites données aux avis indisponibles',
    },
    /** The evaluations (survey rounds): the list, where an answer stands, the results. */
    survey: {
      list: 'Évaluations',
      heading: (n: number, title: string) => `Évaluation n° ${n} — ${title}`,
      /** A survey in the list, after its title: its state, deadline and my answer. */
      listLine: (status: string, deadline: string | null, answer: string | null) =>
        `${status}${deadline ? `, date limite : ${deadline}` : ''}${answer ? `. ${answer}` : ''}`,
      state: (status: string, deadline: string | null) =>
        `État : ${status}${deadline ? ` ; date limite : ${deadline}` : ''}.`,
      /** Where an organisation's answer stands. */
      answer: (state: 'finished' | 'draft' | 'not_started', filled: number, total: number) =>
        state === 'finished'
          ? 'terminée'
          : state === 'draft'
            ? `brouillon, ${count(filled, 'fr', 'case remplie', 'cases remplies')} sur ${total}`
            : 'rien de saisi',
      yourAnswer: (organisation: string, answer: string) =>
        `Réponse de ${organisation} : ${answer}.`,
      /**
       * The tab does not draw the grid: the invitation card's button opens it in the conversation
       * with Concerto, where each level is saved as it is filled.
       */
      fillHint: (n: number) =>
        `Pour remplir la grille, ouvrez l’invitation de l’évaluation n° ${n} dans votre conversation avec Concerto et choisissez « Remplir la grille » : chaque niveau s’enregistre au fur et à mesure.`,
      participation: (p: { invited: number | null; started: number; finished: number }) =>
        p.invited === null
          ? `${count(p.started, 'fr', 'participant a', 'participants ont')} commencé la grille, ${p.finished} ${p.finished > 1 ? 'l’ont terminée' : 'l’a terminée'}.`
          : `${count(p.invited, 'fr', 'organisation invitée', 'organisations invitées')} : ${p.started} ${p.started > 1 ? 'ont commencé' : 'a commencé'} la grille, ${p.finished} ${p.finished > 1 ? 'l’ont terminée' : 'l’a terminée'}.`,
      organisations: 'Réponses des organisations',
      organisation: (name: string, code: string, answer: string) => `${name} (${code}) : ${answer}`,
      heatmap: 'Carte de chaleur',
      cells: 'Case par case',
      /** One cell's figures: contributions, mean rating on the scale. */
      cell: (c: { contributions: number; rated: boolean; mean: string | null; scale: number }) =>
        [
          count(c.contributions, 'fr', 'contribution', 'contributions'),
          ...(c.rated
            ? [c.mean === null ? 'aucune note' : `note moyenne ${c.mean} sur ${c.scale}`]
            : []),
        ].join(' ; '),
      /** The cells with neither contribution nor rating, named on one line. */
      emptyCells: (questions: string[]) => `Sans contribution ni note : ${questions.join(', ')}.`,
      resultsNotOut: (n: number) =>
        `Les résultats de l’évaluation n° ${n} seront visibles à sa clôture.`,
    },
  },
  /** The evaluation grid's cards (a survey round), one card per level. */
  survey: {
    heading: (n: number, title: string) => `Évaluation n° ${n} : ${title}`,
    gridHeading: 'Grille d’évaluation',
    level: 'Niveau',
    levelOf: (position: number, total: number, label: string) =>
      `${position} sur ${total} : ${label}`,
    filled: 'Cases remplies',
    filledOf: (filled: number, total: number) => `${filled} sur ${total}`,
    contributionHint: (max: number) =>
      `Chaque contribution : ${max} caractères au plus ; une case peut rester vide.`,
    scale: (labels: string[]) => `Notes : ${labels.map((l, i) => `${i + 1} ${l}`).join(' · ')}.`,
    rating: (question: string) => `Note — ${question}`,
    noRating: 'Pas de note',
    next: 'Enregistrer et continuer',
    previous: 'Niveau précédent',
    previousQuestions: 'Questions précédentes',
    save: 'Enregistrer',
    finish: 'J’ai terminé la grille',
    levelSaved: (position: number) => `Niveau ${position} enregistré.`,
    /** A level too large for one card goes over several, by questions. */
    questions: 'Questions',
    questionsOf: (from: number, to: number, total: number) =>
      from === to ? `${from} sur ${total}` : `${from} à ${to} sur ${total}`,
    partSaved: (level: number, from: number, to: number) =>
      from === to
        ? `Question ${from} du niveau ${level} enregistrée.`
        : `Questions ${from} à ${to} du niveau ${level} enregistrées.`,
    toFix: (n: number) =>
      `${count(n, 'fr', 'case', 'cases')} à corriger : rien n’a été enregistré.`,
    saved: (filled: number, total: number, finished: boolean) =>
      `Grille enregistrée : ${count(filled, 'fr', 'case', 'cases')} sur ${total}, ${finished ? 'terminée' : 'brouillon'}.`,
    savedHint: (until: string) => `Vous pouvez la modifier jusqu’au ${until}.`,
    review: 'Revoir la grille',
  },
};

export type TeamsWords = typeof TEAMS_FR;

/** The Slack-only words of the Caf's side, always French (pilots): the export's files. */
export const CAF_SLACK = {
  /** `said`: what was posted, in order (« le classeur Excel », « la synthèse PDF »…). */
  exportPosted: (n: number, said: string[]) =>
    `${CHAT_FR.exportTitle(n)} : ${said.length > 1 ? `${said.slice(0, -1).join(', ')} et ${said.at(-1)} sont déposés` : `${said[0] ?? ''} est déposé`} dans ce canal.`,
  /** Each export file as posted: its name's suffix, its title, how the message names it. */
  exportFiles: {
    xlsx: {
      suffix: '.xlsx',
      title: (n: number) => `Classeur des résultats — consultation n° ${n}`,
      said: 'le classeur Excel',
    },
    pdf: {
      suffix: '.pdf',
      title: (n: number) => `Synthèse PDF — consultation n° ${n}`,
      said: 'la synthèse PDF',
    },
    csv: {
      suffix: '-avis.csv',
      title: (n: number) => `Avis — consultation n° ${n}`,
      said: 'le CSV (une ligne par organisation et par enjeu)',
    },
    md: {
      suffix: '-synthese.md',
      title: (n: number) => `Synthèse — consultation n° ${n}`,
      said: 'la synthèse Markdown',
    },
  },
};

/**
 * The Teams-only words of the Caf's side, always French: names given to conversations and
 * users, the pilots' launch card and export links.
 */
export const CAF_TEAMS = {
  teamsUser: 'Utilisateur Teams',
  personalConversation: (name: string | undefined) =>
    `Conversation personnelle de ${name ?? 'un utilisateur'}`,
  teamsConversation: 'Conversation Teams',
  pilotsConversation: (name: string) => `Pilotes (${name})`,
  pilotOf: (tenant: string) => `Pilote — ${tenant}`,
  launchDraftVersion: 'Version du projet de schéma',
  launchDraftVersionMissing: 'Choisissez une version.',
  launchDeadlineMissing: 'Indiquez la date limite.',
  launchFallback: 'Formulaire de lancement de consultation',
  synthesisTruncated: '[… synthèse tronquée : téléchargez le fichier Markdown complet]',
  exportLinksValid: 'Liens valables 24 heures.',
  /** The links of `exporter`, by export format. */
  download: {
    xlsx: 'Télécharger le classeur (Excel)',
    pdf: 'Télécharger la synthèse (PDF)',
    csv: 'Télécharger le CSV',
    md: 'Télécharger la synthèse (Markdown)',
  },
};

/** What the e-mails say around a message (adapters/email/render.ts). */
export const EMAIL_FR = {
  countsCaption: (title: string) => `Avis sur « ${title} »`,
  choice: 'Avis',
  organisations: 'Organisations',
  onBallotPage: (label: string) => `${label} sur la page de vote de Concerto`,
  footerPersonal:
    'Message envoyé par Concerto pour la Caf. Ce lien vous est personnel : ne le transférez pas.',
  footerBallot:
    'Message envoyé par Concerto pour la Caf. Ce lien de vote vous est personnel : ne le transférez pas.',
};
export type EmailWords = { [K in keyof typeof EMAIL_FR]: (typeof EMAIL_FR)[K] };

/**
 * The pages Slack's installation lands on (adapters/slack/oauth-pages.ts): French, with an English
 * line under it (the installer's language is unknown).
 */
export const SLACK_INSTALL_FR = {
  cancelled: {
    title: 'Installation annulée',
    text: "Vous avez annulé l'installation de Concerto dans Slack. Rien n'a été installé ; vous pouvez recommencer depuis le lien d'installation.",
  },
  stateInvalid: {
    title: "Lien d'installation expiré ou invalide",
    text: "Ce retour de Slack ne correspond pas à une installation commencée dans ce navigateur, ou elle a expiré. Recommencez depuis le lien d'installation.",
  },
  codeRefused: {
    title: "Code d'autorisation expiré ou invalide",
    text: "Slack a refusé le code d'autorisation (expiré ou déjà utilisé). Recommencez depuis le lien d'installation.",
  },
  failed: {
    title: 'Installation impossible',
    text: "L'installation n'a pas pu être enregistrée. Réessayez dans quelques minutes ; si cela se reproduit, prévenez l'équipe Concerto.",
  },
  installed: {
    title: 'Concerto est installé',
    text: (team: string) =>
      `Concerto est installé dans l'espace de travail Slack${team ? ` « ${team} »` : ''}. Vous pouvez fermer cette page et taper /concerto aide dans Slack.`,
  },
};

/**
 * A participant's e-mail address on their grid page (http/survey-participant-email.ts) and the
 * reminders it brings (app/survey/survey-lifecycle.ts): never asked in an anonymous round.
 */
export const PARTICIPANT_FR = {
  heading: 'Recevoir un rappel par courriel',
  label: 'Votre adresse électronique (facultatif)',
  help: 'Elle sert uniquement à vous rappeler de terminer votre grille avant la date limite et à vous envoyer le lien pour la reprendre.',
  current: (email: string) =>
    `Rappels envoyés à ${email} tant que votre grille n’est pas terminée. Videz le champ pour ne plus en recevoir.`,
  button: 'Enregistrer mon adresse',
  saved: 'Adresse enregistrée',
  savedText:
    'Vous recevrez un rappel avant la date limite, avec le lien pour reprendre votre grille, tant qu’elle n’est pas terminée.',
  removed: 'Adresse effacée',
  removedText: 'Vous ne recevrez pas de rappel par courriel.',
  notSaved: 'Adresse non enregistrée',
  formExpired:
    'Le formulaire a expiré ou n’a pas été envoyé depuis cette page : votre adresse n’a pas été enregistrée. Tapez-la à nouveau.',
  resumeTodo: 'Revenez à la page de la journée et tapez le code imprimé sur votre papier.',
  anonymousTodo: 'Remplissez votre grille sans laisser d’adresse : elle reste anonyme.',
  /** « relancer » on a per-person evaluation. */
  reminded: (number: number, n: number) =>
    n > 0
      ? `Relance de l’évaluation n° ${number} envoyée par courriel à ${count(n, 'fr', 'participant', 'participants')} qui n’${plural(n, 'fr', 'a', 'ont')} pas terminé.`
      : `Évaluation n° ${number} : aucun participant à relancer (grilles terminées, ou pas d’adresse laissée).`,
  /** The console's « Relancer » of a named per-person evaluation. */
  consoleRemindIntro:
    'Un rappel part maintenant par courriel vers les participants qui ont laissé leur adresse et n’ont pas terminé leur grille, avec le lien pour la reprendre.',
  consoleRemindButton: 'Relancer les participants qui n’ont pas terminé',
  /** The console's line after « Relancer » (the round is the page's). */
  remindedOnPage: (n: number) =>
    n > 0
      ? `Relance envoyée par courriel à ${count(n, 'fr', 'participant', 'participants')} qui n’${plural(n, 'fr', 'a', 'ont')} pas terminé.`
      : 'Aucun participant à relancer : grilles terminées, ou pas d’adresse laissée.',
  withoutAddress: (n: number) =>
    `${count(n, 'fr', 'participant', 'participants')} sans grille terminée n’${plural(n, 'fr', 'a', 'ont')} pas laissé d’adresse.`,
};
export type ParticipantWords = { [K in keyof typeof PARTICIPANT_FR]: (typeof PARTICIPANT_FR)[K] };
