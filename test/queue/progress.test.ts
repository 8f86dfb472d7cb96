import { CLI_ACTOR } from '../../src/app/deps';
import { launchRound } from '../../src/app/launch-round';
import { recordProxyAvis } from '../../src/app/cast-avis';
import type { NotifierTarget } from '../../src/adapters/notifier';
import { runSweep } from '../../src/queue/jobs/sweep';
import {
  createDraftRound,
  createHarness,
  recordingNotifier,
  seedOrganisations,
  sleep,
  waitFor,
  type Harness,
} from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

/**
 * A vote updates the organisation's invitation message through one pending progress update per
 * message (deliveries_pending_progress_key), rendered when it is sent.
 */
describe('progress of an organisation on its invitation message', () => {
  let hook: ((target: NotifierTarget) => Promise<void>) | undefined;
  const notifier = recordingNotifier(async (_call, target) => {
    if (hook) await hook(target);
  });
  const progressSent = (address: string) =>
    notifier.sent.filter((s) => s.target.address === address && s.target.updateMessageId);

  async function openRound(code: string) {
    await seedOrganisations(h, [code]);
    const round = await createDraftRound(h, {
      codes: [code],
      deadline: new Date(Date.now() + 3_600_000),
      reminderSchedule: 'aucun',
    });
    await launchRound(h.deps, { tenantId: h.tenantId, roundId: round.id, actor: CLI_ACTOR });
    const enjeux = await h.tdb.db.enjeu.findMany({
      where: { draftVersionId: round.draftVersionId! },
      orderBy: { position: 'asc' },
    });
    const vote = (position: number, choice: string) =>
      recordProxyAvis(h.deps, {
        tenantId: h.tenantId,
        roundId: round.id,
        organisationCode: code,
        votes: [{ enjeuId: enjeux[position]!.id, choice, comment: 'par courrier' }],
        source: 'courrier du 3 décembre',
        actor: CLI_ACTOR,
      });
    const progressRows = () =>
      h.tdb.db.delivery.findMany({
        where: { kind: 'round.progress', destination: { address: `#${code}` } },
        orderBy: { createdAt: 'asc' },
      });
    return { round, vote, progressRows };
  }

  it('votes before the update is sent make one update, which shows the latest avis', async () => {
    const { vote, progressRows } = await openRound('PG1');
    await vote(0, 'favorable');
    await vote(1, 'abstention');
    const pending = await progressRows();
    expect(pending.map((d) => d.status)).toEqual(['pending']);

    await h.start({ notifiers: { console: notifier } });
    await waitFor('the progress update sent', async () => progressSent('#PG1').length === 1);
    await sleep(300);
    const [update] = progressSent('#PG1');
    expect(progressSent('#PG1')).toHaveLength(1);
    const invitation = notifier.sent.find(
      (s) => s.target.address === '#PG1' && s.message.kind === 'round.invitation',
    );
    expect(update!.target.updateMessageId).toBe(invitation!.messageId);
    expect(JSON.stringify(update!.message)).toContain('répondu à 2 enjeux sur 3');

    // Once sent, the next vote makes a new update.
    await vote(2, 'favorable');
    await waitFor('the second update sent', async () => progressSent('#PG1').length === 2);
    expect(JSON.stringify(progressSent('#PG1')[1]!.message)).toContain('répondu à 3 enjeux sur 3');
    // The worker marks the row sent once the platform has answered: a moment after the send.
    await waitFor('the second update marked sent', async () =>
      (await progressRows()).every((d) => d.status === 'sent'),
    );
    expect((await progressRows()).map((d) => d.status)).toEqual(['sent', 'sent']);
  });

  it('an update that fails while a newer one waits gives way to it instead of waiting twice', async () => {
    const { vote, progressRows } = await openRound('PG2');
    await waitFor(
      'the invitation sent',
      async () =>
        notifier.sent.some((s) => s.target.address === '#PG2' && !s.target.updateMessageId) && true,
    );
    let failed = false;
    hook = async (target) => {
      if (failed || target.address !== '#PG2' || !target.updateMessageId) return;
      failed = true;
      // A vote lands while this update is on its way, then the network fails.
      await vote(1, 'abstention');
      throw new Error('socket hang up');
    };
    await vote(0, 'favorable');
    await waitFor('the newer update sent', async () => progressSent('#PG2').length === 1);
    // The failed one is settled by its own job, which may finish after the newer one was sent.
    await waitFor('both updates settled', async () =>
      (await progressRows()).every((d) => d.status !== 'pending' && d.status !== 'sending'),
    );
    hook = undefined;
    const rows = await progressRows();
    expect(rows.map((d) => d.status)).toEqual(['cancelled', 'sent']);
    expect(rows[0]!.lastError).toContain('plus récente');
    expect(JSON.stringify(progressSent('#PG2')[0]!.message)).toContain('répondu à 2 enjeux sur 3');
  });
  it('an update that fails after a newer one was sent is not sent again', async () => {
    const { vote, progressRows } = await openRound('PG3');
    await waitFor(
      'the invitation sent',
      async () =>
        notifier.sent.some((s) => s.target.address === '#PG3' && !s.target.updateMessageId) && true,
    );
    let calls = 0;
    hook = async (target) => {
      if (target.address !== '#PG3' || !target.updateMessageId) return;
      calls += 1;
      if (calls > 1) return;
      // A vote lands while this update is on its way; its own update goes out first, then the
      // network fails this one.
      await vote(1, 'abstention');
      await waitFor('the newer update sent', async () => progressSent('#PG3').length === 1);
      throw new Error('socket hang up');
    };
    await vote(0, 'favorable');
    await waitFor('both updates settled', async () => {
      const rows = await progressRows();
      return (
        rows.length === 2 && rows.every((d) => d.status !== 'pending' && d.status !== 'sending')
      );
    });
    hook = undefined;
    const rows = await progressRows();
    expect(rows.map((d) => d.status)).toEqual(['cancelled', 'sent']);
    expect(rows[0]!.lastError).toContain('plus récente');
    await sleep(300);
    expect(progressSent('#PG3')).toHaveLength(1);
    expect(JSON.stringify(progressSent('#PG3')[0]!.message)).toContain('répondu à 2 enjeux sur 3');
  });

  it("the sweep forgets the vote's request claims after a day", async () => {
    const old = new Date(Date.now() - 25 * 3_600_000);
    await h.tdb.db.requestClaim.createMany({
      data: [
        { key: 'payload-text:old', claimedAt: old },
        { key: 'payload-text:recent', claimedAt: new Date() },
      ],
    });
    const report = await runSweep(h.workers[0]!.context);
    expect(report.claimsForgotten).toBe(1);
    expect((await h.tdb.db.requestClaim.findMany()).map((c) => c.key)).toEqual([
      'payload-text:recent',
    ]);
  });

  it("the sweep purges the console's expired sessions, and links and OIDC attempts expired for a day", async () => {
    const db = h.tdb.db;
    const member = await db.member.create({
      data: {
        tenantId: h.tenantId,
        role: 'pilot',
        displayName: 'Purge',
        email: 'purge@caf94.test',
      },
    });
    const ago = (ms: number) => new Date(Date.now() - ms);
    const HOUR = 3_600_000;
    const who = { tenantId: h.tenantId, memberId: member.id };
    await db.consoleSession.createMany({
      data: [
        { ...who, tokenHash: 'session-expiree', expiresAt: ago(60_000) },
        { ...who, tokenHash: 'session-valide', expiresAt: ago(-HOUR) },
      ],
    });
    await db.consoleSignInLink.createMany({
      data: [
        {
          ...who,
          tokenHash: 'lien-expire-hier',
          expiresAt: ago(25 * HOUR),
          usedAt: ago(26 * HOUR),
        },
        { ...who, tokenHash: 'lien-expire-recent', expiresAt: ago(HOUR) },
        { ...who, tokenHash: 'lien-valide', expiresAt: ago(-60_000) },
      ],
    });
    const attempt = { tenantId: h.tenantId, nonce: 'n', codeVerifier: 'v' };
    await db.consoleOidcAttempt.createMany({
      data: [
        { ...attempt, stateHash: 'tentative-hier', expiresAt: ago(25 * HOUR) },
        { ...attempt, stateHash: 'tentative-recente', expiresAt: ago(HOUR) },
      ],
    });
    const report = await runSweep(h.workers[0]!.context);
    expect(report.consolePurged).toEqual({ sessions: 1, links: 1, oidcAttempts: 1 });
    expect((await db.consoleSession.findMany()).map((s) => s.tokenHash)).toEqual([
      'session-valide',
    ]);
    expect(
      (await db.consoleSignInLink.findMany({ orderBy: { tokenHash: 'asc' } })).map(
        (l) => l.tokenHash,
      ),
    ).toEqual(['lien-expire-recent', 'lien-valide']);
    expect((await db.consoleOidcAttempt.findMany()).map((a) => a.stateHash)).toEqual([
      'tentative-recente',
    ]);
  });
});
