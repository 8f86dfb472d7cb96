import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { startSlackServer } from '../support/slack-server';
import { createInviteCode } from '../../src/app/create-invite-code';
import { CLI_ACTOR, NO_OUTBOX, type AppDeps } from '../../src/app/deps';
import { seedDemo } from '../../src/app/seed-demo';
import { ZConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { deletePrefixKeys } from '../support/redis';
import { createTestDb, type TestDb } from '../support/db';
import { FakeSlack, postSigned, slashCommand } from '../support/fake-slack';

/** `/concerto rejoindre` guesses, throttled per user and per workspace, over signed requests. */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'throttle-signing-secret-0123456789abcdef';
const TEAM = 'T0GUESS';

describe('Slack: invitation codes tried', () => {
  let t: TestDb;
  let fake: FakeSlack;
  let redis: Redis;
  let server: Awaited<ReturnType<typeof startSlackServer>>;
  let deps: AppDeps;
  let tenantId: string;
  const prefix = `test-slack-throttle-${randomBytes(5).toString('hex')}`;

  beforeAll(async () => {
    [t, fake] = await Promise.all([createTestDb(), new FakeSlack().start()]);
    const log = createLogger(process.env.SLACK_TEST_LOG ?? 'silent');
    redis = new Redis(REDIS_URL);
    deps = { db: t.db, now: () => new Date(), log, outbox: NO_OUTBOX };
    tenantId = (await seedDemo(deps, { actor: CLI_ACTOR })).tenant.id;
    const config = ZConfig.parse({
      NODE_ENV: 'test',
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      SLACK_BOT_TOKEN: 'xoxb-throttle',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      INVITE_ATTEMPTS_PER_USER: '2',
      INVITE_ATTEMPTS_PER_WORKSPACE: '3',
    });
    server = await startSlackServer({ config, deps, log, redis });
  });

  afterAll(async () => {
    await server?.close();
    await redis?.quit();
    await deletePrefixKeys(prefix);
    await fake?.stop();
    await t?.drop();
  });

  const command = async (userId: string, text: string) => {
    const id = randomBytes(4).toString('hex');
    const res = await postSigned(
      `${server.base}/slack/events`,
      SECRET,
      slashCommand({
        teamId: TEAM,
        userId,
        channelId: `C${userId}`,
        text,
        responseUrl: fake.responseUrl(id),
      }),
    );
    expect(res.status).toBe(200);
    for (let i = 0; i < 400; i++) {
      const reply = fake.callsTo('response_url').find((c) => c.responseId === id);
      if (reply) return JSON.stringify(reply.body);
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no answer to « ${text} »`);
  };
  const goodCode = async () =>
    (
      await createInviteCode(deps, {
        tenantId,
        organisationCode: 'CD94',
        role: 'partner',
        actor: CLI_ACTOR,
      })
    ).code;

  it('refuses a user after their guesses, then the workspace, in French or English', async () => {
    expect(await command('U0GUESS1', 'rejoindre AAAA-AAAA-AAA1')).toContain('inconnu');
    expect(await command('U0GUESS1', 'rejoindre AAAA-AAAA-AAA2')).toContain('inconnu');
    expect(await command('U0GUESS1', `rejoindre ${await goodCode()}`)).toContain(
      "Trop de codes d'invitation essayés",
    );
    fake.setUserLocale('U0GUESS2', 'en-US');
    expect(await command('U0GUESS2', 'rejoindre BBBB-BBBB-BBB1')).toContain('unknown');
    expect(await command('U0GUESS2', `rejoindre ${await goodCode()}`)).toContain(
      'Too many invitation codes tried',
    );
    expect(await command('U0GUESS3', `rejoindre ${await goodCode()}`)).toContain(
      "Trop de codes d'invitation essayés",
    );
    expect(await t.db.platformIdentity.count({ where: { workspaceId: TEAM } })).toBe(0);
  });
});
