import type { Tx } from '../db';

/** Queries for a round's report (the exports): everything in three reads, whatever the size. */

/**
 * The round with its tenant, draft version (schéma, enjeux in order) and invited organisations
 * (commune name when known); null when the tenant has no such round.
 */
export async function roundForReport(tx: Tx, tenantId: string, roundId: string) {
  const round = await tx.round.findFirst({
    where: { id: roundId, tenantId },
    include: {
      tenant: true,
      draftVersion: { include: { enjeux: { orderBy: { position: 'asc' } }, schema: true } },
      invitations: {
        select: {
          organisation: {
            select: { id: true, code: true, name: true, kind: true, communeInsee: true },
          },
        },
      },
    },
  });
  if (!round) return null;
  const insee = [
    ...new Set(
      round.invitations.map((i) => i.organisation.communeInsee).filter((c): c is string => !!c),
    ),
  ];
  const communes =
    insee.length > 0
      ? await tx.commune.findMany({
          where: { insee: { in: insee } },
          select: { insee: true, name: true },
        })
      : [];
  return { round, communes: new Map(communes.map((c) => [c.insee, c.name])) };
}

/** Every avis of a round, with the display name of the member who cast it (if any). */
export function avisForReport(tx: Tx, roundId: string) {
  return tx.avis.findMany({
    where: { roundId },
    select: {
      enjeuId: true,
      organisationId: true,
      choice: true,
      comment: true,
      channel: true,
      castByLabel: true,
      castAt: true,
      castBy: { select: { displayName: true } },
    },
  });
}
