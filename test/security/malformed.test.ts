import { gzipSync } from 'node:zlib';
import { signSlackRequest, slashCommand } from '../support/fake-slack';
import { baseActivity } from '../teams/helpers';
import {
  ADMIN_TOKEN,
  SLACK_SIGNING_SECRET,
  TEAMS_CLIENT_ID,
  TEAMS_TENANT,
  startHarness,
  type SecurityHarness,
} from './harness';

/**
 * Every malformed request gets a 4xx with a short reason, stores nothing, and leaves one warn
 * line in the log (no error line): bodies, payload shapes, unicode, cookies, the OAuth callback.
 */
interface Case {
  name: string;
  status: number;
  send: () => Promise<Response>;
}

describe('malformed requests', () => {
  jest.setTimeout(60_000);
  let h: SecurityHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  const url = (path: string) => `${h.base}${path}`;
  const teamsToken = () =>
    h.jwks.botToken({ audience: TEAMS_CLIENT_ID, serviceUrl: h.connector.url });
  const tabToken = () =>
    h.jwks.ssoToken({ audience: TEAMS_CLIENT_ID, tenantId: TEAMS_TENANT, oid: 'aad-nobody' });
  const big = (bytes: number) => JSON.stringify({ type: 'message', text: 'x'.repeat(bytes) });

  const teams = (body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(url('/api/messages'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${teamsToken()}`,
        ...headers,
      },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
  const activity = (over: Record<string, unknown>) =>
    JSON.stringify({ ...baseActivity(h.connector.url), type: 'message', text: 'aide', ...over });

  const slack = (
    body: string | Buffer,
    contentType: string,
    headers: Record<string, string> = {},
  ) =>
    fetch(url('/slack/events'), {
      method: 'POST',
      headers: {
        'content-type': contentType,
        ...signSlackRequest(SLACK_SIGNING_SECRET, body.toString()),
        ...headers,
      },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
  const form = 'application/x-www-form-urlencoded';
  const payload = (p: unknown) =>
    slack(
      new URLSearchParams({ payload: typeof p === 'string' ? p : JSON.stringify(p) }).toString(),
      form,
    );

  const tab = (body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(url('/tab/api/rounds/00000000-0000-0000-0000-000000000000/avis'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${tabToken()}`,
        ...headers,
      },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });

  const cases: Case[] = [
    // Teams messaging endpoint.
    { name: 'Teams: bad JSON', status: 400, send: () => teams('{"type":"message",') },
    { name: 'Teams: oversized body', status: 413, send: () => teams(big(2_000_000)) },
    {
      name: 'Teams: badly compressed body',
      status: 400,
      send: () => teams(Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' }),
    },
    {
      name: 'Teams: unknown compression',
      status: 415,
      send: () => teams(activity({}), { 'content-encoding': 'compress' }),
    },
    {
      name: 'Teams: wrong charset',
      status: 415,
      send: () => teams(activity({}), { 'content-type': 'application/json; charset=koi8-r' }),
    },
    {
      name: 'Teams: not JSON at all',
      status: 415,
      send: () => teams('type=message', { 'content-type': 'application/x-www-form-urlencoded' }),
    },
    { name: 'Teams: an array', status: 400, send: () => teams('[]') },
    { name: 'Teams: a number as type', status: 400, send: () => teams(activity({ type: 5 })) },
    {
      name: 'Teams: no conversation',
      status: 400,
      send: () => teams(activity({ conversation: undefined })),
    },
    { name: 'Teams: from is a string', status: 400, send: () => teams(activity({ from: 'x' })) },
    {
      name: 'Teams: serviceUrl is not a URL',
      status: 400,
      send: () => teams(activity({ serviceUrl: 'pas une url' })),
    },
    {
      name: 'Teams: text is an object',
      status: 400,
      send: () => teams(activity({ text: { a: 1 } })),
    },

    // Slack events, commands and interactivity (signed).
    { name: 'Slack: bad JSON', status: 400, send: () => slack('{"type":', 'application/json') },
    {
      name: 'Slack: oversized body',
      status: 413,
      send: () => slack(`payload=${'x'.repeat(1_100_000)}`, form),
    },
    {
      name: 'Slack: badly compressed body',
      status: 400,
      send: () => slack(Buffer.from('garbage'), form, { 'content-encoding': 'gzip' }),
    },
    {
      name: 'Slack: wrong charset',
      status: 415,
      send: () => slack('payload=%7B%7D', `${form}; charset=koi8-r`),
    },
    {
      name: 'Slack: JSON without type',
      status: 400,
      send: () => slack('{"a":1}', 'application/json'),
    },
    {
      name: 'Slack: event_callback without event',
      status: 400,
      send: () => slack('{"type":"event_callback","team_id":"T1"}', 'application/json'),
    },
    {
      name: 'Slack: form with neither payload nor command',
      status: 400,
      send: () => slack('a=1', form),
    },
    { name: 'Slack: payload not JSON', status: 400, send: () => payload('{pas du json') },
    {
      name: 'Slack: view_submission without view',
      status: 400,
      send: () => payload({ type: 'view_submission', user: { id: 'U1' }, team: { id: 'T1' } }),
    },
    {
      name: 'Slack: block_actions without actions',
      status: 400,
      send: () =>
        payload({ type: 'block_actions', user: { id: 'U1' }, team: { id: 'T1' }, trigger_id: 't' }),
    },
    {
      name: 'Slack: slash command without user',
      status: 400,
      send: () => {
        const c = new URLSearchParams(slashCommand({ text: 'aide' }).body);
        c.delete('user_id');
        return slack(c.toString(), form);
      },
    },

    {
      name: 'Slack: response_url not a URL',
      status: 400,
      send: () => {
        const c = new URLSearchParams(slashCommand({ text: 'aide' }).body);
        c.set('response_url', 'pas une url');
        return slack(c.toString(), form);
      },
    },
    {
      name: 'Slack: an action Concerto does not have',
      status: 400,
      send: () =>
        payload({
          type: 'block_actions',
          user: { id: 'U1' },
          team: { id: 'T1' },
          trigger_id: 't',
          actions: [{ action_id: 'inconnue', type: 'button' }],
        }),
    },
    {
      name: 'Slack: avis form whose metadata does not read back',
      status: 400,
      send: () =>
        payload({
          type: 'view_submission',
          user: { id: 'U1' },
          team: { id: 'T1' },
          view: {
            id: 'V1',
            callback_id: 'avis.submit',
            private_metadata: '{pas',
            state: { values: {} },
          },
        }),
    },

    // The tab's API (a valid SSO token).
    { name: 'tab: bad JSON', status: 400, send: () => tab('{"answers":[') },
    { name: 'tab: oversized body', status: 413, send: () => tab(big(300_000)) },
    {
      name: 'tab: badly compressed body',
      status: 400,
      send: () => tab(gzipSync('{"answers":[]}').subarray(0, 12), { 'content-encoding': 'gzip' }),
    },
    {
      name: 'tab: wrong charset',
      status: 415,
      send: () => tab('{"answers":[]}', { 'content-type': 'application/json; charset=koi8-r' }),
    },
    {
      name: 'tab: NUL in a comment',
      status: 422,
      send: () =>
        tab(
          JSON.stringify({
            answers: [{ enjeuId: 'e1', choice: 'favorable', comment: 'a\u0000b' }],
          }),
        ),
    },
    {
      name: 'tab: lone surrogate in a comment',
      status: 422,
      send: () => tab('{"answers":[{"enjeuId":"e1","choice":"favorable","comment":"a\\ud800b"}]}'),
    },

    // Admin.
    {
      name: 'admin: malformed cookie',
      status: 400,
      send: () => fetch(url('/admin/queues'), { headers: { cookie: 'concerto_admin=%E0%A4%A' } }),
    },
    {
      name: 'admin: malformed cookie with a valid token',
      status: 400,
      send: () =>
        fetch(url(`/admin/queues?token=${ADMIN_TOKEN}`), {
          headers: { cookie: 'concerto_admin=%zz' },
        }),
    },

    // Slack's OAuth callback.
    {
      name: 'OAuth: Cancel',
      status: 400,
      send: () => fetch(url('/slack/oauth_redirect?error=access_denied&state=abc')),
    },
    {
      name: 'OAuth: forged state',
      status: 400,
      send: () => fetch(url('/slack/oauth_redirect?code=abc&state=forged')),
    },
    { name: 'OAuth: nothing', status: 400, send: () => fetch(url('/slack/oauth_redirect')) },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = await h.counts();
    const linesBefore = h.lines().length;
    const res = await c.send();
    const text = await res.text();
    expect([c.name, res.status]).toEqual([c.name, c.status]);
    // A short reason, in French.
    expect(text.length).toBeGreaterThan(0);
    if (res.headers.get('content-type')?.startsWith('application/json')) {
      const body = JSON.parse(text) as { error?: unknown; message?: unknown };
      expect(typeof body.error === 'string' || typeof body.error === 'object').toBe(true);
      expect(JSON.stringify(body).length).toBeLessThan(400);
    }
    expect(await h.counts()).toEqual(before);
    const lines = h.lines().slice(linesBefore);
    expect(lines.filter((l) => Number(l.level) >= 50)).toEqual([]);
    expect(lines.filter((l) => Number(l.level) === 40)).toHaveLength(1);
  });

  it('leaves alone the cookies that are not Concerto’s, even with a bare %', async () => {
    const res = await fetch(url('/admin/queues'), { headers: { cookie: 'autre=100%; x=%E0' } });
    expect(res.status).toBe(401); // no admin token: refused as any request without one
    const ok = await fetch(url(`/admin/queues?token=${ADMIN_TOKEN}`), {
      headers: { cookie: 'autre=100%' },
    });
    expect(ok.status).toBe(200);
  });

  it('answers the OAuth Cancel and a bad code with a French page', async () => {
    const cancel = await fetch(url('/slack/oauth_redirect?error=access_denied&state=abc'));
    expect(cancel.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await cancel.text();
    expect(page).toContain('lang="fr"');
    expect(page).toMatch(/annulée/);

    // A real state and cookie, but a code Slack refuses (expired, or used twice).
    const install = await fetch(url('/slack/install'), { redirect: 'manual' });
    const state = new URL(install.headers.get('location') ?? '').searchParams.get('state') ?? '';
    const cookie = (install.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const bad = await fetch(
      url(`/slack/oauth_redirect?code=expired&state=${encodeURIComponent(state)}`),
      {
        headers: { cookie },
      },
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/expiré|invalide/);
    expect(await h.t.db.slackInstallation.count()).toBe(0);
  });
});
