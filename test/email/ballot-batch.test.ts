import { CLI_ACTOR, NO_OUTBOX, type AppDeps } from '../../src/app/deps';
import { addContact } from '../../src/app/add-contact';
import { launchRound } from '../../src/app/launch-round';
import { ballotKey, signBallotLink } from '../../src/app/ballot-links';
import { revokeBallotLinks } from '../../src/app/revoke-ballot-links';
import { submitBallot } from '../../src/app/web-ballot';
import { createTestDb, type TestDb } from '../support/db';
import {
  createDraftRound,
  seedOrganisations,
  silentLog,
  type Harness,
} from '../queue/support/harness';

/** Ballot submissions arriving together share one statement: each still gets its own answer. */
describe('web ballot: concurrent submissions', () => {
  let t: TestDb;
  let deps: AppDeps;
  let tenantId: string;
  const key = ballotKey({ secret: 'batch-test-link-secret', databaseUrl: '' });
  beforeAll(async () => {
    t = await createTestDb({ label: 'ballot_batch' });
    deps = { db: t.db, now: () => new Date(), log: silentLog, outbox: NO_OUTBOX };
    tenantId = (await t.db.tenant.create({ data: { code: '94', name: 'Caf du Val-de-Marne' } })).id;
  });
  afterAll(async () => t.drop());

  it('stores each organisation’s avis once, refuses the revoked link and the field error, in the same batch', async () => {
    const h = { tdb: t, deps, tenantId } as unknown as Harness;
    const codes = Array.from({ length: 12 }, (_, i) => `B${i}`);
    await seedOrganisations(h, codes);
    for (const code of codes)
      await addContact(deps, {
        tenantId,
        organisationCode: code,
        email: `avs@${code.toLowerCase()}.test`,
        actor: CLI_ACTOR,
      });
    const round = await createDraftRound(h, {
      codes,
      deadline: new Date(Date.now() + 3_600_000),
      reminderSchedule: 'aucun',
    });
    await launchRound(deps, { tenantId, roundId: round.id, actor: CLI_ACTOR });
    const enjeux = await t.db.enjeu.findMany({
      where: { draftVersionId: round.draftVersionId! },
      orderBy: { position: 'asc' },
    });
    const contacts = await t.db.contact.findMany({
      include: { organisation: true },
      orderBy: { email: 'asc' },
    });
    const tokens = contacts.map((c) =>
      signBallotLink(key, { contactId: c.id, roundId: round.id, generation: 0 }),
    );
    await revokeBallotLinks(deps, {
      tenantId,
      organisationCode: contacts[0]!.organisation.code,
      email: contacts[0]!.email,
      actor: CLI_ACTOR,
    });

    const results = await Promise.allSettled(
      tokens.map((token, i) =>
        submitBallot(deps, {
          key,
          token,
          votes: enjeux.map((e) => ({
            enjeuId: e.id,
            // The second contact forgets the reason of its défavorable.
            choice: i === 1 ? 'defavorable' : 'favorable',
            comment: null,
          })),
        }),
      ),
    );
    expect(results[0]!.status).toBe('rejected');
    expect((results[0] as PromiseRejectedResult).reason.code).toBe('BALLOT_LINK_REVOKED');
    expect(results[1]!.status).toBe('rejected');
    expect((results[1] as PromiseRejectedResult).reason.code).toBe('VALIDATION_FAILED');
    expect(results.slice(2).every((r) => r.status === 'fulfilled')).toBe(true);
    const avis = await t.db.avis.findMany({
      where: { roundId: round.id },
      include: { organisation: true },
    });
    expect(avis).toHaveLength(10 * enjeux.length);
    expect(new Set(avis.map((a) => a.organisation.code))).toEqual(
      new Set(contacts.slice(2).map((c) => c.organisation.code)),
    );
    expect(
      avis.every(
        (a) =>
          a.castByLabel ===
          `${contacts.find((c) => c.organisationId === a.organisationId)!.email} pour ${a.organisation.name}`,
      ),
    ).toBe(true);
  });
});
