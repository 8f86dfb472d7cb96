import { randomUUID } from 'node:crypto';
import http from 'node:http';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type Redis from 'ioredis';
import type { AppDeps } from '../app/deps';
import { errorStatus, errorText, isDomainError } from '../domain/errors';
import { withCorrelation, type Logger } from '../logger';
import { clientErrors, cookiesWellFormed, sendClientError } from './client-errors';
import { renderDraftPage } from './draft-page';
import { databaseReady } from '../app/check-readiness';
import { getDraftVersion } from '../app/get-draft-version';
import { directRouteOf } from './direct-routes';
import { securityHeaderList, securityHeaders } from './security-headers';

/** The cookies Concerto reads (the queue dashboard's, src/queue/dashboard.ts; the ballot's; the console's). */
const CONCERTO_COOKIES = [
  'concerto_admin',
  'concerto_vote',
  'concerto_console',
  'concerto_console_pre',
] as const;

export interface HttpServerOptions {
  deps: AppDeps;
  log: Logger;
  /** Used by /readyz. */
  redis: Pick<Redis, 'ping'>;
  /** Mounts platform adapters and the dashboard on the app before the fallbacks. */
  mount?: (app: Express) => void | Promise<void>;
}

/**
 * The one HTTP server: health, the draft pages linked from messages, and whatever `mount` adds
 * (Slack's /slack/events, Teams' /api/messages, the tab, the queue dashboard).
 */
export async function createHttpApp(o: HttpServerOptions): Promise<Express> {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders());
  app.use((req: Request, res: Response, next: NextFunction) => {
    const id = requestIdOf(req.headers);
    res.setHeader('x-request-id', id);
    withCorrelation(id, () => next());
  });
  // The admin cookie, when its %-escapes do not decode, made the dashboard's reader throw.
  app.use((req, res, next) => {
    const cookie = req.headers.cookie;
    if (cookie && !cookiesWellFormed(cookie, CONCERTO_COOKIES)) {
      sendClientError(req, res, o.log, {
        status: 400,
        code: 'COOKIE_INVALID',
        message: 'En-tête Cookie invalide.',
      });
      return;
    }
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const checks = await Promise.all([
      withTimeout(databaseReady(o.deps), 2000).then(
        () => ['postgres', 'ok'] as const,
        () => ['postgres', 'indisponible'] as const,
      ),
      withTimeout(o.redis.ping(), 2000).then(
        () => ['redis', 'ok'] as const,
        () => ['redis', 'indisponible'] as const,
      ),
    ]);
    const ready = checks.every(([, v]) => v === 'ok');
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ok' : 'indisponible', checks: Object.fromEntries(checks) });
  });

  app.get('/projets/:id', async (req, res, next) => {
    try {
      const id = String(req.params.id);
      const draft = await getDraftVersion(o.deps, id);
      if (!draft) {
        res.status(404).type('text/plain; charset=utf-8').send('Projet introuvable.');
        return;
      }
      // The page is reached by the link in the invitation, from a browser that carries no
      // Slack or Teams identity: the unguessable version id is the capability. Keep it out of
      // search engines, shared caches and referrers.
      res
        .type('text/html; charset=utf-8')
        .setHeader(
          'content-security-policy',
          "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        )
        .setHeader('cache-control', 'private, max-age=300')
        .setHeader('x-robots-tag', 'noindex, nofollow')
        .setHeader('referrer-policy', 'no-referrer')
        .send(renderDraftPage(draft));
    } catch (err) {
      next(err);
    }
  });

  await o.mount?.(app);

  app.use((_req, res) => {
    res.status(404).json({ error: 'NOT_FOUND' });
  });
  // Bodies that do not parse, are too large or in another charset: the client's fault, a 4xx.
  app.use(clientErrors(o.log));
  // A refusal that reaches here answers with its code's status (src/domain/error-codes.ts).
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!isDomainError(err) || res.headersSent) {
      next(err);
      return;
    }
    o.log.info({ code: err.code, field: err.field }, 'http request refused');
    res.status(errorStatus(err)).json({ error: err.code, message: errorText(err, 'fr') });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    o.log.error({ err }, 'http request failed');
    if (!res.headersSent) res.status(500).json({ error: 'INTERNAL', message: 'Erreur interne.' });
  });
  return app;
}

/** The caller's X-Request-Id when it is a plain token, else a new one: the correlation id. */
function requestIdOf(headers: http.IncomingHttpHeaders): string {
  const incoming = headers['x-request-id'];
  return typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
}

/** The server's request listener: a direct route when one matches, the Express app otherwise. */
function requestListener(app: Express): http.RequestListener {
  const headers = securityHeaderList();
  return (req, res) => {
    const route = directRouteOf(app, req);
    if (!route) {
      app(req, res);
      return;
    }
    const id = requestIdOf(req.headers);
    req.headers['x-request-id'] = id;
    for (const [name, value] of headers) res.setHeader(name, value);
    res.setHeader('x-request-id', id);
    withCorrelation(id, () => {
      try {
        route.handler(req, res, () => app(req, res));
      } catch (err) {
        route.log.error({ err }, 'http request failed');
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      }
    });
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}

export interface RunningServer {
  server: http.Server;
  port: number;
  close(): Promise<void>;
}

/** Listens; close() stops accepting, lets requests in flight finish (10 s at most), then returns. */
export async function listen(app: Express, port: number, host = '0.0.0.0'): Promise<RunningServer> {
  const server = http.createServer(requestListener(app));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    server,
    port: typeof address === 'object' && address ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), 10_000).unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
