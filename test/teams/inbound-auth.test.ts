import type { Express } from 'express';
import { CLI_ACTOR, NO_OUTBOX, type AppDeps } from '../../src/app/deps';
import { createInviteCode } from '../../src/app/create-invite-code';
import { createTenant } from '../../src/app/create-tenant';
import { linkIdentity } from '../../src/app/link-identity';
import { seedDemo } from '../../src/app/seed-demo';
import { registerTeamsTenant } from '../../src/app/teams-tenants';
import { mountTeamsForConcerto } from '../../src/adapters/teams/concerto-handlers';
import { createHttpApp } from '../../src/http/server';
import { createTestDb, type TestDb } from '../support/db';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { startJwks, type TestJwks } from '../support/jwks';
import {
  CLIENT_ID,
  TENANT_ID,
  baseActivity,
  captureLogger,
  listen,
  messageActivity,
  post,
  teamsConfig,
} from './helpers';

/**
 * Forged identities on /api/messages, against the real web server and Postgres: only a Bot
 * Framework token, bound to the activity's serviceUrl, from an allowed service host and a
 * registered Microsoft 365 tenant, reaches the bot. Everything else is refused before the SDK
 * runs: nothing stored, nothing sent anywhere (the attacker's "connector" records any request).
 */
const HOST = 'concerto.caf94.example';
const OTHER_TID = '99999999-0000-0000-0000-000000000000';
const PARTNER_TID = '11111111-2222-3333-4444-555555555555';
const PARIS_TID = '77777777-0000-0000-0000-000000000000';
const PILOT = { id: '29:pilot', name: 'Paul Pilote', aadObjectId: 'aad-pilot' };
const PILOT_CONV = { conversationType: 'personal', tenantId: TENANT_ID, id: 'a:pilot-chat' };

describe('Teams /api/messages: only the Bot Framework speaks for Teams', () => {
  let t: TestDb;
  let jwks: TestJwks;
  let connector: FakeConnector;
  let evil: FakeConnector;
  let server: Awaited<ReturnType<typeof listen>>;
  let deps: AppDeps;
  let tenantId: string;

  beforeAll(async () => {
    [t, jwks] = await Promise.all([createTestDb(), startJwks()]);
    // The real login endpoint serves Entra's keys too: the SDK would find them there.
    [connector, evil] = await Promise.all([
      startFakeConnector({ entraKeysUrl: jwks.keysUrl }),
      startFakeConnector(),
    ]);
    const { log } = captureLogger(process.env.TEAMS_TEST_LOG ?? 'silent');
    deps = { db: t.db, now: () => new Date(), log, outbox: NO_OUTBOX };
    tenantId = (await seedDemo(deps, { actor: CLI_ACTOR })).tenant.id;
    const config = teamsConfig({
      PUBLIC_URL: `https://${HOST}`,
      TEAMS_BOT_OPENID_METADATA_URL: jwks.openIdMetadataUrl,
      TEAMS_SERVICE_URLS: `${connector.url}/`,
      TEAMS_TAB_JWKS_URL: `${jwks.url}/common/discovery/v2.0/keys`,
      INVITE_ATTEMPTS_PER_USER: '3',
      INVITE_ATTEMPTS_PER_WORKSPACE: '5',
    });
    const app: Express = await createHttpApp({
      deps,
      log,
      redis: { ping: async () => 'PONG' },
      mount: async (expressApp) => {
        await mountTeamsForConcerto(expressApp, {
          config,
          deps,
          log,
          endpoints: { loginEndpoint: connector.url },
        });
      },
    });
    server = await listen(app);

    // A linked pilot whose conversation is a destination: what an attacker would hijack.
    const code = await createInviteCode(deps, { tenantId, role: 'pilot', actor: CLI_ACTOR });
    await linkIdentity(deps, {
      code: code.code,
      platform: 'teams',
      workspaceId: TENANT_ID,
      userId: PILOT.aadObjectId,
      displayName: PILOT.name,
      destination: {
        address: PILOT_CONV.id,
        reference: {
          channelId: 'msteams',
          serviceUrl: connector.url,
          tenantId: TENANT_ID,
          bot: { id: `28:${CLIENT_ID}` },
          conversation: { ...PILOT_CONV },
        },
      },
    });
  });

  afterAll(async () => {
    await server?.close();
    await Promise.all([connector?.close(), evil?.close(), jwks?.close()]);
    await t?.drop();
  });

  beforeEach(() => {
    connector.reset();
    evil.reset();
  });

  /** Everything an activity could change. */
  const snapshot = async () => ({
    members: await t.db.member.count(),
    identities: await t.db.platformIdentity.count(),
    destinations: await t.db.destination.findMany({ orderBy: { id: 'asc' } }),
    codesUsed: await t.db.inviteCode.count({ where: { usedAt: { not: null } } }),
    audit: await t.db.auditEvent.count(),
    avis: await t.db.avis.count(),
  });

  const bf = (serviceUrl: string, over: Partial<Parameters<TestJwks['botToken']>[0]> = {}) =>
    jwks.botToken({ audience: CLIENT_ID, serviceUrl, ...over });
  const entra = (tid: string, issuer: string, audience = CLIENT_ID) =>
    jwks.ssoToken({ audience, tenantId: tid, oid: PILOT.aadObjectId, issuer });

  /** Three things an attacker wants: the pilot's data, a code spent, the pilot's conversation moved. */
  const attacks = async (
    serviceUrl: string,
    tenant: string,
    token: string,
    code: string,
    conversationTenant = tenant,
  ) => {
    const over = {
      from: PILOT,
      conversation: { ...PILOT_CONV, tenantId: conversationTenant },
      channelData: { tenant: { id: tenant } },
    };
    return Promise.all([
      post(server.url, messageActivity(serviceUrl, 'statut', over), token),
      post(server.url, messageActivity(serviceUrl, `rejoindre ${code}`, over), token),
      post(
        server.url,
        baseActivity(serviceUrl, { type: 'installationUpdate', action: 'add', ...over }),
        token,
      ),
    ]);
  };

  it('accepts a Bot Framework token bound to the activity, and answers through its serviceUrl', async () => {
    const res = await post(
      server.url,
      messageActivity(connector.url, 'aide', { from: PILOT, conversation: PILOT_CONV }),
      bf(connector.url),
    );
    expect(res.status).toBe(200);
    expect(connector.calls).toHaveLength(1);
    expect(connector.calls[0]!.body.text).toContain('Concerto');
    expect(evil.calls).toHaveLength(0);
  });

  const variants: [
    string,
    number,
    () => { serviceUrl: string; tenant: string; token: string; conversationTenant?: string },
  ][] = [
    [
      'an Entra token from another tenant',
      401,
      () => ({
        serviceUrl: evil.url,
        tenant: TENANT_ID,
        token: entra(OTHER_TID, `https://sts.windows.net/${OTHER_TID}/`),
      }),
    ],
    [
      "an Entra token from the Caf's tenant with the app id as audience",
      401,
      () => ({
        serviceUrl: evil.url,
        tenant: TENANT_ID,
        token: entra(TENANT_ID, `https://sts.windows.net/${TENANT_ID}/`),
      }),
    ],
    [
      "the tab's own SSO token (v2)",
      401,
      () => ({
        serviceUrl: evil.url,
        tenant: TENANT_ID,
        token: entra(TENANT_ID, `https://login.microsoftonline.com/${TENANT_ID}/v2.0`),
      }),
    ],
    [
      "the tab's own SSO token (v1, application ID URI)",
      401,
      () => ({
        serviceUrl: evil.url,
        tenant: TENANT_ID,
        token: entra(
          TENANT_ID,
          `https://sts.windows.net/${TENANT_ID}/`,
          `api://${HOST}/${CLIENT_ID}`,
        ),
      }),
    ],
    [
      'a Bot Framework token whose serviceurl is not the activity’s',
      401,
      () => ({ serviceUrl: evil.url, tenant: TENANT_ID, token: bf(connector.url) }),
    ],
    [
      'a Bot Framework token for a serviceUrl outside the allow-list',
      403,
      () => ({ serviceUrl: evil.url, tenant: TENANT_ID, token: bf(evil.url) }),
    ],
    [
      'an activity from a tenant registered for no Caf',
      403,
      () => ({ serviceUrl: connector.url, tenant: OTHER_TID, token: bf(connector.url) }),
    ],
    [
      'an activity whose conversation names another tenant than its channel data',
      403,
      () => ({
        serviceUrl: connector.url,
        tenant: TENANT_ID,
        conversationTenant: OTHER_TID,
        token: bf(connector.url),
      }),
    ],
    [
      'a token from another issuer',
      401,
      () => ({
        serviceUrl: connector.url,
        tenant: TENANT_ID,
        token: bf(connector.url, { issuer: 'https://evil.example' }),
      }),
    ],
    [
      'an expired token',
      401,
      () => ({
        serviceUrl: connector.url,
        tenant: TENANT_ID,
        token: bf(connector.url, { expiresIn: -3600 }),
      }),
    ],
    [
      'a token signed with a key the Bot Framework does not publish',
      401,
      () => ({
        serviceUrl: connector.url,
        tenant: TENANT_ID,
        token: bf(connector.url, { forged: true }),
      }),
    ],
  ];

  it.each(variants)('refuses %s with %i, changing nothing', async (_label, status, make) => {
    const { code } = await createInviteCode(deps, {
      tenantId,
      organisationCode: 'CD94',
      role: 'partner',
      actor: CLI_ACTOR,
    });
    const before = await snapshot();
    const v = make();
    const results = await attacks(v.serviceUrl, v.tenant, v.token, code, v.conversationTenant);
    expect(results.map((r) => r.status)).toEqual([status, status, status]);
    expect(await snapshot()).toEqual(before);
    expect(evil.calls).toHaveLength(0);
    expect(connector.calls).toHaveLength(0);
  });

  it('never stores a serviceUrl outside the allow-list through a conversation update', async () => {
    const before = await snapshot();
    const res = await post(
      server.url,
      baseActivity(evil.url, {
        type: 'conversationUpdate',
        from: PILOT,
        conversation: PILOT_CONV,
        membersAdded: [{ id: `28:${CLIENT_ID}` }],
        recipient: { id: `28:${CLIENT_ID}`, name: 'Concerto' },
      }),
      bf(evil.url),
    );
    expect(res.status).toBe(403);
    expect(await snapshot()).toEqual(before);
    const destination = before.destinations.find((d) => d.address === PILOT_CONV.id);
    expect(destination?.reference).toMatchObject({ serviceUrl: connector.url });
  });

  describe('invitation codes', () => {
    const user = (n: number) => ({
      id: `29:guess-${n}`,
      name: `Devin ${n}`,
      aadObjectId: `aad-guess-${n}`,
    });
    const conv = (n: number) => ({
      conversationType: 'personal',
      tenantId: TENANT_ID,
      id: `a:guess-${n}`,
    });
    const say = async (n: number, text: string, locale = 'fr-FR') => {
      const before = connector.calls.length;
      const res = await post(
        server.url,
        messageActivity(connector.url, text, { from: user(n), conversation: conv(n), locale }),
        bf(connector.url),
      );
      expect(res.status).toBe(200);
      return connector.calls.slice(before).map((c) => String(c.body.text))[0] ?? '';
    };
    const partnerCode = async () =>
      (
        await createInviteCode(deps, {
          tenantId,
          organisationCode: 'DDCS94',
          role: 'partner',
          actor: CLI_ACTOR,
        })
      ).code;

    it('throttles guesses per user, then per tenant, with a clear message in the user’s language', async () => {
      // Three wrong codes: each told so.
      for (const guess of ['AAAA-BBBB-CCCC', 'AAAA-BBBB-CCCD', 'AAAA-BBBB-CCCE'])
        expect(await say(1, `rejoindre ${guess}`)).toContain('Ce code est inconnu');
      // The fourth, even a good one, is refused without being looked at, and stays unspent.
      const good = await partnerCode();
      expect(await say(1, `rejoindre ${good}`)).toMatch(
        /^Trop de codes d'invitation essayés\. Réessayez dans 15 minutes/,
      );
      expect(
        await t.db.inviteCode.count({ where: { usedAt: null, organisation: { code: 'DDCS94' } } }),
      ).toBeGreaterThan(0);
      expect(await t.db.platformIdentity.count({ where: { userId: 'aad-guess-1' } })).toBe(0);

      // Another user of the tenant still may: their good code links them.
      expect(await say(2, `rejoindre ${good}`)).toContain('Compte relié');
      // The tenant has five attempts that failed or were refused… (3 of user 1, then user 3's)
      expect(await say(3, 'rejoindre ZZZZ-ZZZZ-ZZZ1', 'en-US')).toContain('This code is unknown');
      expect(await say(3, 'rejoindre ZZZZ-ZZZZ-ZZZ2', 'en-US')).toContain('This code is unknown');
      // …so a sixth, from anyone in it, is throttled; in English for an English-speaking user.
      expect(await say(4, `rejoindre ${await partnerCode()}`, 'en-US')).toMatch(
        /^Too many invitation codes tried\./,
      );
      expect(await t.db.platformIdentity.count({ where: { userId: 'aad-guess-4' } })).toBe(0);
    });
  });

  describe('Microsoft 365 tenants registered per Caf', () => {
    it('lets a partner tenant registered for the Caf link with its code, refuses a tenant of another Caf', async () => {
      // Once a Caf registers tenants, TEAMS_TENANT_ID no longer stands for it: register it too.
      await registerTeamsTenant(deps, { tenantId, entraTenantId: TENANT_ID, actor: CLI_ACTOR });
      await registerTeamsTenant(deps, {
        tenantId,
        entraTenantId: PARTNER_TID,
        label: 'CD 94',
        actor: CLI_ACTOR,
      });
      const paris = await createTenant(deps, {
        code: '75',
        name: 'Caf de Paris',
        actor: CLI_ACTOR,
      });
      await registerTeamsTenant(deps, {
        tenantId: paris.tenant.id,
        entraTenantId: PARIS_TID,
        actor: CLI_ACTOR,
      });

      const speak = (tid: string, who: string, text: string) =>
        post(
          server.url,
          messageActivity(connector.url, text, {
            from: { id: `29:${who}`, name: who, aadObjectId: `aad-${who}` },
            conversation: { conversationType: 'personal', tenantId: tid, id: `a:${who}` },
            channelData: { tenant: { id: tid } },
          }),
          bf(connector.url),
        );
      const code = async () =>
        (
          await createInviteCode(deps, {
            tenantId,
            organisationCode: 'CD94',
            role: 'partner',
            actor: CLI_ACTOR,
          })
        ).code;

      // A Paris user (their tenant is known, so the door opens) cannot use a Val-de-Marne code.
      const forParis = await code();
      const spentBefore = await t.db.inviteCode.count({ where: { usedAt: { not: null } } });
      connector.reset();
      expect((await speak(PARIS_TID, 'parisien', `rejoindre ${forParis}`)).status).toBe(200);
      expect(String(connector.calls[0]?.body.text)).toContain(
        "n'est pas enregistrée auprès de cette Caf",
      );
      expect(await t.db.inviteCode.count({ where: { usedAt: { not: null } } })).toBe(spentBefore);
      expect(await t.db.platformIdentity.count({ where: { workspaceId: PARIS_TID } })).toBe(0);

      // The CD 94's own tenant can.
      connector.reset();
      expect((await speak(PARTNER_TID, 'cd94', `rejoindre ${await code()}`)).status).toBe(200);
      expect(String(connector.calls[0]?.body.text)).toContain('Compte relié');

      // The pilot (TEAMS_TENANT_ID, registered) still works; an unregistered tenant is refused.
      connector.reset();
      expect((await speak(TENANT_ID, 'pilot', 'aide')).status).toBe(200);
      expect((await speak(OTHER_TID, 'other', 'aide')).status).toBe(403);

      // The tab follows the same registry: a registered partner tenant gets in, another is refused.
      const me = (tid: string, who: string) =>
        fetch(`${server.url}/tab/api/me`, {
          headers: {
            authorization: `Bearer ${jwks.ssoToken({ audience: `api://${HOST}/${CLIENT_ID}`, tenantId: tid, oid: `aad-${who}` })}`,
          },
        });
      expect((await me(PARTNER_TID, 'cd94')).status).toBe(200);
      expect((await me(OTHER_TID, 'other')).status).toBe(401);
    });
  });
});
