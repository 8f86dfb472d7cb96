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
 * The organisations' avis in the latest closed round on an earlier version of a schéma (per
 * organisation: the highest version, then the latest closed), with their follow-ups: what a
 * partner sees on the next version. One query; organisations that answered no earlier closed
 * round are absent from the map.
 */
export async function earlierAvisOfOrganisations(
  tx: Tx,
  o: { tenantId: string; schemaId: string; beforeVersion: number; organisationIds: string[] },
) {
  const rows = await tx.avis.findMany({
    where: {
      tenantId: o.tenantId,
      organisationId: { in: o.organisationIds },
      round: {
        status: 'closed',
        draftVersion: { schemaId: o.schemaId, version: { lt: o.beforeVersion } },
      },
    },
    include: {
      enjeu: true,
      followup: { include: followupInclude },
      round: {
        select: {
          id: true,
          number: true,
          closedAt: true,
          draftVersion: { select: { version: true } },
        },
      },
    },
    orderBy: { enjeu: { position: 'asc' } },
  });
  type Row = (typeof rows)[number];
  const later = (a: Row['round'], b: Row['round']) =>
    (a.draftVersion?.version ?? 0) !== (b.draftVersion?.version ?? 0)
      ? (a.draftVersion?.version ?? 0) > (b.draftVersion?.version ?? 0)
      : (a.closedAt?.getTime() ?? 0) > (b.closedAt?.getTime() ?? 0);
  const latest = new Map<string, Row['round']>();
  for (const r of rows) {
    const cur = latest.get(r.organisationId);
    if (!cur || later(r.round, cur)) latest.set(r.organisationId, r.round);
  }
  const out = new Map<string, { roundNumber: number; version: number; avis: Row[] }>();
  for (const [orgId, round] of latest)
    out.set(orgId, {
      roundNumber: round.number,
      version: round.draftVersion?.version ?? 0,
      avis: rows.filter((r) => r.organisationId === orgId && r.round.id === round.id),
    });
  return out;
}
