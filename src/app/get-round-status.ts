import type { AppDeps } from './deps';
import { findRound, loadRoundContext } from './lookup';
import { invitedOrganisations, roundHeader, roundTally } from './round-view';

/** A round with its participation per enjeu and who has not answered. */
export async function getRoundStatus(deps: AppDeps, o: { tenantId: string; round: string }) {
  const ref = await findRound(deps.db, o.tenantId, o.round);
  const round = await loadRoundContext(deps.db, o.tenantId, ref.id);
  const tally = await roundTally(deps.db, round);
  return { round, header: roundHeader(round), tally, invited: invitedOrganisations(round) };
}

/** Open rounds of a tenant, newest first, optionally only those an organisation is invited to. */
export async function listOpenRounds(
  deps: AppDeps,
  o: { tenantId: string; organisationId?: string },
) {
  const rounds = await deps.db.round.findMany({
    where: {
      tenantId: o.tenantId,
      status: 'open',
      ...(o.organisationId ? { invitations: { some: { organisationId: o.organisationId } } } : {}),
    },
    orderBy: { number: 'desc' },
    select: { id: true },
  });
  return Promise.all(
    rounds.map(async (r) => {
      const round = await loadRoundContext(deps.db, o.tenantId, r.id);
      return { round, header: roundHeader(round), tally: await roundTally(deps.db, round) };
    }),
  );
}
