/**
 * Every refusal Concerto can give, each with the one HTTP status it answers with on any HTTP
 * channel (Teams tab API, export links, the web server). This table *is* the list of codes:
 * `ErrorCode` is its keys, a closed union. Adding a code here makes the French and English
 * catalogues (catalogue/fr.ts, catalogue/en.ts) fail to compile until both word it.
 *
 * 400 the request does not say what it means · 403 not yours to do or see · 404 no such thing
 * · 409 a pilot's action conflicts with the state of the thing (a transition a closed round
 * cannot make, a used invitation code) · 410 gone for good: the round no longer takes avis (closed,
 * cancelled, past its deadline), a revoked or spent link — as the web ballot answers its links
 * · 422 a value the user gave is refused (forms, CLI options, files) · 429 too many attempts
 * · 500 the service is misconfigured (the operator's, not the user's).
 */
export const ERROR_STATUS = {
  // Access
  FORBIDDEN: 403,
  NOT_LINKED: 403,
  AVIS_NOT_MEMBER: 403,
  AVIS_NOT_INVITED: 403,
  AVIS_PILOT_ONLY_FOLLOWS: 403,
  AVIS_OBSERVER: 403,
  RESULTS_NOT_VISIBLE: 403,
  TEAMS_TENANT_NOT_REGISTERED: 403,
  TEAMS_IDENTITY_MISSING: 400,
  CARD_DATA_INVALID: 400,

  // Not found
  TENANT_NOT_FOUND: 404,
  ROUND_NOT_FOUND: 404,
  ROUND_NONE_OPEN: 404,
  ROUND_NONE_FOR_STATUS: 404,
  ROUND_NONE_INVITED: 404,
  ORGANISATION_NOT_FOUND: 404,
  DRAFT_NOT_FOUND: 404,
  DRAFT_VERSION_NOT_FOUND: 404,
  DRAFT_NONE_IMPORTED: 404,
  ENJEU_NOT_FOUND: 404,
  AGREMENT_NOT_FOUND: 404,
  RETRY_UNKNOWN: 404,
  RESOURCE_NOT_FOUND: 404,

  // Round lifecycle
  ROUND_BAD_TRANSITION: 409,
  ROUND_NOT_OPEN: 410,
  ROUND_CLOSED: 410,
  ROUND_DEADLINE_PASSED: 410,
  ROUND_ANSWERS_OVER: 410,
  ROUND_NOT_OPEN_FOR_DEADLINE: 409,
  ROUND_NOT_OPEN_FOR_REMINDER: 409,
  ROUND_PAST_DEADLINE: 409,
  ROUND_NO_ENJEU: 422,
  ROUND_NO_INVITATION: 422,
  ROUND_DEADLINE_PAST: 422,

  // Avis
  AVIS_EMPTY: 422,
  AVIS_ENJEU_NOT_IN_ROUND: 422,
  AVIS_ENJEU_TWICE: 422,
  AVIS_CHOICE_UNKNOWN: 422,
  AVIS_REASON_MISSING: 422,
  AVIS_RESERVATIONS_MISSING: 422,
  AVIS_COMMENT_TOO_LONG: 422,
  AVIS_CHOICE_MISSING: 422,
  AVIS_NOTHING_CHOSEN: 422,
  AVIS_INVALID: 422,
  AVIS_CHOICE_INVALID: 422,
  COMMENT_TOO_LONG: 422,
  COMMENT_INVALID_CHARACTERS: 422,
  PROXY_SOURCE_MISSING: 422,
  VALIDATION_FAILED: 422,
  FORM_INVALID: 422,

  // Launch forms
  FIELD_REQUIRED: 422,
  REMINDER_DAYS_INVALID: 422,
  DRAFT_VERSION_REQUIRED: 422,
  DEADLINE_INVALID: 422,
  DEADLINE_UNREADABLE: 422,
  ORGANISATION_KIND_UNKNOWN: 422,
  ORGANISATION_UNKNOWN: 422,
  KIND_INVALID: 422,
  SCHEDULE_INVALID: 422,

  // Invitation codes
  INVITE_CODE_MISSING: 422,
  INVITE_CODE_UNKNOWN: 404,
  INVITE_CODE_USED: 409,
  INVITE_CODE_EXPIRED: 410,
  INVITE_CODE_THROTTLED: 429,
  INVITE_VALIDITY_INVALID: 422,
  INVITE_ORG_REQUIRED: 422,

  // Caf (tenant) settings
  TENANT_CODE_INVALID: 422,
  TENANT_NAME_MISSING: 422,
  TIMEZONE_INVALID: 422,
  TEAMS_TENANT_ID_INVALID: 422,
  SETTINGS_INVALID: 422,

  // Dates and durations
  DATE_INVALID: 422,
  DATE_UNREADABLE: 422,
  DURATION_INVALID: 422,

  // Drafts (schéma directeur)
  DRAFT_NO_FRONT_MATTER: 422,
  DRAFT_NO_ENJEU: 422,
  DRAFT_TEXT_OUTSIDE_ENJEU: 422,
  DRAFT_EMPTY_TITLE: 422,
  DRAFT_EMPTY_ENJEU: 422,
  DRAFT_DUPLICATE_ENJEU: 422,
  DRAFT_FRONT_MATTER_INVALID: 422,
  DRAFT_WRONG_CAF: 422,
  DRAFT_VERSION_EXISTS: 409,

  // Agréments
  AGREMENT_STEP_UNKNOWN: 422,
  AGREMENT_DATES_INVERTED: 422,
  AGREMENT_TOO_LONG: 422,
  AGREMENT_TOO_SHORT: 422,
  AGREMENT_NOT_A_STRUCTURE: 422,
  AGREMENT_ALREADY_RENEWED: 409,
  AGREMENT_ENDED: 409,
  AGREMENT_NOT_ACTIVE: 409,

  // E-mail contacts and the web ballot (links sent by e-mail)
  EMAIL_INVALID: 422,
  CONTACT_NAME_TOO_LONG: 422,
  CONTACT_NOT_FOUND: 404,
  BALLOT_LINK_INVALID: 404,
  BALLOT_LINK_REVOKED: 410,
  BALLOT_NOT_INVITED: 403,
  BALLOT_ROUND_CLOSED: 410,
  BALLOT_LINKS_THROTTLED: 429,

  // Pilots' web console
  PILOT_NOT_FOUND: 404,
  CONSOLE_SIGNIN_THROTTLED: 429,
  CONSOLE_LINK_INVALID: 404,
  CONSOLE_LINK_USED: 410,
  CONSOLE_LINK_EXPIRED: 410,
  CONSOLE_NOT_PILOT: 403,
  // … with OpenID Connect (a Caf's identity provider)
  OIDC_NOT_CONFIGURED: 404,
  OIDC_CONFIG_INVALID: 422,
  OIDC_SECRET_MISSING: 500,
  OIDC_PROVIDER_UNAVAILABLE: 500,
  OIDC_STATE_INVALID: 400,
  OIDC_STATE_EXPIRED: 410,
  OIDC_STATE_USED: 410,
  OIDC_PROVIDER_REFUSED: 403,
  OIDC_TOKEN_REJECTED: 403,
  OIDC_EMAIL_UNVERIFIED: 403,
  OIDC_EMAIL_UNKNOWN: 403,
  OIDC_NOT_PILOT: 403,
  OIDC_OTHER_CAF: 403,
  ENJEU_REQUIRED: 422,
  AVIS_CHOICE_REQUIRED: 422,

  // Files (CLI imports)
  FILE_UNREADABLE: 422,
  CSV_UNREADABLE: 422,
  CSV_COLUMNS_MISSING: 422,
  CSV_ROWS_INVALID: 422,

  // Operations (CLI)
  RETRY_NOTHING: 422,
  ENCRYPTION_KEY_MISSING: 500,
  ENCRYPTION_KEY_UNKNOWN: 500,
} as const satisfies Record<string, 400 | 403 | 404 | 409 | 410 | 422 | 429 | 500>;

/** A refusal's code: one of ERROR_STATUS's keys, nothing else. */
export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_STATUS, code);
}

/** The HTTP status of a refusal, from the table (never from the code's spelling). */
export function httpStatusOf(code: ErrorCode): number {
  return ERROR_STATUS[code];
}
