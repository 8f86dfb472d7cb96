import { commandText, helpCommandText, notLinkedText } from '../commands';
import type { ErrorCode } from '../error-codes';
import { MAX_COMMENT_LENGTH, type RoundStatus } from '../types';
import type { ChatWords, FrenchCatalogue, ScheduleProblem, SettingsProblem } from './fr';

/**
 * The English words of every refusal, by code, for English-speaking users of the chat channels
 * (Slack user locale, Teams locale). Words of the domain stay French in English too: avis,
 * enjeu(x), Caf, agrément, and the command names. Same codes, same params as catalogue/fr.ts:
 * the type below refuses a missing code or a different parameter.
 */
export type Catalogue = { [C in ErrorCode]: (...args: Parameters<FrenchCatalogue[C]>) => string };

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
  DRAFT_VERSION_NOT_FOUND: (p) => `No version ${p.version} imported (see "concerto draft list").`,
  DRAFT_NONE_IMPORTED: () =>
    'No draft schéma imported: import a version with "concerto draft import".',
  ENJEU_NOT_FOUND: (p) => `Enjeu "${p.enjeu}" not found: 1 to ${p.count}, or "tous".`,
  AGREMENT_NOT_FOUND: (p = {}) =>
    p.id === undefined ? 'Agrément not found.' : `Agrément "${p.id}" not found.`,
  RETRY_UNKNOWN: (p) => `No failure with this number for this Caf: ${p.ids.join(', ')}.`,
  RESOURCE_NOT_FOUND: () => 'Unknown resource.',

  // Round lifecycle
  ROUND_BAD_TRANSITION: (p) =>
    `The consultation is ${ROUND_STATUS_EN[p.from]}: it cannot become "${ROUND_STATUS_EN[p.to]}".`,
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
    `Consultation no. ${p.number} is closed or cancelled: its deadline can no longer change.`,
  ROUND_NOT_OPEN_FOR_REMINDER: (p) => `Consultation no. ${p.number} is not open: no reminder.`,
  ROUND_PAST_DEADLINE: (p) =>
    `The deadline of consultation no. ${p.number} has passed: no reminder.`,
  ROUND_NO_ENJEU: () => 'The consultation cannot be launched: the draft holds no enjeu.',
  ROUND_NO_INVITATION: (p = {}) =>
    p.launch === false
      ? 'No organisation matches: the consultation must invite at least one organisation.'
      : 'The consultation cannot be launched: no organisation is invited.',
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
  DRAFT_VERSION_REQUIRED: () => 'Choose a draft version.',
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

  // Drafts
  DRAFT_NO_FRONT_MATTER: () =>
    'The draft must begin with a header between two "---" lines (caf, title, period, version).',
  DRAFT_NO_ENJEU: () =>
    'The draft holds no enjeu: each enjeu is a level-2 heading ("## Title of the enjeu").',
  DRAFT_TEXT_OUTSIDE_ENJEU: () =>
    'Text follows a level-1 heading after the enjeux: put it under an enjeu ("## …") or before the first.',
  DRAFT_EMPTY_TITLE: (p) => `Line ${p.line}: an enjeu has no title.`,
  DRAFT_EMPTY_ENJEU: (p) => `The enjeu "${p.title}" (line ${p.line}) has no text.`,
  DRAFT_DUPLICATE_ENJEU: (p) =>
    `Two enjeux have the same title "${p.title}" (lines ${p.first} and ${p.line}).`,
  DRAFT_FRONT_MATTER_INVALID: (p) =>
    'parser' in p
      ? `Unreadable header: ${p.parser}`
      : `Incomplete draft header: ${[
          ...p.missing.map((k) => `"${k}" missing`),
          ...(p.badVersion ? ['"version" must be a positive whole number'] : []),
        ].join(', ')}.`,
  DRAFT_WRONG_CAF: (p) =>
    `This draft is the Caf "${p.draftCaf}"'s, not "${p.tenant}"'s (caf field of the header).`,
  DRAFT_VERSION_EXISTS: (p) =>
    `Version ${p.version} of this schéma already exists with another text: number the new version (version: ${p.version + 1}).`,

  // Agréments
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
  CONSOLE_NOT_PILOT: () =>
    'Your account is no longer a pilot of the Caf: the console is closed to you.',
  ENJEU_REQUIRED: () => 'Choose an enjeu, or "Tous les enjeux".',
  AVIS_CHOICE_REQUIRED: () =>
    'Choose an avis: favourable, favourable with reservations, unfavourable or abstention.',

  // Files
  FILE_UNREADABLE: (p) => `Cannot read "${p.file}": ${p.reason}.`,
  CSV_UNREADABLE: (p) => `Unreadable CSV file: ${p.reason}`,
  CSV_COLUMNS_MISSING: (p) =>
    `Columns missing from the CSV header: ${p.missing.join(', ')} (expected: ${p.required.join(', ')}).`,
  CSV_ROWS_INVALID: (p) =>
    `${p.problems.length} invalid line${s(p.problems.length)}:\n` +
    p.problems.map((r) => `  line ${r.line}: ${r.message}`).join('\n'),

  // Operations
  RETRY_NOTHING: () => 'Give the ids to send again (see concerto queue failed) or --all.',
  ENCRYPTION_KEY_MISSING: () => 'CONCERTO_ENCRYPTION_KEY is not set: nothing to encrypt.',
  ENCRYPTION_KEY_UNKNOWN: (p) =>
    `Unreadable with the configured keys (left as they are): ${p.unreadable.join(', ')}. Add their key to CONCERTO_ENCRYPTION_OLD_KEYS.`,
};

/** CHAT_FR's words in English (catalogue/fr.ts). */
export const CHAT_EN: ChatWords = {
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
  launch: {
    title: 'Launch a consultation',
    submit: 'Launch',
    organisationKinds: 'Kinds of organisation consulted (all of that kind)',
    organisationsChoice: 'Chosen organisations',
    organisationsAll:
      'Chosen kinds and organisations add up; with no choice at all, every partner organisation is consulted.',
    deadlineTime: 'Deadline time',
    optionSilence: 'No answer counts as a favourable avis',
    optionResultsDuring: 'Results visible to partners during the consultation',
  },
};
