import { z } from 'zod';
import { diffDrafts } from '../domain/draft-diff';
import { DomainError } from '../domain/errors';
import type { NeutralMessage } from '../domain/messages';
import { invitationMessage } from '../domain/round-messages';
import { answeredEnjeux } from './cast-avis';
import type { AppDeps } from './deps';
import { previousVersionsAnswered } from './launch-round';
import { draftUrl, roundHeader } from './round-view';

/**
 * A progress update is stored without its message (see concerto_cast_avis): votes coalesce into
 * the one update not sent yet, and the message is rendered here, when the worker sends it, from
 * the organisation's avis as they are then. The update therefore always shows the latest state.
 */
export const ZLiveProgress = z.object({
  live: z.literal('round.progress'),
  tenantId: z.uuid(),
  roundId: z.uuid(),
  organisationId: z.uuid(),
});
export type TLiveProgress = z.infer<typeof ZLiveProgress>;

/** The round's invitation as the organisation received it, with its progress (answered enjeux). */
export async function progressInvitationMessage(
  deps: Pick<AppDeps, 'db' | 'publicUrl'>,
  o: TLiveProgress,
): Promise<NeutralMessage> {
  const round = await deps.db.round.findFirst({
    where: { id: o.roundId, tenantId: o.tenantId },
    include: {
      draftVersion: { include: { enjeux: { orderBy: { position: 'asc' } }, schema: true } },
      tenant: true,
    },
  });
  const organisation = await deps.db.organisation.findFirst({
    where: { id: o.organisationId, tenantId: o.tenantId },
    select: { name: true },
  });
  if (!round || !organisation)
    throw new DomainError('ROUND_NOT_FOUND', 'Consultation introuvable.');
  const enjeux = round.draftVersion.enjeux;
  const [answered, previous] = await Promise.all([
    answeredEnjeux(deps.db, round.id, o.organisationId, enjeux),
    previousVersionsAnswered(deps.db, round, [o.organisationId]),
  ]);
  const prev = previous.get(o.organisationId);
  return invitationMessage({
    round: roundHeader(round),
    enjeux,
    readUrl: draftUrl(deps.publicUrl, round.draftVersionId),
    locale: 'fr',
    ...(prev
      ? { changes: { sinceVersion: prev.version, diff: diffDrafts(prev.enjeux, enjeux) } }
      : {}),
    progress: { organisationName: organisation.name, answered },
  });
}
