import { z } from 'zod';
import { DomainError } from '../domain/errors';
import type { NeutralMessage } from '../domain/messages';
import { answeredEnjeux } from './cast-avis';
import type { AppDeps } from './deps';
import { organisationInvitation, previousVersionsAnswered } from './launch-round';
import { roundHeader } from './round-view';

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
  const [round, organisation] = await Promise.all([
    deps.db.round.findFirst({
      where: { id: o.roundId, tenantId: o.tenantId },
      include: {
        draftVersion: { include: { enjeux: { orderBy: { position: 'asc' } }, schema: true } },
        tenant: true,
      },
    }),
    deps.db.organisation.findFirst({
      where: { id: o.organisationId, tenantId: o.tenantId },
      select: { name: true },
    }),
  ]);
  if (!round || !organisation) throw new DomainError('ROUND_NOT_FOUND');
  const enjeux = round.draftVersion.enjeux;
  const [answered, previous] = await Promise.all([
    answeredEnjeux(deps.db, round.id, o.organisationId, enjeux),
    previousVersionsAnswered(deps.db, round, [o.organisationId]),
  ]);
  return organisationInvitation({
    header: roundHeader(round),
    enjeux,
    draftVersionId: round.draftVersionId,
    previous: previous.get(o.organisationId),
    publicUrl: deps.publicUrl,
    progress: { organisationName: organisation.name, answered },
  });
}
