import { validateAvis, type AvisInput } from '../domain/avis';
import { DomainError } from '../domain/errors';
import { assertCanCast } from '../domain/round';
import { invitationMessage } from '../domain/round-messages';
import { randomUUID } from 'node:crypto';
import type { AvisChannel, AvisChoice } from '../domain/types';
import { sqlTransaction, type SqlRunner, type Tx } from '../store/db';
import { createDeliveries } from './deliveries';
import type { Actor, AppDeps } from './deps';
import { findOrganisation, type RoundContext } from './lookup';
import { draftUrl, roundHeader } from './round-view';

export interface CastAvisOptions {
  tenantId: string;
  roundId: string;
  /** The member casting: the organisation is theirs, never taken from the request. */
  memberId: string;
  votes: AvisInput[];
  channel: Exclude<AvisChannel, 'proxy' | 'implicit'>;
  /**
   * The member as the adapter already resolved it from the platform identity (resolveMember):
   * saves reading it again. Used only when it is the same member of the same tenant.
   */
  member?: {
    id: string;
    tenantId: string;
    organisationId: string | null;
    role: string;
    displayName: string;
  };
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
  const known =
    o.member && o.member.id === o.memberId && o.member.tenantId === o.tenantId
      ? {
          id: o.member.id,
          role: o.member.role,
          display_name: o.member.displayName,
          organisation_id: o.member.organisationId,
        }
      : undefined;
  const [member] = known
    ? [known]
    : await deps.db.$queryRaw<
        { id: string; role: string; display_name: string; organisation_id: string | null }[]
      >`
        SELECT id, role::text AS role, display_name, organisation_id FROM members
        WHERE id = ${o.memberId}::uuid AND tenant_id = ${o.tenantId}::uuid`;
  if (!member)
    throw new DomainError('NOT_LINKED', "Votre compte n'est relié à aucune organisation.");
  if (!member.organisation_id) {
    throw new DomainError(
      'AVIS_NOT_MEMBER',
      "Votre compte n'est rattaché à aucune organisation partenaire : vous ne pouvez pas donner d'avis.",
    );
  }
  return saveAvis(deps, {
    tenantId: o.tenantId,
    roundId: o.roundId,
    organisationId: member.organisation_id,
    votes: o.votes,
    channel: o.channel,
    castByMemberId: member.id,
    castByLabel: member.display_name,
    actorMayCast: member.role !== 'observer',
    actor: { kind: 'member', memberId: member.id, label: member.display_name },
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

/** What a cast needs of its round: a subset of RoundContext, loaded in two queries. */
export interface CastRound {
  id: string;
  tenantId: string;
  number: number;
  status: RoundContext['status'];
  deadline: Date;
  draftVersionId: string;
  silenceMeansFavorable: boolean;
  tenant: { timezone: string };
  draftVersion: DraftInfo;
}

interface DraftInfo {
  id: string;
  title: string;
  version: number;
  schema: { period: string };
  enjeux: { id: string; position: number; title: string; body: string }[];
}

// Draft versions are never rewritten once imported (import-draft refuses another text under the
// same version), so their enjeux can be kept in memory: a vote then costs no query for them.
const draftCache = new Map<string, DraftInfo>();
const DRAFT_CACHE_SIZE = 200;

async function draftInfo(sql: SqlRunner, draftVersionId: string): Promise<DraftInfo> {
  const cached = draftCache.get(draftVersionId);
  if (cached) return cached;
  const [d] = await sql<{ id: string; title: string; version: number; period: string }>(
    `SELECT dv.id, dv.title, dv.version, s.period
     FROM draft_versions dv JOIN schemas s ON s.id = dv.schema_id WHERE dv.id = $1::uuid`,
    [draftVersionId],
  );
  if (!d) throw new DomainError('DRAFT_NOT_FOUND', 'Version du projet introuvable.');
  const enjeux = await sql<{ id: string; position: number; title: string; body: string }>(
    'SELECT id, position, title, body FROM enjeux WHERE draft_version_id = $1::uuid ORDER BY position',
    [draftVersionId],
  );
  const info: DraftInfo = {
    id: d.id,
    title: d.title,
    version: d.version,
    schema: { period: d.period },
    enjeux,
  };
  if (draftCache.size >= DRAFT_CACHE_SIZE) draftCache.delete(draftCache.keys().next().value!);
  draftCache.set(draftVersionId, info);
  return info;
}

/**
 * The hot path of a vote, in plain SQL on few round trips (see sqlTransaction): lock and read
 * the round with the invitation check in one query, every enjeu's avis and its history row in
 * one statement, the audit event, the progress, and the invitation messages to update.
 */
async function saveAvis(deps: AppDeps, o: SaveAvis) {
  const now = deps.now();
  const result = await sqlTransaction(deps.db, async (sql) => {
    // A share lock on the round: a close running at the same moment waits for this cast (or
    // this cast sees the round closed), so no avis slips in after the results are computed.
    const [r] = await sql<{
      id: string;
      number: number;
      status: RoundContext['status'];
      deadline: Date;
      draft_version_id: string;
      silence_means_favorable: boolean;
      timezone: string;
      invited: boolean;
      organisation_name: string | null;
    }>(
      `SELECT r.id, r.number, r.status::text AS status, r.deadline, r.draft_version_id,
              r.silence_means_favorable, t.timezone,
              EXISTS (SELECT 1 FROM invitations i
                      WHERE i.round_id = r.id AND i.organisation_id = $3::uuid) AS invited,
              (SELECT name FROM organisations WHERE id = $3::uuid) AS organisation_name
       FROM rounds r JOIN tenants t ON t.id = r.tenant_id
       WHERE r.id = $1::uuid AND r.tenant_id = $2::uuid
       FOR SHARE OF r`,
      [o.roundId, o.tenantId, o.organisationId],
    );
    if (!r) throw new DomainError('ROUND_NOT_FOUND', 'Consultation introuvable.');
    assertCanCast({
      status: r.status,
      deadline: r.deadline,
      now,
      organisationInvited: r.invited,
      actorMayCast: o.actorMayCast,
    });
    const draftVersion = await draftInfo(sql, r.draft_version_id);
    const round: CastRound = {
      id: r.id,
      tenantId: o.tenantId,
      number: r.number,
      status: r.status,
      deadline: r.deadline,
      draftVersionId: r.draft_version_id,
      silenceMeansFavorable: r.silence_means_favorable,
      tenant: { timezone: r.timezone },
      draftVersion,
    };
    const valid = validateAvis(o.votes, new Map(draftVersion.enjeux.map((e) => [e.id, e.title])));
    // Concurrent casts of the same avis serialise on the row lock the upsert takes (rows taken
    // in enjeu order, so two multi-enjeu casts never deadlock); each appends its own revision
    // to the history, so the history is complete.
    const saved = await sql<{ enjeuId: string; choice: AvisChoice; revision: number }>(
      `WITH v AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(enjeu_id, choice, comment)
       ), up AS (
         INSERT INTO avis (id, tenant_id, round_id, enjeu_id, organisation_id, choice, comment,
                           cast_by_member_id, cast_by_label, channel, revision, cast_at)
         SELECT gen_random_uuid(), $4::uuid, $5::uuid, v.enjeu_id, $6::uuid, v.choice::avis_choice,
                v.comment, $7::uuid, $8, $9::avis_channel, 1, $10
         FROM v ORDER BY v.enjeu_id
         ON CONFLICT (round_id, enjeu_id, organisation_id) DO UPDATE SET
           choice = EXCLUDED.choice, comment = EXCLUDED.comment,
           cast_by_member_id = EXCLUDED.cast_by_member_id, cast_by_label = EXCLUDED.cast_by_label,
           channel = EXCLUDED.channel, cast_at = EXCLUDED.cast_at, revision = avis.revision + 1
         RETURNING id, enjeu_id, choice, comment, revision
       ), hist AS (
         INSERT INTO avis_history (id, tenant_id, avis_id, revision, choice, comment,
                                   cast_by_member_id, cast_by_label, channel, cast_at)
         SELECT gen_random_uuid(), $4::uuid, up.id, up.revision, up.choice, up.comment,
                $7::uuid, $8, $9::avis_channel, $10
         FROM up
       )
       SELECT enjeu_id AS "enjeuId", choice::text AS choice, revision FROM up`,
      [
        valid.map((x) => x.enjeuId),
        valid.map((x) => x.choice),
        valid.map((x) => x.comment),
        o.tenantId,
        o.roundId,
        o.organisationId,
        o.castByMemberId,
        o.castByLabel,
        o.channel,
        now,
      ],
    );
    const position = new Map(draftVersion.enjeux.map((e) => [e.id, e.position]));
    saved.sort((a, b) => (position.get(a.enjeuId) ?? 0) - (position.get(b.enjeuId) ?? 0));
    await sql(
      `INSERT INTO audit_events (tenant_id, actor_member_id, actor, action, subject_type, subject_id, data)
       VALUES ($1::uuid, $2::uuid, $3, $4, 'round', $5, $6::jsonb)`,
      [
        o.tenantId,
        o.actor.kind === 'member' ? o.actor.memberId : null,
        o.actor.label,
        o.channel === 'proxy' ? 'avis.recorded_by_proxy' : 'avis.cast',
        o.roundId,
        JSON.stringify({ organisationId: o.organisationId, avis: saved }),
      ],
    );
    const progress = await progressOf(sql, round, o.organisationId, r.organisation_name ?? '');
    const { deliveryIds, channels } = await progressUpdates(
      sql,
      round,
      o.organisationId,
      progress,
      deps.publicUrl,
    );
    // `channels`: where the organisation's invitation was posted (the adapter answers there).
    return { round, saved, progress, deliveryIds, channels };
  });
  await deps.outbox.deliveriesCreated(result.deliveryIds);
  return result;
}

async function progressOf(
  sql: SqlRunner,
  round: CastRound,
  organisationId: string,
  organisationName: string,
) {
  const rows = await sql<{
    enjeu_id: string;
    choice: AvisChoice;
    comment: string | null;
    by_name: string | null;
    cast_by_label: string | null;
    cast_at: Date;
    channel: AvisChannel;
  }>(
    `SELECT a.enjeu_id, a.choice::text AS choice, a.comment, m.display_name AS by_name,
            a.cast_by_label, a.cast_at, a.channel::text AS channel
     FROM avis a LEFT JOIN members m ON m.id = a.cast_by_member_id
     WHERE a.round_id = $1::uuid AND a.organisation_id = $2::uuid`,
    [round.id, organisationId],
  );
  const position = new Map(round.draftVersion.enjeux.map((e) => [e.id, e.position]));
  return {
    organisationName,
    answered: rows
      .sort((a, b) => (position.get(a.enjeu_id) ?? 0) - (position.get(b.enjeu_id) ?? 0))
      .map((a) => ({
        enjeuId: a.enjeu_id,
        choice: a.choice,
        comment: a.comment,
        byName: a.by_name ?? a.cast_by_label ?? '—',
        at: a.cast_at,
        channel: a.channel,
      })),
  };
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
  sql: SqlRunner,
  round: CastRound,
  organisationId: string,
  progress: Awaited<ReturnType<typeof progressOf>>,
  publicUrl: string | undefined,
) {
  // Each destination of the organisation with the invitation sent there (exact dedupe keys:
  // the unique index answers).
  const targets = await sql<{
    destination_id: string;
    invitation_id: string;
    platform: string;
    workspace_id: string;
    address: string;
  }>(
    `SELECT d.id AS destination_id, inv.id AS invitation_id, d.platform::text AS platform,
            d.workspace_id, d.address
     FROM destinations d
     JOIN deliveries inv ON inv.dedupe_key = 'round:' || $1 || ':invite:' || d.id::text
     WHERE d.organisation_id = $2::uuid AND d.tenant_id = $3::uuid AND d.active`,
    [round.id, organisationId, round.tenantId],
  );
  const channels = targets.map((t) => ({
    platform: t.platform,
    workspaceId: t.workspace_id,
    address: t.address,
  }));
  if (targets.length === 0) return { deliveryIds: [], channels };
  const payload = invitationMessage({
    round: roundHeader(round),
    enjeux: round.draftVersion.enjeux,
    readUrl: draftUrl(publicUrl, round.draftVersionId),
    locale: 'fr',
    progress,
  });
  // Only the latest state matters: an update not sent yet is replaced by this one.
  await sql(
    `UPDATE deliveries SET status = 'cancelled'
     WHERE kind = 'round.progress' AND status = 'pending'
       AND destination_id = ANY($1::uuid[]) AND updates_delivery_id = ANY($2::uuid[])`,
    [targets.map((t) => t.destination_id), targets.map((t) => t.invitation_id)],
  );
  const deliveryIds = await createDeliveries(
    sql,
    round.tenantId,
    targets.map((t) => ({
      destinationId: t.destination_id,
      dedupeKey: `round:${round.id}:progress:${t.destination_id}:${randomUUID()}`,
      kind: 'round.progress',
      payload,
      updatesDeliveryId: t.invitation_id,
    })),
  );
  return { deliveryIds, channels };
}
