import type { Pool } from 'pg';
import type { AvisChannel, AvisChoice, RoundStatus } from '../../domain/types';
import { createBatcher, type Batcher } from '../batch';
import { dbPool, type Db, type Tx } from '../db';

/**
 * The vote's storage: the one-round-trip SQL functions `concerto_cast_avis` and
 * `concerto_cast_avis_as` (prisma/migrations/20261128020000_cast_avis_in_one_call, checks
 * aligned with the domain in 20261205120000_cast_avis_domain_rule) and the few reads around
 * them. The use case (app/cast-avis.ts) validates the avis against the draft's enjeux, calls one
 * of these functions and words a refusal with the domain's rule (assertCanCast); the functions
 * refuse exactly what that rule refuses (test/integration/cast-avis-sql-rule.test.ts).
 *
 * Plain SQL on the pg pool under the Prisma client (store/db.ts: dbPool), with named
 * statements: each costs one round trip, and Postgres parses it once per connection.
 */

/** A draft version as a vote needs it: its enjeux, in order. */
export interface DraftInfo {
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

async function rows<T>(pool: Pool, text: string, params: unknown[]): Promise<T[]> {
  return (await pool.query(text, params)).rows as T[];
}

/** A draft version with its enjeux (cached), or null when there is none. */
async function draftInfo(pool: Pool, draftVersionId: string): Promise<DraftInfo | null> {
  const cached = draftCache.get(draftVersionId);
  if (cached) return cached;
  const [d] = await rows<{ id: string; title: string; version: number; period: string }>(
    pool,
    `SELECT dv.id, dv.title, dv.version, s.period
     FROM draft_versions dv JOIN schemas s ON s.id = dv.schema_id WHERE dv.id = $1::uuid`,
    [draftVersionId],
  );
  if (!d) return null;
  const enjeux = await rows<{ id: string; position: number; title: string; body: string }>(
    pool,
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

/**
 * The tenant and draft version of a round (cached: neither ever changes), or null when there is
 * no such round (`roundId` must be a uuid). `draftVersion` is null when the version is gone.
 */
export async function findRoundDraft(
  db: Db,
  roundId: string,
): Promise<{ tenantId: string; draftVersion: DraftInfo | null } | null> {
  const pool = dbPool(db);
  let facts = roundDraftCache.get(roundId);
  if (!facts) {
    const [row] = await rows<{ tenant_id: string; draft_version_id: string }>(
      pool,
      'SELECT tenant_id, draft_version_id FROM rounds WHERE id = $1::uuid',
      [roundId],
    );
    if (!row) return null;
    facts = remember(roundDraftCache, roundId, {
      tenantId: row.tenant_id,
      draftVersionId: row.draft_version_id,
    });
  }
  return { tenantId: facts.tenantId, draftVersion: await draftInfo(pool, facts.draftVersionId) };
}

/** A member of a tenant, as castAvis needs it (role as text), or undefined. */
export async function findCastingMember(db: Db, tenantId: string, memberId: string) {
  const [member] = await db.$queryRaw<
    { id: string; role: string; display_name: string; organisation_id: string | null }[]
  >`
        SELECT id, role::text AS role, display_name, organisation_id FROM members
        WHERE id = ${memberId}::uuid AND tenant_id = ${tenantId}::uuid`;
  return member;
}

/** What concerto_cast_avis returns. */
export type CastRow =
  | { found: false }
  | {
      found: true;
      saved: false;
      status: RoundStatus;
      deadline: string;
      invited: boolean;
      actorMayCast: boolean;
      /** The request key was claimed already: a replay, nothing written. */
      duplicate?: true;
      /** Some enjeu of the call is not one of the round's (see 20261205120000). */
      unknownEnjeu?: true;
    }
  | {
      found: true;
      saved: true;
      number: number;
      status: RoundStatus;
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
export type CastAsRow =
  | { member: false }
  | { member: true; organisation: false }
  | (CastRow & { member: true; organisation: true; memberId: string; organisationId: string });

/** One avis-giving call of concerto_cast_avis: the caller names the organisation and the actor. */
export interface CastCall {
  tenantId: string;
  roundId: string;
  organisationId: string;
  castByMemberId: string | null;
  castByLabel: string;
  channel: AvisChannel;
  /** The rule's verdict on the actor (roles.ts: castsOrganisationAvis; true for a proxy). */
  actorMayCast: boolean;
  now: Date;
  enjeux: string[];
  choices: string[];
  comments: (string | null)[];
  /** The audit event's action. */
  action: string;
  actorMemberId: string | null;
  actorLabel: string;
}

const CAST_SQL = `SELECT concerto_cast_avis($1::uuid, $2::uuid, $3::uuid, $4::uuid, $5,
  $6::avis_channel, $7, $8, $9::uuid[], $10::text[], $11::text[], $12, $13::uuid, $14, NULL) AS r`;
const CAST_AS_SQL = `SELECT concerto_cast_avis_as($1::uuid, $2::uuid, $3::platform, $4, $5,
  $6::avis_channel, $7, $8::uuid[], $9::text[], $10::text[], $11) AS r`;

/** An avis given for an organisation (by a member or a pilot's proxy), in one statement. */
export async function castAvisRow(db: Db, c: CastCall): Promise<CastRow | undefined> {
  const { rows } = await dbPool(db).query<{ r: CastRow }>({
    name: 'concerto_cast_avis',
    text: CAST_SQL,
    values: [
      c.tenantId,
      c.roundId,
      c.organisationId,
      c.castByMemberId,
      c.castByLabel,
      c.channel,
      c.actorMayCast,
      c.now,
      c.enjeux,
      c.choices,
      c.comments,
      c.action,
      c.actorMemberId,
      c.actorLabel,
    ],
  });
  return rows[0]?.r;
}

/** One platform user's vote, as concerto_cast_avis_as takes it. */
export interface CastAsCall {
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

/** A platform user's vote, batched with the votes arriving at the same time. */
export function castAvisAsRow(db: Db, c: CastAsCall): Promise<CastAsRow | undefined> {
  return castAsBatcher(dbPool(db)).run(c);
}

/** An organisation's current avis in a round, with who gave each (any order). */
export function organisationAvis(tx: Tx, roundId: string, organisationId: string) {
  return tx.avis.findMany({
    where: { roundId, organisationId },
    include: { castBy: { select: { displayName: true } } },
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

interface ByLinkCall {
  contactId: string;
  generation: number;
  tenantId: string;
  roundId: string;
  now: Date;
  enjeux: string[];
  choices: string[];
  comments: (string | null)[];
}
type ByLinkResult = { r: CastRow; contact: BallotContact } | undefined;

const jsonArray = (key: string) => `ARRAY(SELECT e #>> '{}' FROM jsonb_array_elements(x.v->'${key}')
          WITH ORDINALITY a(e, i) ORDER BY i)`;
/** Several ballot votes in one statement (submissions arriving together), as CAST_AS_BATCH_SQL. */
const CAST_BY_LINK_BATCH_SQL = `
  SELECT CASE WHEN c.id IS NULL THEN NULL ELSE concerto_cast_avis(c.tenant_id, (x.v->>'round')::uuid,
           c.organisation_id, NULL, ${CONTACT_LABEL} || ' pour ' || o.name, 'web'::avis_channel, true,
           (x.v->>'now')::timestamptz, ${jsonArray('enjeux')}::uuid[], ${jsonArray('choices')},
           ${jsonArray('comments')}, 'avis.cast', NULL, ${CONTACT_LABEL}, NULL) END AS r,
         c.tenant_id AS "tenantId", c.organisation_id AS "organisationId",
         o.name AS "organisationName", c.email, c.name, d.id AS "destinationId"
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(v, n)
  LEFT JOIN contacts c
    ON c.id = (x.v->>'contact')::uuid AND c.active
   AND c.link_generation = (x.v->>'generation')::int AND c.tenant_id = (x.v->>'tenant')::uuid
  LEFT JOIN organisations o ON o.id = c.organisation_id
  LEFT JOIN destinations d
    ON d.tenant_id = c.tenant_id AND d.platform = 'email' AND d.workspace_id = c.organisation_id::text
   AND d.address = c.email AND d.active
  ORDER BY x.n`;

async function castByLinkSingle(pool: Pool, c: ByLinkCall): Promise<ByLinkResult> {
  const { rows } = await pool.query<{ r: CastRow } & BallotContact>({
    name: 'concerto_cast_avis_by_link',
    text: CAST_BY_LINK_SQL,
    values: [
      c.contactId,
      c.generation,
      c.tenantId,
      c.roundId,
      c.now,
      c.enjeux,
      c.choices,
      c.comments,
    ],
  });
  if (!rows[0]) return undefined;
  const { r, ...contact } = rows[0];
  return { r, contact };
}

const byLinkBatchers = new WeakMap<Pool, Batcher<ByLinkCall, ByLinkResult>>();

/**
 * The web ballot's vote; undefined when the link's contact is not found (unknown, revoked, or of
 * another Caf than the round). Votes arriving together share one statement, taken in round then
 * contact order (two batches never lock in opposite orders); a failed batch runs vote by vote.
 */
export async function castAvisByLinkRow(db: Db, c: ByLinkCall): Promise<ByLinkResult> {
  const pool = dbPool(db);
  let batcher = byLinkBatchers.get(pool);
  if (!batcher) {
    batcher = createBatcher({
      exec: async (calls: ByLinkCall[]) => {
        if (calls.length === 1) return [await castByLinkSingle(pool, calls[0]!)];
        const order = calls
          .map((call, i) => ({ call, i }))
          .sort((a, b) =>
            a.call.roundId === b.call.roundId
              ? a.call.contactId.localeCompare(b.call.contactId)
              : a.call.roundId.localeCompare(b.call.roundId),
          );
        const { rows } = await pool.query<{ r: CastRow | null } & BallotContact>({
          name: 'concerto_cast_avis_by_link_batch',
          text: CAST_BY_LINK_BATCH_SQL,
          values: [
            JSON.stringify(
              order.map(({ call }) => ({
                contact: call.contactId,
                generation: call.generation,
                tenant: call.tenantId,
                round: call.roundId,
                now: call.now.toISOString(),
                enjeux: call.enjeux,
                choices: call.choices,
                comments: call.comments,
              })),
            ),
          ],
        });
        const out = new Array<ByLinkResult>(calls.length);
        order.forEach(({ i }, k) => {
          const row = rows[k];
          if (!row || row.r === null) out[i] = undefined;
          else {
            const { r, ...contact } = row;
            out[i] = { r, contact };
          }
        });
        return out;
      },
      single: (call) => castByLinkSingle(pool, call),
      maxSize: 50,
      maxInFlight: 4,
    });
    byLinkBatchers.set(pool, batcher);
  }
  return batcher.run(c);
}
