import { commandText, helpCommandText, notLinkedText } from '../commands';
import type { ErrorCode } from '../error-codes';
import { MAX_COMMENT_LENGTH, type RoundStatus } from '../types';
import { count, plural } from '../format';
import type {
  ChatWords,
  EmailWords,
  FrenchCatalogue,
  ParticipantWords,
  ScheduleProblem,
  SettingsProblem,
  SlackWords,
  TeamsWords,
} from './fr';

/**
 * The English words of every refusal, by code, for English-speaking users of the chat channels
 * (Slack user locale, Teams locale). Words of the domain stay French in English too: avis,
 * enjeu(x), Caf, agrément, and the command names. Same codes, same params as catalogue/fr.ts:
 * the type below refuses a missing code or a different parameter.
 */
export type Catalogue = { [C in ErrorCode]: (...args: Parameters<FrenchCatalogue[C]>) => string };

/** The kind of round a refusal is about. */
const nounEn = (p: { survey?: boolean }) => (p.survey ? 'evaluation' : 'consultation');
const NounEn = (p: { survey?: boolean }) => (p.survey ? 'Evaluation' : 'Consultation');

export const ROUND_STATUS_EN: Record<RoundStatus, string> = {
  draft: 'in preparation',
  open: 'open',
  closed: 'closed',
  cancelled: 'cancelled',
};

const s = (n: number) => (n > 1 ? 's' : '');

function scheduleEn(p: ScheduleProblem): string {
  switch (p.problem) {
    case 'out_of_range':
      return `Reminder "${p.item}" out of range: between 1 and ${p.max} ${p.unit} before the deadline.`;
    case 'unknown_item':
      return `Reminder "${p.item}" not understood. Examples: 7j (7 days before the deadline), 6h, 30min, matin.`;
    case 'not_text_item':
      return 'The reminder schedule must be text.';
    case 'not_text':
      return 'The reminder schedule must be text, for example "7j, 2j, matin".';
    case 'empty':
      return 'Give at least one reminder (for example "7j, 2j, matin"), or "aucun".';
    case 'none_combined':
      return '"aucun" cannot be combined with other reminders.';
    case 'too_many':
      return `At most ${p.max} reminders per consultation (${p.count} asked).`;
  }
}

function settingsEn(p: SettingsProblem): string {
  const why = (() => {
    switch (p.problem) {
      case 'not_object':
        return 'a JSON object is expected.';
      case 'offsets_not_object':
        return 'a JSON object is expected, by step.';
      case 'unknown_step':
        return `unknown step. Possible steps: ${p.steps}.`;
      case 'offset_not_object':
        return 'an object { months, days } is expected, for example { "months": 14 }.';
      case 'unknown_key':
        return `unknown key "${p.key}" (only months and days are allowed).`;
      case 'not_integer':
        return `a whole number of ${p.unit} (at most ${p.max}) is expected.`;
      case 'no_offset':
        return 'give months or days.';
      case 'expiry_not_after_end':
        return 'the expiry alert must fall after the end date (negative values, for example { "days": -1 }).';
      case 'step_after_end':
        return 'this step must fall on the end date at the latest (positive values or zero).';
    }
  })();
  return `Setting ${p.field} invalid: ${why}`;
}

const INVALID_CHARACTERS =
  'The comment holds an invalid character (a control character or half of one): remove it.';

export const en: Catalogue = {
  // Access
  FORBIDDEN: (p = {}) =>
    p.pilotsOnly
      ? 'This command is for the Caf’s pilots only. If you think you should have access, please contact your Caf.'
      : 'You do not have access to this action.',
  NOT_LINKED: (p = {}) => notLinkedText(p.channel ?? 'teams', 'en'),
  AVIS_NOT_MEMBER: (p = {}) =>
    p.organisation
      ? 'You are not a member of this organisation: you cannot give its avis.'
      : 'Your account is not attached to any partner organisation: you cannot give an avis.',
  AVIS_NOT_INVITED: (p = {}) =>
    p.number === undefined
      ? 'Your organisation is not invited to this consultation.'
      : `Your organisation is not invited to consultation no. ${p.number}.`,
  AVIS_PILOT_ONLY_FOLLOWS: () =>
    'You follow this consultation as a pilot: only the invited organisations give an avis.',
  AVIS_OBSERVER: () => 'Your account is an observer: it gives no avis.',
  RESULTS_NOT_VISIBLE: (p) =>
    `The results of consultation no. ${p.number} will be shared when it closes.`,
  TEAMS_TENANT_NOT_REGISTERED: () =>
    'Your Microsoft 365 organisation is not registered with this Caf: ask the Caf to add it.',
  TEAMS_IDENTITY_MISSING: () => 'Your Teams account could not be identified.',
  CARD_DATA_INVALID: () => 'This card names no consultation.',

  // Not found
  TENANT_NOT_FOUND: (p) =>
    `No Caf has the code "${p.code}". Create it with "concerto tenant create" or load the demo with "concerto seed demo".`,
  ROUND_NOT_FOUND: (p = {}) =>
    p.ref === undefined ? 'Consultation not found.' : `Consultation "${p.ref}" not found.`,
  ROUND_NONE_OPEN: (p) => `No open consultation. Give its number, for example: ${p.example}.`,
  ROUND_NONE_FOR_STATUS: (p = {}) =>
    `No open or closed consultation. Give its number, for example: ${commandText(p.channel ?? 'teams', 'statut 3', 'en')}.`,
  ROUND_NONE_INVITED: () => 'Your organisation is invited to no open or closed consultation.',
  ORGANISATION_NOT_FOUND: (p) =>
    p.list
      ? `Unknown organisation${s(p.codes.length)}: ${p.codes.join(', ')}.`
      : `No organisation has the code "${p.codes[0]}".`,
  DRAFT_NOT_FOUND: () => 'Draft version not found.',
  DRAFT_VERSION_NOT_FOUND: (p) =>
    `No version ${p.version}${p.schema !== undefined ? ` of schéma "${p.schema}"` : ''} imported (see "concerto draft list").`,
  DRAFT_NONE_IMPORTED: () =>
    'No draft schéma imported: import a version with "concerto draft import".',
  ENJEU_NOT_FOUND: (p) => `Enjeu "${p.enjeu}" not found: 1 to ${p.count}, or "tous".`,
  AGREMENT_NOT_FOUND: (p = {}) =>
    p.id === undefined ? 'Agrément not found.' : `Agrément "${p.id}" not found.`,
  RETRY_UNKNOWN: (p) => `No failure with this number for this Caf: ${p.ids.join(', ')}.`,
  RESOURCE_NOT_FOUND: () => 'Unknown resource.',

  // Round lifecycle
  ROUND_BAD_TRANSITION: (p) =>
    `The ${nounEn(p)} is ${ROUND_STATUS_EN[p.from]}: it cannot become "${ROUND_STATUS_EN[p.to]}".`,
  ROUND_NOT_OPEN: (p) =>
    p.status === 'draft'
      ? 'This consultation is not open yet.'
      : `This consultation is ${ROUND_STATUS_EN[p.status]}: avis can no longer be changed.`,
  ROUND_CLOSED: () => 'This consultation is closed: avis can no longer be changed.',
  ROUND_DEADLINE_PASSED: () =>
    'The deadline of this consultation has passed: your avis was not recorded.',
  ROUND_ANSWERS_OVER: (p) =>
    p.reason === 'not_open'
      ? 'This consultation is not open.'
      : 'The deadline of this consultation has passed.',
  ROUND_NOT_OPEN_FOR_DEADLINE: (p) =>
    `${NounEn(p)} no. ${p.number} is closed or cancelled: its deadline can no longer change.`,
  ROUND_NOT_OPEN_FOR_REMINDER: (p) => `${NounEn(p)} no. ${p.number} is not open: no reminder.`,
  ROUND_PAST_DEADLINE: (p) =>
    `The deadline of ${nounEn(p)} no. ${p.number} has passed: no reminder.`,
  ROUND_NO_ENJEU: () => 'The consultation cannot be launched: the draft holds no enjeu.',
  ROUND_NO_INVITATION: (p = {}) =>
    p.launch === false
      ? `No organisation matches: the ${nounEn(p)} must invite at least one organisation.`
      : `The ${nounEn(p)} cannot be launched: no organisation is invited.`,
  ROUND_DEADLINE_PAST: (p = {}) =>
    p.launch === false
      ? 'The deadline must be in the future.'
      : 'The consultation cannot be launched: its deadline has already passed. Choose a future date.',

  // Avis
  AVIS_EMPTY: () => 'Nothing to record: choose an avis for at least one enjeu.',
  AVIS_ENJEU_NOT_IN_ROUND: () => 'This enjeu is not part of the consultation.',
  AVIS_ENJEU_TWICE: (p) => `The enjeu "${p.title}" appears twice.`,
  AVIS_CHOICE_UNKNOWN: (p) =>
    `Enjeu "${p.title}": choose favourable, favourable with reservations, unfavourable or abstention.`,
  AVIS_REASON_MISSING: (p) =>
    `Enjeu "${p.title}": an unfavourable avis must give its reason. Write it in the comment.`,
  AVIS_RESERVATIONS_MISSING: (p) => `Enjeu "${p.title}": state your reservations in the comment.`,
  AVIS_COMMENT_TOO_LONG: (p) =>
    `Enjeu "${p.title}": the comment has ${p.length} characters, ${MAX_COMMENT_LENGTH} at most.`,
  AVIS_CHOICE_MISSING: () => 'Choose an avis for this enjeu, or clear the comment.',
  AVIS_NOTHING_CHOSEN: () => 'Choose an avis for at least one enjeu.',
  AVIS_INVALID: (p) => `Unknown avis: ${p.value}`,
  AVIS_CHOICE_INVALID: (p) =>
    `Unknown avis "${p.value}": favorable, favorable_avec_reserves, defavorable or abstention.`,
  COMMENT_TOO_LONG: () => `A comment has ${MAX_COMMENT_LENGTH} characters at most.`,
  COMMENT_INVALID_CHARACTERS: (p = {}) =>
    p.title === undefined ? INVALID_CHARACTERS : `Enjeu "${p.title}": ${INVALID_CHARACTERS}`,
  PROXY_SOURCE_MISSING: () =>
    'Say where this avis comes from (for example "letter of 3 December").',
  VALIDATION_FAILED: () => 'Invalid form.',
  FORM_INVALID: () => 'Invalid form.',

  // Launch forms
  FIELD_REQUIRED: () => 'This field is required.',
  REMINDER_DAYS_INVALID: () => 'Give numbers of days separated by commas, for example 7, 2, 0.',
  DRAFT_VERSION_REQUIRED: () => 'Choose a draft version or one of the Caf’s evaluation grids.',
  DEADLINE_INVALID: (p = {}) => (p.form ? 'Give a valid deadline.' : 'The deadline is invalid.'),
  DEADLINE_UNREADABLE: (p) =>
    `Unreadable deadline: "${p.input}". Examples: 2026-12-11 17:00, 11/12/2026 17:00, +10min, +3j.`,
  ORGANISATION_KIND_UNKNOWN: () => 'Unknown kind of organisation: open the form again.',
  ORGANISATION_UNKNOWN: () => 'Unknown organisation: open the form again.',
  KIND_INVALID: (p) => `Unknown kind of organisation: "${p.kind}".`,
  SCHEDULE_INVALID: scheduleEn,

  // Invitation codes
  INVITE_CODE_MISSING: () => 'Give the code you received from the Caf: "rejoindre ABCD-1234".',
  INVITE_CODE_UNKNOWN: () => 'This code is unknown. Check it or ask the Caf for a new one.',
  INVITE_CODE_USED: () => 'This code has already been used. Ask the Caf for a new one.',
  INVITE_CODE_EXPIRED: () => 'This code has expired. Ask the Caf for a new one.',
  INVITE_CODE_THROTTLED: (p) =>
    `Too many invitation codes tried. Try again in ${p.retryInMinutes} minute${s(p.retryInMinutes)}; if your code is still refused, ask the Caf for a new one.`,
  INVITE_VALIDITY_INVALID: () => 'A code is valid for 1 to 90 days.',
  INVITE_ORG_REQUIRED: () => 'A partner code must name an organisation (--org <code>).',

  // Caf (tenant) settings
  TENANT_CODE_INVALID: (p) =>
    `Invalid Caf code "${p.code}": digits, letters or hyphens, 12 at most.`,
  TENANT_NAME_MISSING: () => 'The Caf’s name is required.',
  TIMEZONE_INVALID: (p) =>
    p.hint === false
      ? `Unknown time zone: "${p.timezone}".`
      : `Unknown time zone: "${p.timezone}". Use an IANA name, for example Europe/Paris.`,
  TEAMS_TENANT_ID_INVALID: (p) =>
    `"${p.input}" is not a Microsoft 365 tenant ID (a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47).`,
  SETTINGS_INVALID: settingsEn,

  // Dates and durations
  DATE_INVALID: (p = {}) =>
    p.value === undefined
      ? 'Invalid date.'
      : `Invalid date: "${p.value}". The expected format is YYYY-MM-DD (for example 2026-09-30).`,
  DATE_UNREADABLE: (p) => `Unreadable date: "${p.input}". Examples: 2031-06-30, 30/06/2031.`,
  DURATION_INVALID: (p) => `Unreadable duration: "${p.input}". Examples: 7j, 2s, 6m, 1a.`,
  DURATION_TOO_LONG: (p) =>
    `Duration too long: "${p.input}". At most ${p.maxDays} days (10 years), for example 7j, 6m, 2a.`,

  // Drafts
  DRAFT_NO_FRONT_MATTER: () =>
    'The draft must begin with a header between two "---" lines (caf, title, period, version).',
  DRAFT_NO_ENJEU: (p = {}) =>
    p.word
      ? 'The Word document holds no enjeu: each enjeu is a paragraph in the "Heading 2" style, followed by its text.'
      : 'The draft holds no enjeu: each enjeu is a level-2 heading ("## Title of the enjeu").',
  DRAFT_TEXT_OUTSIDE_ENJEU: (p = { heading: '' }) =>
    p.word
      ? `Text follows the "Heading 1" "${p.heading}", placed after the enjeux: put that text under an enjeu ("Heading 2") or before the first, or make that heading a "Heading 2".`
      : 'Text follows a level-1 heading after the enjeux: put it under an enjeu ("## …") or before the first.',
  DRAFT_EMPTY_TITLE: (p) =>
    p.word
      ? 'A paragraph in the "Heading 2" style is empty: give it the enjeu\'s title or change its style.'
      : `Line ${p.line}: an enjeu has no title.`,
  DRAFT_EMPTY_ENJEU: (p) =>
    p.word
      ? `The enjeu "${p.title}" (Heading 2) has no text: write its text under the heading, before the next Heading 2.`
      : `The enjeu "${p.title}" (line ${p.line}) has no text.`,
  DRAFT_DUPLICATE_ENJEU: (p) =>
    p.word
      ? `Two enjeux (Heading 2) have the same title "${p.title}": rename one of them.`
      : `Two enjeux have the same title "${p.title}" (lines ${p.first} and ${p.line}).`,
  DRAFT_FRONT_MATTER_INVALID: (p) =>
    'parser' in p
      ? `Unreadable header: ${p.parser}`
      : `Incomplete draft header: ${[
          ...p.missing.map((k) => `"${k}" missing`),
          ...(p.badVersion ? ['"version" must be a positive whole number'] : []),
        ].join(', ')}.`,
  DRAFT_WRONG_CAF: (p) =>
    p.word
      ? `This document is the Caf "${p.draftCaf}"'s (the document's "Caf" property), not "${p.tenant}"'s: choose the Caf with --caf ${p.draftCaf}.`
      : `This draft is the Caf "${p.draftCaf}"'s, not "${p.tenant}"'s (caf field of the header).`,
  DRAFT_WORD_UNREADABLE: (p) =>
    `"${p.file}" is not a readable Word document (.docx): open it in Word and save it as "Word Document (.docx)" (the old .doc format is not read). Nothing was imported.`,
  DRAFT_WORD_NO_TITLE: () =>
    'The Word document has no title: put the schéma\'s title in a paragraph in the "Heading 1" style, before the enjeux ("Heading 2" style).',
  DRAFT_WORD_METADATA: (p) =>
    [
      ...(p.missing.length > 0
        ? [
            `The draft's ${p.missing.join(' and ')} ${p.missing.length > 1 ? 'are' : 'is'} missing: give ${p.missing.map((k) => (k === 'period' ? '--period 2026-2030' : '--version 2')).join(' ')}, or fill in the document's custom ${p.missing.length > 1 ? 'properties' : 'property'} ${p.missing.map((k) => (k === 'period' ? '"Période"' : '"Version"')).join(' and ')} (Word: File > Info > Properties > Advanced Properties > Custom).`,
          ]
        : []),
      ...(p.badVersion !== undefined
        ? [`Version "${p.badVersion}" is not a positive whole number (for example 2).`]
        : []),
    ].join(' '),
  SCHEMA_NOT_FOUND: (p) =>
    `No schéma "${p.schema}" in this Caf. ${p.known ? `Schémas: ${p.known} (see "concerto draft list").` : 'No draft imported.'}`,
  DRAFT_VERSION_AMBIGUOUS: (p) =>
    `Several schémas have a version ${p.version}: ${p.schemas}. Say which with --schema (for example --schema ${p.example}).`,
  DRAFT_VERSION_INVALID: (p) =>
    `Invalid version "${p.input}": give the version's number, a positive whole number (for example 2; see "concerto draft list").`,
  DRAFT_VERSION_EXISTS: (p) =>
    p.word
      ? `Version ${p.version} of this schéma already exists with another text: number the new version (--version ${p.version + 1}, or the document's "Version" property).`
      : `Version ${p.version} of this schéma already exists with another text: number the new version (version: ${p.version + 1}).`,

  // Agréments
  GRID_NOT_FOUND: (p) => `No grid "${p.code}" for this Caf (see concerto grid list).`,
  GRID_FILE_INVALID: (p) =>
    p.detail === 'not_object'
      ? 'A grid is a YAML document with code, titre, questions and niveaux.'
      : p.detail === 'no_front_matter'
        ? 'A Markdown grid starts with a header between two "---" lines (code, titre, notation).'
        : `Unreadable grid file: ${p.detail}`,
  GRID_CODE_INVALID: (p) =>
    `Grid code "${p.code}" refused: 2 to 40 characters, lower case, digits and hyphens (e.g. evaluation-94).`,
  GRID_NO_TITLE: () => 'The grid has no title ("titre").',
  GRID_TEXT_TOO_LONG: (p) => `A ${p.what} is longer than ${p.max} characters ("${p.label}…").`,
  GRID_NO_QUESTION: () => 'The grid has no question (columns: "questions").',
  GRID_NO_LEVEL: () => 'The grid has no level (rows: "niveaux").',
  GRID_AXIS_NOT_LIST: (p) =>
    `"${p.kind === 'question' ? 'questions' : 'niveaux'}" must be a list (one "- …" line each).`,
  GRID_TOO_LARGE: (p) => `Too many ${p.kind}s: ${p.count} (at most ${p.max}).`,
  GRID_EMPTY_ITEM: (p) =>
    `${p.kind === 'question' ? 'Question' : 'Level'} ${p.position} is empty: give it a label or remove it.`,
  GRID_DUPLICATE_ITEM: (p) =>
    `Two ${p.kind}s have the same label "${p.label}" (${p.first} and ${p.position}).`,
  GRID_RATING_WITHOUT_LABELS: () =>
    "The grid's rating has no labels: give one per step, lowest first (notation: { libelles: [ … ] }).",
  GRID_RATING_SCALE_SIZE: (p) =>
    `The rating scale has ${p.count} step(s): it needs ${p.min} to ${p.max}.`,
  GRID_RATING_DUPLICATE_LABEL: () => 'Two steps of the rating scale have the same label.',
  GRID_RATING_UNKNOWN_QUESTION: (p) =>
    `The rating names the question "${p.label}", which is not in the grid.`,
  GRID_NO_TABLE: () =>
    'A Markdown grid needs a table: questions across (first row), one level per row.',
  GRID_EMPTY_ROW: (p) =>
    `Line ${p.line}: a table row has no level (first cell empty): name the level or remove the row.`,
  GRID_ROW_WIDTH: (p) =>
    `${p.line > 0 ? `Line ${p.line}: ` : ''}${p.count} cell(s) for ${p.expected} question(s).`,

  GRID_CONTRIBUTION_TOO_LONG: (p) =>
    `${p.length} characters: at most ${p.max}. Shorten the contribution.`,
  GRID_RATING_OFF_SCALE: (p) => `Choose a rating from 1 to ${p.max}.`,
  GRID_CELL_NOT_RATED: () => 'This cell takes no rating.',
  ROUND_IS_SURVEY: (p) =>
    `Evaluation ${p.number} is filled in on its grid: it has no draft and no avis per enjeu.`,
  ROUND_IS_CONSULTATION: (p) =>
    `Consultation ${p.number} is on a draft schéma: it has no evaluation grid.`,
  SURVEY_NOT_PER_PERSON: (p) =>
    `Evaluation ${p.number} is answered once per organisation: it has no public link and no participant codes.`,
  SURVEY_NOT_PER_ORGANISATION: (p) =>
    `Evaluation ${p.number} is answered once per person, with the code given to each participant.`,
  SURVEY_EVENT_NOT_FOUND: () =>
    'This event link matches no evaluation. Check the address or ask the Caf for it.',
  SURVEY_CODE_UNKNOWN: () =>
    'This code matches no participant of this event. Check it on the slip handed out at your table (8 characters).',
  SURVEY_PARTICIPANTS_COUNT: (p) => `${p.count} codes asked for: 1 to ${p.max} at a time.`,
  SURVEY_NAME_TOO_LONG: (p) => `Your name: ${p.max} characters at most.`,
  SURVEY_NOT_OPEN: (p) =>
    p.status === 'draft'
      ? `Evaluation ${p.number} is not open yet.`
      : p.status === 'cancelled'
        ? `Evaluation ${p.number} was cancelled: it no longer takes contributions.`
        : p.status === 'past'
          ? `The deadline of evaluation ${p.number} has passed: your contribution was not saved.`
          : `Evaluation ${p.number} is closed: it no longer takes contributions.`,
  SURVEY_NOT_ALLOWED: (p) =>
    p.reason === 'not_invited'
      ? `Your organisation is not invited to evaluation ${p.number}.`
      : p.reason === 'observer'
        ? `You follow your organisation without representing it: one of its partner members fills in the grid of evaluation ${p.number}.`
        : `Your account belongs to no organisation invited to evaluation ${p.number}.`,
  SURVEY_CODE_THROTTLED: (p) =>
    `Too many codes tried from this device. Try again in ${p.retryInMinutes} minute${s(p.retryInMinutes)}; if your code is still refused, show the slip from your table to the Caf's team.`,
  SURVEY_EMAIL_ANONYMOUS: (p) =>
    `Evaluation no. ${p.number} is anonymous: no e-mail address is asked for or kept.`,
  SURVEY_RESUME_LINK_INVALID: () =>
    'This resume link matches no grid of this event: it may have been copied wrongly.',
  AGREMENT_STEP_UNKNOWN: (p) => `Unknown renewal step: "${p.step}".`,
  AGREMENT_DATES_INVERTED: (p) =>
    `The end date (${p.end}) must come after the start date (${p.start}).`,
  AGREMENT_TOO_LONG: (p) =>
    `An agrément lasts 4 years at most: for a start on ${p.start}, the end must be on ${p.latestEnd} at the latest.`,
  AGREMENT_TOO_SHORT: (p) =>
    `An agrément lasts 1 year at least: for a start on ${p.start}, the end must be on ${p.earliestEnd} at the earliest.`,
  AGREMENT_NOT_A_STRUCTURE: (p) =>
    `Line ${p.line}: the code ${p.code} names an organisation of kind ${p.kind}, not a centre social or an EVS.`,
  AGREMENT_ALREADY_RENEWED: (p) => `The agrément of ${p.organisation} has already been renewed.`,
  AGREMENT_ENDED: (p) =>
    `The agrément of ${p.organisation} has been closed: it can no longer be renewed.`,
  AGREMENT_NOT_ACTIVE: (p) =>
    `The agrément of ${p.organisation} is no longer running (${p.status === 'ended' ? 'closed' : 'renewed'}; ended on ${p.end}).`,

  // E-mail contacts and the web ballot
  EMAIL_INVALID: (p = {}) =>
    p.input === undefined
      ? 'E-mail address missing.'
      : `Invalid e-mail address: "${p.input}" (expected: name@domain.fr).`,
  CONTACT_NAME_TOO_LONG: () => 'Contact name too long (120 characters at most).',
  CONTACT_NOT_FOUND: (p) => `${p.organisation} (${p.code}) has no contact "${p.email}".`,
  BALLOT_LINK_INVALID: (p = {}) =>
    p.hint
      ? 'This voting link is not valid: it may have been copied wrongly. Open it again from the e-mail you received, or ask the Caf for a new link.'
      : 'This voting link is not valid.',
  BALLOT_LINK_REVOKED: () =>
    'This voting link was withdrawn by the Caf. If your organisation still has to answer, ask the Caf for a new link.',
  BALLOT_NOT_INVITED: (p) =>
    `${p.organisation} is not invited to this consultation: this link cannot answer it.`,
  BALLOT_ROUND_CLOSED: (p) =>
    'cancelled' in p
      ? `Consultation no. ${p.number} was cancelled by the Caf: there is no avis left to give.`
      : `Consultation no. ${p.number} is closed (deadline: ${p.deadline}): your avis can no longer be recorded. The results are sent to your organisation.`,

  BALLOT_LINKS_THROTTLED: () =>
    'Too many invalid voting links were tried from your connection. Try again in a few minutes with the link you received by e-mail.',

  // Pilots' web console
  PILOT_NOT_FOUND: (p) =>
    `No pilot of this Caf has the address ${p.email} (see "concerto pilot add").`,
  CONSOLE_SIGNIN_THROTTLED: (p) =>
    `Too many sign-in links asked. Try again in ${p.retryInMinutes} minute${s(p.retryInMinutes)}; the last link received stays valid for 15 minutes.`,
  CONSOLE_LINK_INVALID: () =>
    'This sign-in link is not valid: it may have been copied wrongly. Ask for a new one.',
  CONSOLE_LINK_USED: () =>
    'This sign-in link has already been used: each link works once. Ask for a new one.',
  CONSOLE_LINK_EXPIRED: () =>
    'This sign-in link has expired (it is valid for 15 minutes). Ask for a new one.',
  CHART_LINK_INVALID: () =>
    'This chart link is not valid: it may have been copied wrongly or not come from Concerto.',
  EXPORT_LINK_INVALID: () =>
    'This download link has expired or is invalid: ask for the export again (“export” in Teams).',
  CHART_LINK_EXPIRED: () =>
    'This chart link has expired: the results remain in the console and in the exports.',
  CONSOLE_NOT_PILOT: () =>
    'Your account is no longer a pilot of the Caf: the console is closed to you.',
  // … with OpenID Connect
  OIDC_NOT_CONFIGURED: (p) =>
    `The Caf "${p.caf}" has no identity provider configured: sign in with a link received by e-mail.`,
  OIDC_CONFIG_INVALID: (p) => `Identity provider configuration refused (${p.field}): ${p.reason}.`,
  OIDC_SECRET_MISSING: (p) =>
    `The identity provider's secret is not available (environment variable ${p.variable} unset, or encryption key missing): tell Concerto's operator.`,
  OIDC_PROVIDER_UNAVAILABLE: (p) =>
    `The identity provider ${p.issuer} does not answer as expected: try again later, or sign in with a link received by e-mail.`,
  OIDC_STATE_INVALID: () =>
    'This answer from the identity provider matches no sign-in started in this browser: start again from the sign-in page. No session was opened.',
  OIDC_STATE_EXPIRED: () =>
    'The sign-in with the identity provider took more than 10 minutes and expired: start again from the sign-in page. No session was opened.',
  OIDC_STATE_USED: () =>
    'This answer from the identity provider has already been used: each sign-in works once. Start again from the sign-in page. No session was opened.',
  OIDC_PROVIDER_REFUSED: (p) =>
    `The identity provider refused the sign-in (${p.error}). No session was opened.`,
  OIDC_TOKEN_REJECTED: (p) =>
    `The identity provider's answer is refused: ${
      {
        issuer: "it does not come from the Caf's configured identity provider (unexpected issuer)",
        audience: 'the ID token is not meant for Concerto (unexpected audience)',
        nonce: 'the ID token does not match this sign-in (unexpected nonce)',
        expired: 'the ID token has expired',
        other: 'the ID token could not be verified',
      }[p.reason]
    }. No session was opened; start again from the sign-in page.`,
  OIDC_EMAIL_UNVERIFIED: () =>
    'The identity provider does not vouch that your e-mail address is verified: the console cannot recognise you. Sign in with a link received by e-mail.',
  OIDC_EMAIL_UNKNOWN: (p) =>
    `No pilot of ${p.tenant} has the address ${p.email}: ask a pilot to add you ("concerto pilot add"). No session was opened.`,
  OIDC_NOT_PILOT: (p) =>
    `The address ${p.email} belongs to a member of ${p.tenant} who is not a pilot: the console is for pilots. No session was opened.`,
  OIDC_OTHER_CAF: (p) =>
    `The address ${p.email} belongs to a pilot of another Caf, not ${p.tenant}: sign in from your Caf's sign-in page. No session was opened.`,
  ENJEU_REQUIRED: () => 'Choose an enjeu, or "Tous les enjeux".',
  AVIS_CHOICE_REQUIRED: () =>
    'Choose an avis: favourable, favourable with reservations, unfavourable or abstention.',

  // Exports
  EXPORT_FORMAT_UNKNOWN: (p) =>
    `Unknown export format "${p.format}" (expected: ${p.formats.join(', ')}).`,
  // Follow-up of avis
  FOLLOWUP_ROUND_NOT_CLOSED: (p) =>
    `Round ${p.number} is ${ROUND_STATUS_EN[p.status]}: what was done with the avis is recorded once the round is closed.`,
  FOLLOWUP_ENJEU_UNKNOWN: (p) => `Enjeu "${p.enjeu}" not found in this round: 1 to ${p.count}.`,
  FOLLOWUP_NO_AVIS: (p) =>
    `"${p.organisation}" gave no avis on enjeu ${p.position}: there is no follow-up to record.`,
  FOLLOWUP_NOT_NEEDED: (p) =>
    `The avis of "${p.organisation}" on enjeu ${p.position} needs no follow-up: only avis with reservations, unfavourable or commented ones do.`,
  FOLLOWUP_RESPONSE_UNKNOWN: (p) =>
    p.input.trim() === ''
      ? 'Choose the Caf’s response: retained, partly retained, not retained or not applicable.'
      : `Unknown response "${p.input}": retenue, partielle (partly retained), non-retenue or sans-objet.`,
  FOLLOWUP_JUSTIFICATION_MISSING: () =>
    'The justification is required: say what the Caf did with this avis, and why.',
  FOLLOWUP_JUSTIFICATION_TOO_LONG: (p) =>
    `The justification is ${p.length} characters long: ${p.max} at most.`,
  FOLLOWUP_NO_LATER_VERSION: (p) =>
    `No version of the schéma later than version ${p.version} is imported: import the new version before pointing an avis to it.`,
  FOLLOWUP_NEXT_ENJEU_INVALID: (p) =>
    `"${p.input}" is not an enjeu of a later version of the same schéma (for example 3, or 2.3 for enjeu 3 of version 2).`,

  // Files
  FILE_UNREADABLE: (p) => `Cannot read "${p.file}": ${p.reason}.`,
  CSV_UNREADABLE: (p) => `Unreadable CSV file: ${p.reason}`,
  CSV_COLUMNS_MISSING: (p) =>
    `Columns missing from the first line of the file: ${p.missing.join(', ')} (expected: ${p.required.join(', ')}). Add or rename them, then run again.`,
  CSV_ROWS_INVALID: (p) =>
    `${p.problems.length} invalid line${s(p.problems.length)}:\n` +
    p.problems.map((r) => `  line ${r.line}: ${r.message}`).join('\n'),
  SPREADSHEET_OLD_FORMAT: (p) =>
    `"${p.file}" is an Excel 97-2003 workbook (.xls), which Concerto does not read: open it in Excel, save it as "Excel Workbook (.xlsx)" or CSV, then run again.`,
  SPREADSHEET_UNREADABLE: (p) =>
    `Unreadable Excel workbook "${p.file}" (${p.reason}): open it in Excel, save it again as .xlsx or CSV, then run again.`,

  // CLI options and outputs
  NUMBER_INVALID: (p) =>
    `"${p.value}" is not a possible value of ${p.option}: give a whole number from ${p.min} to ${p.max}.`,
  DEADLINE_TOO_FAR: (p) =>
    `The deadline must fall within the next ${p.maxDays} days. Choose a nearer date, for example +30j or 11/12/2026 17:00.`,
  DEADLINE_NONEXISTENT: (p) =>
    `The time "${p.input}" does not exist (${p.timezone}): clocks go from 2:00 to 3:00 that night. Choose another time, for example 03:30.`,
  OUTPUT_NOT_DIRECTORY: (p) =>
    `"${p.path}" is a file, not a folder. Give a folder with --out (it is created when missing).`,
  OUTPUT_UNWRITABLE: (p) =>
    `Cannot write to "${p.path}": ${p.reason}. Give with --out a folder you can write to.`,
  ROUND_INVITES_CAF: (p) =>
    `The Caf does not invite itself (${p.codes.join(', ')}): its pilots follow the round. Remove this code from --orgs.`,
  ROUND_CREATE_WHAT: () =>
    'Give --version <n> (a consultation on a draft) or --grid <code> (an evaluation on a grid), one or the other.',
  SURVEY_PER_REQUIRED: () =>
    'An evaluation is filled in once per organisation or once per person: give --per organisation or --per personne.',
  SURVEY_ANONYMOUS_PER_ORGANISATION: () =>
    '--anonyme only applies to --per personne: an evaluation per organisation keeps who filled it in.',
  SURVEY_CONSULTATION_OPTION: (p) =>
    p.kind === 'survey'
      ? `${p.option} only applies to an evaluation on a grid (--grid), not to a consultation on a draft.`
      : `${p.option} only applies to a consultation on a draft, not to an evaluation on a grid.`,
  ROUND_KINDS_WITH_CODES: () =>
    '--kinds chooses among all organisations: use it with --orgs all, or give the list of codes without --kinds.',
  ROUND_TOO_MANY_INVITATIONS: (p) =>
    `${p.count} organisations to invite: a round invites at most ${p.max}. Choose them with --kinds (for example --kinds commune,centre_social) or --orgs <codes>.`,
  INVITE_PILOT_WITH_ORG: () =>
    'A pilot code names no organisation: pilots are the Caf’s. Remove --org.',
  ROUND_EXPORT_NOT_HELD: (p) =>
    p.status === 'draft'
      ? `Round no. ${p.number} is in preparation: it has no results to export. Launch it first (concerto round launch ${p.number}).`
      : `Round no. ${p.number} was cancelled: it has no results to export.`,

  // Operations
  PORT_IN_USE: (p) =>
    `Port ${p.port} is already taken by another program: Concerto did not start. Stop that program (or another "concerto web") or choose another port with PORT.`,
  PORT_NOT_ALLOWED: (p) =>
    `Port ${p.port} is reserved to the system's administrator: Concerto did not start. Choose a port from 1024 on with PORT.`,
  RETRY_NOTHING: () => 'Give the ids to send again (see concerto queue failed) or --all.',
  ENCRYPTION_KEY_MISSING: () => 'CONCERTO_ENCRYPTION_KEY is not set: nothing to encrypt.',
  ENCRYPTION_KEY_UNKNOWN: (p) =>
    `Unreadable with the configured keys (left as they are): ${p.unreadable.join(', ')}. Add their key to CONCERTO_ENCRYPTION_OLD_KEYS.`,
};

/** CHAT_FR's words in English (catalogue/fr.ts). */
export const CHAT_EN: ChatWords = {
  help: {
    title: 'Concerto — partner consultations and evaluations on the AVS schéma directeur.',
    partners: 'Partners',
    pilots: 'Caf pilots',
    rejoindre: 'link your account and this conversation to your organisation (code from the Caf)',
    consultations: 'the open consultations and evaluations for your organisation, with their form',
    statutPartner:
      'the results of a consultation once closed (or during it, if the Caf chose so); where your evaluation grid stands',
    lancer: 'launch a consultation or an evaluation (form)',
    statutPilot:
      'participation per enjeu and organisations that have not answered; for an evaluation, where each organisation stands',
    relancer: 'remind the organisations that have not filled in everything, now',
    clore: 'close and send the results',
    exporter: 'Excel workbook, PDF synthesis, CSV and Markdown synthesis',
    agrements: 'agréments ending within 6 months',
    suivi:
      'record what the Caf did with a reservation, an unfavourable avis or a comment (closed round)',
    aide: 'this help',
  },
  unknownCommand: (word) => `I don't know the command "${word}". Here is what I can do:`,
  genericError: (ref) => `Something went wrong. Reference to give the Caf: ${ref}.`,
  deadline: 'Deadline',
  noOpenRounds: 'No open consultation.',
  openRoundsTitle: (n) => `Open consultations (${n})`,
  avisRecorded: 'Avis recorded.',
  exportTitle: (n) => `Export of consultation no. ${n}`,
  thisChannel: 'This channel',
  thisConversation: 'This conversation',
  joinedPilot: (channel, name, tenant, where) =>
    `Welcome ${name}: you are a pilot of the ${tenant}. ${where} will receive the messages for pilots. Type ${helpCommandText(channel, 'en')} for the commands.`,
  joinedPartner: (channel, organisation, tenant, where) =>
    `Account linked to ${organisation ?? 'your organisation'} (${tenant}). ${where} will receive the consultations, reminders and results. Type ${commandText(channel, 'consultations', 'en')} to answer.`,
  changes: {
    added: 'New enjeu',
    changed: 'Changed since the previous version',
    unchanged: '',
  },
  avisForm: {
    title: 'Our avis',
    intro: (draft) => `Give your organisation's avis on each enjeu of "${draft}".`,
    enjeu: (n, title) => `Enjeu ${n}: ${title}`,
    choice: (n) => `Avis on enjeu ${n}`,
    noChoiceYet: 'No avis for now',
    needsReason: 'give the reasons',
    comment: (n) => `Comment on enjeu ${n}`,
    commentHint: (max) =>
      `Required for an unfavourable avis or a favourable one with reservations; ${max} characters at most.`,
    commentPlaceholder: 'Give the reasons for your avis',
    submit: 'Save my avis',
    current: (choice) => `Your organisation's current avis: ${choice}.`,
    carried: (o) =>
      `This enjeu takes up your avis on enjeu ${o.position} of version ${o.version} (${o.choice}): ${o.response.toLowerCase()} by the Caf.`,
  },
  launch: {
    title: 'Launch a consultation',
    submit: 'Launch',
    organisationKinds: 'Kinds of organisation consulted (all of that kind)',
    organisationsChoice: 'Chosen organisations',
    organisationsAll:
      'Chosen kinds and organisations add up; with no choice at all, every partner organisation is consulted.',
    deadlineTime: 'Deadline time',
    reminders: 'Reminders before the deadline (for example "7j, 2j, matin"; "aucun": none)',
    optionSilence: 'No answer counts as a favourable avis',
    optionResultsDuring: 'Results visible to partners during the consultation',
  },
  gridForm: {
    title: (level, levels) => `Level ${level}/${levels}`,
    level: (level, label) => `Level ${level}: ${label}`,
    progress: (filled, total) =>
      `${count(filled, 'en', 'cell filled in', 'cells filled in')} of ${total} so far.`,
    textPlaceholder: 'Your contribution',
    rating: (question) => `Rating: ${question}`,
    ratingPlaceholder: 'Choose a rating',
    next: 'Save and continue',
    save: 'Save',
    finishLabel: 'End of the grid',
    finish: 'I have finished the grid',
    finishHint: 'You can still change it until the deadline.',
    saved: (o) =>
      `Grid saved: ${count(o.filled, 'en', 'cell', 'cells')} of ${o.total}, ${o.finished ? 'finished' : 'draft'}.`,
  },
};

/** SLACK_FR's words in English (catalogue/fr.ts). */
export const SLACK_EN: SlackWords = {
  missingArgument: (usage) => `An argument is missing. Usage: \`${usage}\``,
  followupModalTitle: 'Follow-up of avis',
  save: 'Save',
  followupIntro: (n, title) =>
    `Round ${n}: ${title}. Choose the avis, then what the Caf did with it and why; saving again replaces the follow-up.`,
  followupAvis: 'Avis',
  followupPending: 'to do',
  followupResponse: 'The Caf’s response',
  followupJustification: 'Justification',
  followupJustificationHint: 'What the Caf did with the avis, and why (2,000 characters at most).',
  followupNext: 'Enjeu of the next version that answers it (optional)',
  followupNone: (n) =>
    `Round ${n}: no avis with reservations, unfavourable or commented; no follow-up to give.`,
  followupSaved: (n, position, org, response) =>
    `Follow-up saved — round ${n}, enjeu ${position}, ${org}: ${response}.`,
  cancel: 'Cancel',
  enjeu: (position) => `Enjeu ${position}`,
  truncated: (hidden) =>
    `… ${count(hidden, 'en', 'more item', 'more items')} not shown here: open the full draft.`,
  textTruncated: '… (text truncated)',
  launchDraftVersion: 'Draft version',
  launchReminders: 'Reminders (days before the deadline, comma-separated; 0 = that morning)',
  launchOptions: 'Options',
  homePartnerTitle: 'Your consultations',
  homePilotTitle: 'Open consultations',
  homeAgrementsTitle: 'Agréments ending within 6 months',
  homeNoRounds: 'No open consultation.',
  homeNoAgrements: 'No agrément ending soon.',
  homeNotLinked: `Your account is not linked to any organisation. Type ${commandText('slack', 'rejoindre <code>', 'en')} with the code from the Caf.`,
  homeLeft: (left, total) =>
    left === 0
      ? `Complete (${total}/${total} ${plural(total, 'en', 'enjeu', 'enjeux')})`
      : `${left} of ${count(total, 'en', 'enjeu', 'enjeux')} without an avis`,
  homeDeadline: (d) => `Deadline: ${d}`,
  homeNotAnswered: (names) => `Not answered: ${names}`,
  giveAvis: 'Give our avis',
  genericFormError: (id) => `Cannot save right now. Reference: ${id}`,
  openRoundTitle: (number, title, version) => `No. ${number}: ${title} (version ${version})`,
  openRoundAnswered: (deadline, answered, total) =>
    `Deadline: ${deadline}. Your organisation has answered ${answered} of ${count(total, 'en', 'enjeu', 'enjeux')}.`,
  openRoundTally: (deadline, r) =>
    `Deadline: ${deadline}. ${r.complete} of ${count(r.invited, 'en', 'organisation', 'organisations')} answered every enjeu.`,
  giveAvisNumbered: (number) => `Give our avis (no. ${number})`,
  avisRecorded: (o) =>
    `Avis recorded for ${o.organisation} on ${count(o.saved, 'en', 'enjeu', 'enjeux')} of consultation no. ${o.round}. Your organisation has answered ${o.done} of ${count(o.total, 'en', 'enjeu', 'enjeux')}${o.done < o.total ? '' : ': thank you'}. You can change this avis until ${o.until}.`,
  welcomeChannel: `Hello! I am Concerto, the Caf's consultation tool. To receive your organisation's consultations here, type ${commandText('slack', 'rejoindre <code>', 'en')} with the code from the Caf.`,
};

/** TEAMS_FR's words in English (catalogue/fr.ts). */
export const TEAMS_EN: TeamsWords = {
  openRound: (r) =>
    `No. ${r.number}: ${r.title} (version ${r.version}) — ${r.complete} of ${count(r.invited, 'en', 'organisation', 'organisations')} ${plural(r.complete, 'en', 'has', 'have')} answered everything — deadline ${r.deadline}`,
  labelled: (label, value) => `${label}: ${value}`,
  consultation: 'Consultation',
  version: 'Version',
  avis: 'Avis',
  comment: 'Comment',
  noAnswer: 'No answer',
  noAnswerInline: 'no answer',
  answeredBy: (o) =>
    `Avis given by ${o.by} for ${o.organisation}, on ${o.at} (${o.done} of ${count(o.total, 'en', 'enjeu', 'enjeux')}).`,
  unknownAction: 'Unknown action.',
  tab: {
    heading: (title, version) => `${title} — version ${version}`,
    diffSummary: (previous) =>
      `Changes since ${previous ? `version ${previous}` : 'the previous version'}`,
    diffAdded: 'added',
    diffRemoved: 'removed',
    saving: 'Saving…',
    saved: 'Avis saved.',
    page: {
      title: 'Concerto — consultations',
      skip: 'Skip to content',
      connecting: 'Connecting to Microsoft Teams…',
      outsideTeams: 'Open this tab in Microsoft Teams.',
      signInFailed: 'Could not sign in',
      error: 'Error',
      configTitle: 'Concerto — tab configuration',
      configHeading: 'Add Concerto to this conversation',
      configIntro: "The tab will show your organisation's consultations.",
    },
    connected: (name, organisation) =>
      `Signed in: ${name}${organisation ? ` — ${organisation}` : ''}`,
    noRounds: 'No consultation in progress for your organisation.',
    results: 'Results',
    resultsUnavailable: 'Results unavailable',
    avisCount: (n, invited) => (invited ? `${n} avis of ${invited}` : `${n} avis`),
    exports: 'Exports',
    download: (label) => `Download: ${label}`,
    exportFailed: 'Export failed',
    exportLabels: {
      xlsx: 'Excel workbook (XLSX)',
      pdf: 'PDF synthesis',
      csv: 'Table of the avis (CSV)',
      md: 'Markdown synthesis',
    },
    followups: {
      heading: 'What the Caf did with the avis',
      closedRounds: 'Closed consultations: what the Caf did with the avis',
      closedRound: (n, title, version) => `Consultation no. ${n}: ${title} (version ${version})`,
      intro: (pending, total) =>
        total === 0
          ? 'No avis with reservations, unfavourable or commented: no follow-up to record.'
          : `${pending === 0 ? 'Every follow-up is recorded.' : `${pending} of ${total} avis without a recorded follow-up.`} For each reservation, unfavourable avis or comment, say what the Caf did with it and why; the organisations will see it when the next version is submitted to them.`,
      item: (position, title, organisation, code) =>
        `Enjeu ${position}: ${title} — ${organisation} (${code})`,
      followup: 'Follow-up',
      toDo: 'to do',
      recorded: (by, at) => `, by ${by}, on ${at}.`,
      nextEnjeu: (version, position, title) =>
        `Taken up in version ${version}, enjeu ${position}: ${title}.`,
      laterEnjeu: (version, position, title) => `Version ${version}, enjeu ${position}: ${title}`,
      response: 'Response of the Caf',
      justification: 'Justification',
      justificationHint: (max) => `Required; ${max.toLocaleString('en-GB')} characters at most.`,
      noNextEnjeu: 'None',
      next: 'Enjeu of the next version that answers it (optional)',
      save: 'Save the follow-up',
      saving: 'Saving the follow-up…',
      saved: (position, organisation) => `Follow-up saved: enjeu ${position}, ${organisation}.`,
      notSaved: 'Follow-up not saved',
      unavailable: 'Follow-ups unavailable',
    },
    survey: {
      list: 'Evaluations',
      heading: (n, title) => `Evaluation no. ${n} — ${title}`,
      listLine: (status, deadline, answer) =>
        `${status}${deadline ? `, deadline: ${deadline}` : ''}${answer ? `. ${answer}` : ''}`,
      state: (status, deadline) => `State: ${status}${deadline ? `; deadline: ${deadline}` : ''}.`,
      answer: (state, filled, total) =>
        state === 'finished'
          ? 'finished'
          : state === 'draft'
            ? `draft, ${filled} of ${count(total, 'en', 'cell', 'cells')} filled in`
            : 'nothing entered',
      yourAnswer: (organisation, answer) => `Answer of ${organisation}: ${answer}.`,
      fillHint: (n) =>
        `To fill in the grid, open the invitation to evaluation no. ${n} in your conversation with Concerto and choose “Fill in the grid”: each level is saved as you go.`,
      participation: (p) =>
        p.invited === null
          ? `${count(p.started, 'en', 'participant', 'participants')} started the grid, ${p.finished} finished it.`
          : `${count(p.invited, 'en', 'organisation', 'organisations')} invited: ${p.started} started the grid, ${p.finished} finished it.`,
      organisations: 'Answers of the organisations',
      organisation: (name, code, answer) => `${name} (${code}): ${answer}`,
      heatmap: 'Heat map',
      cells: 'Cell by cell',
      cell: (c) =>
        [
          count(c.contributions, 'en', 'contribution', 'contributions'),
          ...(c.rated
            ? [c.mean === null ? 'no rating' : `mean rating ${c.mean} of ${c.scale}`]
            : []),
        ].join('; '),
      emptyCells: (questions) => `No contribution nor rating: ${questions.join(', ')}.`,
      resultsNotOut: (n) => `The results of evaluation no. ${n} will be visible when it closes.`,
    },
  },
  survey: {
    heading: (n, title) => `Evaluation no. ${n}: ${title}`,
    gridHeading: 'Evaluation grid',
    level: 'Level',
    levelOf: (position, total, label) => `${position} of ${total}: ${label}`,
    filled: 'Cells filled in',
    filledOf: (filled, total) => `${filled} of ${total}`,
    contributionHint: (max) =>
      `Each contribution: at most ${max} characters; a cell may stay empty.`,
    scale: (labels) => `Ratings: ${labels.map((l, i) => `${i + 1} ${l}`).join(' · ')}.`,
    rating: (question) => `Rating — ${question}`,
    noRating: 'No rating',
    next: 'Save and continue',
    previous: 'Previous level',
    previousQuestions: 'Previous questions',
    save: 'Save',
    finish: 'I have finished the grid',
    levelSaved: (position) => `Level ${position} saved.`,
    questions: 'Questions',
    questionsOf: (from, to, total) =>
      from === to ? `${from} of ${total}` : `${from} to ${to} of ${total}`,
    partSaved: (level, from, to) =>
      from === to
        ? `Question ${from} of level ${level} saved.`
        : `Questions ${from} to ${to} of level ${level} saved.`,
    toFix: (n) => `${count(n, 'en', 'cell', 'cells')} to correct: nothing was saved.`,
    saved: (filled, total, finished) =>
      `Grid saved: ${filled} of ${count(total, 'en', 'cell', 'cells')}, ${finished ? 'finished' : 'draft'}.`,
    savedHint: (until) => `You can change it until ${until}.`,
    review: 'Review the grid',
  },
};

export const EMAIL_EN: EmailWords = {
  countsCaption: (title: string) => `Avis on “${title}”`,
  choice: 'Avis',
  organisations: 'Organisations',
  onBallotPage: (label: string) => `${label} on Concerto's ballot page`,
  footerPersonal: 'Sent by Concerto for the Caf. This link is personal: do not forward it.',
  footerBallot: 'Sent by Concerto for the Caf. This ballot link is personal: do not forward it.',
};

/** The English line under each French Slack installation page. */
export const SLACK_INSTALL_EN = {
  cancelled: 'You cancelled the installation of Concerto in Slack. Nothing was installed.',
  stateInvalid:
    'This return from Slack does not match an installation started in this browser, or it expired. Start again from the install link.',
  codeRefused:
    'Slack refused the authorisation code (expired or already used). Start again from the install link.',
  failed: 'The installation could not be recorded. Try again in a few minutes.',
  installed:
    'Concerto is installed in your Slack workspace. You can close this page and type /concerto help in Slack.',
};

/** A participant's e-mail address on their grid page, and its reminders (see PARTICIPANT_FR). */
export const PARTICIPANT_EN: ParticipantWords = {
  heading: 'Get a reminder by e-mail',
  label: 'Your e-mail address (optional)',
  help: 'Used only to remind you to finish your grid before the deadline and to send you the link to resume it.',
  current: (email) =>
    `Reminders go to ${email} as long as your grid is not finished. Empty the field to stop them.`,
  button: 'Save my address',
  saved: 'Address saved',
  savedText:
    'You will get a reminder before the deadline, with the link to resume your grid, as long as it is not finished.',
  removed: 'Address removed',
  removedText: 'You will get no reminder by e-mail.',
  notSaved: 'Address not saved',
  formExpired:
    'The form expired or was not sent from this page: your address was not saved. Type it again.',
  resumeTodo: 'Go back to the event page and type the code printed on your slip.',
  anonymousTodo: 'Fill in your grid without leaving an address: it stays anonymous.',
  reminded: (number, n) =>
    n > 0
      ? `Reminder of evaluation no. ${number} e-mailed to ${count(n, 'en', 'participant', 'participants')} who ${plural(n, 'en', 'has', 'have')} not finished.`
      : `Evaluation no. ${number}: no participant to remind (grids finished, or no address left).`,
  consoleRemindIntro:
    'A reminder is e-mailed now to the participants who left their address and have not finished their grid, with the link to resume it.',
  consoleRemindButton: 'Remind the participants who have not finished',
  remindedOnPage: (n) =>
    n > 0
      ? `Reminder e-mailed to ${count(n, 'en', 'participant', 'participants')} who ${plural(n, 'en', 'has', 'have')} not finished.`
      : 'No participant to remind: grids finished, or no address left.',
  withoutAddress: (n) =>
    `${count(n, 'en', 'participant', 'participants')} without a finished grid left no address.`,
};
