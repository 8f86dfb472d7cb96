import { DomainError } from '../domain/errors';
import type { Tx } from '../store/db';
import { enjeuxOfDraftVersion, previousDraftVersion } from '../store/repositories/draft-versions';
import { getTenant } from '../store/repositories/tenants';
import { lockRound } from '../store/repositories/rounds';

/** Lookups shared by the use cases; each refuses with a French message when nothing matches. */

export async function findTenant(tx: Tx, code: string) {
  const tenant = await tx.tenant.findUnique({ where: { code } });
  if (!tenant) {
    throw new DomainError('TENANT_NOT_FOUND', { code });
  }
  return tenant;
}

/** A tenant by id (a resolved member's, or the CLI's --caf); throws when there is none. */
export function tenantById(tx: Tx, id: string) {
  return getTenant(tx, id);
}

/** The enjeux of a draft version, in order. */
export function enjeuxOf(tx: Tx, draftVersionId: string) {
  return enjeuxOfDraftVersion(tx, draftVersionId);
}

/** A round by id within the tenant ("3" or a uuid). */
export async function findRound(tx: Tx, tenantId: string, ref: string) {
  const where = /^\d+$/.test(ref)
    ? { tenantId, number: Number(ref) }
    : isUuid(ref)
      ? { tenantId, id: ref }
      : null;
  const round = where ? await tx.round.findFirst({ where }) : null;
  if (!round) throw new DomainError('ROUND_NOT_FOUND', { ref });
  return round;
}

/** Who asks about rounds: a pilot follows all of the Caf's, anyone else those of their organisation. */
export interface RoundFollower {
  tenantId: string;
  role: string;
  organisationId: string | null;
}

/** A uuid no row has: "the organisation of a member who has none" matches nothing. */
export const NO_ORGANISATION = '00000000-0000-0000-0000-000000000000';

/** The rounds `member` follows, as a where clause (tenant included). */
export function roundsFollowedBy(member: RoundFollower) {
  return {
    tenantId: member.tenantId,
    ...(member.role === 'pilot'
      ? {}
      : { invitations: { some: { organisationId: member.organisationId ?? NO_ORGANISATION } } }),
  };
}

/**
 * The round a command is about (« statut 3 », « clore n°3 », or an id); without one, the newest
 * open round the member follows, or with `closedToo` the last one closed when none is open.
 * Undefined when there is none: each caller says so in its own words.
 */
export async function commandRound(
  tx: Tx,
  member: RoundFollower,
  arg: string | undefined,
  closedToo: boolean,
) {
  if (arg) return findRound(tx, member.tenantId, arg.replace(/^n°?/i, ''));
  const followed = roundsFollowedBy(member);
  return (
    (await tx.round.findFirst({
      where: { ...followed, status: 'open' },
      orderBy: { number: 'desc' },
    })) ??
    (closedToo
      ? await tx.round.findFirst({
          where: { ...followed, status: 'closed' },
          orderBy: [{ closedAt: 'desc' }, { number: 'desc' }],
        })
      : null) ??
    undefined
  );
}

/**
 * commandRound for a pilot's command (« relancer », « clore », « exporter »), refused when there
 * is no round to act on; `example` is how this platform types the command with a number.
 */
export async function pilotCommandRound(
  tx: Tx,
  member: RoundFollower,
  arg: string | undefined,
  o: { closedToo?: boolean; example: string },
) {
  const round = await commandRound(tx, member, arg, o.closedToo ?? false);
  if (!round) throw new DomainError('ROUND_NONE_OPEN', { example: o.example });
  return round;
}

export async function findOrganisation(tx: Tx, tenantId: string, code: string) {
  const org = await tx.organisation.findUnique({ where: { tenantId_code: { tenantId, code } } });
  if (!org) throw new DomainError('ORGANISATION_NOT_FOUND', { codes: [code] });
  return org;
}

export function isUuid(v: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
}

/** Loads a round with what the rules and messages need: enjeux, invited organisations, draft. */
export async function loadRoundContext(tx: Tx, tenantId: string, roundId: string) {
  const round = await tx.round.findFirst({
    where: { id: roundId, tenantId },
    include: {
      draftVersion: { include: { enjeux: { orderBy: { position: 'asc' } }, schema: true } },
      invitations: { include: { organisation: true } },
      tenant: true,
    },
  });
  if (!round) throw new DomainError('ROUND_NOT_FOUND');
  return consultationOf(round);
}

/**
 * A round known to be a consultation (its draft version set), for what only a consultation has
 * (avis, enjeux, follow-ups); a survey is refused with its own message.
 */
export function consultationOf<
  R extends { kind: string; number: number; draftVersionId: string | null; draftVersion?: unknown },
>(
  round: R,
): R & { draftVersionId: string } & (R extends { draftVersion?: infer D }
    ? { draftVersion: NonNullable<D> }
    : unknown) {
  if (round.kind !== 'consultation' || round.draftVersionId === null) {
    throw new DomainError('ROUND_IS_SURVEY', { number: round.number });
  }
  return round as never;
}
export type RoundContext = Awaited<ReturnType<typeof loadRoundContext>>;

/** The latest earlier version of the round's schéma (for « what changed »), or null. */
export function previousDraftVersionOf(
  tx: Tx,
  round: { tenantId: string; draftVersion: { schemaId: string; version: number } },
) {
  return previousDraftVersion(tx, {
    tenantId: round.tenantId,
    schemaId: round.draftVersion.schemaId,
    version: round.draftVersion.version,
  });
}

/**
 * Locks a round row for the rest of the transaction, then loads it: the state changes (launch,
 * close, cancel, new deadline) run one at a time, and a vote (which takes the same round's
 * advisory lock shared, in concerto_cast_avis) cannot slip in after a close has computed the
 * results: the close waits for the votes in flight, the votes after it see the round closed.
 */
export async function lockRoundContext(tx: Tx, tenantId: string, roundId: string) {
  // The vote takes this advisory lock shared (concerto_cast_avis); here it is exclusive.
  if (!(await lockRound(tx, tenantId, roundId))) throw new DomainError('ROUND_NOT_FOUND');
  return loadRoundContext(tx, tenantId, roundId);
}
