import { randomUUID } from 'node:crypto';
import express from 'express';
import { mountTeams } from '../../src/adapters/teams/app';
import { mountTab, type TabHandlers } from '../../src/adapters/teams/tab/router';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { startJwks, type TestJwks } from '../support/jwks';
import {
  CLIENT_ID,
  TENANT_ID,
  captureLogger,
  listen,
  messageActivity,
  post,
  stubHandlers,
  teamsConfig,
} from './helpers';

/**
 * A flood of tokens naming random key ids, on the bot and on the tab: it must neither lock
 * valid users out nor make one outbound key fetch per forged id. The local JWKS server counts
 * its fetches.
 */
const HOST = 'concerto.caf94.example';
const FLOOD = 50;

describe('signing keys under a flood of unknown kids', () => {
  let jwks: TestJwks;
  let connector: FakeConnector;
  let server: Awaited<ReturnType<typeof listen>>;
  const tabCalls: string[] = [];

  const tabHandlers: TabHandlers = {
    async me(user) {
      tabCalls.push(user.aadObjectId);
      return { name: user.name };
    },
    async round() {
      return {};
    },
    async survey() {
      return {};
    },
    async exportFile() {
      throw new Error('not in this test');
    },
    async submitAvis() {
      return {};
    },
    async results() {
      return {};
    },
    async followups() {
      return {};
    },
    async recordFollowup() {
      return {};
    },
  };

  beforeAll(async () => {
    [jwks, connector] = await Promise.all([startJwks(), startFakeConnector()]);
    const config = teamsConfig({
      PUBLIC_URL: `https://${HOST}`,
      TEAMS_BOT_OPENID_METADATA_URL: jwks.openIdMetadataUrl,
      TEAMS_SERVICE_URLS: `${connector.url}/`,
      TEAMS_TAB_JWKS_URL: `${jwks.url}/common/discovery/v2.0/keys`,
    });
    const log = captureLogger(process.env.TEAMS_TEST_LOG ?? 'silent').log;
    const app = express();
    await mountTeams(app, {
      config,
      log,
      handlers: stubHandlers().handlers,
      endpoints: { loginEndpoint: connector.url },
    });
    mountTab(app, { config, log, handlers: tabHandlers });
    server = await listen(app);
  });

  afterAll(async () => {
    await server.close();
    await connector.close();
    await jwks.close();
  });

  it('bot: refuses random kids with at most one key fetch, and a valid token still works', async () => {
    const before = jwks.keyFetches();
    const activity = () => messageActivity(connector.url, 'aide');
    const flood = await Promise.all(
      Array.from({ length: FLOOD }, () =>
        post(
          server.url,
          activity(),
          jwks.botToken({ audience: CLIENT_ID, serviceUrl: connector.url, kid: randomUUID() }),
        ),
      ),
    );
    expect(flood.every((r) => r.status === 401)).toBe(true);
    // One fetch for the first unknown kid; the others wait for it or are refused outright.
    expect(jwks.keyFetches() - before).toBeLessThanOrEqual(1);

    const ok = await post(
      server.url,
      activity(),
      jwks.botToken({ audience: CLIENT_ID, serviceUrl: connector.url }),
    );
    expect(ok.status).toBe(200);
    expect(connector.calls).toHaveLength(1);

    // A second wave, right after: no fetch at all (the SDK's own check, behind ours, fetched
    // once for the valid token).
    const mid = jwks.keyFetches();
    await Promise.all(
      Array.from({ length: FLOOD }, () =>
        post(
          server.url,
          activity(),
          jwks.botToken({ audience: CLIENT_ID, serviceUrl: connector.url, kid: randomUUID() }),
        ),
      ),
    );
    expect(jwks.keyFetches()).toBe(mid);
    expect(jwks.keyFetches() - before).toBeLessThanOrEqual(2);
  });

  it('tab: refuses random kids with at most one key fetch, and a valid user still gets in', async () => {
    const before = jwks.keyFetches();
    const sso = (kid?: string) =>
      jwks.ssoToken({
        audience: `api://${HOST}/${CLIENT_ID}`,
        tenantId: TENANT_ID,
        oid: 'aad-marie',
        ...(kid ? { kid } : {}),
      });
    const me = (token: string) =>
      fetch(`${server.url}/tab/api/me`, { headers: { authorization: `Bearer ${token}` } });
    const flood = await Promise.all(Array.from({ length: FLOOD }, () => me(sso(randomUUID()))));
    expect(flood.every((r) => r.status === 401)).toBe(true);
    expect(jwks.keyFetches() - before).toBeLessThanOrEqual(1);

    const ok = await me(sso());
    expect(ok.status).toBe(200);
    expect(tabCalls).toEqual(['aad-marie']);
    expect(jwks.keyFetches() - before).toBeLessThanOrEqual(1);
  });
});
