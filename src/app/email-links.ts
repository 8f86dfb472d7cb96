import type { AppDeps } from './deps';
import { participantResumeUrlFor } from './survey/participant-email';
import { ballotUrlFor } from './web-ballot';

/**
 * The personal address an e-mail's `avis.open` action carries, asked by the e-mail notifier at
 * send time from the destination's `reference` (the outbox never holds a link): a contact's
 * ballot link (its grid for a survey answered per organisation), or a participant's link that
 * reopens their grid (a per-person survey's reminders). Undefined: no link (the action is left out).
 */
export function personalLinkFor(
  deps: AppDeps,
  o: { key: Buffer; publicUrl: string; reference: unknown; roundId: string },
): Promise<string | undefined> {
  const ref = (o.reference ?? {}) as { contactId?: unknown; participantId?: unknown };
  if (typeof ref.participantId === 'string')
    return participantResumeUrlFor(deps, { ...o, participantId: ref.participantId });
  if (typeof ref.contactId === 'string')
    return ballotUrlFor(deps, { ...o, contactId: ref.contactId });
  return Promise.resolve(undefined);
}
