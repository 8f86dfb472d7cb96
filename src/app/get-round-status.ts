import type { AppDeps } from './deps';
import { DomainError } from '../domain/errors';
import { statusMessage } from '../domain/round-messages';
import { findRound, loadRoundContext } from './lookup';
import { assertResultsVisible, invitedOrganisations, roundHeader, roundTally } from './round-view';

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

/**
 * The round a « statut » is about: the one named (number or id), else for a pilot the newest
 * open round (or the last closed one), for a partner the newest round its organisation is
 * invited to. Whether the member may see its results is assertResultsVisible's to say.
 */
export async function findStatusRound(
  deps: AppDeps,
  member: { tenantId: string; role: string; organisationId: string | null },
  arg: string | undefined,
) {
  if (arg) return findRound(deps.db, member.tenantId, arg.replace(/^n°?/i, ''));
  const invited =
    member.role === 'pilot'
      ? {}
      : { invitations: { some: { organisationId: member.organisationId ?? NO_ORGANISATION } } };
  const latest =
    (await deps.db.round.findFirst({
      where: { tenantId: member.tenantId, status: 'open', ...invited },
      orderBy: { number: 'desc' },
    })) ??
    (await deps.db.round.findFirst({
      where: { tenantId: member.tenantId, status: 'closed', ...invited },
      orderBy: { closedAt: 'desc' },
    }));
  if (!latest) {
    throw new DomainError(
      'ROUND_NOT_FOUND',
      member.role === 'pilot'
        ? 'Aucune consultation ouverte ou close. Précisez le numéro, par exemple : « statut 3 ».'
        : "Votre organisation n'est invitée à aucune consultation ouverte ou close.",
    );
  }
  return latest;
}

const NO_ORGANISATION = '00000000-0000-0000-0000-000000000000';

/**
 * « statut » for any member: the round asked for (or the one findStatusRound picks), refused
 * when its results are not visible to them yet, as a neutral message.
 */
export async function roundStatusFor(
  deps: AppDeps,
  member: { tenantId: string; role: string; organisationId: string | null },
  arg: string | undefined,
) {
  const ref = await findStatusRound(deps, member, arg);
  const s = await getRoundStatus(deps, { tenantId: member.tenantId, round: ref.id });
  assertResultsVisible(member, s.round);
  return statusMessage({ round: s.header, status: s.round.status, tally: s.tally, locale: 'fr' });
}
