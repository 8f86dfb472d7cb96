import type http from 'node:http';
import type { Application } from 'express';
import type { Logger } from '../logger';

/**
 * A route answered before Express: for the busiest request only (Slack's vote), whose handler
 * does its own checks. It gets what every response gets (X-Request-Id and the correlation id,
 * the security headers) and `express()`, which hands the request to the app when it is not one
 * it answers — with the body already read, left on `req.body` (Express's body parsers then skip
 * it), and the same request id.
 */
export type DirectHandler = (
  req: http.IncomingMessage & { body?: unknown },
  res: http.ServerResponse,
  express: () => void,
) => void;

export interface DirectRoute {
  handler: DirectHandler;
  log: Logger;
}
const routes = new WeakMap<Application, Map<string, DirectRoute>>();

/**
 * Answers `method path` (the exact path, whatever the query string) with `handler` before
 * Express. A handler that throws gets a 500 and the error is logged on `log`.
 */
export function directRoute(
  app: Application,
  route: { method: 'POST'; path: string; log: Logger },
  handler: DirectHandler,
): void {
  const of = routes.get(app) ?? new Map<string, DirectRoute>();
  of.set(`${route.method} ${route.path}`, { handler, log: route.log });
  routes.set(app, of);
}

/** The direct route for this request, if `app` has one (src/http/server.ts, requestListener). */
export function directRouteOf(
  app: Application,
  req: http.IncomingMessage,
): DirectRoute | undefined {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return routes.get(app)?.get(`${req.method} ${query === -1 ? url : url.slice(0, query)}`);
}
