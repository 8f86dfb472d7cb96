import { createHmac, timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Express, NextFunction, Request, Response } from 'express';
import type { Queue } from 'bullmq';

export const DASHBOARD_PATH = '/admin/queues';
const COOKIE = 'concerto_admin';

export interface QueueDashboardOptions {
  /** ADMIN_TOKEN. Unset or empty: nothing is mounted and the function returns false. */
  token: string | undefined;
  queues: Queue[];
  /** Mount point. Default: /admin/queues. */
  basePath?: string;
}

function sameSecret(a: string, b: string): boolean {
  // Hash both to a fixed length first: timingSafeEqual needs equal lengths, and the length of
  // the token must not leak either.
  const ha = createHmac('sha256', 'concerto-admin').update(a).digest();
  const hb = createHmac('sha256', 'concerto-admin').update(b).digest();
  return timingSafeEqual(ha, hb);
}

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/**
 * bull-board on the web server, behind ADMIN_TOKEN: `Authorization: Bearer <token>`, or
 * `?token=<token>` once (it sets an HttpOnly cookie holding a keyed hash of the token — never
 * the token itself — for the dashboard's own requests), or that cookie. Returns whether it was
 * mounted.
 */
export function mountQueueDashboard(app: Express, o: QueueDashboardOptions): boolean {
  const token = o.token?.trim();
  if (!token) return false;
  const basePath = o.basePath ?? DASHBOARD_PATH;
  const cookieProof = createHmac('sha256', token).update('concerto-dashboard-cookie').digest('hex');

  const auth = (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const query = typeof req.query.token === 'string' ? req.query.token : undefined;
    const cookie = cookieValue(req, COOKIE);
    const ok =
      (bearer !== undefined && sameSecret(bearer, token)) ||
      (query !== undefined && sameSecret(query, token)) ||
      (cookie !== undefined && sameSecret(cookie, cookieProof));
    if (!ok) {
      res.status(401).type('text/plain').send('Accès refusé : jeton d’administration requis.');
      return;
    }
    if (query !== undefined) {
      res.cookie(COOKIE, cookieProof, {
        httpOnly: true,
        sameSite: 'strict',
        path: basePath,
        secure: req.secure,
      });
    }
    next();
  };

  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(basePath);
  createBullBoard({
    queues: o.queues.map((q) => new BullMQAdapter(q)),
    // @bull-board/express pins its own patch release of @bull-board/api: same shape, distinct types.
    serverAdapter: serverAdapter as unknown as Parameters<
      typeof createBullBoard
    >[0]['serverAdapter'],
  });
  app.use(basePath, auth, serverAdapter.getRouter());
  return true;
}
