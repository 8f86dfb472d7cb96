import express from 'express';

import { mountTeams } from '../../src/adapters/teams/app';
import { DomainError, ValidationErrors } from '../../src/domain/errors';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { startJwks, type TestJwks } from '../support/jwks';
import {
  CLIENT_ID,
  TENANT_ID,
  avisModel,
  baseActivity,
  captureLogger,
  executeActivity,
  listen,
  messageActivity,
  post,
  stubHandlers,
  teamsConfig,
} from './helpers';

/** Bot Framework activities in their wire format, signed as Teams signs them, to the real server. */
describe('Teams bot on /api/messages', () => {
  let jwks: TestJwks;
  let connector: FakeConnector;
  let server: Awaited<ReturnType<typeof listen>>;
  let stub: ReturnType<typeof stubHandlers>;

  beforeAll(async () => {
    jwks = await startJwks();
    connector = await startFakeConnector();
    stub = stubHandlers();
    const app = express();
    app.get('/health', (_req, res) => {
      res.send('ok');
    });
    const mounted = await mountTeams(app, {
      // The Bot Framework's metadata and the allowed service host are settings: the local
      // signer and the fake connector stand in for Microsoft's.
      config: teamsConfig({
        TEAMS_BOT_OPENID_METADATA_URL: jwks.openIdMetadataUrl,
        TEAMS_SERVICE_URLS: `${connector.url}/`,
      }),
      log: captureLogger(process.env.TEAMS_TEST_LOG ?? 'silent').log,
      handlers: stub.handlers,
      endpoints: { loginEndpoint: connector.url },
    });
    expect(mounted).toBeDefined();
    server = await listen(app);
  });

  afterAll(async () => {
    await server.close();
    await connector.close();
    await jwks.close();
  });

  beforeEach(() => {
    connector.reset();
    for (const list of Object.values(stub.recorded)) (list as unknown[]).length = 0;
  });

  const token = (over: Partial<Parameters<TestJwks['botToken']>[0]> = {}) =>
    jwks.botToken({ audience: CLIENT_ID, serviceUrl: connector.url, ...over });

  it('runs a signed text command and replies through the connector with the bot token', async () => {
    connector.requireAuth(true);
    const res = await post(
      server.url,
      messageActivity(connector.url, 'rejoindre  ABC-123'),
      token(),
    );
    expect(res.status).toBe(200);
    expect(stub.recorded.commands).toHaveLength(1);
    const { command, turn } = stub.recorded.commands[0]!;
    expect(command).toMatchObject({ name: 'rejoindre', args: ['ABC-123'] });
    expect(turn.user).toEqual({
      tenantId: TENANT_ID,
      aadObjectId: 'aad-marie',
      botUserId: '29:1user-bot-id',
      name: 'Marie Dupont',
    });
    expect(turn.conversation).toMatchObject({
      serviceUrl: connector.url,
      conversation: { id: 'a:1personal-conversation', conversationType: 'personal' },
    });
    // The reply went to the fake connector, authenticated with a client-credentials token.
    expect(connector.tokenRequests[0]?.form).toMatchObject({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
    });
    expect(connector.calls).toHaveLength(1);
    expect(connector.calls[0]).toMatchObject({
      kind: 'send',
      conversationId: 'a:1personal-conversation',
      authorization: `Bearer ${connector.accessToken}`,
    });
    expect(connector.calls[0]!.body).toMatchObject({ type: 'message', text: 'ok rejoindre' });
  });

  it('understands accents, slashes and unknown words', async () => {
    await post(server.url, messageActivity(connector.url, '/Agréments'), token());
    await post(server.url, messageActivity(connector.url, 'bonjour'), token());
    expect(stub.recorded.commands.map((c) => c.command.name)).toEqual(['agrements', 'aide']);
    expect(stub.recorded.commands[1]!.command.unknown).toBe('bonjour');
  });

  it('takes « help » for « aide », not for an unknown command', async () => {
    await post(server.url, messageActivity(connector.url, 'help', { locale: 'en-US' }), token());
    expect(stub.recorded.commands.map((c) => c.command)).toEqual([
      { name: 'aide', args: [], text: 'help' },
    ]);
    expect(stub.recorded.commands[0]!.turn.locale).toBe('en-US');
  });

  it('answers an unexpected error in English to an en-* locale, in French otherwise', async () => {
    const original = stub.handlers.onCommand;
    stub.handlers.onCommand = async () => {
      throw new Error('boom');
    };
    try {
      for (const locale of ['en-US', 'fr-FR', undefined])
        await post(server.url, messageActivity(connector.url, 'statut', { locale }), token());
      const texts = connector.calls.map((c) => String((c.body as { text?: string }).text));
      expect(texts[0]).toMatch(/^Something went wrong\. Reference to give the Caf: \w{8}\.$/);
      expect(texts[1]).toMatch(/^Une erreur est survenue\. Référence à transmettre : \w{8}\.$/);
      expect(texts[2]).toMatch(/^Une erreur est survenue\./);
    } finally {
      stub.handlers.onCommand = original;
    }
  });

  it.each([
    ['no token', () => undefined],
    ['a token signed with another key', () => token({ forged: true })],
    ['a token for another audience', () => token({ audience: 'someone-else' })],
    ['a token from another issuer', () => token({ issuer: 'https://evil.example' })],
    ['an expired token', () => token({ expiresIn: -3600 })],
    ['a token for another service URL', () => token({ serviceUrl: 'https://smba.example/other' })],
  ])('answers 401 to %s and runs nothing', async (_label, make) => {
    const res = await post(server.url, messageActivity(connector.url, 'statut'), make());
    expect(res.status).toBe(401);
    expect(stub.recorded.commands).toHaveLength(0);
    expect(connector.calls).toHaveLength(0);
  });

  it('answers a domain error privately with its French message', async () => {
    const original = stub.handlers.onCommand;
    stub.handlers.onCommand = async () => {
      throw new DomainError('INVITE_CODE_UNKNOWN');
    };
    try {
      const res = await post(server.url, messageActivity(connector.url, 'rejoindre NOPE'), token());
      expect(res.status).toBe(200);
      expect(connector.calls[0]!.body).toMatchObject({
        text: 'Ce code est inconnu. Vérifiez-le ou demandez-en un nouveau à la Caf.',
      });
    } finally {
      stub.handlers.onCommand = original;
    }
  });

  it('answers Action.Execute avis.submit with the refreshed card, identity from the activity only', async () => {
    const res = await post(
      server.url,
      executeActivity(connector.url, 'avis.submit', {
        roundId: 'round-1',
        avis_e1: 'defavorable',
        comment_e1: 'Pas assez de moyens [voir](http://evil.example)',
        avis_e2: 'favorable',
        comment_e2: '',
        // A forged card naming another organisation and user: must be ignored.
        organisationId: 'org-other',
        aadObjectId: 'aad-mallory',
      }),
      token(),
    );
    expect(res.status).toBe(200);
    const body = res.body as { statusCode: number; type: string; value: Record<string, unknown> };
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(body.value).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(body.value.refresh).toMatchObject({
      action: { type: 'Action.Execute', verb: 'avis.refresh', data: { roundId: 'round-1' } },
    });

    expect(stub.recorded.submissions).toHaveLength(1);
    const { submission, turn } = stub.recorded.submissions[0]!;
    expect(submission).toEqual({
      roundId: 'round-1',
      answers: [
        {
          enjeuId: 'e1',
          choice: 'defavorable',
          comment: 'Pas assez de moyens [voir](http://evil.example)',
        },
        { enjeuId: 'e2', choice: 'favorable' },
      ],
    });
    expect(turn.user.aadObjectId).toBe('aad-marie');
    expect(turn.user.tenantId).toBe(TENANT_ID);
    const json = JSON.stringify(body.value);
    expect(json).toContain('Avis enregistré.');
    // The comment is pre-filled as an input value (never rendered as Markdown).
    expect(JSON.stringify(body.value.body)).toContain(
      '"value":"Pas assez de moyens [voir](http://evil.example)"',
    );
  });

  it('shows a refused avis on the card, next to the enjeu, keeping what was typed', async () => {
    const original = stub.handlers.onAvisSubmit;
    stub.handlers.onAvisSubmit = async () => {
      throw new ValidationErrors([
        new DomainError('AVIS_REASON_MISSING', { title: 'Pilotage' }, 'enjeux.e1.comment'),
      ]);
    };
    try {
      const res = await post(
        server.url,
        executeActivity(connector.url, 'avis.submit', {
          roundId: 'round-1',
          avis_e1: 'defavorable',
        }),
        token(),
      );
      const card = (res.body as { value: { body: Record<string, unknown>[] } }).value;
      const enjeu1 = card.body.find((b) => JSON.stringify(b).includes('avis_e1')) as {
        items: Record<string, unknown>[];
      };
      const choice = enjeu1.items.find((i) => i.id === 'avis_e1');
      expect(choice?.value).toBe('defavorable');
      const error = enjeu1.items.find((i) => i.color === 'Attention');
      expect(error?.text).toBe(
        'Enjeu « Pilotage » : un avis défavorable doit être motivé. Indiquez la raison en commentaire.',
      );
    } finally {
      stub.handlers.onAvisSubmit = original;
    }
  });

  it('refuses a vote after the deadline with a card-level error', async () => {
    const original = stub.handlers.onAvisSubmit;
    stub.handlers.onAvisSubmit = async () => {
      throw new DomainError('ROUND_DEADLINE_PASSED');
    };
    const originalCard = stub.handlers.onAvisCard;
    stub.handlers.onAvisCard = async (roundId) =>
      avisModel({ roundId, readOnly: true, current: { e1: { choice: 'favorable' } } });
    try {
      const res = await post(
        server.url,
        executeActivity(connector.url, 'avis.submit', {
          roundId: 'round-1',
          avis_e1: 'abstention',
        }),
        token(),
      );
      const card = (res.body as { value: { body: Record<string, unknown>[]; actions?: unknown[] } })
        .value;
      expect(
        card.body.some(
          (b) =>
            b.color === 'Attention' &&
            String(b.text).startsWith('La date limite de cette consultation est passée'),
        ),
      ).toBe(true);
      expect(card.actions).toBeUndefined();
      expect(JSON.stringify(card)).not.toContain('"id":"avis_e1"');
    } finally {
      stub.handlers.onAvisSubmit = original;
      stub.handlers.onAvisCard = originalCard;
    }
  });

  it('serves the refresh verb and rejects a card without round', async () => {
    const ok = await post(
      server.url,
      executeActivity(connector.url, 'avis.refresh', { roundId: 'round-9' }),
      token(),
    );
    expect((ok.body as { type: string }).type).toBe('application/vnd.microsoft.card.adaptive');
    expect(stub.recorded.cards.map((c) => c.roundId)).toEqual(['round-9']);
    const bad = await post(
      server.url,
      executeActivity(connector.url, 'avis.submit', { avis_e1: 'favorable' }),
      token(),
    );
    expect(bad.body).toMatchObject({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
    });
    expect(stub.recorded.submissions).toHaveLength(0);
  });

  it('passes the launch form to onLaunchSubmit', async () => {
    const res = await post(
      server.url,
      executeActivity(connector.url, 'round.launch', {
        draftVersionId: 'dv-2',
        organisationIds: 'o1,o2',
        organisationKinds: 'commune, evs',
        deadlineDate: '2025-03-14',
        deadlineTime: '18:00',
        silenceVautFavorable: 'true',
        resultsVisibleDuringRound: 'false',
      }),
      token(),
    );
    expect(res.body).toMatchObject({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'Consultation lancée.',
    });
    expect(stub.recorded.launches[0]!.submission).toEqual({
      draftVersionId: 'dv-2',
      organisationIds: ['o1', 'o2'],
      organisationKinds: ['commune', 'evs'],
      deadlineDate: '2025-03-14',
      deadlineTime: '18:00',
      silenceVautFavorable: true,
      resultsVisibleDuringRound: false,
    });
  });

  it('hands the conversation reference over when installed in a team', async () => {
    const res = await post(
      server.url,
      baseActivity(connector.url, {
        type: 'installationUpdate',
        action: 'add',
        conversation: {
          conversationType: 'channel',
          tenantId: TENANT_ID,
          id: '19:general@thread.tacv2',
          isGroup: true,
        },
        channelData: {
          tenant: { id: TENANT_ID },
          team: { id: '19:general@thread.tacv2', name: 'Partenaires AVS' },
          channel: { id: '19:general@thread.tacv2', name: 'Général' },
          source: { name: 'message' },
        },
      }),
      token(),
    );
    expect(res.status).toBe(200);
    expect(stub.recorded.installs).toHaveLength(1);
    expect(stub.recorded.installs[0]!.reference).toMatchObject({
      channelId: 'msteams',
      serviceUrl: connector.url,
      tenantId: TENANT_ID,
      bot: { id: `28:${CLIENT_ID}` },
      conversation: { id: '19:general@thread.tacv2', conversationType: 'channel' },
      team: { id: '19:general@thread.tacv2', name: 'Partenaires AVS' },
    });
  });

  it('treats conversationUpdate adding the bot to a group chat as an install, and ignores other members', async () => {
    const group = {
      conversationType: 'groupChat',
      tenantId: TENANT_ID,
      id: '19:group@thread.v2',
      isGroup: true,
    };
    await post(
      server.url,
      baseActivity(connector.url, {
        type: 'conversationUpdate',
        conversation: group,
        membersAdded: [{ id: '29:someone' }],
      }),
      token(),
    );
    expect(stub.recorded.installs).toHaveLength(0);
    await post(
      server.url,
      baseActivity(connector.url, {
        type: 'conversationUpdate',
        conversation: group,
        membersAdded: [{ id: `28:${CLIENT_ID}` }],
      }),
      token(),
    );
    expect(stub.recorded.installs).toHaveLength(1);
    expect(stub.recorded.installs[0]!.reference.conversation).toMatchObject({
      id: '19:group@thread.v2',
      conversationType: 'groupChat',
    });
  });
});

describe('mountTeams configuration', () => {
  it('is not mounted without Teams settings, with one log line', async () => {
    const { log, lines } = captureLogger();
    const app = express();
    const mounted = await mountTeams(app, {
      config: teamsConfig({ TEAMS_CLIENT_ID: '', TEAMS_CLIENT_SECRET: '', TEAMS_TENANT_ID: '' }),
      log,
      handlers: stubHandlers().handlers,
    });
    expect(mounted).toBeUndefined();
    expect(lines().map((l) => l.msg)).toEqual(['Teams désactivé']);
    const server = await listen(app);
    try {
      const res = await post(server.url, { type: 'message' });
      expect(res.status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('refuses local mode in production', async () => {
    const config = {
      ...teamsConfig({ TEAMS_LOCAL_MODE: 'true' }),
      NODE_ENV: 'production' as const,
    };
    await expect(
      mountTeams(express(), {
        config,
        log: captureLogger('silent').log,
        handlers: stubHandlers().handlers,
      }),
    ).rejects.toThrow(/interdit en production/);
  });

  it('accepts unauthenticated activities in local mode (Agents Playground)', async () => {
    const connector = await startFakeConnector();
    const stub = stubHandlers();
    const app = express();
    await mountTeams(app, {
      config: teamsConfig({
        TEAMS_CLIENT_ID: '',
        TEAMS_CLIENT_SECRET: '',
        TEAMS_TENANT_ID: '',
        TEAMS_LOCAL_MODE: 'true',
      }),
      log: captureLogger('silent').log,
      handlers: stub.handlers,
    });
    const server = await listen(app);
    try {
      // The playground sends neither an Entra object id nor a tenant.
      const activity = messageActivity(connector.url, 'aide', {
        from: { id: 'user-id-0', name: 'Alex' },
        conversation: { id: 'personal-chat-id', conversationType: 'personal' },
        channelData: {},
      });
      const res = await post(server.url, activity);
      expect(res.status).toBe(200);
      expect(stub.recorded.commands[0]!.turn.user).toMatchObject({
        tenantId: 'local',
        aadObjectId: 'user-id-0',
      });
      expect(connector.calls[0]).toMatchObject({
        conversationId: 'personal-chat-id',
        authorization: undefined,
      });
    } finally {
      await server.close();
      await connector.close();
    }
  });

  it('answers local mode only to this machine, and only for a loopback serviceUrl', async () => {
    const connector = await startFakeConnector();
    const stub = stubHandlers();
    const app = express();
    // What a request from another machine looks like to the server (the test can only connect
    // through the loopback interface).
    app.use((req, _res, next) => {
      if (req.headers['x-test-remote'])
        Object.defineProperty(req.socket, 'remoteAddress', {
          value: String(req.headers['x-test-remote']),
          configurable: true,
        });
      next();
    });
    await mountTeams(app, {
      config: teamsConfig({
        TEAMS_CLIENT_ID: '',
        TEAMS_CLIENT_SECRET: '',
        TEAMS_TENANT_ID: '',
        TEAMS_LOCAL_MODE: 'true',
      }),
      log: captureLogger('silent').log,
      handlers: stub.handlers,
    });
    const server = await listen(app);
    const send = (serviceUrl: string, remote?: string) =>
      fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(remote ? { 'x-test-remote': remote } : {}),
        },
        body: JSON.stringify(
          messageActivity(serviceUrl, 'aide', {
            from: { id: 'user-id-0', name: 'Alex' },
            channelData: {},
          }),
        ),
      });
    try {
      expect((await send(connector.url, '203.0.113.7')).status).toBe(403);
      expect((await send('https://evil.example/', undefined)).status).toBe(403);
      expect(stub.recorded.commands).toHaveLength(0);
      expect((await send(connector.url, '::ffff:127.0.0.1')).status).toBe(200);
      expect(stub.recorded.commands).toHaveLength(1);
    } finally {
      await server.close();
      await connector.close();
    }
  });
});
