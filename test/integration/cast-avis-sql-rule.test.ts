import { randomUUID } from 'node:crypto';
import { isDomainError } from '../../src/domain/errors';
import { assertCanCast } from '../../src/domain/round';
import { castsOrganisationAvis, roundAccess } from '../../src/domain/roles';
import type { Role, RoundStatus } from '../../src/domain/types';
import {
  castAvisAsRow,
  castAvisRow,
  type CastAsRow,
  type CastRow,
} from '../../src/store/repositories/votes';
import { createTestDb, type TestDb } from '../support/db';

/**
 * The one-round-trip vote (concerto_cast_avis and concerto_cast_avis_as, called by
 * store/repositories/votes.ts) checks in SQL what the domain decides in TypeScript: who may give
 * an organisation's avis (domain/roles.ts), on which round and until when (domain/round.ts:
 * assertCanCast), on which enjeux (the round's own). The use case words a refusal with the
 * domain's rule; these cases check that the SQL refuses exactly what that rule refuses, and
 * writes nothing when it does.
 *
 * The wording of each avis (a known choice, a reason for « défavorable », a comment's length) is
 * validated by domain/avis.ts before any SQL runs (app/cast-avis.ts: runCast); the function's
 * parameters take the choice as the avis_choice enum.
 */
let t: TestDb;
const NOW = new Date('2026-12-05T10:00:00Z');
const LATER = new Date('2026-12-12T17:00:00Z');
const EARLIER = new Date('2026-12-05T09:59:00Z');

/** Tenant A (the Caf of the rounds) and tenant B (another Caf). */
let a: { tenantId: string; draftId: string; enjeux: string[]; otherVersionEnjeu: string };
let invitedOrg: string;
let uninvitedOrg: string;
let otherCafOrg: string;
let otherCafTenant: string;
let roundNumber = 0;

type Who = 'partner' | 'observer' | 'pilot of the organisation' | 'pilot' | 'partner uninvited';
const WHO: Record<Who, { role: Role; org: () => string | null }> = {
  partner: { role: 'partner', org: () => invitedOrg },
  observer: { role: 'observer', org: () => invitedOrg },
  'pilot of the organisation': { role: 'pilot', org: () => invitedOrg },
  pilot: { role: 'pilot', org: () => null },
  'partner uninvited': { role: 'partner', org: () => uninvitedOrg },
};

beforeAll(async () => {
  t = await createTestDb();
  const tenant = await t.db.tenant.create({ data: { code: `A${randomUUID()}`, name: 'Caf A' } });
  const schema = await t.db.schema.create({
    data: { tenantId: tenant.id, title: 'Schéma', period: '2026-2030' },
  });
  const draft = (version: number, titles: string[]) =>
    t.db.draftVersion.create({
      data: {
        tenantId: tenant.id,
        schemaId: schema.id,
        version,
        title: 'Projet',
        markdown: '',
        checksum: String(version),
        enjeux: { create: titles.map((title, i) => ({ position: i + 1, title, body: title })) },
      },
      include: { enjeux: { orderBy: { position: 'asc' } } },
    });
  const v1 = await draft(1, ['Petite enfance', 'Jeunesse']);
  const v2 = await draft(2, ['Parentalité']);
  a = {
    tenantId: tenant.id,
    draftId: v1.id,
    enjeux: v1.enjeux.map((e) => e.id),
    otherVersionEnjeu: v2.enjeux[0]!.id,
  };
  const org = (tenantId: string, code: string) =>
    t.db.organisation.create({ data: { tenantId, code, name: code, kind: 'commune' } });
  invitedOrg = (await org(tenant.id, 'INVITED')).id;
  uninvitedOrg = (await org(tenant.id, 'UNINVITED')).id;
  otherCafTenant = (await t.db.tenant.create({ data: { code: `B${randomUUID()}`, name: 'Caf B' } }))
    .id;
  otherCafOrg = (await org(otherCafTenant, 'OTHER')).id;
});
afterAll(async () => t.drop());

/** A member of `tenantId` linked to Slack user `userId` in workspace T1. */
async function member(tenantId: string, role: Role, organisationId: string | null) {
  const userId = `U${randomUUID().slice(0, 8)}`;
  const m = await t.db.member.create({
    data: { tenantId, role, organisationId, displayName: `${role} ${userId}` },
  });
  await t.db.platformIdentity.create({
    data: { tenantId, memberId: m.id, platform: 'slack', workspaceId: 'T1', userId },
  });
  return { ...m, userId };
}

/** A fresh round of tenant A inviting INVITED, so that no case sees another's avis. */
async function round(status: RoundStatus, deadline: Date) {
  roundNumber += 1;
  return t.db.round.create({
    data: {
      tenantId: a.tenantId,
      number: roundNumber,
      draftVersionId: a.draftId,
      status,
      deadline,
      reminderSchedule: [],
      invitations: { create: [{ tenantId: a.tenantId, organisationId: invitedOrg }] },
    },
    include: { invitations: true },
  });
}

interface Case {
  name: string;
  status?: RoundStatus;
  deadline?: Date;
  who?: Who;
  /** The member belongs to the other Caf (same Slack user id space, another tenant). */
  otherCaf?: true;
  /** Which enjeux the avis is on. Default: the round's first. */
  enjeux?: () => string[];
  /** What the domain says; 'ok' when it accepts. */
  domain: string;
}

const CASES: Case[] = [
  { name: 'a partner of an invited organisation, open round, before the deadline', domain: 'ok' },
  { name: 'on every enjeu at once', enjeux: () => a.enjeux, domain: 'ok' },
  { name: 'a round in preparation', status: 'draft', domain: 'ROUND_NOT_OPEN' },
  { name: 'a closed round', status: 'closed', domain: 'ROUND_NOT_OPEN' },
  { name: 'a cancelled round', status: 'cancelled', domain: 'ROUND_NOT_OPEN' },
  { name: 'after the deadline', deadline: EARLIER, domain: 'ROUND_DEADLINE_PASSED' },
  { name: 'at the deadline itself', deadline: NOW, domain: 'ROUND_DEADLINE_PASSED' },
  { name: 'an observer', who: 'observer', domain: 'AVIS_NOT_MEMBER' },
  {
    name: 'a pilot who belongs to the invited organisation',
    who: 'pilot of the organisation',
    domain: 'AVIS_NOT_MEMBER',
  },
  { name: 'a pilot of no organisation', who: 'pilot', domain: 'AVIS_NOT_MEMBER' },
  { name: 'an organisation not invited', who: 'partner uninvited', domain: 'AVIS_NOT_INVITED' },
  { name: 'a member of another Caf', otherCaf: true, domain: 'NOT_LINKED' },
  {
    name: 'an enjeu of another version of the draft',
    enjeux: () => [a.otherVersionEnjeu],
    domain: 'ENJEU_NOT_IN_ROUND',
  },
  {
    name: 'an enjeu of the round and one of another version',
    enjeux: () => [a.enjeux[0]!, a.otherVersionEnjeu],
    domain: 'ENJEU_NOT_IN_ROUND',
  },
  { name: 'an unknown enjeu', enjeux: () => [randomUUID()], domain: 'ENJEU_NOT_IN_ROUND' },
  { name: 'no enjeu at all', enjeux: () => [], domain: 'AVIS_EMPTY' },
];

/**
 * The domain's verdict on a vote, from its rules alone: the member must be of the round's Caf
 * and belong to an organisation, the avis must be on the round's enjeux, then roles.ts and
 * assertCanCast decide.
 */
function domainVerdict(
  c: Case,
  m: { tenantId: string; role: Role; organisationId: string | null },
  r: {
    tenantId: string;
    status: RoundStatus;
    deadline: Date;
    invitations: { organisationId: string }[];
  },
  enjeux: string[],
): string {
  if (m.tenantId !== r.tenantId) return 'NOT_LINKED';
  if (!m.organisationId) return 'AVIS_NOT_MEMBER'; // app/resolve-member.ts: noOrganisation
  if (enjeux.length === 0) return 'AVIS_EMPTY';
  if (enjeux.some((e) => !a.enjeux.includes(e))) return 'ENJEU_NOT_IN_ROUND';
  const access = roundAccess(m, { ...r, resultsVisibility: 'after' });
  try {
    assertCanCast({
      status: r.status,
      deadline: r.deadline,
      now: NOW,
      organisationInvited: access.invited,
      actorMayCast: castsOrganisationAvis(m.role),
    });
  } catch (err) {
    if (isDomainError(err)) return err.code;
    throw err;
  }
  // The two wordings of the rule agree: roles.ts lets exactly these members vote.
  expect(access.vote).toBe(true);
  return 'ok';
}

const saved = (row: CastRow | CastAsRow | undefined) =>
  !!row && 'found' in row && row.found && row.saved;

async function avisCount(roundId: string) {
  return t.db.avis.count({ where: { roundId } });
}

describe.each(CASES)('$name', (c) => {
  let m: Awaited<ReturnType<typeof member>>;
  let r: Awaited<ReturnType<typeof round>>;
  let enjeux: string[];

  beforeAll(async () => {
    const who = WHO[c.who ?? 'partner'];
    m = c.otherCaf
      ? await member(otherCafTenant, 'partner', otherCafOrg)
      : await member(a.tenantId, who.role, who.org());
    r = await round(c.status ?? 'open', c.deadline ?? LATER);
    enjeux = c.enjeux ? c.enjeux() : [a.enjeux[0]!];
  });

  it(`the domain says ${c.domain}`, () => {
    expect(domainVerdict(c, m, r, enjeux)).toBe(c.domain);
  });

  it('concerto_cast_avis_as (Slack and Teams) agrees, and writes nothing when it refuses', async () => {
    const row = await castAvisAsRow(t.db, {
      tenant: r.tenantId,
      round: r.id,
      platform: 'slack',
      workspace: 'T1',
      user: m.userId,
      channel: 'slack',
      now: NOW.toISOString(),
      enjeux,
      choices: enjeux.map(() => 'favorable'),
      comments: enjeux.map(() => null),
      claim: null,
    }).catch(() => undefined);
    expect(saved(row)).toBe(c.domain === 'ok');
    expect(await avisCount(r.id)).toBe(c.domain === 'ok' ? enjeux.length : 0);
  });

  it('concerto_cast_avis (a member by id, a proxy) agrees, and writes nothing when it refuses', async () => {
    // This path takes the member's Caf, organisation and the role's verdict from the caller.
    const row = await castAvisRow(t.db, {
      tenantId: m.tenantId,
      roundId: r.id,
      organisationId: m.organisationId ?? randomUUID(),
      castByMemberId: m.id,
      castByLabel: m.displayName,
      channel: 'teams',
      actorMayCast: castsOrganisationAvis(m.role),
      now: NOW,
      enjeux,
      choices: enjeux.map(() => 'favorable'),
      comments: enjeux.map(() => null),
      action: 'avis.cast',
      actorMemberId: m.id,
      actorLabel: m.displayName,
    }).catch(() => undefined);
    expect(saved(row)).toBe(c.domain === 'ok');
    expect(await avisCount(r.id)).toBe(c.domain === 'ok' ? enjeux.length : 0);
  });
});
