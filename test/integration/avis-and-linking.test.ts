import { createTestDb, type TestDb } from '../support/db';
import { createLogger } from '../../src/logger';
import { CLI_ACTOR, NO_OUTBOX, type AppDeps } from '../../src/app/deps';
import { seedDemo } from '../../src/app/seed-demo';
import { createInviteCode } from '../../src/app/create-invite-code';
import { linkIdentity } from '../../src/app/link-identity';
import { createRound } from '../../src/app/create-round';
import { roundOnVersion2 } from '../support/rounds';
import { launchRound } from '../../src/app/launch-round';
import { castAvis, castAvisAs } from '../../src/app/cast-avis';
import { closeRound } from '../../src/app/close-round';
import { DomainError } from '../../src/domain/errors';
import { lockRoundContext } from '../../src/app/lookup';

describe('linking, casting and the round lifecycle against Postgres', () => {
  let t: TestDb;
  let clock = new Date('2026-11-28T09:00:00Z');
  let deps: AppDeps;
  let tenantId: string;
  beforeAll(async () => {
    t = await createTestDb();
    deps = { db: t.db, now: () => clock, log: createLogger('silent'), outbox: NO_OUTBOX };
    const seeded = await seedDemo(deps, { actor: CLI_ACTOR });
    tenantId = seeded.tenant.id;
  });
  afterAll(async () => t.drop());

  async function partner(org: string, user: string) {
    const { code } = await createInviteCode(deps, {
      tenantId,
      organisationCode: org,
      role: 'partner',
      actor: CLI_ACTOR,
    });
    return linkIdentity(deps, {
      code,
      platform: 'slack',
      workspaceId: 'T1',
      userId: user,
      displayName: `Agent ${user}`,
      destination: { address: `C-${org}` },
    });
  }

  /** A vote from Slack user `userId` (workspace T1 unless told), through castAvisAs. */
  const slackVote = (
    roundId: string,
    userId: string,
    votes: { enjeuId: string; choice: string; comment?: string }[],
    o: { workspaceId?: string; requestKey?: string } = {},
  ) =>
    castAvisAs(deps, {
      roundId,
      identity: { platform: 'slack', workspaceId: o.workspaceId ?? 'T1', userId },
      votes,
      channel: 'slack',
      ...(o.requestKey ? { requestKey: o.requestKey } : {}),
    });

  const codeOf = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      if (err instanceof DomainError) return err.code;
      throw err;
    }
    return undefined;
  };

  it('links with a one-time code once; a spent, wrong or expired code links nothing', async () => {
    const { code } = await createInviteCode(deps, {
      tenantId,
      organisationCode: 'CD94',
      role: 'partner',
      actor: CLI_ACTOR,
    });
    const linked = await linkIdentity(deps, {
      code: code.toLowerCase(),
      platform: 'slack',
      workspaceId: 'T1',
      userId: 'U1',
      displayName: 'Alice',
      destination: { address: 'C-CD94' },
    });
    expect(linked.organisation?.code).toBe('CD94');
    expect(linked.destination?.organisationId).toBe(linked.organisation?.id);
    expect(
      await codeOf(
        linkIdentity(deps, {
          code,
          platform: 'slack',
          workspaceId: 'T1',
          userId: 'U2',
          displayName: 'Bob',
        }),
      ),
    ).toBe('INVITE_CODE_USED');
    expect(
      await codeOf(
        linkIdentity(deps, {
          code: 'AAAA-BBBB-CCCC',
          platform: 'slack',
          workspaceId: 'T1',
          userId: 'U2',
          displayName: 'Bob',
        }),
      ),
    ).toBe('INVITE_CODE_UNKNOWN');
    const old = await createInviteCode(deps, {
      tenantId,
      organisationCode: 'CD94',
      role: 'partner',
      validDays: 1,
      actor: CLI_ACTOR,
    });
    clock = new Date(clock.getTime() + 2 * 86_400_000);
    expect(
      await codeOf(
        linkIdentity(deps, {
          code: old.code,
          platform: 'slack',
          workspaceId: 'T1',
          userId: 'U2',
          displayName: 'Bob',
        }),
      ),
    ).toBe('INVITE_CODE_EXPIRED');
    expect(await t.db.platformIdentity.count({ where: { userId: 'U2' } })).toBe(0);
  });

  it('keeps exactly one current avis and a complete history when the same avis is cast concurrently', async () => {
    const a = await partner('DDCS94', 'U10');
    const b = await partner('DDCS94', 'U11');
    const { round } = await createRound(deps, {
      tenantId,
      draftVersionId: (await t.db.draftVersion.findFirstOrThrow()).id,
      organisations: { codes: ['CD94', 'DDCS94', 'FCS94'] },
      deadline: new Date(clock.getTime() + 7 * 86_400_000),
      actor: CLI_ACTOR,
    });
    const launched = await launchRound(deps, { tenantId, roundId: round.id, actor: CLI_ACTOR });
    // CD94 (linked above) and DDCS94 have Slack channels, plus the demo console destinations.
    expect(launched.deliveryIds.length).toBe(5);
    expect(launched.reminderIds.length).toBe(3); // 2 days, morning, close: the 7-day one would be now, so it is dropped
    const enjeu = (
      await t.db.enjeu.findFirstOrThrow({
        where: { draftVersionId: round.draftVersionId!, position: 1 },
      })
    ).id;
    const choices = [
      'favorable',
      'abstention',
      'favorable',
      'abstention',
      'favorable',
      'abstention',
      'favorable',
      'abstention',
    ] as const;
    await Promise.all(
      choices.map((choice, i) =>
        castAvis(deps, {
          tenantId,
          roundId: round.id,
          memberId: (i % 2 ? a : b).member.id,
          votes: [{ enjeuId: enjeu, choice }],
          channel: 'slack',
        }),
      ),
    );
    const current = await t.db.avis.findMany({ where: { roundId: round.id } });
    expect(current).toHaveLength(1);
    expect(current[0]!.revision).toBe(8);
    const history = await t.db.avisHistory.findMany({
      where: { avisId: current[0]!.id },
      orderBy: { revision: 'asc' },
    });
    expect(history.map((h) => h.revision)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(history[7]!.choice).toBe(current[0]!.choice);
    expect(await t.db.auditEvent.count({ where: { action: 'avis.cast' } })).toBe(8);
  });

  it('refuses a vote from an organisation that is not invited, after the deadline, and after closing', async () => {
    const round = await t.db.round.findFirstOrThrow({ where: { tenantId } });
    const enjeu = (
      await t.db.enjeu.findFirstOrThrow({
        where: { draftVersionId: round.draftVersionId!, position: 1 },
      })
    ).id;
    const outsider = await partner('MSA-IDF', 'U20');
    expect(
      await codeOf(
        castAvis(deps, {
          tenantId,
          roundId: round.id,
          memberId: outsider.member.id,
          votes: [{ enjeuId: enjeu, choice: 'favorable' }],
          channel: 'slack',
        }),
      ),
    ).toBe('AVIS_NOT_INVITED');
    const member = (await t.db.platformIdentity.findFirstOrThrow({ where: { userId: 'U10' } }))
      .memberId;
    const saved = clock;
    clock = new Date(round.deadline.getTime() + 1000);
    expect(
      await codeOf(
        castAvis(deps, {
          tenantId,
          roundId: round.id,
          memberId: member,
          votes: [{ enjeuId: enjeu, choice: 'defavorable', comment: 'trop tard' }],
          channel: 'slack',
        }),
      ),
    ).toBe('ROUND_DEADLINE_PASSED');
    clock = saved;
    await closeRound(deps, { tenantId, roundId: round.id, actor: CLI_ACTOR });
    expect(
      await codeOf(
        castAvis(deps, {
          tenantId,
          roundId: round.id,
          memberId: member,
          votes: [{ enjeuId: enjeu, choice: 'favorable' }],
          channel: 'slack',
        }),
      ),
    ).toBe('ROUND_NOT_OPEN');
    expect(
      (await t.db.avis.findFirstOrThrow({ where: { roundId: round.id, enjeuId: enjeu } })).revision,
    ).toBe(8);
    expect(
      await t.db.plannedReminder.count({
        where: { roundId: round.id, status: 'planned', kind: { not: 'round.close' } },
      }),
    ).toBe(0);
  });

  it('shows a partner who answered v1 what changed in v2', async () => {
    const { round } = await roundOnVersion2(deps, {
      tenantId,
      codes: ['DDCS94', 'FCS94'],
      deadline: new Date(clock.getTime() + 7 * 86_400_000),
    });
    const r = await launchRound(deps, { tenantId, roundId: round.id, actor: CLI_ACTOR });
    const invites = await t.db.delivery.findMany({
      where: { id: { in: r.deliveryIds } },
      include: { destination: { include: { organisation: true } } },
    });
    const ddcs = invites.find((d) => d.destination.organisation?.code === 'DDCS94')!.payload as {
      text: string[];
      sections: { title: string }[];
    };
    expect(ddcs.text.join('\n')).toContain('depuis la version 1');
    expect(ddcs.sections.map((s) => s.title)).toContain('4. Évaluer le schéma (nouvel enjeu)');
    const fcs = invites.find((d) => d.destination.organisation?.code === 'FCS94')!.payload as {
      text: string[];
    };
    expect(fcs.text.join('\n')).not.toContain('depuis la version');
  });

  it('keeps tenants apart: a member of another Caf cannot cast in this one', async () => {
    const other = await t.db.tenant.create({ data: { code: '75', name: 'Caf de Paris' } });
    const org = await t.db.organisation.create({
      data: { tenantId: other.id, code: 'CD94', name: 'Homonyme', kind: 'departement' },
    });
    const m = await t.db.member.create({
      data: { tenantId: other.id, organisationId: org.id, role: 'partner', displayName: 'Intrus' },
    });
    const round = await t.db.round.findFirstOrThrow({ where: { tenantId, status: 'open' } });
    const enjeu = (
      await t.db.enjeu.findFirstOrThrow({
        where: { draftVersionId: round.draftVersionId!, position: 1 },
      })
    ).id;
    expect(
      await codeOf(
        castAvis(deps, {
          tenantId,
          roundId: round.id,
          memberId: m.id,
          votes: [{ enjeuId: enjeu, choice: 'favorable' }],
          channel: 'slack',
        }),
      ),
    ).toBe('NOT_LINKED');
    expect(
      await codeOf(
        castAvis(deps, {
          tenantId: other.id,
          roundId: round.id,
          memberId: m.id,
          votes: [{ enjeuId: enjeu, choice: 'favorable' }],
          channel: 'slack',
        }),
      ),
    ).toBe('ROUND_NOT_FOUND');
  });
  it("castAvisAs: the Slack user is the member linked in the round's Caf; every refusal stores nothing", async () => {
    const round = await t.db.round.findFirstOrThrow({ where: { tenantId, status: 'open' } });
    const enjeux = await t.db.enjeu.findMany({
      where: { draftVersionId: round.draftVersionId! },
      orderBy: { position: 'asc' },
    });
    const invited = await t.db.invitation.findFirstOrThrow({
      where: { roundId: round.id },
      include: { organisation: true },
    });
    const linked = await partner(invited.organisation.code, 'U77');
    const as = (userId: string, workspaceId = 'T1', roundId = round.id) =>
      slackVote(roundId, userId, [{ enjeuId: enjeux[0]!.id, choice: 'favorable' }], {
        workspaceId,
      });

    const ok = await as('U77');
    if (ok.duplicate) throw new Error('not a replay');
    expect(ok.memberId).toBe(linked.member.id);
    expect(ok.organisationId).toBe(invited.organisationId);
    expect(ok.tenantId).toBe(tenantId);
    expect(ok.saved).toEqual([
      { enjeuId: enjeux[0]!.id, choice: 'favorable', revision: expect.any(Number) },
    ]);
    expect(ok.progress.organisationName).toBe(invited.organisation.name);
    expect(ok.channels).toContainEqual({
      platform: 'slack',
      workspaceId: 'T1',
      address: `C-${invited.organisation.code}`,
    });
    const current = await t.db.avis.findFirstOrThrow({
      where: { roundId: round.id, enjeuId: enjeux[0]!.id, organisationId: invited.organisationId },
    });
    expect(current).toMatchObject({ castByMemberId: linked.member.id, channel: 'slack' });

    const stored = async () => ({
      history: await t.db.avisHistory.count({ where: { tenantId } }),
      audit: await t.db.auditEvent.count({ where: { tenantId, action: 'avis.cast' } }),
    });
    // A request key is claimed with the avis: the same request again writes nothing.
    const replayed = () =>
      slackVote(round.id, 'U77', [{ enjeuId: enjeux[1]!.id, choice: 'abstention' }], {
        requestKey: 'payload-text:0123',
      });
    expect((await replayed()).duplicate).toBe(false);
    const before = await stored();
    expect(await replayed()).toEqual({ duplicate: true });
    expect(await t.db.requestClaim.count({ where: { key: 'payload-text:0123' } })).toBe(1);
    // The same user id in another workspace is someone else.
    expect(await codeOf(as('U77', 'T2'))).toBe('NOT_LINKED');
    // Linked in another Caf only: nobody here.
    const other = await t.db.tenant.create({
      data: { code: '93', name: 'Caf de Seine-Saint-Denis' },
    });
    const elsewhere = await t.db.member.create({
      data: { tenantId: other.id, role: 'partner', displayName: 'Ailleurs' },
    });
    await t.db.platformIdentity.create({
      data: {
        tenantId: other.id,
        memberId: elsewhere.id,
        platform: 'slack',
        workspaceId: 'T1',
        userId: 'U88',
      },
    });
    expect(await codeOf(as('U88'))).toBe('NOT_LINKED');
    // A pilot has no organisation; an observer of the invited one may not answer for it.
    for (const [userId, role, organisationId] of [
      ['U99', 'pilot', null],
      ['U98', 'observer', invited.organisationId],
    ] as const) {
      const m = await t.db.member.create({
        data: { tenantId, role, organisationId, displayName: userId },
      });
      await t.db.platformIdentity.create({
        data: { tenantId, memberId: m.id, platform: 'slack', workspaceId: 'T1', userId },
      });
      expect(await codeOf(as(userId))).toBe('AVIS_NOT_MEMBER');
    }
    expect(await codeOf(as('U77', 'T1', 'pas-un-identifiant'))).toBe('ROUND_NOT_FOUND');
    expect(
      await codeOf(slackVote(round.id, 'U77', [{ enjeuId: enjeux[1]!.id, choice: 'defavorable' }])),
    ).toBe('VALIDATION_FAILED');
    const saved = clock;
    clock = new Date(round.deadline.getTime() + 1000);
    expect(await codeOf(as('U77'))).toBe('ROUND_DEADLINE_PASSED');
    clock = saved;
    expect(await stored()).toEqual(before);
  });
  it('a vote waits for a close in progress, then is refused: no avis slips in after the results', async () => {
    const open = await t.db.round.findFirstOrThrow({ where: { tenantId, status: 'open' } });
    const identity = await t.db.platformIdentity.findFirstOrThrow({
      where: { tenantId, userId: 'U77' },
      include: { member: { include: { organisation: true } } },
    });
    const { round } = await createRound(deps, {
      tenantId,
      draftVersionId: open.draftVersionId!,
      organisations: { codes: [identity.member.organisation!.code] },
      deadline: new Date(clock.getTime() + 7 * 86_400_000),
      reminderSchedule: 'aucun',
      actor: CLI_ACTOR,
    });
    await launchRound(deps, { tenantId, roundId: round.id, actor: CLI_ACTOR });
    const enjeu = await t.db.enjeu.findFirstOrThrow({
      where: { draftVersionId: open.draftVersionId!, position: 1 },
    });

    let finishClose!: () => void;
    const closeMayFinish = new Promise<void>((resolve) => (finishClose = resolve));
    let closeHasLock!: () => void;
    const lockTaken = new Promise<void>((resolve) => (closeHasLock = resolve));
    const closing = t.db.$transaction(
      async (tx) => {
        await lockRoundContext(tx, tenantId, round.id);
        closeHasLock();
        await closeMayFinish;
        await tx.round.update({
          where: { id: round.id },
          data: { status: 'closed', closedAt: clock },
        });
      },
      { timeout: 10_000 },
    );
    await lockTaken;
    let settled = false;
    const vote = codeOf(
      slackVote(round.id, 'U77', [{ enjeuId: enjeu.id, choice: 'favorable' }]),
    ).finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    finishClose();
    await closing;
    expect(await vote).toBe('ROUND_NOT_OPEN');
    expect(await t.db.avis.count({ where: { roundId: round.id } })).toBe(0);
  });
  it('votes cast at the same moment share a statement, and each gets its own outcome', async () => {
    const round = await t.db.round.findFirstOrThrow({ where: { tenantId, status: 'open' } });
    const enjeux = await t.db.enjeu.findMany({
      where: { draftVersionId: round.draftVersionId! },
      orderBy: { position: 'asc' },
    });
    const invitations = await t.db.invitation.findMany({
      where: { roundId: round.id },
      include: { organisation: true },
      orderBy: { organisation: { code: 'asc' } },
      take: 6,
    });
    const users = [];
    for (const [k, inv] of invitations.entries()) {
      await partner(inv.organisation.code, `UB${k}`);
      users.push(`UB${k}`);
    }
    const history = () => t.db.avisHistory.count({ where: { tenantId } });
    const before = await history();
    const cast = (userId: string, choice: string, requestKey?: string, comment?: string) =>
      slackVote(
        round.id,
        userId,
        [
          { enjeuId: enjeux[0]!.id, choice, ...(comment ? { comment } : {}) },
          { enjeuId: enjeux[2]!.id, choice: 'abstention' },
        ],
        requestKey ? { requestKey } : {},
      ).then(
        (r) => (r.duplicate ? 'duplicate' : `saved:${r.organisationId}`),
        (err: unknown) => (err instanceof DomainError ? err.code : 'error'),
      );
    // All started in the same tick: the batcher puts them in one statement.
    const outcomes = await Promise.all([
      ...users.map((u) => cast(u, 'favorable')),
      cast(users[0]!, 'defavorable', undefined, 'Moyens insuffisants'),
      cast(users[1]!, 'favorable', 'payload-text:batch-replay'),
      cast(users[1]!, 'favorable', 'payload-text:batch-replay'),
      cast('U-nobody', 'favorable'),
    ]);
    expect(outcomes.slice(0, users.length)).toEqual(
      invitations.map((i) => `saved:${i.organisationId}`),
    );
    expect(outcomes[users.length]).toBe(`saved:${invitations[0]!.organisationId}`);
    expect(outcomes.slice(users.length + 1, users.length + 3).sort()).toEqual([
      'duplicate',
      `saved:${invitations[1]!.organisationId}`,
    ]);
    expect(outcomes.at(-1)).toBe('NOT_LINKED');
    // Two enjeux for each of the vote saved: 6 users, the second vote of the first, one of the
    // replayed pair.
    expect((await history()) - before).toBe(2 * (users.length + 2));
    const first = await t.db.avis.findFirstOrThrow({
      where: {
        roundId: round.id,
        enjeuId: enjeux[0]!.id,
        organisationId: invitations[0]!.organisationId,
      },
    });
    expect(first.choice).toBe('defavorable');
  });
});
