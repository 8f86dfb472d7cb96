import type { Db, Tx } from '../db';

/**
 * The e-mail addresses participants of a per-person survey leave to be reminded (issue [11]):
 * kept on the participant, and reached through an e-mail destination of their own
 * (workspace_id `participant:<id>`, reference {participantId}), like a contact's, so that the
 * reminders go through the same outbox and delivery queue.
 */
export const participantWorkspace = (participantId: string) => `participant:${participantId}`;

/** A participant of an event with what deciding on their address needs; undefined: none. */
export function participantOfEventForEmail(
  tx: Tx,
  o: { participantId: string; roundId: string; eventCode: string },
) {
  return tx.surveyParticipant.findFirst({
    where: { id: o.participantId, roundId: o.roundId, round: { eventCode: o.eventCode } },
    select: {
      id: true,
      tenantId: true,
      roundId: true,
      email: true,
      round: {
        select: { number: true, anonymous: true, status: true, deadline: true, kind: true },
      },
    },
  });
}

/**
 * Sets (or, with null, removes) a participant's address: its destination is the only active one
 * of the participant's (an older address's is deactivated, its past deliveries kept).
 */
export async function setParticipantEmailRow(
  tx: Tx,
  p: { tenantId: string; participantId: string; email: string | null },
): Promise<void> {
  const workspaceId = participantWorkspace(p.participantId);
  await tx.surveyParticipant.update({ where: { id: p.participantId }, data: { email: p.email } });
  await tx.destination.updateMany({
    where: {
      tenantId: p.tenantId,
      platform: 'email',
      workspaceId,
      active: true,
      ...(p.email ? { NOT: { address: p.email } } : {}),
    },
    data: { active: false },
  });
  if (!p.email) return;
  await tx.destination.upsert({
    where: {
      tenantId_platform_workspaceId_address: {
        tenantId: p.tenantId,
        platform: 'email',
        workspaceId,
        address: p.email,
      },
    },
    create: {
      tenantId: p.tenantId,
      platform: 'email',
      workspaceId,
      address: p.email,
      reference: { participantId: p.participantId },
    },
    update: { active: true },
  });
}

/** The participants of a round with an address, each with its active destination. */
export async function participantsWithEmail(tx: Tx, tenantId: string, roundId: string) {
  const participants = await tx.surveyParticipant.findMany({
    where: { tenantId, roundId, email: { not: null } },
    select: { id: true, email: true },
  });
  const destinations = await tx.destination.findMany({
    where: {
      tenantId,
      platform: 'email',
      active: true,
      workspaceId: { in: participants.map((p) => participantWorkspace(p.id)) },
    },
    select: { id: true, workspaceId: true, address: true },
  });
  const byWorkspace = new Map(destinations.map((d) => [d.workspaceId, d]));
  return participants.flatMap((p) => {
    const d = byWorkspace.get(participantWorkspace(p.id));
    return d && d.address === p.email ? [{ participantId: p.id, destinationId: d.id }] : [];
  });
}

/** The participants of a round who opened their grid (typed their code), with their address. */
export function seenParticipants(tx: Tx, roundId: string) {
  return tx.surveyParticipant.findMany({
    where: { roundId, firstSeenAt: { not: null } },
    select: { id: true, email: true },
  });
}

/**
 * What a participant's resume link needs: their round's event code and their address; undefined
 * when there is no such participant, no address, or the round is anonymous.
 */
export async function participantResumeTarget(
  db: Db,
  o: { participantId: string; roundId: string },
): Promise<{ eventCode: string; email: string } | undefined> {
  const p = await db.surveyParticipant.findFirst({
    where: { id: o.participantId, roundId: o.roundId },
    select: { email: true, round: { select: { eventCode: true, anonymous: true } } },
  });
  if (!p || p.round.anonymous || !p.round.eventCode || !p.email) return undefined;
  return { eventCode: p.round.eventCode, email: p.email };
}
