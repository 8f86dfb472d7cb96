import { z } from 'zod';
import { DomainError } from '../domain/errors';
import type { NeutralMessage } from '../domain/messages';
import type { Platform } from '../domain/types';
import { answeredEnjeux } from './cast-avis';
import type { Tx } from '../store/db';
import type { NewDelivery } from './deliveries';
import type { AppDeps } from './deps';
import { organisationInvitation, previousVersionsAnswered } from './launch-round';
import { earlierFollowupsOf } from './list-followups';
import { consultationOf } from './lookup';
import { roundHeader } from './round-view';
import { surveyProgressMessage } from './survey/survey-progress';

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

type ConsultationWithDraft = ReturnType<
  typeof consultationOf<NonNullable<Awaited<ReturnType<typeof findProgressRound>>>>
>;

function findProgressRound(db: AppDeps['db'], o: TLiveProgress) {
  return db.round.findFirst({
    where: { id: o.roundId, tenantId: o.tenantId },
    include: {
      draftVersion: { include: { enjeux: { orderBy: { position: 'asc' } }, schema: true } },
      tenant: true,
    },
  });
}

/** The round's invitation as the organisation received it, with its progress (answered enjeux). */
export async function progressInvitationMessage(
  deps: Pick<AppDeps, 'db' | 'publicUrl'>,
  o: TLiveProgress,
): Promise<NeutralMessage> {
  const [round, organisation, readers] = await Promise.all([
    findProgressRound(deps.db, o),
    deps.db.organisation.findFirst({
      where: { id: o.organisationId, tenantId: o.tenantId },
      select: { name: true },
    }),
    // The organisation's members on Teams see their own view of the card (refresh.userIds).
    organisationReaders(deps.db, o.tenantId, o.organisationId),
  ]);
  if (!round || !organisation) throw new DomainError('ROUND_NOT_FOUND');
  if (round.kind === 'survey') return surveyProgressMessage(deps, round, o.organisationId);
  return consultationProgress(deps, o, consultationOf(round), organisation, readers);
}

async function consultationProgress(
  deps: Pick<AppDeps, 'db' | 'publicUrl'>,
  o: TLiveProgress,
  round: ConsultationWithDraft,
  organisation: { name: string },
  readers: Awaited<ReturnType<typeof organisationReaders>>,
): Promise<NeutralMessage> {
  const enjeux = round.draftVersion.enjeux;
  const [answered, previous, followups] = await Promise.all([
    answeredEnjeux(deps.db, round.id, o.organisationId, enjeux),
    previousVersionsAnswered(deps.db, round, [o.organisationId]),
    earlierFollowupsOf(deps.db, round, o.organisationId),
  ]);
  return organisationInvitation({
    header: roundHeader(round),
    enjeux,
    draftVersionId: round.draftVersionId,
    previous: previous.get(o.organisationId),
    publicUrl: deps.publicUrl,
    ...(followups ? { followups } : {}),
    progress: { organisationName: organisation.name, answered },
    status: round.status,
    personalView: { roundId: round.id, readers },
  });
}

/** Teams refreshes a card by itself for at most 60 users named in it. */
export const MAX_PERSONAL_READERS = 60;

/**
 * The platform identities of an organisation's members that see a round card as their own
 * view (the first 60 linked on Teams: Teams refreshes the card by itself for them).
 */
export async function organisationReaders(
  db: Tx,
  tenantId: string,
  organisationId: string,
): Promise<{ platform: Platform; userId: string }[]> {
  return db.platformIdentity.findMany({
    where: { tenantId, platform: 'teams', member: { organisationId } },
    select: { platform: true, userId: true },
    orderBy: { createdAt: 'asc' },
    take: MAX_PERSONAL_READERS,
  });
}

/**
 * An update of every invitation of a round, in place (after a close, a cancellation, a new
 * deadline): rendered when sent, from the round as it is then, like a progress update. `reason`
 * keeps the dedupe key unique per change; where a progress update is pending already, it shows
 * the change too, and none is added.
 */
export async function invitationUpdates(
  tx: Tx,
  round: { id: string; tenantId: string },
  reason: string,
): Promise<NewDelivery[]> {
  const invitations = await tx.delivery.findMany({
    where: { tenantId: round.tenantId, dedupeKey: { startsWith: `round:${round.id}:invite:` } },
    select: { id: true, destinationId: true, destination: { select: { organisationId: true } } },
  });
  return invitations
    .filter((i) => i.destination.organisationId)
    .map((i) => ({
      destinationId: i.destinationId,
      dedupeKey: `round:${round.id}:progress:${i.destinationId}:${reason}`,
      kind: 'round.progress',
      payload: {
        live: 'round.progress',
        tenantId: round.tenantId,
        roundId: round.id,
        organisationId: i.destination.organisationId!,
      },
      updatesDeliveryId: i.id,
    }));
}
