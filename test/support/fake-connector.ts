import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

/**
 * A local fake of the Bot Connector service (what a conversation reference's serviceUrl points
 * at) and of the Entra token endpoint, for tests. It records every call and answers as the real
 * service does:
 *
 *   POST /v3/conversations/:conversationId/activities               send (201 { id })
 *   POST /v3/conversations/:conversationId/activities/:activityId   reply (201 { id })
 *   PUT  /v3/conversations/:conversationId/activities/:activityId   update (200 { id })
 *   POST /:tenant/oauth2/v2.0/token                                  client-credentials token
 *
 * `failNext(n, status, retryAfter)` makes the next n connector calls fail (429 by default), with a
 * Retry-After header when given.
 */
export interface ConnectorCall {
  method: 'POST' | 'PUT';
  kind: 'send' | 'reply' | 'update';
  conversationId: string;
  activityId?: string;
  body: Record<string, unknown>;
  authorization?: string;
  /** The id the fake gave the activity (send, reply) or echoed back (update). */
  id: string;
}

export interface TokenRequest {
  tenant: string;
  form: Record<string, string>;
}

export interface FakeConnector {
  /** http://127.0.0.1:<port> — the serviceUrl and the login endpoint. */
  url: string;
  calls: ConnectorCall[];
  tokenRequests: TokenRequest[];
  /** The access token the token endpoint issues (and the connector expects, when strict). */
  accessToken: string;
  failNext(count: number, status?: number, retryAfterSeconds?: number): void;
  /** Delay before answering an activity call (the activity is recorded first). Default: 0. */
  setLatency(ms: number): void;
  /** Refuse connector calls without `Authorization: Bearer <accessToken>` (401). Default off. */
  requireAuth(on: boolean): void;
  reset(): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export interface FakeConnectorOptions {
  /**
   * Also play Entra's key endpoint, GET /:tenant/discovery/v2.0/keys, with the JWKS found at
   * this URL (a login endpoint serves both tokens and keys).
   */
  entraKeysUrl?: string;
}

export async function startFakeConnector(o: FakeConnectorOptions = {}): Promise<FakeConnector> {
  let latencyMs = 0;
  const calls: ConnectorCall[] = [];
  const tokenRequests: TokenRequest[] = [];
  // The SDK decodes the access token (expiry, tenant): it must look like a JWT.
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const accessToken = [
    b64({ alg: 'none', typ: 'JWT' }),
    b64({
      aud: 'https://api.botframework.com',
      iss: 'fake-connector',
      jti: randomUUID(),
      exp: Math.floor(Date.now() / 1000) + 86400,
    }),
    'fake-signature',
  ].join('.');
  let failures: { status: number; retryAfter?: number }[] = [];
  let strict = false;

  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const path = (req.url ?? '').split('?')[0] ?? '';
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };

      const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
      if (token && req.method === 'POST') {
        tokenRequests.push({
          tenant: decodeURIComponent(token[1]!),
          form: Object.fromEntries(new URLSearchParams(raw)),
        });
        send(200, {
          token_type: 'Bearer',
          expires_in: 3599,
          ext_expires_in: 3599,
          access_token: accessToken,
        });
        return;
      }

      if (
        o.entraKeysUrl &&
        req.method === 'GET' &&
        /^\/[^/]+\/discovery\/v2\.0\/keys$/.test(path)
      ) {
        const keys = await fetch(o.entraKeysUrl);
        send(keys.status, await keys.json());
        return;
      }

      const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
      if (!m || (req.method !== 'POST' && req.method !== 'PUT')) {
        send(404, { error: { code: 'NotFound', message: `${req.method} ${path}` } });
        return;
      }
      if (strict && req.headers.authorization !== `Bearer ${accessToken}`) {
        send(401, { message: 'Authorization has been denied for this request.' });
        return;
      }
      const failure = failures.shift();
      if (failure) {
        const headers: Record<string, string> =
          failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {};
        send(
          failure.status,
          { error: { code: 'Throttled', message: 'Too many requests' } },
          headers,
        );
        return;
      }
      const conversationId = decodeURIComponent(m[1]!);
      const activityId = m[2] ? decodeURIComponent(m[2]) : undefined;
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const kind = req.method === 'PUT' ? 'update' : activityId ? 'reply' : 'send';
      const id = kind === 'update' ? activityId! : `1${Date.now()}${calls.length}`;
      calls.push({
        method: req.method,
        kind,
        conversationId,
        activityId,
        body,
        authorization: req.headers.authorization,
        id,
      });
      // The activity is posted already: a client killed while waiting leaves it posted.
      if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
      if (!res.destroyed) send(kind === 'update' ? 200 : 201, { id });
    })().catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    calls,
    tokenRequests,
    accessToken,
    failNext(count, status = 429, retryAfterSeconds) {
      for (let i = 0; i < count; i++) failures.push({ status, retryAfter: retryAfterSeconds });
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    requireAuth(on) {
      strict = on;
    },
    reset() {
      calls.length = 0;
      tokenRequests.length = 0;
      failures = [];
      strict = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
