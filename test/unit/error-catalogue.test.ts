import { en } from '../../src/domain/catalogue/en';
import { fr } from '../../src/domain/catalogue/fr';
import {
  ERROR_CODES,
  ERROR_STATUS,
  httpStatusOf,
  isErrorCode,
  type ErrorCode,
} from '../../src/domain/error-codes';
import {
  DomainError,
  errorStatus,
  errorText,
  fieldErrors,
  ValidationErrors,
  type ErrorParams,
} from '../../src/domain/errors';

/**
 * One sample of every code's params. Its type makes this file fail to compile when a code is
 * added without a sample, as the catalogues fail without its texts.
 */
const SAMPLES: { [C in ErrorCode]: ErrorParams<C> } = {
  FORBIDDEN: [{ pilotsOnly: true }],
  NOT_LINKED: [],
  AVIS_NOT_MEMBER: [],
  AVIS_NOT_INVITED: [{ number: 3 }],
  AVIS_PILOT_ONLY_FOLLOWS: [],
  AVIS_OBSERVER: [],
  RESULTS_NOT_VISIBLE: [{ number: 3 }],
  TEAMS_TENANT_NOT_REGISTERED: [],
  TEAMS_IDENTITY_MISSING: [],
  CARD_DATA_INVALID: [],
  TENANT_NOT_FOUND: [{ code: '94' }],
  ROUND_NOT_FOUND: [{ ref: '99' }],
  ROUND_NONE_OPEN: [{ example: '« statut 3 »' }],
  ROUND_NONE_FOR_STATUS: [],
  ROUND_NONE_INVITED: [],
  ORGANISATION_NOT_FOUND: [{ codes: ['CD94', 'X'], list: true }],
  DRAFT_NOT_FOUND: [],
  DRAFT_VERSION_NOT_FOUND: [{ version: '4' }],
  DRAFT_NONE_IMPORTED: [],
  SCHEMA_NOT_FOUND: [{ schema: '3', known: 'n° 1 « A » (2022-2025)' }],
  ENJEU_NOT_FOUND: [{ enjeu: '9', count: 5 }],
  AGREMENT_NOT_FOUND: [{ id: 'a-1' }],
  RETRY_UNKNOWN: [{ ids: ['12'] }],
  RESOURCE_NOT_FOUND: [],
  ROUND_BAD_TRANSITION: [{ from: 'closed', to: 'open' }],
  ROUND_NOT_OPEN: [{ status: 'cancelled' }],
  ROUND_CLOSED: [],
  ROUND_DEADLINE_PASSED: [],
  ROUND_ANSWERS_OVER: [{ reason: 'deadline' }],
  ROUND_NOT_OPEN_FOR_DEADLINE: [{ number: 3 }],
  ROUND_NOT_OPEN_FOR_REMINDER: [{ number: 3 }],
  ROUND_PAST_DEADLINE: [{ number: 3 }],
  ROUND_NO_ENJEU: [],
  ROUND_NO_INVITATION: [],
  ROUND_DEADLINE_PAST: [{ launch: false }],
  AVIS_EMPTY: [],
  AVIS_ENJEU_NOT_IN_ROUND: [],
  AVIS_ENJEU_TWICE: [{ title: 'Pilotage' }],
  AVIS_CHOICE_UNKNOWN: [{ title: 'Pilotage' }],
  AVIS_REASON_MISSING: [{ title: 'Pilotage' }],
  AVIS_RESERVATIONS_MISSING: [{ title: 'Pilotage' }],
  AVIS_COMMENT_TOO_LONG: [{ title: 'Pilotage', length: 4100 }],
  AVIS_CHOICE_MISSING: [],
  AVIS_NOTHING_CHOSEN: [],
  AVIS_INVALID: [{ value: 'peut-être' }],
  AVIS_CHOICE_INVALID: [{ value: 'peut-être' }],
  COMMENT_TOO_LONG: [],
  COMMENT_INVALID_CHARACTERS: [{ title: 'Pilotage' }],
  PROXY_SOURCE_MISSING: [],
  VALIDATION_FAILED: [],
  FORM_INVALID: [],
  FIELD_REQUIRED: [],
  REMINDER_DAYS_INVALID: [],
  DRAFT_VERSION_REQUIRED: [],
  DEADLINE_INVALID: [{ form: true }],
  DEADLINE_UNREADABLE: [{ input: 'demain' }],
  ORGANISATION_KIND_UNKNOWN: [],
  ORGANISATION_UNKNOWN: [],
  KIND_INVALID: [{ kind: 'club' }],
  SCHEDULE_INVALID: [{ problem: 'out_of_range', item: '99j', max: 60, unit: 'days' }],
  INVITE_CODE_MISSING: [],
  INVITE_CODE_UNKNOWN: [],
  INVITE_CODE_USED: [],
  INVITE_CODE_EXPIRED: [],
  INVITE_CODE_THROTTLED: [{ retryInMinutes: 2 }],
  INVITE_VALIDITY_INVALID: [],
  INVITE_ORG_REQUIRED: [],
  TENANT_CODE_INVALID: [{ code: '???' }],
  TENANT_NAME_MISSING: [],
  TIMEZONE_INVALID: [{ timezone: 'Mars/Olympus' }],
  TEAMS_TENANT_ID_INVALID: [{ input: 'nope' }],
  SETTINGS_INVALID: [{ field: 'agrementOffsets.x', problem: 'unknown_key', key: 'weeks' }],
  DATE_INVALID: [{ value: '2026-02-30' }],
  DATE_UNREADABLE: [{ input: 'bientôt' }],
  DURATION_INVALID: [{ input: 'longtemps' }],
  DURATION_TOO_LONG: [{ input: '99999999j', maxDays: 3653 }],
  DRAFT_NO_FRONT_MATTER: [],
  DRAFT_NO_ENJEU: [],
  DRAFT_TEXT_OUTSIDE_ENJEU: [],
  DRAFT_EMPTY_TITLE: [{ line: 4 }],
  DRAFT_EMPTY_ENJEU: [{ title: 'Pilotage', line: 4 }],
  DRAFT_DUPLICATE_ENJEU: [{ title: 'Pilotage', first: 4, line: 9 }],
  DRAFT_FRONT_MATTER_INVALID: [{ missing: ['caf'], badVersion: true }],
  DRAFT_WRONG_CAF: [{ draftCaf: '93', tenant: '94' }],
  DRAFT_VERSION_EXISTS: [{ version: 2 }],
  GRID_NOT_FOUND: [{ code: 'evaluation-94' }],
  GRID_FILE_INVALID: [{ detail: 'bad indentation' }],
  GRID_CODE_INVALID: [{ code: 'Grille 94' }],
  GRID_NO_TITLE: [],
  GRID_TEXT_TOO_LONG: [{ what: 'question', label: 'Que regarde', max: 150 }],
  GRID_NO_QUESTION: [],
  GRID_NO_LEVEL: [],
  GRID_AXIS_NOT_LIST: [{ kind: 'level' }],
  GRID_TOO_LARGE: [{ kind: 'question', count: 12, max: 10 }],
  GRID_EMPTY_ITEM: [{ kind: 'level', position: 2 }],
  GRID_DUPLICATE_ITEM: [{ kind: 'question', label: 'Avec qui ?', first: 1, position: 4 }],
  GRID_RATING_WITHOUT_LABELS: [],
  GRID_RATING_SCALE_SIZE: [{ count: 1, min: 2, max: 7 }],
  GRID_RATING_DUPLICATE_LABEL: [],
  GRID_RATING_UNKNOWN_QUESTION: [{ label: 'Pourquoi ?' }],
  GRID_NO_TABLE: [],
  GRID_EMPTY_ROW: [{ line: 7 }],
  GRID_ROW_WIDTH: [{ line: 7, count: 3, expected: 4 }],
  GRID_CONTRIBUTION_TOO_LONG: [{ length: 1200, max: 1000 }],
  GRID_RATING_OFF_SCALE: [{ max: 4 }],
  GRID_CELL_NOT_RATED: [],
  ROUND_IS_SURVEY: [{ number: 4 }],
  ROUND_IS_CONSULTATION: [{ number: 3 }],
  SURVEY_NOT_PER_PERSON: [{ number: 4 }],
  SURVEY_NOT_PER_ORGANISATION: [{ number: 4 }],
  SURVEY_EVENT_NOT_FOUND: [],
  SURVEY_CODE_UNKNOWN: [],
  SURVEY_PARTICIPANTS_COUNT: [{ count: 0, max: 500 }],
  SURVEY_NAME_TOO_LONG: [{ max: 100 }],
  SURVEY_NOT_OPEN: [{ number: 4, status: 'closed' }],
  SURVEY_NOT_ALLOWED: [{ number: 4, reason: 'observer' }],
  SURVEY_CODE_THROTTLED: [{ retryInMinutes: 3 }],
  SURVEY_EMAIL_ANONYMOUS: [{ number: 4 }],
  SURVEY_RESUME_LINK_INVALID: [],
  DRAFT_WORD_UNREADABLE: [{ file: 'projet.docx' }],
  DRAFT_WORD_NO_TITLE: [],
  DRAFT_WORD_METADATA: [{ missing: ['period', 'version'] }],
  DRAFT_VERSION_INVALID: [{ input: 'abc' }],
  DRAFT_VERSION_AMBIGUOUS: [{ version: 1, schemas: 'n° 1 « A » (2022-2025)', example: '2' }],
  AGREMENT_STEP_UNKNOWN: [{ step: 'J-1000' }],
  AGREMENT_DATES_INVERTED: [{ start: '01/06/2024', end: '01/01/2024' }],
  AGREMENT_TOO_LONG: [{ start: '01/06/2024', latestEnd: '31/05/2028' }],
  AGREMENT_TOO_SHORT: [{ start: '01/06/2024', earliestEnd: '31/05/2025' }],
  AGREMENT_NOT_A_STRUCTURE: [{ line: 3, code: 'CD94', kind: 'departement' }],
  AGREMENT_ALREADY_RENEWED: [{ organisation: 'CS Les Tilleuls' }],
  AGREMENT_ENDED: [{ organisation: 'CS Les Tilleuls' }],
  AGREMENT_NOT_ACTIVE: [{ organisation: 'CS Les Tilleuls', status: 'ended', end: '31/05/2028' }],
  EMAIL_INVALID: [{ input: 'marie@' }],
  CONTACT_NAME_TOO_LONG: [],
  CONTACT_NOT_FOUND: [{ organisation: 'CD 94', code: 'CD94', email: 'a@b.fr' }],
  BALLOT_LINK_INVALID: [{ hint: true }],
  BALLOT_LINK_REVOKED: [],
  BALLOT_NOT_INVITED: [{ organisation: 'CD 94' }],
  BALLOT_ROUND_CLOSED: [{ number: 3, deadline: '11/12/2026 18:00' }],
  BALLOT_LINKS_THROTTLED: [],
  PILOT_NOT_FOUND: [{ email: 'a@b.fr' }],
  CONSOLE_SIGNIN_THROTTLED: [{ retryInMinutes: 5 }],
  CONSOLE_LINK_INVALID: [],
  CONSOLE_LINK_USED: [],
  CONSOLE_LINK_EXPIRED: [],
  CONSOLE_NOT_PILOT: [],
  CHART_LINK_INVALID: [],
  CHART_LINK_EXPIRED: [],
  EXPORT_LINK_INVALID: [],
  OIDC_NOT_CONFIGURED: [{ caf: '94' }],
  OIDC_CONFIG_INVALID: [{ field: '--issuer', reason: 'adresse https attendue' }],
  OIDC_SECRET_MISSING: [{ variable: 'CAF94_OIDC_SECRET' }],
  OIDC_PROVIDER_UNAVAILABLE: [{ issuer: 'https://idp.example' }],
  OIDC_STATE_INVALID: [],
  OIDC_STATE_EXPIRED: [],
  OIDC_STATE_USED: [],
  OIDC_PROVIDER_REFUSED: [{ error: 'access_denied' }],
  OIDC_TOKEN_REJECTED: [{ reason: 'nonce' }],
  OIDC_EMAIL_UNVERIFIED: [],
  OIDC_EMAIL_UNKNOWN: [{ email: 'a@b.fr', tenant: 'Caf du Val-de-Marne' }],
  OIDC_NOT_PILOT: [{ email: 'a@b.fr', tenant: 'Caf du Val-de-Marne' }],
  OIDC_OTHER_CAF: [{ email: 'a@b.fr', tenant: 'Caf du Val-de-Marne' }],
  ENJEU_REQUIRED: [],
  AVIS_CHOICE_REQUIRED: [],
  FOLLOWUP_ROUND_NOT_CLOSED: [{ number: 3, status: 'open' }],
  FOLLOWUP_ENJEU_UNKNOWN: [{ enjeu: '9', count: 4 }],
  FOLLOWUP_NO_AVIS: [{ organisation: 'Structure CS1', position: 2 }],
  FOLLOWUP_NOT_NEEDED: [{ organisation: 'Structure CS1', position: 2 }],
  FOLLOWUP_RESPONSE_UNKNOWN: [{ input: 'peut-être' }],
  FOLLOWUP_JUSTIFICATION_MISSING: [],
  FOLLOWUP_JUSTIFICATION_TOO_LONG: [{ length: 2001, max: 2000 }],
  FOLLOWUP_NO_LATER_VERSION: [{ version: 1 }],
  FOLLOWUP_NEXT_ENJEU_INVALID: [{ input: '7' }],
  FILE_UNREADABLE: [{ file: 'x.md', reason: 'ENOENT' }],
  CSV_UNREADABLE: [{ reason: 'Invalid Record Length' }],
  CSV_COLUMNS_MISSING: [{ missing: ['code'], required: ['code', 'name'] }],
  EXPORT_FORMAT_UNKNOWN: [{ format: 'docx', formats: ['csv', 'xlsx', 'pdf', 'md', 'all'] }],
  CSV_ROWS_INVALID: [{ problems: [{ line: 2, message: 'code manquant' }] }],
  SPREADSHEET_OLD_FORMAT: [{ file: 'registre.xls' }],
  SPREADSHEET_UNREADABLE: [{ file: 'registre.xlsx', reason: 'invalid zip' }],
  NUMBER_INVALID: [{ option: '--version', value: 'abc', min: 1, max: 100000 }],
  DEADLINE_TOO_FAR: [{ maxDays: 365 }],
  DEADLINE_NONEXISTENT: [{ input: '28/03/2027 02:30', timezone: 'Europe/Paris' }],
  OUTPUT_NOT_DIRECTORY: [{ path: '/etc/passwd' }],
  OUTPUT_UNWRITABLE: [{ path: '/proc/x', reason: 'accès refusé' }],
  ROUND_INVITES_CAF: [{ codes: ['CAF94'] }],
  ROUND_CREATE_WHAT: [],
  SURVEY_PER_REQUIRED: [],
  SURVEY_ANONYMOUS_PER_ORGANISATION: [],
  SURVEY_CONSULTATION_OPTION: [{ option: '--silence-favorable' }],
  ROUND_KINDS_WITH_CODES: [],
  ROUND_TOO_MANY_INVITATIONS: [{ count: 6000, max: 5000 }],
  INVITE_PILOT_WITH_ORG: [],
  ROUND_EXPORT_NOT_HELD: [{ number: 2, status: 'draft' }],
  PORT_IN_USE: [{ port: 3000 }],
  PORT_NOT_ALLOWED: [{ port: 80 }],
  RETRY_NOTHING: [],
  ENCRYPTION_KEY_MISSING: [],
  ENCRYPTION_KEY_UNKNOWN: [{ unreadable: ['T01'] }],
};

describe('the error catalogue', () => {
  it('gives every code a status, a French text and an English text, and nothing else', () => {
    // Type level: both catalogues are checked against ErrorCode (satisfies / Catalogue), and
    // SAMPLES above against every code's params. Runtime: the same keys everywhere.
    expect(Object.keys(fr).sort()).toEqual([...ERROR_CODES].sort());
    expect(Object.keys(en).sort()).toEqual([...ERROR_CODES].sort());
    expect(Object.keys(SAMPLES).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) {
      expect([code, [400, 403, 404, 409, 410, 422, 429, 500]]).toEqual([
        code,
        expect.arrayContaining([ERROR_STATUS[code]]),
      ]);
      const params = SAMPLES[code][0];
      const french = (fr[code] as (p?: unknown) => string)(params);
      const english = (en[code] as (p?: unknown) => string)(params);
      expect([code, french.trim().length > 0, english.trim().length > 0]).toEqual([
        code,
        true,
        true,
      ]);
      // The English text is a translation, not the French one left behind.
      expect([code, english]).not.toEqual([code, french]);
    }
  });

  it('refuses, at compile time, a code outside the union or missing params', () => {
    // @ts-expect-error: not a code
    expect(() => new DomainError('NOT_A_CODE')).toThrow();
    // @ts-expect-error: RESULTS_NOT_VISIBLE needs the round's number
    expect(() => new DomainError('RESULTS_NOT_VISIBLE')).toThrow();
    expect(isErrorCode('ROUND_CLOSED')).toBe(true);
    expect(isErrorCode('NOT_FOUND')).toBe(false);
  });

  it('keeps the French text as the message, and words the same refusal in either language', () => {
    const err = new DomainError('RESULTS_NOT_VISIBLE', { number: 3 });
    expect(err.message).toBe(
      'Les résultats de la consultation n° 3 seront communiqués à sa clôture.',
    );
    expect(errorText(err, 'fr')).toBe(err.message);
    expect(errorText(err, 'en')).toBe(
      'The results of consultation no. 3 will be shared when it closes.',
    );
    const form = new ValidationErrors([
      new DomainError('AVIS_REASON_MISSING', { title: 'Pilotage' }, 'e1.comment'),
      new DomainError('AVIS_CHOICE_MISSING', undefined, 'e2.choice'),
    ]);
    expect(form.errors).toEqual([
      {
        field: 'e1.comment',
        message:
          'Enjeu « Pilotage » : un avis défavorable doit être motivé. Indiquez la raison en commentaire.',
      },
      {
        field: 'e2.choice',
        message: 'Choisissez un avis pour cet enjeu, ou effacez le commentaire.',
      },
    ]);
    expect(fieldErrors(form, 'en')).toEqual([
      {
        field: 'e1.comment',
        message:
          'Enjeu "Pilotage": an unfavourable avis must give its reason. Write it in the comment.',
      },
      { field: 'e2.choice', message: 'Choose an avis for this enjeu, or clear the comment.' },
    ]);
    expect(err.withField('deadline')).toMatchObject({
      code: 'RESULTS_NOT_VISIBLE',
      field: 'deadline',
    });
  });

  it('names the kind of round a lifecycle refusal is about', () => {
    expect(new DomainError('ROUND_NO_INVITATION', { launch: true }).message).toBe(
      'La consultation ne peut pas être lancée : aucune organisation n’est invitée.',
    );
    const survey = new DomainError('ROUND_NO_INVITATION', { launch: true, survey: true });
    expect(survey.message).toBe(
      'L’évaluation ne peut pas être lancée : aucune organisation n’est invitée.',
    );
    expect(errorText(survey, 'en')).toBe(
      'The evaluation cannot be launched: no organisation is invited.',
    );
    expect(new DomainError('ROUND_PAST_DEADLINE', { number: 4, survey: true }).message).toBe(
      'La date limite de l’évaluation n° 4 est passée : pas de relance.',
    );
    expect(
      new DomainError('ROUND_BAD_TRANSITION', { from: 'closed', to: 'open', survey: true }).message,
    ).toBe("L’évaluation est close : elle ne peut pas passer à l'état « ouverte ».");
  });

  it('takes HTTP statuses from the table, not from the spelling of the code', () => {
    expect(errorStatus(new DomainError('ROUND_NOT_FOUND'))).toBe(404);
    // A round that no longer takes avis is gone for good (410, as the web ballot's links); a
    // pilot's action in conflict with the round's state is a 409.
    expect(errorStatus(new DomainError('ROUND_CLOSED'))).toBe(410);
    expect(errorStatus(new DomainError('ROUND_NOT_OPEN', { status: 'closed' }))).toBe(410);
    expect(
      errorStatus(new DomainError('ROUND_BAD_TRANSITION', { from: 'closed', to: 'open' })),
    ).toBe(409);
    expect(errorStatus(new DomainError('AVIS_REASON_MISSING', { title: 'P' }))).toBe(422);
    expect(errorStatus(new ValidationErrors([]))).toBe(422);
    expect(errorStatus(new DomainError('FORBIDDEN'))).toBe(403);
    expect(errorStatus(new DomainError('INVITE_CODE_THROTTLED', { retryInMinutes: 1 }))).toBe(429);
    // Codes with NOT_FOUND in their name but another meaning keep their own status.
    expect(httpStatusOf('ROUND_NONE_OPEN')).toBe(404);
    expect(httpStatusOf('INVITE_CODE_UNKNOWN')).toBe(404);
    expect(httpStatusOf('NOT_LINKED')).toBe(403);
  });
});
