import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import jwt, { type JwtHeader, type JwtPayload, type SigningKeyCallback } from 'jsonwebtoken';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { KeySet, SigningKey } from './key-set';
import { sameServiceUrl, serviceUrlAllowed, type ServiceUrlPattern } from './service-urls';

/**
 * Concerto's own check of every request to /api/messages, in front of the Teams SDK's. The SDK
 * (2.1) also accepts Entra-issued tokens on this route (for "agentic" identities), checking
 * only their audience: any tenant's token for the app id, the tab's SSO token included, would
 * then let the activity's body choose the user and the URL the bot answers to. Here, before the
 * SDK sees anything:
 *
 * 1. the `Authorization` header carries a JWT signed (RS256) by a key of the Bot Framework's
 *    JWKS (`keys`), endorsed for the activity's channel when the key lists endorsements; its
 *    issuer is one of `issuers`, its audience is exactly the bot's app id, it is not expired
 *    (five minutes of clock skew, as the Bot Framework allows) — else 401, body not read;
 * 2. the body is an activity envelope (ZActivityEnvelope) — else 400;
 * 3. the token's `serviceurl` claim equals the activity's `serviceUrl` — else 401, and the
 *    `serviceUrl` is on the allow-list — else 403;
 * 4. `channelData.tenant.id` is present, agrees with `conversation.tenantId`, and is a Microsoft
 *    365 tenant registered for a Caf — else 403.
 *
 * Local mode (Agents Playground) checks no token, only accepts requests from a loopback
 * address, and a loopback `serviceUrl` too.
 */
export interface BotAuthOptions {
  /** The bot's app id (TEAMS_CLIENT_ID): the only accepted audience. */
  appId: string;
  /** Accepted `iss` values. */
  issuers: readonly string[];
  keys: KeySet;
  serviceUrls: readonly ServiceUrlPattern[];
  /** Is this Microsoft 365 tenant registered for a Caf? */
  tenantKnown: (entraTenantId: string) => Promise<boolean>;
  localMode: boolean;
  log: Logger;
}

/** Bot Framework tokens may be up to five minutes off (the connector's own tolerance). */
const CLOCK_TOLERANCE_SECONDS = 300;
/** A token is a few kilobytes; anything much larger is not one. */
const MAX_TOKEN_LENGTH = 16_384;

declare module 'express-serve-static-core' {
  interface Request {
    /** Claims of the validated Bot Framework token of a /api/messages request. */
    botToken?: JwtPayload & { key?: SigningKey };
  }
}

class Refused extends Error {
  constructor(
    readonly status: 400 | 401 | 403,
    readonly code: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const MESSAGES: Record<number, string> = {
  400: 'Requête illisible.',
  401: 'Authentification Bot Framework requise.',
  403: 'Requête refusée.',
};

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || /^127\./.test(address) || /^::ffff:127\./.test(address.toLowerCase());
}

/**
 * The envelope every activity has (Bot Framework wire format), checked before the SDK and the
 * handlers read it: a missing conversation or a number where an id goes is a 400, not a crash.
 * Other fields are the handlers' business (they parse what they read with zod too).
 */
const id = z.string().min(1).max(1024);
const ZActivityEnvelope = z
  .object({
    type: z.string().min(1).max(100),
    id: z.string().max(1024).optional(),
    channelId: z.string().min(1).max(100),
    serviceUrl: z.string().min(1).max(2048),
    locale: z.string().max(100).optional(),
    text: z.string().max(100_000).optional(),
    from: z
      .object({
        id,
        name: z.string().max(1024).optional(),
        aadObjectId: z.string().max(100).optional(),
      })
      .passthrough(),
    recipient: z.object({ id, name: z.string().max(1024).optional() }).passthrough(),
    conversation: z
      .object({
        // Part of the connector's URL path for every reply: no path, query or escape characters.
        id: id.refine(
          // eslint-disable-next-line no-control-regex -- control characters are what it refuses
          (v) => !/[/\\?#%\s\u0000-\u001f]/.test(v) && !v.includes('..'),
          'identifiant de conversation invalide',
        ),
        tenantId: z.string().max(100).optional(),
        conversationType: z.string().max(100).optional(),
        name: z.string().max(1024).optional(),
        isGroup: z.boolean().optional(),
      })
      .passthrough(),
    channelData: z
      .object({
        tenant: z
          .object({ id: z.string().max(100) })
          .passthrough()
          .optional(),
        team: z
          .object({ id, name: z.string().max(1024).optional() })
          .passthrough()
          .optional(),
        channel: z
          .object({ id, name: z.string().max(1024).optional() })
          .passthrough()
          .optional(),
      })
      .passthrough()
      .optional(),
    entities: z.array(z.record(z.string(), z.unknown())).optional(),
    membersAdded: z.array(z.object({ id }).passthrough()).optional(),
    membersRemoved: z.array(z.object({ id }).passthrough()).optional(),
  })
  .passthrough();

export function botAuth(opts: BotAuthOptions): RequestHandler[] {
  const refuse = (req: Request, res: Response, r: Refused) => {
    opts.log.warn(
      { status: r.status, code: r.code, reason: r.reason, ip: req.ip },
      'Teams : requête /api/messages refusée',
    );
    res
      .status(r.status)
      .set(r.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {})
      .json({ error: { code: r.code, message: MESSAGES[r.status] } });
  };

  const verify = (token: string) =>
    new Promise<JwtPayload & { key?: SigningKey }>((resolve, reject) => {
      let used: SigningKey | undefined;
      const getKey = (header: JwtHeader, cb: SigningKeyCallback) => {
        opts.keys.get(header.kid).then(
          (k) => {
            used = k;
            if (k) cb(null, k.key);
            else cb(new Error(`clé inconnue`));
          },
          (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
        );
      };
      jwt.verify(
        token,
        getKey,
        {
          algorithms: ['RS256'],
          audience: opts.appId,
          issuer: opts.issuers as [string, ...string[]],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
        },
        (err, decoded) => {
          if (err || !decoded || typeof decoded === 'string')
            reject(new Refused(401, 'UNAUTHENTICATED', err?.message ?? 'jeton illisible'));
          else resolve({ ...decoded, ...(used ? { key: used } : {}) });
        },
      );
    });

  // 1. The token, from the header only: a request without a valid one is not even parsed.
  const token: RequestHandler = (req, res, next) => {
    if (opts.localMode) {
      if (isLoopback(req.socket.remoteAddress)) return next();
      return refuse(req, res, new Refused(403, 'FORBIDDEN', 'mode local : adresse non locale'));
    }
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
    if (!match || match[1]!.length > MAX_TOKEN_LENGTH)
      return refuse(req, res, new Refused(401, 'UNAUTHENTICATED', 'jeton absent'));
    verify(match[1]!).then(
      (claims) => {
        req.botToken = claims;
        next();
      },
      (err: unknown) => {
        if (err instanceof Refused) return refuse(req, res, err);
        next(err);
      },
    );
  };

  // 2. The body (the SDK's own parser then finds it parsed and leaves it).
  const json = express.json();
  const body: RequestHandler = (req, res, next) => {
    json(req, res, (err?: unknown) => {
      if (err) return refuse(req, res, new Refused(400, 'BAD_REQUEST', 'corps JSON illisible'));
      next();
    });
  };

  // 3. What the activity says, against the token and the allow-lists.
  const activity: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const check = async () => {
      const parsed = ZActivityEnvelope.safeParse(req.body);
      if (!parsed.success) {
        const where = parsed.error.issues[0]?.path.join('.') || '(racine)';
        throw new Refused(400, 'BAD_REQUEST', `activité invalide : ${where}`);
      }
      const a = parsed.data;
      const claims = req.botToken;
      if (!opts.localMode) {
        if (!claims) throw new Refused(401, 'UNAUTHENTICATED', 'jeton absent');
        const claimed = claims.serviceurl;
        if (
          typeof claimed !== 'string' ||
          typeof a.serviceUrl !== 'string' ||
          !sameServiceUrl(claimed, a.serviceUrl)
        )
          throw new Refused(401, 'UNAUTHENTICATED', 'serviceUrl différente de celle du jeton');
        const endorsements = claims.key?.endorsements;
        if (endorsements && !endorsements.includes(String(a.channelId)))
          throw new Refused(401, 'UNAUTHENTICATED', 'clé non habilitée pour ce canal');
      }
      if (!serviceUrlAllowed(a.serviceUrl, opts.serviceUrls, { loopback: opts.localMode }))
        throw new Refused(403, 'SERVICE_URL_NOT_ALLOWED', 'serviceUrl hors liste');
      if (opts.localMode) return;
      const tenant = a.channelData?.tenant?.id;
      const conversationTenant = a.conversation?.tenantId;
      if (typeof tenant !== 'string' || tenant.length === 0 || tenant.length > 100)
        throw new Refused(403, 'TENANT_NOT_ALLOWED', 'locataire absent');
      if (
        conversationTenant !== undefined &&
        (typeof conversationTenant !== 'string' ||
          conversationTenant.toLowerCase() !== tenant.toLowerCase())
      )
        throw new Refused(403, 'TENANT_NOT_ALLOWED', 'locataires différents');
      if (!(await opts.tenantKnown(tenant)))
        throw new Refused(403, 'TENANT_NOT_ALLOWED', 'locataire non enregistré');
    };
    check().then(
      () => next(),
      (err: unknown) => {
        if (err instanceof Refused) return refuse(req, res, err);
        next(err);
      },
    );
  };

  return [token, body, activity];
}
