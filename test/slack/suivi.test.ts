import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { recordProxyAvis } from '../../src/app/cast-avis';
import { closeRound } from '../../src/app/close-round';
import { CLI_ACTOR, NO_OUTBOX, type AppDeps } from '../../src/app/deps';
import { launchRound } from '../../src/app/launch-round';
import { ZConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createTestDb, type TestDb } from '../support/db';
import {
  FakeSlack,
  postSigned,
  slashCommand,
  viewSubmission,
  type SlackRequest,
} from '../support/fake-slack';
import { deletePrefixKeys } from '../support/redis';
import { startSlackServer } from '../support/slack-server';
import { createDraftRound, seedOrganisations, type Harness } from '../queue/support/harness';

/**
 * The follow-up of avis from Slack (issue [10] item 1): `/concerto suivi <n>` opens a pilot's
 * modal, whose submission records the follow-up through the same use case as the console and
 * the CLI. Signed requests in Slack's wire format to the real server; Slack is a local fake.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'suivi-signing-secret-0123456789abcdef';
const TEAM = 'T0CAF94';
const PILOT = { userId: 'U0PILOT', channelId: 'C0PILOTES' };
const MARIE = { userId: 'U0MARIE', channelId: 'C0CS1' };

type View = {
  callback_id: string;
  private_metadata: string;
  blocks: {
    type: string;
    block_id?: string;
    element?: { type?: string; options?: { value: string; text: { text: string } }[] };
  }[];
};

describe('follow-up of avis from a Slack pilot modal', () => {
  jest.setTimeout(60_000);
  let t: TestDb;
  let fake: FakeSlack;
  let redis: Redis;
  let server: Awaited<ReturnType<typeof startSlackServer>>;
  let deps: AppDeps;
  let tenantId: string;
  let roundId: string;
  let pilotId: string;
  let url = '';
  const prefix = `test-slack-suivi-${randomBytes(5).toString('hex')}`;

  beforeAll(async () => {
    [t, fake] = await Promise.all([
      createTestDb({ label: 'slack-suivi' }),
      new FakeSlack().start(),
    ]);
    const log = createLogger('silent');
    redis = new Redis(REDIS_URL);
    deps = { db: t.db, now: () => new Date(), log, outbox: NO_OUTBOX };
    tenantId = (await t.db.tenant.create({ data: { code: '94', name: 'Caf du Val-de-Marne' } })).id;
    const h = { tdb: t, deps, tenantId } as unknown as Harness;
    await seedOrganisations(h, ['CS1', 'CS2']);
    const round = await createDraftRound(h, {
      codes: ['CS1', 'CS2'],
      deadline: new Date(Date.now() + 86_400_000),
      reminderSchedule: 'aucun',
    });
    roundId = round.id;
    await launchRound(deps, { tenantId, roundId, actor: CLI_ACTOR });
    const enjeux = await t.db.enjeu.findMany({
      where: { draftVersionId: round.draftVersionId! },
      orderBy: { position: 'asc' },
    });
    await recordProxyAvis(deps, {
      tenantId,
      roundId,
      organisationCode: 'CS1',
      source: 'courrier',
      votes: [{ enjeuId: enjeux[0]!.id, choice: 'defavorable', comment: 'Pas assez <!channel>' }],
      actor: CLI_ACTOR,
    });
    await closeRound(deps, { tenantId, roundId, actor: CLI_ACTOR });

    const cs1 = await t.db.organisation.findFirstOrThrow({ where: { code: 'CS1' } });
    for (const [who, role, organisationId, displayName] of [
      [PILOT, 'pilot', null, 'Mme Pilote Slack'],
      [MARIE, 'partner', cs1.id, 'Marie'],
    ] as const) {
      const m = await t.db.member.create({
        data: { tenantId, role, organisationId, displayName },
      });
      if (role === 'pilot') pilotId = m.id;
      await t.db.platformIdentity.create({
        data: {
          tenantId,
          memberId: m.id,
          platform: 'slack',
          workspaceId: TEAM,
          userId: who.userId,
        },
      });
    }

    const config = ZConfig.parse({
      NODE_ENV: 'test',
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      SLACK_BOT_TOKEN: 'xoxb-suivi',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
    });
    server = await startSlackServer({ config, deps, log, redis });
    url = `${server.base}/slack/events`;
  });

  afterAll(async () => {
    await server?.close();
    await redis?.quit();
    await deletePrefixKeys(prefix);
    await fake?.stop();
    await t?.drop();
  });

  const send = (request: SlackRequest) => postSigned(url, SECRET, request);

  /** A slash command; resolves with what was answered privately through response_url. */
  const command = async (who: { userId: string; channelId: string }, text: string) => {
    const id = randomBytes(4).toString('hex');
    const res = await send(
      slashCommand({ teamId: TEAM, ...who, text, responseUrl: fake.responseUrl(id) }),
    );
    expect(res.status).toBe(200);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = fake.callsTo('response_url').filter((c) => c.responseId === id);
      if (found.length > 0) return JSON.stringify(found[0]!.body);
      if (Date.now() > deadline) throw new Error(`no answer to « ${text} »`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  const submit = (
    who: { userId: string },
    privateMetadata: string,
    values: Record<string, unknown>,
  ) =>
    send(
      viewSubmission({
        teamId: TEAM,
        userId: who.userId,
        view: { callback_id: 'followup.submit', private_metadata: privateMetadata },
        values: values as never,
      }),
    );
  const fields = (o: { avis?: string; reponse?: string; justification?: string }) => ({
    'suivi:avis': {
      value: { type: 'static_select', selected_option: o.avis ? { value: o.avis } : null },
    },
    'suivi:reponse': {
      value: { type: 'radio_buttons', selected_option: o.reponse ? { value: o.reponse } : null },
    },
    'suivi:justification': { value: { type: 'plain_text_input', value: o.justification ?? null } },
  });

  it('refuses the command to a partner, and opens nothing', async () => {
    expect(await command(MARIE, 'suivi 1')).toContain('réservée aux pilotes');
    expect(fake.callsTo('views.open')).toHaveLength(0);
  });

  it('opens the pilot’s modal and records the follow-up; refusals come back under their field', async () => {
    await send(slashCommand({ teamId: TEAM, ...PILOT, text: 'suivi 1' }));
    const [open] = await fake.waitFor('views.open');
    const view = open!.body.view as View;
    expect(view.callback_id).toBe('followup.submit');
    expect(JSON.parse(view.private_metadata)).toEqual({ roundId });
    const avisOptions = view.blocks.find((b) => b.block_id === 'suivi:avis')!.element!.options!;
    expect(avisOptions.map((o) => o.value)).toEqual(['1:CS1']);
    expect(avisOptions[0]!.text.text).toBe('Enjeu 1 · Structure CS1 (CS1) · Défavorable · à faire');
    expect(
      view.blocks
        .find((b) => b.block_id === 'suivi:reponse')!
        .element!.options!.map((o) => o.value),
    ).toEqual(['retenue', 'partiellement_retenue', 'non_retenue', 'sans_objet']);

    const empty = await submit(
      PILOT,
      view.private_metadata,
      fields({ avis: '1:CS1', reponse: 'retenue', justification: ' ' }),
    );
    expect(empty.json).toEqual({
      response_action: 'errors',
      errors: {
        'suivi:justification':
          'La justification est obligatoire : dites ce que la Caf a fait de cet avis, et pourquoi.',
      },
    });
    const noResponse = await submit(
      PILOT,
      view.private_metadata,
      fields({ avis: '1:CS1', justification: 'x' }),
    );
    expect(JSON.stringify(noResponse.json)).toContain(
      '"suivi:reponse":"Choisissez la réponse de la Caf',
    );
    // A forged view: another round id, or a partner submitting it.
    const forged = await submit(
      PILOT,
      JSON.stringify({ roundId: '00000000-0000-4000-8000-000000000000' }),
      fields({ avis: '1:CS1', reponse: 'retenue', justification: 'x' }),
    );
    expect(JSON.stringify(forged.json)).toContain('introuvable');
    const partner = await submit(
      MARIE,
      view.private_metadata,
      fields({ avis: '1:CS1', reponse: 'retenue', justification: 'x' }),
    );
    expect(JSON.stringify(partner.json)).toContain('réservée aux pilotes');
    expect(await t.db.avisFollowup.count()).toBe(0);

    const ok = await submit(
      PILOT,
      view.private_metadata,
      fields({ avis: '1:CS1', reponse: 'retenue', justification: 'Ajouté au plan <!channel>' }),
    );
    expect(ok.status).toBe(200);
    const row = await t.db.avisFollowup.findFirstOrThrow();
    expect(row).toMatchObject({
      response: 'retenue',
      justification: 'Ajouté au plan <!channel>',
      recordedByMemberId: pilotId,
      recordedBy: 'Mme Pilote Slack',
    });
    const [dm] = await fake.waitFor('chat.postMessage');
    expect(dm!.body.channel).toBe(PILOT.userId);
    expect(JSON.stringify(dm!.body)).toContain(
      'Suite enregistrée — consultation n° 1, enjeu 1, Structure CS1 : Retenue.',
    );
    expect(
      await t.db.auditEvent.count({ where: { action: 'followup.record', actorMemberId: pilotId } }),
    ).toBe(1);
  });
});
