import { normaliseEmail } from '../../domain/contact';
import { DomainError } from '../../domain/errors';
import {
  participantOfEventForEmail,
  participantResumeTarget,
  setParticipantEmailRow,
} from '../../store/repositories/participant-emails';
import type { AppDeps } from '../deps';
import {
  participantResumeClaims,
  signParticipantResume,
  signParticipantSession,
  verifyParticipantResume,
} from '../web-survey';

/**
 * A participant of a per-person survey leaves an e-mail address on their grid page, only to be
 * reminded before the deadline with a link that reopens their grid (issue [11]: « les relances
 * vont à ceux qui n'ont pas terminé »). Never in an anonymous round, where nothing personal is
 * kept. The reminders themselves: survey-lifecycle.ts `remindSurvey`.
 */

/**
 * Sets the address of the session's participant; an empty one removes it. EMAIL_INVALID (field
 * `courriel`) for a malformed address, SURVEY_EMAIL_ANONYMOUS in an anonymous round,
 * SURVEY_NOT_OPEN once the round takes no more answers: nothing is stored then.
 */
export async function setParticipantEmail(
  deps: AppDeps,
  o: { eventCode: string; participantId: string; roundId: string; email: string },
): Promise<{ email: string | null }> {
  return deps.db.$transaction(async (tx) => {
    const p = await participantOfEventForEmail(tx, o);
    if (!p || p.round.kind !== 'survey') throw new DomainError('SURVEY_CODE_UNKNOWN');
    if (p.round.anonymous)
      throw new DomainError('SURVEY_EMAIL_ANONYMOUS', { number: p.round.number });
    const status = p.round.status;
    if (status !== 'open')
      throw new DomainError('SURVEY_NOT_OPEN', { number: p.round.number, status });
    if (p.round.deadline.getTime() <= deps.now().getTime())
      throw new DomainError('SURVEY_NOT_OPEN', { number: p.round.number, status: 'past' });
    const email = o.email.trim() ? normaliseEmail(o.email, 'courriel') : null;
    if (email !== p.email)
      await setParticipantEmailRow(tx, { tenantId: p.tenantId, participantId: p.id, email });
    return { email };
  });
}

/**
 * The resume link of a participant's reminder (the e-mail notifier asks for it at send time, so
 * the outbox never holds it), signed over their address; undefined when the participant, their
 * address or their event is gone.
 */
export async function participantResumeUrlFor(
  deps: Pick<AppDeps, 'db'>,
  o: { key: Buffer; publicUrl: string; participantId: string; roundId: string },
): Promise<string | undefined> {
  const target = await participantResumeTarget(deps.db, o);
  if (!target) return undefined;
  const token = signParticipantResume(o.key, { ...o, email: target.email });
  return `${o.publicUrl.replace(/\/$/, '')}/grille/${target.eventCode}/reprendre/${token}`;
}

/**
 * A resume link followed: the session to set for its participant, when the link verifies, names
 * a participant of this event and was sent to their address now; SURVEY_RESUME_LINK_INVALID
 * otherwise (a tampered link, another event's, one sent before the address was removed or
 * changed).
 */
export async function resumeParticipant(
  deps: Pick<AppDeps, 'db'>,
  o: { key: Buffer; eventCode: string; token: string },
): Promise<{ session: string }> {
  const claims = participantResumeClaims(o.token);
  if (!claims) throw new DomainError('SURVEY_RESUME_LINK_INVALID');
  const target = await participantResumeTarget(deps.db, claims);
  if (
    !target ||
    target.eventCode !== o.eventCode ||
    !verifyParticipantResume(o.key, o.token, target.email)
  )
    throw new DomainError('SURVEY_RESUME_LINK_INVALID');
  return { session: signParticipantSession(o.key, claims) };
}
