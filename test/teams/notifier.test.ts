import type { NeutralMessage } from '../../src/domain/messages';
import { RateLimitedError, type NotifierTarget } from '../../src/adapters/notifier';
import { TeamsNotifier, TeamsSendError } from '../../src/adapters/teams/notifier';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { captureLogger, CLIENT_ID, TENANT_ID, teamsConfig } from './helpers';

const message: NeutralMessage = {
  kind: 'round.reminder',
  locale: 'fr',
  title: 'Rappel : consultation en cours',
  text: ['Il reste 2 jours pour donner votre avis.'],
  fields: [],
  sections: [],
  actions: [{ type: 'avis.open', label: 'Donner mon avis', roundId: 'round-1' }],
  fallback: 'Rappel : il reste 2 jours pour donner votre avis.',
};

describe('TeamsNotifier against a fake Bot Connector', () => {
  let connector: FakeConnector;
  let clock = 1_000_000;
  beforeAll(async () => {
    connector = await startFakeConnector();
  });
  afterAll(() => connector.close());
  beforeEach(() => connector.reset());

  const notifier = (over: Partial<ConstructorParameters<typeof TeamsNotifier>[0]> = {}) =>
    new TeamsNotifier({
      config: teamsConfig({ TEAMS_SERVICE_URLS: `${connector.url}/` }),
      log: captureLogger('silent').log,
      endpoints: { loginEndpoint: connector.url },
      now: () => clock,
      random: () => 0.5,
      ...over,
    });

  const target = (
    conversationType: string,
    id: string,
    over: Partial<NotifierTarget> = {},
  ): NotifierTarget => ({
    workspaceId: TENANT_ID,
    address: id,
    reference: {
      channelId: 'msteams',
      serviceUrl: connector.url,
      tenantId: TENANT_ID,
      bot: { id: `28:${CLIENT_ID}` },
      conversation: { id, conversationType, tenantId: TENANT_ID },
    },
    ...over,
  });

  it('posts a proactive card with the bot token and returns the activity id', async () => {
    connector.requireAuth(true);
    const res = await notifier().send(target('personal', 'a:1chat'), message);
    expect(connector.calls).toHaveLength(1);
    const call = connector.calls[0]!;
    expect(call).toMatchObject({
      kind: 'send',
      conversationId: 'a:1chat',
      authorization: `Bearer ${connector.accessToken}`,
    });
    expect(res.messageId).toBe(call.id);
    expect(call.body).toMatchObject({
      type: 'message',
      summary: 'Rappel : il reste 2 jours pour donner votre avis.',
      attachments: [
        { contentType: 'application/vnd.microsoft.card.adaptive', content: { version: '1.5' } },
      ],
    });
    expect(connector.tokenRequests[0]).toMatchObject({
      tenant: TENANT_ID,
      form: { scope: 'https://api.botframework.com/.default' },
    });
  });

  it('replies in a channel thread with ;messageid= and in a chat with replyToId', async () => {
    const n = notifier();
    await n.send(
      target('channel', '19:partners@thread.tacv2', { threadMessageId: '1700000000123' }),
      message,
    );
    await n.send(
      target('groupChat', '19:group@thread.v2', { threadMessageId: '1700000000456' }),
      message,
    );
    expect(connector.calls[0]).toMatchObject({
      kind: 'send',
      conversationId: '19:partners@thread.tacv2;messageid=1700000000123',
    });
    expect(connector.calls[1]).toMatchObject({
      kind: 'send',
      conversationId: '19:group@thread.v2',
    });
    expect(connector.calls[1]!.body.replyToId).toBe('1700000000456');
  });

  it('updates a message in place', async () => {
    const res = await notifier().send(
      target('channel', '19:partners@thread.tacv2', { updateMessageId: '1700000000789' }),
      message,
    );
    expect(connector.calls[0]).toMatchObject({
      method: 'PUT',
      kind: 'update',
      activityId: '1700000000789',
    });
    expect(res.messageId).toBe('1700000000789');
  });

  it('turns 429 into RateLimitedError with Retry-After, or a jittered backoff without it', async () => {
    const n = notifier();
    connector.failNext(1, 429, 3);
    await expect(n.send(target('personal', 'a:1'), message)).rejects.toEqual(
      new RateLimitedError(3000),
    );
    connector.failNext(2, 429);
    const first = await n.send(target('personal', 'a:2'), message).catch((e: unknown) => e);
    const second = await n.send(target('personal', 'a:2'), message).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(RateLimitedError);
    expect((first as RateLimitedError).retryAfterMs).toBe(750);
    expect((second as RateLimitedError).retryAfterMs).toBe(1500);
    for (const status of [412, 502, 504]) {
      connector.failNext(1, status);
      await expect(n.send(target('personal', `a:${status}`), message)).rejects.toBeInstanceOf(
        RateLimitedError,
      );
    }
    // After the throttling, the same send goes through.
    await expect(n.send(target('personal', 'a:2'), message)).resolves.toHaveProperty('messageId');
  });

  it('keeps to 7 messages a second per conversation and 50 per tenant', async () => {
    const n = notifier();
    for (let i = 0; i < 7; i++) await n.send(target('channel', '19:c@thread.tacv2'), message);
    const err = await n
      .send(target('channel', '19:c@thread.tacv2'), message)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(143);
    expect(connector.calls).toHaveLength(7);
    clock += 1000;
    await n.send(target('channel', '19:c@thread.tacv2'), message);

    const t = notifier();
    for (let i = 0; i < 50; i++) await t.send(target('personal', `a:${i}`), message);
    await expect(t.send(target('personal', 'a:other'), message)).rejects.toBeInstanceOf(
      RateLimitedError,
    );
  });

  it('refuses for good when the bot was removed or the reference is missing', async () => {
    connector.failNext(1, 403);
    const err = await notifier()
      .send(target('personal', 'a:gone'), message)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TeamsSendError);
    expect(err).toMatchObject({ status: 403, permanent: true });
    await expect(
      notifier().send({ workspaceId: TENANT_ID, address: 'a:x' }, message),
    ).rejects.toMatchObject({ permanent: true });
  });

  it('never sends, nor its token, to a stored serviceUrl off the allow-list', async () => {
    const elsewhere = await startFakeConnector();
    try {
      const stored = target('personal', 'a:moved');
      const reference = { ...(stored.reference as object), serviceUrl: elsewhere.url };
      await expect(notifier().send({ ...stored, reference }, message)).rejects.toMatchObject({
        name: 'TeamsSendError',
        permanent: true,
      });
      expect(elsewhere.calls).toHaveLength(0);
      expect(elsewhere.tokenRequests).toHaveLength(0);
      expect(connector.calls).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });
});
