import { commandChannelOf } from '../domain/commands';
import { validateAvis, type AvisInput, type ValidAvis } from '../domain/avis';
import { DomainError } from '../domain/errors';
import { assertCanCast } from '../domain/round';
import type { AvisChannel, AvisChoice, Locale } from '../domain/types';
import type { Pool } from 'pg';
import { createBatcher, type Batcher } from '../store/batch';
import { dbPool, type SqlRunner, type Tx } from '../store/db';
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
  const [member] = known
    ? [known]
    : await deps.db.$queryRaw<
        { id: string; role: string; display_name: string; organisation_id: string | null }[]
      >`
        SELECT id, role::text AS role, display_name, organisation_id FROM members
        WHERE id = ${o.memberId}::uuid AND tenant_id = ${o.tenantId}::uuid`;
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
    actorMayCast: member.role !== 'observer',
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

/** The contact a ballot link names, as the vote by link reads it in the same statement. */
export interface BallotContact {
  tenantId: string;
  organisationId: string;
  organisationName: string;
  email: string;
  name: string | null;
  destinationId: string | null;
}

const CONTACT_LABEL = `CASE WHEN c.name IS NULL THEN c.email ELSE c.name || ' (' || c.email || ')' END`;
/**
 * The web ballot's vote in one statement: the contact the link names (active, same link
 * generation, same Caf as the round), its organisation and e-mail destination, and the vote
 * itself (concerto_cast_avis, channel `web`, « Mme X (adresse) pour Organisation » as author).
 * No row: the contact is unknown, revoked or of another Caf (the caller says which).
 */
const CAST_BY_LINK_SQL = `
  SELECT concerto_cast_avis(c.tenant_id, $4::uuid, c.organisation_id, NULL,
           ${CONTACT_LABEL} || ' pour ' || o.name, 'web'::avis_channel, true, $5,
           $6::uuid[], $7::text[], $8::text[], 'avis.cast', NULL, ${CONTACT_LABEL}, NULL) AS r,
         c.tenant_id AS "tenantId", c.organisation_id AS "organisationId",
         o.name AS "organisationName", c.email, c.name, d.id AS "destinationId"
  FROM contacts c
  JOIN organisations o ON o.id = c.organisation_id
  LEFT JOIN destinations d
    ON d.tenant_id = c.tenant_id AND d.platform = 'email' AND d.workspace_id = c.organisation_id::text
   AND d.address = c.email AND d.active
  WHERE c.id = $1::uuid AND c.active AND c.link_generation = $2 AND c.tenant_id = $3::uuid`;

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
    async (pool, roundTenant, valid) => {
      const { rows } = await pool.query<{ r: CastRow } & BallotContact>({
        name: 'concerto_cast_avis_by_link',
        text: CAST_BY_LINK_SQL,
        values: [
          o.contactId,
          o.generation,
          roundTenant,
          o.roundId,
          now,
          valid.map((x) => x.enjeuId),
          valid.map((x) => x.choice),
          valid.map((x) => x.comment),
        ],
      });
      if (!rows[0]) return undefined;
      const { r: row, ...c } = rows[0];
      contact = c;
      return row;
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

interface DraftInfo {
  id: string;
  title: string;
  version: number;
  schema: { period: string };
  enjeux: { id: string; position: number; title: string; body: string }[];
}

// Draft versions are never rewritten once imported (import-draft refuses another text under the
// same version), and a round never changes tenant or draft version: both are kept in memory, so
// a vote costs no query for them.
const draftCache = new Map<string, DraftInfo>();
const roundDraftCache = new Map<string, { tenantId: string; draftVersionId: string }>();
const CACHE_SIZE = 500;

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as K);
  cache.set(key, value);
  return value;
}

async function draftInfo(sql: SqlRunner, draftVersionId: string): Promise<DraftInfo> {
  const cached = draftCache.get(draftVersionId);
  if (cached) return cached;
  const [d] = await sql<{ id: string; title: string; version: number; period: string }>(
    `SELECT dv.id, dv.title, dv.version, s.period
     FROM draft_versions dv JOIN schemas s ON s.id = dv.schema_id WHERE dv.id = $1::uuid`,
    [draftVersionId],
  );
  if (!d) throw new DomainError('DRAFT_NOT_FOUND');
  const enjeux = await sql<{ id: string; position: number; title: string; body: string }>(
    'SELECT id, position, title, body FROM enjeux WHERE draft_version_id = $1::uuid ORDER BY position',
    [draftVersionId],
  );
  return remember(draftCache, draftVersionId, {
    id: d.id,
    title: d.title,
    version: d.version,
    schema: { period: d.period },
    enjeux,
  });
}

/** The tenant and draft version of a round (cached: neither ever changes). */
async function roundDraft(
  sql: SqlRunner,
  roundId: string,
): Promise<{ tenantId: string; draftVersion: DraftInfo }> {
  let facts = roundDraftCache.get(roundId);
  if (!facts) {
    const [row] = isUuid(roundId)
      ? await sql<{ tenant_id: string; draft_version_id: string }>(
          'SELECT tenant_id, draft_version_id FROM rounds WHERE id = $1::uuid',
          [roundId],
        )
      : [];
    if (!row) throw new DomainError('ROUND_NOT_FOUND');
    facts = remember(roundDraftCache, roundId, {
      tenantId: row.tenant_id,
      draftVersionId: row.draft_version_id,
    });
  }
  return { tenantId: facts.tenantId, draftVersion: await draftInfo(sql, facts.draftVersionId) };
}

/** What concerto_cast_avis returns (prisma/migrations/20261128020000_cast_avis_in_one_call). */
type CastRow =
  | { found: false }
  | {
      found: true;
      saved: false;
      status: RoundContext['status'];
      deadline: string;
      invited: boolean;
      actorMayCast: boolean;
      /** The request key was claimed already: a replay, nothing written. */
      duplicate?: true;
    }
  | {
      found: true;
      saved: true;
      number: number;
      status: RoundContext['status'];
      deadline: string;
      silenceMeansFavorable: boolean;
      timezone: string;
      organisationName: string;
      avis: { enjeuId: string; choice: AvisChoice; revision: number }[];
      answered: {
        enjeuId: string;
        choice: AvisChoice;
        comment: string | null;
        byName: string;
        at: string;
        channel: AvisChannel;
      }[];
      channels: { platform: string; workspaceId: string; address: string }[];
      deliveryIds: string[];
    };

/** concerto_cast_avis_as adds who the platform user is, or that they are nobody here. */
type CastAsRow =
  | { member: false }
  | { member: true; organisation: false }
  | (CastRow & { member: true; organisation: true; memberId: string; organisationId: string });

const CAST_SQL = `SELECT concerto_cast_avis($1::uuid, $2::uuid, $3::uuid, $4::uuid, $5,
  $6::avis_channel, $7, $8, $9::uuid[], $10::text[], $11::text[], $12, $13::uuid, $14, NULL) AS r`;
const CAST_AS_SQL = `SELECT concerto_cast_avis_as($1::uuid, $2::uuid, $3::platform, $4, $5,
  $6::avis_channel, $7, $8::uuid[], $9::text[], $10::text[], $11) AS r`;

/**
 * The hot path of a vote. The avis are validated here against the draft's enjeux (kept in
 * memory); then the database does the rest in one statement, one round trip (the functions of
 * the migration above): shared lock on the round and the rule check, the request claim, every
 * enjeu's avis and its history row, the audit event, the organisation's progress, and the
 * progress update of its invitation messages. Each statement costs the web process a round
 * trip to Postgres, and the vote used to take ten (bench/slack.ts).
 */
async function runCast<R>(
  deps: AppDeps,
  roundId: string,
  votes: AvisInput[],
  locale: Locale | undefined,
  cast: (pool: Pool, tenantId: string, valid: ValidAvis[]) => Promise<R | undefined>,
) {
  const pool = dbPool(deps.db);
  const sql: SqlRunner = async <T>(text: string, params: unknown[]) =>
    (await pool.query(text, params)).rows as T[];
  const { tenantId, draftVersion } = await roundDraft(sql, roundId);
  const valid = validateAvis(
    votes,
    new Map(draftVersion.enjeux.map((e) => [e.id, e.title])),
    locale,
  );
  return { tenantId, draftVersion, r: await cast(pool, tenantId, valid) };
}

/** One platform user's vote, as concerto_cast_avis_as takes it. */
interface CastAsCall {
  tenant: string;
  round: string;
  platform: string;
  workspace: string;
  user: string;
  channel: string;
  now: string;
  enjeux: string[];
  choices: string[];
  comments: (string | null)[];
  claim: string | null;
}

const castAsSingle = async (pool: Pool, c: CastAsCall) =>
  (
    await pool.query<{ r: CastAsRow }>({
      name: 'concerto_cast_avis_as',
      text: CAST_AS_SQL,
      values: [
        c.tenant,
        c.round,
        c.platform,
        c.workspace,
        c.user,
        c.channel,
        c.now,
        c.enjeux,
        c.choices,
        c.comments,
        c.claim,
      ],
    })
  ).rows[0]?.r;

/** Several votes in one statement: one call of the function per vote, in the batch's order. */
const CAST_AS_BATCH_SQL = `SELECT concerto_cast_avis_as(
    (x.v->>'tenant')::uuid, (x.v->>'round')::uuid, (x.v->>'platform')::platform,
    x.v->>'workspace', x.v->>'user', (x.v->>'channel')::avis_channel,
    (x.v->>'now')::timestamptz,
    ARRAY(SELECT e #>> '{}' FROM jsonb_array_elements(x.v->'enjeux') WITH ORDINALITY a(e, i)
          ORDER BY i)::uuid[],
    ARRAY(SELECT e #>> '{}' FROM jsonb_array_elements(x.v->'choices') WITH ORDINALITY a(e, i)
          ORDER BY i),
    ARRAY(SELECT e #>> '{}' FROM jsonb_array_elements(x.v->'comments') WITH ORDINALITY a(e, i)
          ORDER BY i),
    x.v->>'claim') AS r
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(v, n)
  ORDER BY x.n`;

/**
 * Votes arriving together (a round's invitation read at 9 a.m.) share one statement and one
 * commit (see store/batch.ts): the round trip and the commit were most of what a vote cost the
 * web process and Postgres. Each vote keeps its own checks, claim and answer; a batch that
 * fails (a deadlock between two batches) is run again vote by vote. Votes are sorted by round
 * and user so that concurrent batches take their rows in the same order.
 */
const castAsBatchers = new WeakMap<Pool, Batcher<CastAsCall, CastAsRow | undefined>>();

function castAsBatcher(pool: Pool): Batcher<CastAsCall, CastAsRow | undefined> {
  let batcher = castAsBatchers.get(pool);
  if (!batcher) {
    batcher = createBatcher({
      exec: async (calls: CastAsCall[]) => {
        if (calls.length === 1) return [await castAsSingle(pool, calls[0]!)];
        const order = calls
          .map((c, i) => ({ c, i }))
          .sort((a, b) =>
            a.c.round === b.c.round
              ? `${a.c.workspace}/${a.c.user}`.localeCompare(`${b.c.workspace}/${b.c.user}`)
              : a.c.round.localeCompare(b.c.round),
          );
        const { rows } = await pool.query<{ r: CastAsRow }>({
          name: 'concerto_cast_avis_as_batch',
          text: CAST_AS_BATCH_SQL,
          values: [JSON.stringify(order.map((o) => o.c))],
        });
        const out = new Array<CastAsRow | undefined>(calls.length);
        order.forEach((o, k) => (out[o.i] = rows[k]?.r));
        return out;
      },
      single: (c) => castAsSingle(pool, c),
      maxSize: 50,
      maxInFlight: 4,
    });
    castAsBatchers.set(pool, batcher);
  }
  return batcher;
}

/** The refusal (assertCanCast's words) or the saved avis, as castAvis answers. */
async function castResult(
  deps: AppDeps,
  o: { tenantId: string; roundId: string; draftVersion: DraftInfo; now: Date },
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
    async (pool, roundTenant, valid) => {
      if (roundTenant !== o.tenantId) throw new DomainError('ROUND_NOT_FOUND');
      const { rows } = await pool.query<{ r: CastRow }>({
        name: 'concerto_cast_avis',
        text: CAST_SQL,
        values: [
          o.tenantId,
          o.roundId,
          o.organisationId,
          o.castByMemberId,
          o.castByLabel,
          o.channel,
          o.actorMayCast,
          now,
          valid.map((x) => x.enjeuId),
          valid.map((x) => x.choice),
          valid.map((x) => x.comment),
          o.channel === 'proxy' ? 'avis.recorded_by_proxy' : 'avis.cast',
          o.actor.kind === 'member' ? o.actor.memberId : null,
          o.actor.label,
        ],
      });
      return rows[0]?.r;
    },
  );
  return castResult(deps, { tenantId, roundId: o.roundId, draftVersion, now }, r);
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
    (pool, roundTenant, valid) =>
      castAsBatcher(pool).run({
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
  const result = await castResult(deps, { tenantId, roundId: o.roundId, draftVersion, now }, r);
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
  const avis = await tx.avis.findMany({
    where: { roundId, organisationId },
    include: { castBy: { select: { displayName: true } } },
  });
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
