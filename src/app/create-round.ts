import { DomainError } from '../domain/errors';
import { assertDeadlineInFuture } from '../domain/round';
import { DEFAULT_ROUND_SCHEDULE, parseRoundSchedule } from '../domain/round-schedule';
import type { OrganisationKind } from '../domain/types';
import { audit } from './audit';
import type { Actor, AppDeps } from './deps';
import type { Prisma } from '../generated/prisma/client';
import type { Tx } from '../store/db';

export interface CreateRoundOptions {
  tenantId: string;
  draftVersionId: string;
  /** Invited organisations: every one of the tenant (but the Caf itself), some kinds, or a list of codes. */
  organisations: { all: true; kinds?: OrganisationKind[] } | { codes: string[] };
  deadline: Date;
  /** Default: 7 days, 2 days and the morning of the deadline. */
  reminderSchedule?: string[] | string;
  /** L'absence de réponse vaut avis favorable. Default: false. */
  silenceMeansFavorable?: boolean;
  /** Results visible to partners during the round or only after it closes. Default: after. */
  resultsVisibility?: 'during' | 'after';
  actor: Actor;
}

/**
 * The most organisations one round invites: a département's communes and partners are a few
 * hundred; beyond this, `--orgs all` on a very large Caf is refused with a clear answer rather
 * than fanning out tens of thousands of messages.
 */
export const MAX_ROUND_INVITATIONS = 5_000;

/** Prepares a round (status draft) with its invitations; `launchRound` opens it. */
export async function createRound(deps: AppDeps, o: CreateRoundOptions) {
  assertDeadlineInFuture(o.deadline, deps.now());
  const schedule = parseRoundSchedule(o.reminderSchedule ?? [...DEFAULT_ROUND_SCHEDULE]);
  return deps.db.$transaction(async (tx) => {
    const draft = await tx.draftVersion.findFirst({
      where: { id: o.draftVersionId, tenantId: o.tenantId },
      include: { _count: { select: { enjeux: true } } },
    });
    if (!draft) throw new DomainError('DRAFT_NOT_FOUND');
    const orgs = await selectInvitedOrganisations(tx, o.tenantId, o.organisations);
    const round = await insertRound(
      tx,
      o,
      { schedule, organisations: orgs },
      {
        draftVersionId: draft.id,
        silenceMeansFavorable: o.silenceMeansFavorable ?? false,
      },
      { draftVersion: draft.version },
    );
    return { round, invited: orgs.length, enjeux: draft._count.enjeux };
  });
}

/**
 * A new round in preparation, of either kind: the Caf's next number, the deadline, reminders,
 * results visibility, who created it and its invitations, with `kindData` (a consultation's draft
 * version, a survey's grid…); the creation audited with `auditData`.
 */
export async function insertRound(
  tx: Tx,
  o: {
    tenantId: string;
    deadline: Date;
    resultsVisibility?: 'during' | 'after';
    actor: Actor;
  },
  r: { schedule: string[]; organisations: { id: string }[] },
  kindData: Omit<
    Prisma.RoundUncheckedCreateInput,
    'tenantId' | 'number' | 'deadline' | 'reminderSchedule' | 'invitations'
  >,
  auditData: Record<string, unknown>,
) {
  // Numbers are per tenant; the unique index settles two creations at once (one retries).
  const last = await tx.round.aggregate({
    where: { tenantId: o.tenantId },
    _max: { number: true },
  });
  const round = await tx.round.create({
    data: {
      tenantId: o.tenantId,
      number: (last._max.number ?? 0) + 1,
      deadline: o.deadline,
      reminderSchedule: r.schedule,
      resultsVisibility: o.resultsVisibility ?? 'after',
      createdByMemberId: o.actor.kind === 'member' ? o.actor.memberId : null,
      ...kindData,
      invitations: {
        create: r.organisations.map((org) => ({ tenantId: o.tenantId, organisationId: org.id })),
      },
    },
  });
  await audit(tx, {
    tenantId: o.tenantId,
    actor: o.actor,
    action: 'round.created',
    subjectType: 'round',
    subjectId: round.id,
    data: {
      number: round.number,
      ...auditData,
      invited: r.organisations.length,
      deadline: o.deadline.toISOString(),
    },
  });
  return round;
}

/**
 * The organisations a round invites: every one of the tenant but the Caf, some kinds, or a list
 * of codes (unknown codes and the Caf refused); at least one, at most MAX_ROUND_INVITATIONS.
 */
export async function selectInvitedOrganisations(
  tx: Tx,
  tenantId: string,
  selection: CreateRoundOptions['organisations'],
) {
  let orgs;
  if ('codes' in selection) {
    const codes = [...new Set(selection.codes.map((c) => c.trim()).filter(Boolean))];
    orgs = await tx.organisation.findMany({
      where: { tenantId: tenantId, code: { in: codes } },
    });
    const unknown = codes.filter((c) => !orgs!.some((org: { code: string }) => org.code === c));
    if (unknown.length > 0) {
      throw new DomainError('ORGANISATION_NOT_FOUND', { codes: unknown, list: true });
    }
    const cafs = orgs.filter((org) => org.kind === 'caf').map((org) => org.code);
    if (cafs.length > 0) throw new DomainError('ROUND_INVITES_CAF', { codes: cafs });
  } else {
    const kinds = selection.kinds;
    orgs = await tx.organisation.findMany({
      where: { tenantId: tenantId, kind: kinds ? { in: kinds } : { not: 'caf' } },
    });
  }
  if (orgs.length === 0) {
    throw new DomainError('ROUND_NO_INVITATION', { launch: false });
  }
  if (orgs.length > MAX_ROUND_INVITATIONS) {
    throw new DomainError('ROUND_TOO_MANY_INVITATIONS', {
      count: orgs.length,
      max: MAX_ROUND_INVITATIONS,
    });
  }
  return orgs;
}
