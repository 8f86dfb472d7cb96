import type { NeutralMessage } from '../../src/domain/messages';
import { RateLimitedError } from '../../src/adapters/notifier';
import { SlackDeliveryError, SlackNotifier } from '../../src/adapters/slack/notifier';
import { FakeSlack } from '../support/fake-slack';

const message: NeutralMessage = {
  kind: 'round.reminder',
  locale: 'fr',
  title: 'Rappel : consultation sur le schéma AVS',
  text: ['Il reste 2 jours. Commentaire : <!channel> & co'],
  fields: [],
  sections: [],
  actions: [{ type: 'avis.open', label: 'Donner notre avis', roundId: 'r-1' }],
  fallback: 'Rappel : il reste 2 jours',
};

describe('SlackNotifier against the fake Web API', () => {
  const fake = new FakeSlack();
  let notifier: SlackNotifier;
  const tokens: Record<string, string> = { T1: 'xoxb-team-1', T2: 'xoxb-team-2' };

  beforeAll(async () => {
    await fake.start();
  });
  afterAll(async () => {
    await fake.stop();
  });
  beforeEach(() => {
    fake.reset();
    notifier = new SlackNotifier({
      slackApiUrl: fake.apiUrl,
      tokenFor: async (w) => tokens[w] ?? 'missing',
    });
  });

  it('posts with chat.postMessage, with the workspace token, and returns the ts', async () => {
    const { messageId } = await notifier.send({ workspaceId: 'T2', address: 'C42' }, message);
    const [call] = fake.callsTo('chat.postMessage');
    expect(messageId).toMatch(/^\d+\.\d{6}$/);
    expect(call?.token).toBe('xoxb-team-2');
    expect(call?.body).toMatchObject({ channel: 'C42', text: 'Rappel : il reste 2 jours' });
    expect(call?.body.thread_ts).toBeUndefined();
    expect(JSON.stringify(call?.body.blocks)).toContain('&lt;!channel&gt; &amp; co');
  });

  it('replies in the thread of the invitation, and updates a message in place', async () => {
    const { messageId: parent } = await notifier.send(
      { workspaceId: 'T1', address: 'C1' },
      message,
    );
    await notifier.send({ workspaceId: 'T1', address: 'C1', threadMessageId: parent }, message);
    expect(fake.callsTo('chat.postMessage')[1]?.body.thread_ts).toBe(parent);

    const { messageId } = await notifier.send(
      { workspaceId: 'T1', address: 'C1', updateMessageId: parent },
      message,
    );
    expect(messageId).toBe(parent);
    expect(fake.callsTo('chat.update')[0]?.body).toMatchObject({ channel: 'C1', ts: parent });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('turns a 429 into RateLimitedError with Slack’s Retry-After, without sleeping or retrying', async () => {
    fake.rateLimit('chat.postMessage', 1, 7);
    const started = Date.now();
    const err = await notifier
      .send({ workspaceId: 'T1', address: 'C1' }, message)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(7000);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    // The next attempt (the queue's, later) goes through.
    await expect(
      notifier.send({ workspaceId: 'T1', address: 'C1' }, message),
    ).resolves.toHaveProperty('messageId');
  });

  it('posts a results message with its chart images, and again without them when Slack cannot fetch them', async () => {
    const results: NeutralMessage = {
      ...message,
      kind: 'round.results',
      actions: [],
      sections: [
        {
          title: '1. Petite enfance',
          text: '',
          counts: { favorable: 2 },
          chart: { url: 'https://concerto.example/charts/x.png', alt: 'Diagramme en barres' },
        },
      ],
    };
    await notifier.send({ workspaceId: 'T1', address: 'C1' }, results);
    expect(JSON.stringify(fake.callsTo('chat.postMessage')[0]?.body.blocks)).toContain(
      '"image_url":"https://concerto.example/charts/x.png"',
    );

    fake.reset();
    fake.fail('chat.postMessage', 'invalid_blocks');
    const { messageId } = await notifier.send({ workspaceId: 'T1', address: 'C1' }, results);
    expect(messageId).toMatch(/^\d+\.\d{6}$/);
    const calls = fake.callsTo('chat.postMessage');
    expect(calls).toHaveLength(2);
    expect(JSON.stringify(calls[1]?.body.blocks)).not.toContain('image_url');
    expect(JSON.stringify(calls[1]?.body.blocks)).toContain('1. Petite enfance');

    // Without a chart, invalid_blocks stays a permanent failure.
    fake.fail('chat.postMessage', 'invalid_blocks');
    const err = await notifier
      .send({ workspaceId: 'T1', address: 'C1' }, message)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ slackError: 'invalid_blocks', permanent: true });
  });

  it('reports a channel that is gone as a permanent failure, a server hiccup as a transient one', async () => {
    fake.fail('chat.postMessage', 'channel_not_found');
    const gone = await notifier
      .send({ workspaceId: 'T1', address: 'C404' }, message)
      .catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(SlackDeliveryError);
    expect(gone).toMatchObject({ slackError: 'channel_not_found', permanent: true });

    fake.fail('chat.postMessage', 'internal_error');
    const hiccup = await notifier
      .send({ workspaceId: 'T1', address: 'C1' }, message)
      .catch((e: unknown) => e);
    expect(hiccup).toMatchObject({ slackError: 'internal_error', permanent: false });
  });
});
