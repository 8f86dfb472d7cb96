import { randomBytes } from 'node:crypto';
import querystring from 'node:querystring';
import { formPayload } from '../../src/adapters/slack/app';
import { dedupKeyOf, MemoryDedupStore } from '../../src/adapters/slack/dedup';
import { PrismaInstallationStore } from '../../src/store/repositories/slack-installations';
import { slackTokenResolver } from '../../src/adapters/slack/notifier';
import { slackBotTokenLookup } from '../../src/app/slack-installations';
import { SlackVerificationError, verifySlackRequest } from '../../src/adapters/slack/verify';
import { loadConfig } from '../../src/config';
import { appHomeOpened, signSlackRequest } from '../support/fake-slack';
import { createTestDb, type TestDb } from '../support/db';

const SECRET = 'shhh';
const NOW = 1_780_000_000;

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof SlackVerificationError
      ? err.code
      : `not a SlackVerificationError: ${String(err)}`;
  }
}

function check(
  body: string,
  headers: Record<string, string>,
  nowSeconds = NOW,
): string | undefined {
  return codeOf(() =>
    verifySlackRequest({
      signingSecret: SECRET,
      rawBody: body,
      signature: headers['x-slack-signature'],
      timestamp: headers['x-slack-request-timestamp'],
      nowMs: nowSeconds * 1000,
    }),
  );
}

describe('verifySlackRequest', () => {
  const body = 'token=x&team_id=T1&text=aide';

  it('accepts a request signed with the secret within 5 minutes either way', () => {
    expect(check(body, signSlackRequest(SECRET, body, NOW))).toBeUndefined();
    expect(check(body, signSlackRequest(SECRET, body, NOW - 299))).toBeUndefined();
    expect(check(body, signSlackRequest(SECRET, body, NOW + 299))).toBeUndefined();
  });

  it('refuses with a stable code for each reason', () => {
    expect(check(body, {})).toBe('SLACK_SIGNATURE_MISSING');
    expect(
      check(body, { ...signSlackRequest(SECRET, body, NOW), 'x-slack-request-timestamp': '12abc' }),
    ).toBe('SLACK_TIMESTAMP_INVALID');
    expect(check(body, signSlackRequest(SECRET, body, NOW - 301))).toBe('SLACK_TIMESTAMP_STALE');
    expect(check(body, signSlackRequest(SECRET, body, NOW + 301))).toBe('SLACK_TIMESTAMP_FUTURE');
    expect(check(body, signSlackRequest('other', body, NOW))).toBe('SLACK_SIGNATURE_MISMATCH');
    expect(check(`${body}&x=1`, signSlackRequest(SECRET, body, NOW))).toBe(
      'SLACK_SIGNATURE_MISMATCH',
    );
    expect(
      check(body, { ...signSlackRequest(SECRET, body, NOW), 'x-slack-signature': 'v0=abc' }),
    ).toBe('SLACK_SIGNATURE_MISMATCH');
    expect(
      codeOf(() =>
        verifySlackRequest({
          signingSecret: '',
          rawBody: body,
          signature: 'v0=x',
          timestamp: String(NOW),
          nowMs: NOW * 1000,
        }),
      ),
    ).toBe('SLACK_SIGNING_SECRET_MISSING');
  });
});

describe('de-duplication keys', () => {
  it('keys events by event_id, so a retry with a new envelope is still the same event', () => {
    const a = JSON.parse(appHomeOpened({ eventId: 'Ev1' }).body) as Record<string, unknown>;
    const retry = { ...a, event_time: (a.event_time as number) + 60 };
    expect(dedupKeyOf(retry)).toBe(dedupKeyOf(a));
    expect(dedupKeyOf(JSON.parse(appHomeOpened({ eventId: 'Ev2' }).body))).not.toBe(dedupKeyOf(a));
  });

  it('claims once until the TTL passes, and again after a release', async () => {
    let now = 0;
    const store = new MemoryDedupStore(() => now);
    expect(await store.claim('k', 60)).toBe(true);
    expect(await store.claim('k', 60)).toBe(false);
    now = 61_000;
    expect(await store.claim('k', 60)).toBe(true);
    await store.release('k');
    expect(await store.claim('k', 60)).toBe(true);
  });
});

describe('OAuth installations in Postgres', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t.drop();
  });

  it('stores, fetches, replaces and deletes installations by team, and gives the notifier the bot token', async () => {
    const store = new PrismaInstallationStore(t.db);
    const team = `T${randomBytes(3).toString('hex')}`;
    const installation = {
      team: { id: team, name: 'Caf' },
      enterprise: undefined,
      user: { id: 'U1', token: undefined, scopes: undefined },
      bot: { id: 'B1', userId: 'UBOT', token: 'xoxb-1', scopes: ['chat:write'] },
      isEnterpriseInstall: false,
      authVersion: 'v2' as const,
    };
    await store.storeInstallation(installation);
    await store.storeInstallation({
      ...installation,
      bot: { ...installation.bot, token: 'xoxb-2' },
    });
    const fetched = await store.fetchInstallation({
      teamId: team,
      isEnterpriseInstall: false,
      enterpriseId: undefined,
    });
    expect(fetched.bot?.token).toBe('xoxb-2');
    expect(await t.db.slackInstallation.count()).toBe(1);

    const config = loadConfig({
      SLACK_CLIENT_ID: 'c',
      SLACK_CLIENT_SECRET: 's',
      SLACK_STATE_SECRET: 'st',
      SLACK_SIGNING_SECRET: 'sig',
    });
    expect(await slackTokenResolver(config, slackBotTokenLookup({ db: t.db }, config))(team)).toBe(
      'xoxb-2',
    );

    await store.deleteInstallation({
      teamId: team,
      isEnterpriseInstall: false,
      enterpriseId: undefined,
    });
    await expect(
      store.fetchInstallation({
        teamId: team,
        isEnterpriseInstall: false,
        enterpriseId: undefined,
      }),
    ).rejects.toThrow();
    await expect(
      slackTokenResolver(config, slackBotTokenLookup({ db: t.db }, config))(team),
    ).rejects.toMatchObject({
      slackError: 'not_installed',
    });
  });
});

describe('formPayload (the vote path decodes the interactivity body itself)', () => {
  const payloads = [
    JSON.stringify({ type: 'view_submission', text: 'a + b = c & d, 100 % réservé 😀' }),
    JSON.stringify({ comment: '<!channel> %2B %zz ++' }),
    '',
  ];
  it('reads the same payload as querystring, whatever it holds', () => {
    for (const p of payloads) {
      const body = new URLSearchParams({ payload: p }).toString();
      expect(formPayload(body)).toBe(p);
      // Spaces sent as %20 rather than +.
      expect(formPayload(body.replace(/\+/g, '%20'))).toBe(p);
    }
  });
  it('falls back on querystring for other bodies and malformed escapes', () => {
    expect(formPayload('token=x&payload=%7B%7D')).toBe('{}');
    expect(formPayload('payload=%7B%ZZ%7D')).toBe(querystring.parse('payload=%7B%ZZ%7D').payload);
    expect(formPayload('command=%2Fconcerto')).toBe('');
  });
});
