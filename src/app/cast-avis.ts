import { commandChannelOf } from '../domain/commands';
import { enjeuNotInRound, validateAvis, type AvisInput, type ValidAvis } from '../domain/avis';
import { DomainError } from '../domain/errors';
import { assertCanCast } from '../domain/round';
import { castsOrganisationAvis } from '../domain/roles';
import type { AvisChannel, Locale } from '../domain/types';
import type { Tx } from '../store/db';
import {
  castAvisAsRow,
  castAvisByLinkRow,
  type BallotContact,
  castAvisRow,
  findCastingMember,
  findRoundDraft,
  organisationAvis,
  type CastAsRow,
  type CastRow,
  type DraftInfo,
} from '../store/repositories/votes';
import type { Actor, AppDeps } from './deps';
import { findOrganisation, isUuid, type RoundContext } from './lookup';
import { noOrganisation, notLinked } from './resolve-member';

export interface CastAvisOptions {
  tenantId: string;
  roundId: string;
  /** The member casting: the organisation is theirs, never taken from the request. */
  memberId: string;
  votes: AvisInput[];
  channel: Exclude<AvisChannel, 'proxy' | 'implicit'>;
  /** The language of the field errors. Default: French. */
  locale?: Locale;
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
  const [member] = known ? [known] : [await findCastingMember(deps.db, o.tenantId, o.memberId)];
  if (!member) throw notLinked(commandChannelOf(o.channel));
  if (!member.organisation_id) throw noOrganisation();
  return saveAvis(deps, {
    tenantId: o.tenantId,
    roundId: o.roundId,
    organisationId: member.organisation_id,
    votes: o.votes,
    channel: o.channel,
    castByMemberId: member.id,
    castByLabel: member.display_name,
    actorMayCast: castsOrganisationAvis(member.role),
    actor: { kind: 'member', memberId: member.id, label: member.display_name },
    ...(o.locale ? { locale: o.locale } : {}),
  });
}

/** A pilot records an avis an organisation sent by mail or letter, on its behalf. */
export async function recordProxyAvis(deps: AppDeps, o: RecordProxyAvisOptions) {
  if (!o.source.trim()) {
    throw new DomainError('PROXY_SOURCE_MISSING', undefined, 'source');
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

/**
 * An e-mail contact gives its organisation's avis from the web ballot: the link names the
 * contact (hence the organisation); nothing is taken from the form but the avis. Resolves
 * `undefined` when the link's contact is unknown, revoked or of another Caf than the round.
 */
export async function castAvisByLink(
  deps: AppDeps,
  o: {
    contactId: string;
    generation: number;
    roundId: string;
    votes: AvisInput[];
    locale?: Locale;
  },
) {
  const now = deps.now();
  let contact: BallotContact | undefined;
  const { tenantId, draftVersion, r } = await runCast<CastRow>(
    deps,
    o.roundId,
    o.votes,
    o.locale,
    async (roundTenant, valid) => {
      const found = await castAvisByLinkRow(deps.db, {
        contactId: o.contactId,
        generation: o.generation,
        tenantId: roundTenant,
        roundId: o.roundId,
        now,
        enjeux: valid.map((x) => x.enjeuId),
        choices: valid.map((x) => x.choice),
        comments: valid.map((x) => x.comment),
      });
      if (!found) return undefined;
      contact = found.contact;
      return found.r;
    },
  );
  if (!contact) return undefined;
  const result = await castResult(deps, { tenantId, roundId: o.roundId, draftVersion, now }, r);
  return { ...result, contact };
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
  locale?: Locale;
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

/**
 * The hot path of a vote. The avis are validated here against the draft's enjeux (kept in
 * memory); then the database does the rest in one statement, one round trip (the SQL functions
 * that store/repositories/votes.ts calls): shared lock on the round and the rule check, the
 * request claim, every enjeu's avis and its history row, the audit event, the organisation's progress, and the
 * progress update of its invitation messages. Each statement costs the web process a round
 * trip to Postgres, and the vote used to take ten (bench/slack.ts).
 */
async function runCast<R>(
  deps: AppDeps,
  roundId: string,
  votes: AvisInput[],
  locale: Locale | undefined,
  cast: (tenantId: string, valid: ValidAvis[]) => Promise<R | undefined>,
) {
  const found = isUuid(roundId) ? await findRoundDraft(deps.db, roundId) : null;
  if (!found) throw new DomainError('ROUND_NOT_FOUND');
  const { tenantId, draftVersion } = found;
  if (!draftVersion) throw new DomainError('DRAFT_NOT_FOUND');
  const valid = validateAvis(
    votes,
    new Map(draftVersion.enjeux.map((e) => [e.id, e.title])),
    locale,
  );
  return { tenantId, draftVersion, r: await cast(tenantId, valid) };
}

/** The refusal (assertCanCast's words) or the saved avis, as castAvis answers. */
async function castResult(
  deps: AppDeps,
  o: { tenantId: string; roundId: string; draftVersion: DraftInfo; now: Date; locale?: Locale },
  r: CastRow | undefined,
) {
  if (!r || !r.found) throw new DomainError('ROUND_NOT_FOUND');
  if (!r.saved) {
    assertCanCast({
      status: r.status,
      deadline: new Date(r.deadline),
      now: o.now,
      organisationInvited: r.invited,
      actorMayCast: r.actorMayCast,
    });
    if (r.unknownEnjeu) throw enjeuNotInRound(o.locale);
    // The database refused what the rule accepts: only a clock at the deadline's edge does that.
    throw new DomainError('ROUND_DEADLINE_PASSED');
  }
  const { draftVersion } = o;
  const round: CastRound = {
    id: o.roundId,
    tenantId: o.tenantId,
    number: r.number,
    status: r.status,
    deadline: new Date(r.deadline),
    draftVersionId: draftVersion.id,
    silenceMeansFavorable: r.silenceMeansFavorable,
    tenant: { timezone: r.timezone },
    draftVersion,
  };
  const position = new Map(draftVersion.enjeux.map((e) => [e.id, e.position]));
  const byPosition = (a: { enjeuId: string }, b: { enjeuId: string }) =>
    (position.get(a.enjeuId) ?? 0) - (position.get(b.enjeuId) ?? 0);
  const saved = [...r.avis].sort(byPosition);
  const progress = {
    organisationName: r.organisationName,
    answered: r.answered.sort(byPosition).map((a) => ({ ...a, at: new Date(a.at) })),
  };
  await deps.outbox.deliveriesCreated(r.deliveryIds);
  // `channels`: where the organisation's invitation was posted (the adapter answers there).
  return { round, saved, progress, deliveryIds: r.deliveryIds, channels: r.channels };
}

async function saveAvis(deps: AppDeps, o: SaveAvis) {
  const now = deps.now();
  const { tenantId, draftVersion, r } = await runCast<CastRow>(
    deps,
    o.roundId,
    o.votes,
    o.locale,
    async (roundTenant, valid) => {
      if (roundTenant !== o.tenantId) throw new DomainError('ROUND_NOT_FOUND');
      return castAvisRow(deps.db, {
        tenantId: o.tenantId,
        roundId: o.roundId,
        organisationId: o.organisationId,
        castByMemberId: o.castByMemberId,
        castByLabel: o.castByLabel,
        channel: o.channel,
        actorMayCast: o.actorMayCast,
        now,
        enjeux: valid.map((x) => x.enjeuId),
        choices: valid.map((x) => x.choice),
        comments: valid.map((x) => x.comment),
        action: o.channel === 'proxy' ? 'avis.recorded_by_proxy' : 'avis.cast',
        actorMemberId: o.actor.kind === 'member' ? o.actor.memberId : null,
        actorLabel: o.actor.label,
      });
    },
  );
  return castResult(
    deps,
    { tenantId, roundId: o.roundId, draftVersion, now, ...(o.locale ? { locale: o.locale } : {}) },
    r,
  );
}

export interface CastAvisAsOptions {
  roundId: string;
  /** The platform user, from the signed request or the validated token. */
  identity: { platform: 'slack' | 'teams'; workspaceId: string; userId: string };
  votes: AvisInput[];
  channel: Exclude<AvisChannel, 'proxy' | 'implicit'>;
  /** The language of the field errors. Default: French. */
  locale?: Locale;
  /**
   * The request's de-duplication key (a Slack payload's hash): claimed in the vote's own
   * transaction, so a replay of the same request writes nothing and answers `duplicate`.
   */
  requestKey?: string;
}

/**
 * castAvis for a Slack or Teams user, in one round trip: the member is the one linked to the
 * identity in the round's tenant. A user linked to no member there is told so (NOT_LINKED), as
 * requireMember would; one whose member has no organisation cannot give an avis.
 */
export async function castAvisAs(deps: AppDeps, o: CastAvisAsOptions) {
  const now = deps.now();
  const { tenantId, draftVersion, r } = await runCast<CastAsRow>(
    deps,
    o.roundId,
    o.votes,
    o.locale,
    (roundTenant, valid) =>
      castAvisAsRow(deps.db, {
        tenant: roundTenant,
        round: o.roundId.toLowerCase(),
        platform: o.identity.platform,
        workspace: o.identity.workspaceId,
        user: o.identity.userId,
        channel: o.channel,
        now: now.toISOString(),
        enjeux: valid.map((x) => x.enjeuId),
        choices: valid.map((x) => x.choice),
        comments: valid.map((x) => x.comment),
        claim: o.requestKey ?? null,
      }),
  );
  if (!r || !r.member) throw notLinked(commandChannelOf(o.channel));
  if (!r.organisation) throw noOrganisation();
  if (r.found && !r.saved && r.duplicate) return { duplicate: true as const };
  const result = await castResult(
    deps,
    { tenantId, roundId: o.roundId, draftVersion, now, ...(o.locale ? { locale: o.locale } : {}) },
    r,
  );
  return {
    ...result,
    duplicate: false as const,
    tenantId,
    memberId: r.memberId,
    organisationId: r.organisationId,
  };
}

/** What an organisation has answered in a round: per enjeu, the current avis and who gave it. */
export async function organisationProgress(tx: Tx, round: RoundContext, organisationId: string) {
  const org = round.invitations.find((i) => i.organisationId === organisationId)?.organisation;
  return {
    organisationName: org?.name ?? '',
    answered: await answeredEnjeux(tx, round.id, organisationId, round.draftVersion.enjeux),
  };
}

/** An organisation's current avis in a round, in the draft's order of enjeux, with who gave each. */
export async function answeredEnjeux(
  tx: Tx,
  roundId: string,
  organisationId: string,
  enjeux: { id: string; position: number }[],
) {
  const avis = await organisationAvis(tx, roundId, organisationId);
  const position = new Map(enjeux.map((e) => [e.id, e.position]));
  return avis
    .sort((a, b) => (position.get(a.enjeuId) ?? 0) - (position.get(b.enjeuId) ?? 0))
    .map((a) => ({
      enjeuId: a.enjeuId,
      choice: a.choice,
      comment: a.comment,
      byName: a.castBy?.displayName ?? a.castByLabel ?? '—',
      byMemberId: a.castByMemberId,
      at: a.castAt,
      channel: a.channel,
    }));
}
