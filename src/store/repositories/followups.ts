import type { FollowupResponse } from '../../domain/followup';
import type { Tx } from '../db';

/**
 * The follow-up of avis (« prise en compte », table avis_followups): one row per avis of a
 * closed round, what the Caf did with it. Reads for the pilots' lists and the exports' table,
 * the partner's view on the next round, and the one write (an upsert on the avis).
 */

const followupInclude = {
  nextEnjeu: { include: { draftVersion: { select: { version: true } } } },
} as const;

/** Every avis of a round with its enjeu, organisation and follow-up, by enjeu then organisation. */
export function avisWithFollowups(tx: Tx, tenantId: string, roundId: string) {
  return tx.avis.findMany({
    where: { tenantId, roundId },
    include: {
      enjeu: true,
      organisation: true,
      followup: { include: followupInclude },
    },
    orderBy: [{ enjeu: { position: 'asc' } }, { organisation: { name: 'asc' } }],
  });
}
export type AvisWithFollowup = Awaited<ReturnType<typeof avisWithFollowups>>[number];

/** One organisation's avis on one enjeu of a round, with its follow-up. */
export function avisOfOrganisationOnEnjeu(
  tx: Tx,
  o: { tenantId: string; roundId: string; enjeuId: string; organisationId: string },
) {
  return tx.avis.findFirst({
    where: {
      tenantId: o.tenantId,
      roundId: o.roundId,
      enjeuId: o.enjeuId,
      organisationId: o.organisationId,
    },
    include: { followup: true },
  });
}

/** The enjeux of the versions of a schéma later than `afterVersion`, by version then position. */
export function laterEnjeux(
  tx: Tx,
  o: { tenantId: string; schemaId: string; afterVersion: number },
) {
  return tx.enjeu.findMany({
    where: {
      draftVersion: { tenantId: o.tenantId, schemaId: o.schemaId, version: { gt: o.afterVersion } },
    },
    include: { draftVersion: { select: { version: true } } },
    orderBy: [{ draftVersion: { version: 'asc' } }, { position: 'asc' }],
  });
}

export interface FollowupWrite {
  tenantId: string;
  roundId: string;
  avisId: string;
  response: FollowupResponse;
  justification: string;
  nextEnjeuId: string | null;
  recordedByMemberId: string | null;
  recordedBy: string;
  recordedAt: Date;
}

/** Records (or replaces) the follow-up of one avis. */
export function upsertFollowup(tx: Tx, w: FollowupWrite) {
  const data = {
    response: w.response,
    justification: w.justification,
    nextEnjeuId: w.nextEnjeuId,
    recordedByMemberId: w.recordedByMemberId,
    recordedBy: w.recordedBy,
    recordedAt: w.recordedAt,
  };
  return tx.avisFollowup.upsert({
    where: { avisId: w.avisId },
    create: { tenantId: w.tenantId, roundId: w.roundId, avisId: w.avisId, ...data },
    update: data,
  });
}

/**
 * An organisation's avis in the latest closed round on an earlier version of a schéma, with
 * their follow-ups: what a partner sees on the next version's ballot. Empty when it answered no
 * earlier closed round.
 */
export async function earlierAvisOfOrganisation(
  tx: Tx,
  o: { tenantId: string; schemaId: string; beforeVersion: number; organisationId: string },
) {
  const latest = await tx.avis.findFirst({
    where: {
      tenantId: o.tenantId,
      organisationId: o.organisationId,
      round: {
        status: 'closed',
        draftVersion: { schemaId: o.schemaId, version: { lt: o.beforeVersion } },
      },
    },
    orderBy: [{ round: { draftVersion: { version: 'desc' } } }, { round: { closedAt: 'desc' } }],
    select: {
      round: { select: { id: true, number: true, draftVersion: { select: { version: true } } } },
    },
  });
  if (!latest) return null;
  const avis = await tx.avis.findMany({
    where: { tenantId: o.tenantId, roundId: latest.round.id, organisationId: o.organisationId },
    include: { enjeu: true, followup: { include: followupInclude } },
    orderBy: { enjeu: { position: 'asc' } },
  });
  return {
    roundNumber: latest.round.number,
    version: latest.round.draftVersion.version,
    avis,
  };
}
