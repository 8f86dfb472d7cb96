import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local fake of Slack's Web API for tests (point SLACK_API_URL / slackApiUrl at `apiUrl`).
 * Records every call with its parsed body, answers plausible successes, and can answer 429 with
 * Retry-After. Also receives `response_url` posts (`responseUrl(id)`) and file uploads.
 */
export interface FakeSlackCall {
  method: string;
  body: Record<string, unknown>;
  /** Bearer token of the call, when any. */
  token?: string;
  at: number;
  /** HTTP status answered (429 when rate-limited). */
  status?: number;
  /** For `response_url` posts: the id given to responseUrl(id). */
  responseId?: string;
}

export class FakeSlack {
  readonly calls: FakeSlackCall[] = [];
  private server?: Server;
  private base = '';
  private tsCounter = 0;
  private readonly tsBase = Math.floor(Date.now() / 1000);
  private idCounter = 0;
  private readonly rateLimits = new Map<
    string,
    { times: number; retryAfterSeconds: number; when?: (body: Record<string, unknown>) => boolean }
  >();
  private readonly userNames = new Map<string, string>();
  private readonly failures = new Map<string, { times: number; error: string }>();
  private readonly userLocales = new Map<string, string>();
  /** OAuth codes Slack would hand out after « Allow », by code (oauth.v2.access). */
  private readonly oauthGrants = new Map<
    string,
    { clientId: string; clientSecret: string; teamId: string; teamName: string; botToken: string }
  >();
  private readonly waiters: (() => void)[] = [];
  /**
   * Messages Slack holds, per channel, as conversations.history and conversations.replies
   * return them (with their metadata). A message is posted as soon as chat.postMessage arrives,
   * before the answer goes back: a client killed while waiting leaves it posted.
   */
  readonly posted = new Map<
    string,
    { ts: string; text?: unknown; thread_ts?: string; metadata?: unknown }[]
  >();
  /** Delay before answering chat.postMessage (the message is posted already). Default: 0. */
  postLatencyMs = 0;
  /** What auth.test answers. */
  identity = {
    team_id: 'T0FAKE',
    team: 'Fake Caf',
    user_id: 'UBOT',
    user: 'concerto',
    bot_id: 'BBOT',
    enterprise_id: undefined as string | undefined,
  };

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.base = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  /** Web API base URL, with the trailing slash WebClient expects. */
  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  /** A response_url that lands here; its posts are recorded as method `response_url`. */
  responseUrl(id = 'r1'): string {
    return `${this.base}/response/${id}`;
  }

  /**
   * The next `times` calls to `method` (those `when` accepts, e.g. one channel) answer 429 with
   * `Retry-After: retryAfterSeconds`.
   */
  rateLimit(
    method: string,
    times: number,
    retryAfterSeconds: number,
    when?: (body: Record<string, unknown>) => boolean,
  ): void {
    this.rateLimits.set(method, { times, retryAfterSeconds, ...(when ? { when } : {}) });
  }

  /** What users.info answers as the user's real name. Default: `User <id>`. */
  setUserName(userId: string, name: string): void {
    this.userNames.set(userId, name);
  }

  /** The next `times` calls to `method` answer `{ ok: false, error }` (HTTP 200, as Slack does). */
  fail(method: string, error: string, times = 1): void {
    this.failures.set(method, { times, error });
  }

  /** What users.info answers as the user's locale. Default: fr-FR. */
  setUserLocale(userId: string, locale: string): void {
    this.userLocales.set(userId, locale);
  }

  /**
   * A workspace admin clicked « Allow »: oauth.v2.access exchanges `code` (once) for a bot token
   * of `teamId`, for the app whose client id and secret are given.
   */
  grantOAuth(
    code: string,
    grant: {
      clientId: string;
      clientSecret: string;
      teamId: string;
      teamName: string;
      botToken: string;
    },
  ): void {
    this.oauthGrants.set(code, grant);
  }

  callsTo(method: string): FakeSlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  reset(): void {
    this.calls.length = 0;
    this.rateLimits.clear();
    this.failures.clear();
  }

  /** Resolves once `count` calls to `method` were recorded (listeners run after the ack). */
  async waitFor(method: string, count = 1, timeoutMs = 5000): Promise<FakeSlackCall[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.callsTo(method).length < count) {
      if (Date.now() > deadline) {
        throw new Error(
          `FakeSlack: ${count} call(s) to ${method} expected, got ${this.callsTo(method).length} (${this.calls.map((c) => c.method).join(', ')})`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 25);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.callsTo(method);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.base);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;

    if (url.pathname.startsWith('/upload/')) {
      this.record({
        method: 'upload',
        body: { fileId: url.pathname.slice(8), bytes: raw.length, data: raw },
        token,
        at: Date.now(),
      });
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${raw.length}`);
      return;
    }
    if (url.pathname.startsWith('/response/')) {
      this.record({
        method: 'response_url',
        body: parseBody(raw, req.headers['content-type']),
        at: Date.now(),
        responseId: decodeURIComponent(url.pathname.slice('/response/'.length)),
      });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    const method = url.pathname.slice(5);
    const body = parseBody(raw, req.headers['content-type']);
    const bodyToken = typeof body.token === 'string' ? body.token : undefined;
    const call: FakeSlackCall = { method, body, token: token ?? bodyToken, at: Date.now() };
    const limit = this.rateLimits.get(method);
    if (limit && limit.times > 0 && (!limit.when || limit.when(body))) {
      limit.times -= 1;
      this.record({ ...call, status: 429 });
      res
        .writeHead(429, {
          'content-type': 'application/json',
          'retry-after': String(limit.retryAfterSeconds),
        })
        .end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    this.record({ ...call, status: 200 });
    if (method === 'chat.postMessage' && this.postLatencyMs > 0) {
      const answer = this.answer(method, body);
      await new Promise((r) => setTimeout(r, this.postLatencyMs));
      if (!res.destroyed)
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      return;
    }
    const failure = this.failures.get(method);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ok: false, error: failure.error }));
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify(this.answer(method, body)));
  }

  private record(call: FakeSlackCall): void {
    this.calls.push(call);
    for (const w of this.waiters.splice(0)) w();
  }

  private nextTs(): string {
    this.tsCounter += 1;
    // Slack's ts is the post time in seconds (look-ups filter on it), unique per channel.
    return `${this.tsBase}.${String(this.tsCounter).padStart(6, '0')}`;
  }

  private nextId(prefix: string): string {
    this.idCounter += 1;
    return `${prefix}${String(this.idCounter).padStart(8, '0')}`;
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake.slack.test/',
          ...this.identity,
          is_enterprise_install: false,
        };
      case 'chat.postMessage': {
        const ts = this.nextTs();
        const channel = String(body.channel);
        const list = this.posted.get(channel) ?? [];
        list.push({
          ts,
          text: body.text,
          ...(typeof body.thread_ts === 'string' ? { thread_ts: body.thread_ts } : {}),
          ...(body.metadata ? { metadata: body.metadata } : {}),
        });
        this.posted.set(channel, list);
        return {
          ok: true,
          channel: body.channel,
          ts,
          message: {
            type: 'message',
            text: body.text,
            blocks: body.blocks,
            ts,
            thread_ts: body.thread_ts,
          },
        };
      }
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts, text: body.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'views.open':
      case 'views.update':
      case 'views.push':
      case 'views.publish': {
        const view = (typeof body.view === 'object' && body.view) || {};
        return {
          ok: true,
          view: { id: this.nextId('V'), hash: randomBytes(6).toString('hex'), ...view },
        };
      }
      case 'files.getUploadURLExternal': {
        const fileId = this.nextId('F');
        return { ok: true, upload_url: `${this.base}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = Array.isArray(body.files)
          ? (body.files as { id: string; title?: string }[])
          : [];
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? '' })) };
      }
      case 'users.info': {
        const user = String(body.user ?? '');
        return {
          ok: true,
          user: {
            id: user,
            team_id: this.identity.team_id,
            name: user.toLowerCase(),
            real_name: this.userNames.get(user) ?? `User ${user}`,
            locale: this.userLocales.get(user) ?? 'fr-FR',
          },
        };
      }
      case 'oauth.v2.access': {
        const grant = this.oauthGrants.get(String(body.code ?? ''));
        if (!grant) return { ok: false, error: 'invalid_code' };
        if (body.client_id !== grant.clientId || body.client_secret !== grant.clientSecret)
          return { ok: false, error: 'invalid_client_id' };
        this.oauthGrants.delete(String(body.code));
        return {
          ok: true,
          app_id: 'A0CONCERTO',
          authed_user: { id: 'U0ADMIN' },
          scope: 'commands,chat:write',
          token_type: 'bot',
          access_token: grant.botToken,
          bot_user_id: 'U0BOT',
          team: { id: grant.teamId, name: grant.teamName },
          enterprise: null,
          is_enterprise_install: false,
        };
      }
      case 'conversations.history':
      case 'conversations.replies': {
        const channel = String(body.channel);
        const oldest = Number(body.oldest ?? 0);
        const all = (this.posted.get(channel) ?? []).filter((m) =>
          method === 'conversations.replies'
            ? m.thread_ts === body.ts || m.ts === body.ts
            : !m.thread_ts,
        );
        const withMeta = String(body.include_all_metadata) === 'true';
        return {
          ok: true,
          has_more: false,
          messages: all
            .filter((m) => Number(m.ts) >= oldest)
            .reverse()
            .map((m) => ({
              type: 'message',
              ts: m.ts,
              text: m.text,
              ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
              ...(withMeta && m.metadata ? { metadata: m.metadata } : {}),
            })),
        };
      }
      case 'conversations.info':
        return {
          ok: true,
          channel: {
            id: body.channel,
            name: `canal-${String(body.channel).toLowerCase()}`,
            is_channel: true,
            is_private: false,
          },
        };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

/** Form bodies of WebClient carry JSON in some fields (blocks, view…): decode them. */
function parseBody(raw: Buffer, contentType: string | undefined): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (contentType?.includes('application/json')) {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      return { raw: text };
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    if (/^[[{]/.test(v)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        // not JSON after all: keep the string
      }
    }
    out[k] = v;
  }
  return out;
}

// -------------------------------------------------------------------------------------------------
// Signing and Slack's real payload formats

/** The two headers Slack adds to every request, for `body` signed with `secret` at `ts` (Unix s). */
export function signSlackRequest(
  secret: string,
  body: string,
  ts: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': `v0=${signature}` };
}

export interface SlackRequest {
  body: string;
  contentType: 'application/x-www-form-urlencoded' | 'application/json';
}

export interface Who {
  teamId?: string;
  userId?: string;
  enterpriseId?: string;
}

function triggerId(): string {
  return `${Date.now()}.${randomBytes(4).readUInt32BE()}.${randomBytes(16).toString('hex')}`;
}

/** A slash command as Slack posts it (form fields). */
export function slashCommand(
  options: Who & { text: string; channelId?: string; command?: string; responseUrl?: string },
): SlackRequest {
  const teamId = options.teamId ?? 'T0FAKE';
  const params = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: teamId,
    team_domain: 'fake-caf',
    channel_id: options.channelId ?? 'C0PARTNER',
    channel_name: 'partenaires',
    user_id: options.userId ?? 'U0PARTNER',
    user_name: 'partenaire',
    command: options.command ?? '/concerto',
    text: options.text,
    api_app_id: 'A0CONCERTO',
    is_enterprise_install: 'false',
    response_url: options.responseUrl ?? `https://hooks.slack.com/commands/${teamId}/1/x`,
    trigger_id: triggerId(),
  });
  if (options.enterpriseId) params.set('enterprise_id', options.enterpriseId);
  return { body: params.toString(), contentType: 'application/x-www-form-urlencoded' };
}

function interactive(payload: unknown): SlackRequest {
  return {
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    contentType: 'application/x-www-form-urlencoded',
  };
}

/** A click on a button of a message in a channel (`block_actions`). */
export function blockActions(
  options: Who & {
    actionId: string;
    value?: string;
    channelId?: string;
    messageTs?: string;
    responseUrl?: string;
  },
): SlackRequest {
  const teamId = options.teamId ?? 'T0FAKE';
  const userId = options.userId ?? 'U0PARTNER';
  const channelId = options.channelId ?? 'C0PARTNER';
  const messageTs = options.messageTs ?? '1700000000.000100';
  return interactive({
    type: 'block_actions',
    user: { id: userId, username: 'partenaire', name: 'partenaire', team_id: teamId },
    api_app_id: 'A0CONCERTO',
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: messageTs,
      channel_id: channelId,
      is_ephemeral: false,
    },
    trigger_id: triggerId(),
    team: {
      id: teamId,
      domain: 'fake-caf',
      ...(options.enterpriseId ? { enterprise_id: options.enterpriseId } : {}),
    },
    enterprise: options.enterpriseId ? { id: options.enterpriseId, name: 'Grid' } : null,
    is_enterprise_install: false,
    channel: { id: channelId, name: 'partenaires' },
    message: { type: 'message', ts: messageTs, text: 'invitation', blocks: [] },
    state: { values: {} },
    response_url: options.responseUrl ?? `https://hooks.slack.com/actions/${teamId}/1/x`,
    actions: [
      {
        action_id: options.actionId,
        block_id: 'b1',
        text: { type: 'plain_text', text: 'Donner notre avis', emoji: true },
        value: options.value,
        type: 'button',
        action_ts: `${Math.floor(Date.now() / 1000)}.000001`,
      },
    ],
  });
}

type StateValues = Record<string, Record<string, Record<string, unknown>>>;

/** `view.state.values` of the vote modal, as Slack sends it (one radio and one text per enjeu). */
export function avisStateValues(
  entries: { enjeuId: string; choice?: string | null; comment?: string | null }[],
): StateValues {
  const values: StateValues = {};
  for (const e of entries) {
    values[`avis:${e.enjeuId}:choice`] = {
      choice: {
        type: 'radio_buttons',
        selected_option: e.choice
          ? { text: { type: 'plain_text', text: e.choice, emoji: true }, value: e.choice }
          : null,
      },
    };
    values[`avis:${e.enjeuId}:comment`] = {
      comment: { type: 'plain_text_input', value: e.comment ?? null },
    };
  }
  return values;
}

/**
 * A modal submitted (`view_submission`). `view` is what the app opened (its blocks, callback_id,
 * private_metadata); `values` the state Slack fills in.
 */
export function viewSubmission(
  options: Who & {
    view: { callback_id?: string; private_metadata?: string; blocks?: unknown[]; title?: unknown };
    values: StateValues;
  },
): SlackRequest {
  const teamId = options.teamId ?? 'T0FAKE';
  const userId = options.userId ?? 'U0PARTNER';
  return interactive({
    type: 'view_submission',
    team: {
      id: teamId,
      domain: 'fake-caf',
      ...(options.enterpriseId ? { enterprise_id: options.enterpriseId } : {}),
    },
    user: { id: userId, username: 'partenaire', name: 'partenaire', team_id: teamId },
    api_app_id: 'A0CONCERTO',
    token: 'deprecated-verification-token',
    trigger_id: triggerId(),
    view: {
      id: `V${randomBytes(5).toString('hex').toUpperCase()}`,
      team_id: teamId,
      type: 'modal',
      blocks: options.view.blocks ?? [],
      private_metadata: options.view.private_metadata ?? '',
      callback_id: options.view.callback_id ?? '',
      state: { values: options.values },
      hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
      title: options.view.title ?? { type: 'plain_text', text: 'Notre avis' },
      clear_on_close: false,
      notify_on_close: false,
      root_view_id: null,
      app_id: 'A0CONCERTO',
      bot_id: 'BBOT',
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: options.enterpriseId ? { id: options.enterpriseId, name: 'Grid' } : null,
  });
}

/** An Events API callback (JSON), e.g. app_home_opened. */
export function eventCallback(
  options: Who & { event: Record<string, unknown>; eventId?: string },
): SlackRequest {
  const teamId = options.teamId ?? 'T0FAKE';
  return {
    contentType: 'application/json',
    body: JSON.stringify({
      token: 'deprecated-verification-token',
      team_id: teamId,
      ...(options.enterpriseId ? { enterprise_id: options.enterpriseId } : {}),
      api_app_id: 'A0CONCERTO',
      event: { event_ts: `${Math.floor(Date.now() / 1000)}.000200`, ...options.event },
      type: 'event_callback',
      event_id: options.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [
        {
          enterprise_id: null,
          team_id: teamId,
          user_id: 'UBOT',
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
    }),
  };
}

export function appHomeOpened(options: Who & { eventId?: string }): SlackRequest {
  return eventCallback({
    ...options,
    event: {
      type: 'app_home_opened',
      user: options.userId ?? 'U0PARTNER',
      channel: 'D0HOME',
      tab: 'home',
    },
  });
}

/** Posts a signed Slack request to `url`. `ts` (Unix s) defaults to now; `headers` are added. */
export async function postSigned(
  url: string,
  secret: string,
  request: SlackRequest,
  options: { ts?: number; headers?: Record<string, string>; signature?: string } = {},
): Promise<{ status: number; text: string; json?: unknown }> {
  const signed = signSlackRequest(secret, request.body, options.ts);
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': request.contentType,
      ...signed,
      ...(options.signature ? { 'x-slack-signature': options.signature } : {}),
      ...options.headers,
    },
    body: request.body,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}
