import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../domain/errors';
import {
  bumpInviteAttempts,
  forgetInviteAttempts,
  unbumpInviteAttempts,
} from '../store/repositories/invite-attempts';
import { verifyBallotLink } from './ballot-links';
import { participantOfEvent } from '../store/repositories/surveys';
import type { AppDeps } from './deps';
import type { SurveyRespondent } from './survey/answer-survey';
import { cachedRoundKind, roundKindOf } from './survey/survey-context';

/**
 * The web's ways into a survey's grid (issue [11] items 2–3), beside the consultation's ballot:
 *  - an organisation's e-mail contact follows the same signed personal link as for a
 *    consultation (/vote/<token>): when the link's round is a survey, it opens the
 *    organisation's grid, the token binding the organisation;
 *  - a participant of a journée départementale types their code on the event's public page and
 *    then carries a signed session naming their participant row (never the code itself).
 * The grid itself is read and saved by app/survey/answer-survey.ts, as on every channel.
 */

/** An organisation's answer reached by a contact's personal link. */
export interface SurveyLink {
  tenantId: string;
  roundId: string;
  respondent: Extract<SurveyRespondent, { kind: 'contact' }>;
  organisation: { name: string };
  tenant: { name: string; timezone: string };
}

/**
 * The survey behind a personal link, or undefined when the link's round is a consultation (the
 * ballot's own path then answers it, with its own refusals). A link that does not verify, names
 * no contact or no round of the contact's Caf: BALLOT_LINK_INVALID; a revoked one:
 * BALLOT_LINK_REVOKED.
 */
export async function surveyLinkOf(
  deps: Pick<AppDeps, 'db'>,
  o: { key: Buffer; token: string },
): Promise<SurveyLink | undefined> {
  const claims = verifyBallotLink(o.key, o.token);
  if (!claims) throw new DomainError('BALLOT_LINK_INVALID', { hint: true });
  // A consultation's link goes to the ballot without another query (its kind is kept).
  const known = await cachedRoundKind(deps.db, claims.roundId);
  if (known !== 'survey') {
    if (known === 'consultation') return undefined;
    throw new DomainError('BALLOT_LINK_INVALID', { hint: true });
  }
  const contact = await deps.db.contact.findUnique({
    where: { id: claims.contactId },
    include: {
      organisation: { select: { name: true } },
      tenant: { select: { name: true, timezone: true } },
    },
  });
  if (!contact) throw new DomainError('BALLOT_LINK_INVALID', { hint: true });
  const kind = await roundKindOf(deps.db, contact.tenantId, claims.roundId).catch(() => {
    throw new DomainError('BALLOT_LINK_INVALID', { hint: true });
  });
  if (kind !== 'survey') return undefined;
  if (!contact.active || contact.linkGeneration !== claims.generation)
    throw new DomainError('BALLOT_LINK_REVOKED');
  return {
    tenantId: contact.tenantId,
    roundId: claims.roundId,
    respondent: {
      kind: 'contact',
      organisationId: contact.organisationId,
      label: contact.name ? `${contact.name} (${contact.email})` : contact.email,
    },
    organisation: { name: contact.organisation.name },
    tenant: contact.tenant,
  };
}

// --- Participants of a journée départementale ----------------------------------------------------

/** A participant's session: their row and round, signed under the link key. */
export function signParticipantSession(
  key: Buffer,
  s: { participantId: string; roundId: string },
): string {
  const payload = Buffer.from(`${s.participantId}.${s.roundId}`).toString('base64url');
  return `${payload}.${sessionMac(key, payload)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The claims of an untampered session; undefined otherwise (never throws). */
export function verifyParticipantSession(
  key: Buffer,
  token: string,
): { participantId: string; roundId: string } | undefined {
  if (token.length > 200) return undefined;
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined) return undefined;
  const expected = Buffer.from(sessionMac(key, payload));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const [participantId, roundId] = Buffer.from(payload, 'base64url').toString('utf8').split('.');
  if (!participantId || !roundId || !UUID.test(participantId) || !UUID.test(roundId))
    return undefined;
  return { participantId, roundId };
}

function sessionMac(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(`survey-participant:${payload}`).digest('base64url');
}

/**
 * A participant's personal resume link (in their reminder e-mails): their row and round, signed
 * under the link key for this purpose only (a session cookie is not a link, nor the reverse) and
 * over the address it was sent to — removing or changing the address revokes the links sent.
 */
export function signParticipantResume(
  key: Buffer,
  s: { participantId: string; roundId: string; email: string },
): string {
  const payload = Buffer.from(`${s.participantId}.${s.roundId}`).toString('base64url');
  return `${payload}.${resumeMac(key, payload, s.email)}`;
}

/** What a resume link names, before it is checked (never throws); undefined if malformed. */
export function participantResumeClaims(
  token: string,
): { participantId: string; roundId: string } | undefined {
  if (token.length > 200) return undefined;
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined) return undefined;
  const [participantId, roundId] = Buffer.from(payload, 'base64url').toString('utf8').split('.');
  if (!participantId || !roundId || !UUID.test(participantId) || !UUID.test(roundId))
    return undefined;
  return { participantId, roundId };
}

/** Whether a resume link is untampered and was sent to `email` (the participant's address now). */
export function verifyParticipantResume(key: Buffer, token: string, email: string): boolean {
  const [payload, sig] = token.split('.');
  if (!payload || !sig) return false;
  const expected = Buffer.from(resumeMac(key, payload, email));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function resumeMac(key: Buffer, payload: string, email: string): string {
  return createHmac('sha256', key).update(`survey-resume:${payload}:${email}`).digest('base64url');
}

/** The participant of a session, with their event; SURVEY_CODE_UNKNOWN when the row is gone. */
export async function participantOf(
  deps: Pick<AppDeps, 'db'>,
  o: { eventCode: string; participantId: string; roundId: string },
) {
  const p = await participantOfEvent(deps.db, o);
  if (!p) throw new DomainError('SURVEY_CODE_UNKNOWN');
  const name = p.anonymous ? null : p.name;
  return {
    tenantId: p.tenant_id,
    roundId: p.round_id,
    table: p.table_label,
    name,
    anonymous: p.anonymous,
    email: p.anonymous ? null : p.email,
    respondent: {
      kind: 'participant',
      participantId: p.id,
      label: name,
    } satisfies SurveyRespondent,
  };
}

export interface CodeThrottleLimits {
  /** Wrong codes per client address per event and window. Default: 20. */
  perAddressAndEvent: number;
  /** Wrong codes per client address, all events, per window. Default: 40. */
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_CODE_THROTTLE: CodeThrottleLimits = {
  perAddressAndEvent: 20,
  perAddress: 40,
  windowMs: 15 * 60_000,
};

/**
 * Counts a participant code tried from a client address, on the invitation codes' counters
 * (invite_attempts: atomic, shared by every web process): past either limit, SURVEY_CODE_THROTTLED
 * before the code is looked up. A right code gives its attempt back (`succeeded`), so only wrong
 * ones use up the limits — a whole room behind one address typing right codes is never stopped.
 */
export async function countCodeAttempt(
  deps: Pick<AppDeps, 'db' | 'now'>,
  o: { address: string; eventCode: string },
  limits: CodeThrottleLimits = DEFAULT_CODE_THROTTLE,
) {
  const now = deps.now();
  const keys: [string, string] = [
    `survey-code:${o.address}:${o.eventCode}`,
    `survey-code:${o.address}`,
  ];
  await forgetInviteAttempts(deps.db, new Date(now.getTime() - 4 * limits.windowMs));
  const windowStartedBefore = new Date(now.getTime() - limits.windowMs);
  const limitsOf = [limits.perAddressAndEvent, limits.perAddress];
  for (const [i, key] of keys.entries()) {
    const row = await bumpInviteAttempts(deps.db, { key, now, windowStartedBefore });
    if (row && row.count > limitsOf[i]!) {
      const reopensAt = row.window_start.getTime() + limits.windowMs;
      const minutes = Math.max(1, Math.ceil((reopensAt - now.getTime()) / 60_000));
      throw new DomainError('SURVEY_CODE_THROTTLED', { retryInMinutes: minutes });
    }
  }
  return {
    async succeeded() {
      await unbumpInviteAttempts(deps.db, keys);
    },
  };
}
