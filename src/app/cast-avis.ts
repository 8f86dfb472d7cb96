import { validateAvis, type AvisInput } from '../domain/avis';
import { DomainError } from '../domain/errors';
import { assertCanCast } from '../domain/round';
import { invitationMessage } from '../domain/round-messages';
import type { AvisChannel } from '../domain/types';
import type { Tx } from '../store/db';
import { audit } from './audit';
import { createDeliveries, destinationsOf, invitationDeliveries } from './deliveries';
import type { Actor, AppDeps } from './deps';
import { findOrganisation, lockRoundContext, type RoundContext } from './lookup';
import { draftUrl, enjeuSummaries, roundHeader } from './round-view';

export interface CastAvisOptions {
  tenantId: string;
  roundId: string;
  /** The member casting: the organisation is theirs, never taken from the request. */
  memberId: string;
  votes: AvisInput[];
  channel: Exclude<AvisChannel, 'proxy' | 'implicit'>;
}

export interface RecordProxyAvisOptions {
  tenantId: string;
  roundId: string;
  organisationCode: string;
  votes: AvisInput[];
  /** How the avis reached the Caf ("courrier du 3 décembre"): kept on the avis and in exports. */
  source: string;
  actor: Actor;
}

/**
 * A partner gives (or changes) its organisation's avis on one or more enjeux. All enjeux of the
 * call are saved together or not at all; each saved value is appended to the history.
 */
export async function castAvis(deps: AppDeps, o: CastAvisOptions) {
  const member = await deps.db.member.findFirst({
    where: { id: o.memberId, tenantId: o.tenantId },
    include: { organisation: true },
  });
  if (!member)
    throw new DomainError('NOT_LINKED', "Votre compte n'est relié à aucune organisation.");
  if (!member.organisationId || !member.organisation) {
    throw new DomainError(
      'AVIS_NOT_MEMBER',
      "Votre compte n'est rattaché à aucune organisation partenaire : vous ne pouvez pas donner d'avis.",
    );
  }
  return saveAvis(deps, {
    tenantId: o.tenantId,
    roundId: o.roundId,
    organisationId: member.organisationId,
    votes: o.votes,
    channel: o.channel,
    castByMemberId: member.id,
    castByLabel: member.displayName,
    actorMayCast: member.role !== 'observer',
    actor: { kind: 'member', memberId: member.id, label: member.displayName },
  });
}

/** A pilot records an avis an organisation sent by mail or letter, on its behalf. */
export async function recordProxyAvis(deps: AppDeps, o: RecordProxyAvisOptions) {
  if (!o.source.trim()) {
    throw new DomainError(
      'PROXY_SOURCE_MISSING',
      "Indiquez d'où vient cet avis (par exemple « courrier du 3 décembre »).",
      'source',
    );
  }
  const org = await findOrganisation(deps.db, o.tenantId, o.organisationCode);
  return saveAvis(deps, {
    tenantId: o.tenantId,
    roundId: o.roundId,
    organisationId: org.id,
    votes: o.votes,
    channel: 'proxy',
    castByMemberId: o.actor.kind === 'member' ? o.actor.memberId : null,
    castByLabel: `${o.actor.label} pour ${org.name} (${o.source.trim().slice(0, 200)})`,
    actorMayCast: true,
    actor: o.actor,
  });
}

interface SaveAvis {
  tenantId: string;
  roundId: string;
  organisationId: string;
  votes: AvisInput[];
  channel: AvisChannel;
  castByMemberId: string | null;
  castByLabel: string;
  actorMayCast: boolean;
  actor: Actor;
}

async function saveAvis(deps: AppDeps, o: SaveAvis) {
  const now = deps.now();
  const result = await deps.db.$transaction(async (tx) => {
    const round = await lockRoundContext(tx, o.tenantId, o.roundId, 'share');
    assertCanCast({
      status: round.status,
      deadline: round.deadline,
      now,
      organisationInvited: round.invitations.some((i) => i.organisationId === o.organisationId),
      actorMayCast: o.actorMayCast,
    });
    const valid = validateAvis(
      o.votes,
      new Map(round.draftVersion.enjeux.map((e) => [e.id, e.title])),
    );
    const saved: { enjeuId: string; choice: string; revision: number }[] = [];
    for (const v of valid) {
      const rows = await tx.$queryRaw<{ id: string; revision: number }[]>`
        INSERT INTO avis (id, tenant_id, round_id, enjeu_id, organisation_id, choice, comment,
                          cast_by_member_id, cast_by_label, channel, revision, cast_at)
        VALUES (gen_random_uuid(), ${o.tenantId}::uuid, ${o.roundId}::uuid, ${v.enjeuId}::uuid,
                ${o.organisationId}::uuid, ${v.choice}::avis_choice, ${v.comment},
                ${o.castByMemberId}::uuid, ${o.castByLabel}, ${o.channel}::avis_channel, 1, ${now})
        ON CONFLICT (round_id, enjeu_id, organisation_id) DO UPDATE SET
          choice = EXCLUDED.choice, comment = EXCLUDED.comment,
          cast_by_member_id = EXCLUDED.cast_by_member_id, cast_by_label = EXCLUDED.cast_by_label,
          channel = EXCLUDED.channel, cast_at = EXCLUDED.cast_at, revision = avis.revision + 1
        RETURNING id, revision`;
      const row = rows[0]!;
      await tx.avisHistory.create({
        data: {
          tenantId: o.tenantId,
          avisId: row.id,
          revision: row.revision,
          choice: v.choice,
          comment: v.comment,
          castByMemberId: o.castByMemberId,
          castByLabel: o.castByLabel,
          channel: o.channel,
          castAt: now,
        },
      });
      saved.push({ enjeuId: v.enjeuId, choice: v.choice, revision: row.revision });
    }
    await audit(tx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: o.channel === 'proxy' ? 'avis.recorded_by_proxy' : 'avis.cast',
      subjectType: 'round',
      subjectId: o.roundId,
      data: { organisationId: o.organisationId, avis: saved },
    });
    const progress = await organisationProgress(tx, round, o.organisationId);
    const deliveryIds = await progressUpdates(
      tx,
      round,
      o.organisationId,
      progress,
      deps.publicUrl,
    );
    return { round, saved, progress, deliveryIds };
  });
  await deps.outbox.deliveriesCreated(result.deliveryIds);
  return result;
}

/** What an organisation has answered in a round: per enjeu, the current avis and who gave it. */
export async function organisationProgress(tx: Tx, round: RoundContext, organisationId: string) {
  const avis = await tx.avis.findMany({
    where: { roundId: round.id, organisationId },
    include: { castBy: true },
  });
  const org = round.invitations.find((i) => i.organisationId === organisationId)?.organisation;
  const position = new Map(round.draftVersion.enjeux.map((e) => [e.id, e.position]));
  return {
    organisationName: org?.name ?? '',
    answered: avis
      .sort((a, b) => (position.get(a.enjeuId) ?? 0) - (position.get(b.enjeuId) ?? 0))
      .map((a) => ({
        enjeuId: a.enjeuId,
        choice: a.choice,
        comment: a.comment,
        byName: a.castBy?.displayName ?? a.castByLabel ?? '—',
        at: a.castAt,
        channel: a.channel,
      })),
  };
}

/** The invitation messages of the organisation, updated in place with its progress. */
async function progressUpdates(
  tx: Tx,
  round: RoundContext,
  organisationId: string,
  progress: Awaited<ReturnType<typeof organisationProgress>>,
  publicUrl: string | undefined,
) {
  const destinations =
    (await destinationsOf(tx, round.tenantId, [organisationId])).get(organisationId) ?? [];
  if (destinations.length === 0) return [];
  const invitations = await invitationDeliveries(tx, round.id);
  const payload = invitationMessage({
    round: roundHeader(round),
    enjeux: enjeuSummaries(round),
    readUrl: draftUrl(publicUrl, round.draftVersionId),
    locale: 'fr',
    progress,
  });
  const items = destinations
    .filter((d) => invitations.has(d.id))
    .map((d) => ({
      destinationId: d.id,
      dedupeKey: `round:${round.id}:progress:${d.id}:${Date.now()}:${Math.random().toString(36).slice(2)}`,
      kind: 'round.progress',
      payload,
      updatesDeliveryId: invitations.get(d.id)!,
    }));
  // Only the latest state matters: an update not sent yet is replaced by this one.
  await tx.delivery.updateMany({
    where: {
      kind: 'round.progress',
      status: 'pending',
      destinationId: { in: items.map((i) => i.destinationId) },
      dedupeKey: { startsWith: `round:${round.id}:progress:` },
    },
    data: { status: 'cancelled' },
  });
  return createDeliveries(tx, round.tenantId, items);
}
