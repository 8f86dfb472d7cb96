import type { Express } from 'express';
import { CLI_ACTOR, NO_OUTBOX, type AppDeps } from '../../src/app/deps';
import { seedDemo } from '../../src/app/seed-demo';
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
  executeActivity,
  listen,
  messageActivity,
} from './helpers';
import { teamsConfig } from './helpers';

/**
 * Seeded, bounded fuzzing of /api/messages and /tab/api with correctly signed requests whose
 * bodies are mutated: no 5xx, the server keeps answering, nothing stored. The seed is printed on
 * failure (FUZZ_SEED=… reruns one).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
const CASES = 250;
const HOST = 'concerto.caf94.example';

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe(`fuzzing the Teams endpoints (seed ${SEED})`, () => {
  let t: TestDb;
  let jwks: TestJwks;
  let connector: FakeConnector;
  let server: Awaited<ReturnType<typeof listen>>;
  let deps: AppDeps;
  const random = prng(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

  beforeAll(async () => {
    [t, jwks, connector] = await Promise.all([createTestDb(), startJwks(), startFakeConnector()]);
    const { log } = captureLogger(process.env.TEAMS_TEST_LOG ?? 'silent');
    deps = { db: t.db, now: () => new Date(), log, outbox: NO_OUTBOX };
    await seedDemo(deps, { actor: CLI_ACTOR });
    const config = teamsConfig({
      PUBLIC_URL: `https://${HOST}`,
      TEAMS_BOT_OPENID_METADATA_URL: jwks.openIdMetadataUrl,
      TEAMS_SERVICE_URLS: `${connector.url}/`,
      TEAMS_TAB_JWKS_URL: `${jwks.url}/common/discovery/v2.0/keys`,
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
  });

  afterAll(async () => {
    await server?.close();
    await Promise.all([connector?.close(), jwks?.close()]);
    await t?.drop();
  });

  const snapshot = async () => ({
    members: await t.db.member.count(),
    identities: await t.db.platformIdentity.count(),
    destinations: await t.db.destination.count(),
    codesUsed: await t.db.inviteCode.count({ where: { usedAt: { not: null } } }),
    avis: await t.db.avis.count(),
    rounds: await t.db.round.count(),
  });

  const weird = (): unknown =>
    pick([
      null,
      0,
      -1,
      1e308,
      true,
      '',
      ' ',
      'x'.repeat(5000),
      'a\u0000b',
      '\ud800',
      '<at>Concerto</at>',
      '../../etc/passwd',
      [],
      [1, 'a'],
      {},
      { nested: { deeper: [null] } },
      'https://evil.example/',
      TENANT_ID,
    ]);

  /** A random path into an object, then a weird value there (or the key deleted). */
  function mutate(o: Record<string, unknown>): void {
    let node: Record<string, unknown> = o;
    for (let depth = 0; depth < 3; depth++) {
      const keys = Object.keys(node);
      if (keys.length === 0) break;
      const key = pick(keys);
      const child = node[key];
      if (child && typeof child === 'object' && !Array.isArray(child) && random() < 0.6) {
        node = child as Record<string, unknown>;
        continue;
      }
      if (random() < 0.25) delete node[key];
      else node[key] = weird();
      return;
    }
    node[pick(['text', 'value', 'type', 'name', 'extra'])] = weird();
  }

  const templates = () => {
    const stranger = { id: '29:stranger', name: 'Inconnu', aadObjectId: 'aad-stranger' };
    return [
      messageActivity(
        connector.url,
        pick(['aide', 'statut', 'consultations', 'lancer', 'clore 1', 'exporter']),
        {
          from: stranger,
        },
      ),
      executeActivity(
        connector.url,
        pick(['avis.submit', 'avis.refresh', 'round.launch', 'x']),
        {
          roundId: pick(['00000000-0000-0000-0000-000000000000', 'r1', '']),
          avis_e1: 'favorable',
        },
        { from: stranger },
      ),
      baseActivity(connector.url, { type: 'installationUpdate', action: 'add', from: stranger }),
      baseActivity(connector.url, {
        type: 'conversationUpdate',
        from: stranger,
        membersAdded: [{ id: `28:${CLIENT_ID}` }],
      }),
    ];
  };

  it('never answers /api/messages with a 5xx, and stores nothing', async () => {
    const before = await snapshot();
    const statuses = new Map<number, number>();
    for (let i = 0; i < CASES; i++) {
      const activity = structuredClone(pick(templates())) as Record<string, unknown>;
      const mutations = 1 + Math.floor(random() * 3);
      for (let m = 0; m < mutations; m++) mutate(activity);
      // Signed for the serviceUrl it names when it names one (the token is as Teams would sign).
      const serviceUrl =
        typeof activity.serviceUrl === 'string' ? activity.serviceUrl : connector.url;
      const token = jwks.botToken({ audience: CLIENT_ID, serviceUrl });
      const res = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(activity),
      });
      await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500)
        throw new Error(
          `case ${i} (seed ${SEED}): ${res.status} for ${JSON.stringify(activity).slice(0, 500)}`,
        );
    }
    expect(await snapshot()).toEqual(before);
    // The fuzzing reached the bot, not only the door.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
  });

  it('never answers /tab/api with a 5xx, and stores nothing', async () => {
    const before = await snapshot();
    const token = jwks.ssoToken({
      audience: `api://${HOST}/${CLIENT_ID}`,
      tenantId: TENANT_ID,
      oid: 'aad-stranger',
    });
    const round = pick(['00000000-0000-0000-0000-000000000000', 'r1', '%00', '%F0']);
    for (let i = 0; i < 60; i++) {
      // An avis or a follow-up (« suites données aux avis »), each mutated.
      const followup = random() < 0.5;
      const body: Record<string, unknown> = followup
        ? { organisation: 'CS1', enjeu: 1, reponse: 'retenue', justification: 'Repris.' }
        : { answers: [{ enjeuId: 'e1', choice: 'favorable', comment: 'ok' }] };
      mutate(body);
      const post = random() < 0.5;
      const path = post
        ? `/tab/api/rounds/${round}/${followup ? 'followups' : 'avis'}`
        : pick([
            '/tab/api/me',
            `/tab/api/rounds/${round}`,
            `/tab/api/rounds/${round}/results`,
            `/tab/api/rounds/${round}/followups`,
          ]);
      const res = await fetch(`${server.url}${path}`, {
        method: post ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        ...(post ? { body: JSON.stringify(body) } : {}),
      });
      await res.text();
      if (res.status >= 500)
        throw new Error(
          `case ${i} (seed ${SEED}): ${res.status} for ${path} ${JSON.stringify(body).slice(0, 300)}`,
        );
    }
    expect(await snapshot()).toEqual(before);
  });
});
