/**
 * The benchmark's baseline: a bare Node HTTP server that does the least a Slack endpoint can do
 * for a vote — read the body, check Slack's HMAC signature and timestamp (timing-safe, ±5 min),
 * decode the interactivity payload, and one Postgres upsert per request — then answer 200.
 * No framework, no de-duplication, no identity lookup, no transaction.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';

export interface BareServerOptions {
  signingSecret: string;
  /** Postgres URL; the table lives in `schema`. */
  databaseUrl: string;
  schema: string;
  /** pg pool size. Default: 10 (Concerto's Prisma pool default). */
  poolSize?: number;
}

export interface BareServer {
  url: string;
  close(): Promise<void>;
}

const MAX_SKEW_SECONDS = 5 * 60;

function verify(secret: string, req: IncomingMessage, body: string): boolean {
  const ts = Number(req.headers['x-slack-request-timestamp']);
  const signature = String(req.headers['x-slack-signature'] ?? '');
  if (!Number.isFinite(ts) || Math.abs(Date.now() / 1000 - ts) > MAX_SKEW_SECONDS) return false;
  const expected = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  const a = Buffer.from(signature);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startBareServer(o: BareServerOptions): Promise<BareServer> {
  const pool = new Pool({
    connectionString: o.databaseUrl,
    max: o.poolSize ?? 10,
    options: `-c search_path="${o.schema}"`,
  });
  await pool.query(`CREATE TABLE IF NOT EXISTS bare_avis (
    team_id text NOT NULL, user_id text NOT NULL, round_id text NOT NULL,
    state jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, user_id, round_id))`);

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (!verify(o.signingSecret, req, body)) {
          res.writeHead(401).end();
          return;
        }
        try {
          const payload = JSON.parse(new URLSearchParams(body).get('payload') ?? '{}') as {
            team?: { id?: string };
            user?: { id?: string };
            view?: { private_metadata?: string; state?: { values?: unknown } };
          };
          const roundId = (
            JSON.parse(payload.view?.private_metadata ?? '{}') as { roundId?: string }
          ).roundId;
          await pool.query(
            `INSERT INTO bare_avis (team_id, user_id, round_id, state) VALUES ($1, $2, $3, $4)
             ON CONFLICT (team_id, user_id, round_id) DO UPDATE SET state = EXCLUDED.state, updated_at = now()`,
            [
              payload.team?.id ?? '',
              payload.user?.id ?? '',
              roundId ?? '',
              JSON.stringify(payload.view?.state?.values ?? {}),
            ],
          );
          res.writeHead(200).end();
        } catch {
          res.writeHead(500).end();
        }
      })();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
