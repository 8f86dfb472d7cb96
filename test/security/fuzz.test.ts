import { PrismaInstallationStore } from '../../src/store/repositories/slack-installations';
import {
  blockActions,
  eventCallback,
  signSlackRequest,
  slashCommand,
  viewSubmission,
} from '../support/fake-slack';
import {
  ascii,
  enc,
  inBatches,
  int,
  json,
  mutate,
  pick,
  seeded,
  text,
  type Random,
} from '../support/fuzz';
import { baseActivity, executeActivity, messageActivity } from '../teams/helpers';
import {
  ADMIN_TOKEN,
  SLACK_SIGNING_SECRET,
  TEAMS_CLIENT_ID,
  TEAMS_TENANT,
  startHarness,
  type SecurityHarness,
} from './harness';

/**
 * A bounded, seeded fuzz of every endpoint of the web process, requests correctly signed or
 * authenticated where they must be so that they reach the code behind the door: no 5xx, the
 * server still up, and no row written anywhere.
 */
const N = 300;
/** Another seed, to explore further by hand (FUZZ_SEED=7 npx jest …). Default: 0, the one CI runs. */
const SEED = Number(process.env.FUZZ_SEED ?? 0);

describe('fuzzing every endpoint (seeded)', () => {
  jest.setTimeout(180_000);
  let h: SecurityHarness;
  let before: Record<string, number>;

  beforeAll(async () => {
    h = await startHarness();
    // The fake's workspace is installed, so that signed requests get past Bolt's authorisation.
    await new PrismaInstallationStore(h.t.db).storeInstallation({
      team: { id: 'T0FAKE', name: 'Caf' },
      enterprise: undefined,
      user: { id: 'U1', token: undefined, scopes: undefined },
      bot: { id: 'BBOT', userId: 'UBOT', token: 'xoxb-fuzz', scopes: ['chat:write'] },
      isEnterpriseInstall: false,
      authVersion: 'v2',
    });
    before = await h.counts();
  });
  afterAll(() => h?.close());

  /** Sends every request, then checks the server answers, nothing was stored, nothing was a 5xx. */
  async function fuzz(
    seed: number,
    send: (r: Random, i: number) => Promise<Response>,
    sent?: Map<number, string>,
  ) {
    const linesBefore = h.lines().length;
    const statuses = new Map<number, number>();
    const fives: string[] = [];
    await inBatches(N, 8, async (i) => {
      const r = seeded((seed + SEED * 1000) * 100_003 + i);
      const res = await send(r, i);
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500)
        fives.push(`#${i}: ${res.status} ${sent?.get(i)?.slice(0, 4000) ?? ''}`);
    });
    // The error lines name what failed, if anything did.
    const errors = h
      .lines()
      .slice(linesBefore)
      .filter((l) => Number(l.level) >= 50)
      .map((l) => `${String(l.msg)} ${JSON.stringify(l.err ?? '').slice(0, 300)}`);
    expect({ fives, errors }).toEqual({ fives: [], errors: [] });
    expect((await fetch(`${h.base}/healthz`)).status).toBe(200);
    expect(await h.counts()).toEqual(before);
    return statuses;
  }

  const body = (r: Random, value: unknown): string =>
    r() < 0.08 ? text(r, 40) : JSON.stringify(value);

  it('/api/messages: activities with a valid Bot Framework token', async () => {
    const url = h.connector.url;
    const bases = () => [
      messageActivity(url, 'aide'),
      messageActivity(url, 'rejoindre ABCD-EFGH-JKMN'),
      messageActivity(url, 'statut 1'),
      executeActivity(url, 'avis.submit', { roundId: 'r', e1: 'favorable' }),
      executeActivity(url, 'avis.open', { roundId: '00000000-0000-0000-0000-000000000000' }),
      baseActivity(url, { type: 'invoke', name: 'adaptiveCard/action', value: json(seeded(1)) }),
    ];
    const statuses = await fuzz(1, (r) =>
      fetch(`${h.base}/api/messages`, {
        method: 'POST',
        headers: {
          'content-type': pick(r, ['application/json', 'application/json', 'text/plain']),
          authorization: `Bearer ${h.jwks.botToken({ audience: TEAMS_CLIENT_ID, serviceUrl: url })}`,
        },
        body: body(r, mutate(r, pick(r, bases()))),
      }),
    );
    // Some got through to the bot, some were refused at the edge: the fuzz reached both sides.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
  });

  /**
   * The response_url is Slack's own callback: a mutated one only makes the fake refuse the answer
   * (an outbound failure, logged as such). Its form is checked by the malformed-request table.
   */
  const keepResponseUrl = (mutated: unknown, original: unknown): unknown =>
    mutated !== null && typeof mutated === 'object' && !Array.isArray(mutated)
      ? {
          ...(mutated as Record<string, unknown>),
          response_url: (original as { response_url?: unknown }).response_url,
        }
      : mutated;

  it('/slack/events: signed commands, interactivity and events', async () => {
    const form = (fields: unknown) =>
      fields !== null && typeof fields === 'object' && !Array.isArray(fields)
        ? new URLSearchParams(
            Object.fromEntries(
              Object.entries(fields).map(([k, v]) => [
                k,
                typeof v === 'string' ? v : JSON.stringify(v),
              ]),
            ),
          ).toString()
        : enc(JSON.stringify(fields));
    const sent = new Map<number, string>();
    const statuses = await fuzz(
      2,
      (r, i) => {
        const kind = int(r, 4);
        let raw: string;
        let contentType = 'application/x-www-form-urlencoded';
        if (kind === 0) {
          const cmd = Object.fromEntries(
            new URLSearchParams(
              slashCommand({
                text: pick(r, ['aide', 'statut', 'rejoindre X', text(r)]),
                responseUrl: h.fake.responseUrl('fuzz'),
              }).body,
            ),
          );
          raw = form(keepResponseUrl(mutate(r, cmd), cmd));
        } else if (kind === 1 || kind === 2) {
          const request =
            kind === 1
              ? blockActions({
                  responseUrl: h.fake.responseUrl('fuzz'),
                  actionId: pick(r, ['avis.open', 'link.x', text(r, 3)]),
                  value: text(r),
                })
              : viewSubmission({
                  view: {
                    callback_id: pick(r, ['avis.submit', 'launch.submit']),
                    private_metadata: text(r),
                  },
                  values: { b: { a: { type: 'plain_text_input', value: text(r) } } },
                });
          const payload = JSON.parse(
            new URLSearchParams(request.body).get('payload') ?? '{}',
          ) as unknown;
          raw =
            r() < 0.1
              ? `payload=${enc(text(r, 30))}`
              : form({ payload: keepResponseUrl(mutate(r, payload), payload) });
        } else {
          contentType = 'application/json';
          const event = JSON.parse(
            eventCallback({
              event: {
                type: pick(r, ['app_home_opened', 'member_joined_channel']),
                user: 'U1',
                tab: 'home',
              },
            }).body,
          ) as unknown;
          raw = body(r, mutate(r, event));
        }
        sent.set(i, `${contentType} ${raw}`);
        return fetch(`${h.base}/slack/events`, {
          method: 'POST',
          headers: { 'content-type': contentType, ...signSlackRequest(SLACK_SIGNING_SECRET, raw) },
          body: raw,
        });
      },
      sent,
    );
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
    expect([...statuses.keys()].some((s) => s === 200)).toBe(true);
  });

  it('/tab/api: any method, path and body with a valid SSO token', async () => {
    const paths = [
      '/me',
      '/rounds/x',
      '/rounds/x/avis',
      '/rounds/x/results',
      '/rounds/%E0%A4%A',
      '/',
    ];
    await fuzz(3, (r) => {
      const post = r() < 0.6;
      const answers = [{ enjeuId: 'e1', choice: 'favorable', comment: 'ok' }];
      return fetch(`${h.base}/tab/api${pick(r, paths)}${r() < 0.2 ? enc(text(r, 4)) : ''}`, {
        method: post ? 'POST' : pick(r, ['GET', 'PUT', 'DELETE']),
        headers: {
          'content-type': pick(r, [
            'application/json',
            'application/json; charset=utf-8',
            'text/plain',
          ]),
          authorization: `Bearer ${h.jwks.ssoToken({ audience: TEAMS_CLIENT_ID, tenantId: TEAMS_TENANT, oid: `aad-${int(r, 3)}` })}`,
        },
        ...(post ? { body: body(r, mutate(r, { answers })) } : {}),
      });
    });
  });

  it('/admin/queues: cookies, tokens and query strings', async () => {
    await fuzz(4, (r) => {
      const roll = r();
      const headers: Record<string, string> = {};
      if (roll < 0.4)
        headers.cookie = `concerto_admin=${pick(r, [enc(text(r, 6)), '%zz', '%E0%A4%A', ADMIN_TOKEN])}`;
      else if (roll < 0.7)
        headers.authorization = `${pick(r, ['Bearer ', 'Basic ', ''])}${pick(r, [ascii(text(r, 6)), ADMIN_TOKEN])}`;
      const query = r() < 0.5 ? `?token=${enc(text(r, 6))}` : `?${ascii(text(r, 6))}`;
      return fetch(`${h.base}/admin/queues${pick(r, ['', '/', '/api/queues'])}${query}`, {
        headers,
      });
    });
  });

  it('/slack/install and /slack/oauth_redirect: query strings and cookies', async () => {
    await fuzz(5, (r) => {
      const params = new URLSearchParams();
      for (const k of ['code', 'state', 'error'])
        if (r() < 0.6) params.set(k, pick(r, [text(r, 5), 'access_denied']));
      const path = r() < 0.85 ? '/slack/oauth_redirect' : '/slack/install';
      return fetch(`${h.base}${path}?${r() < 0.1 ? text(r, 5) : params.toString()}`, {
        redirect: 'manual',
        headers: r() < 0.5 ? { cookie: `slack-app-oauth-state=${enc(text(r, 5))}` } : {},
      });
    });
  });

  it('/projets/:id and unknown paths', async () => {
    await fuzz(6, (r) =>
      fetch(
        `${h.base}${pick(r, ['/projets/', '/', '/tab/', '/teams/exports/'])}${enc(text(r, 6))}`,
      ),
    );
  });
});
