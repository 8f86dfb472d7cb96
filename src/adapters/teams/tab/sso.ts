import type { NextFunction, Request, RequestHandler, Response } from 'express';
import jwt, { type JwtHeader, type JwtPayload, type SigningKeyCallback } from 'jsonwebtoken';
import type { Logger } from 'pino';
import { KeySet } from '../key-set';

/** The signed-in Teams user of a tab request, from the validated SSO token only. */
export interface TabUser {
  tenantId: string;
  aadObjectId: string;
  name?: string;
  upn?: string;
}

export interface TabSsoOptions {
  /** The Entra application (client) id: TEAMS_CLIENT_ID. */
  clientId: string;
  /** PUBLIC_URL: its host makes the application ID URI api://<host>/<clientId>. */
  publicUrl: string;
  /** Tenants whose users may call the API. Default: TEAMS_TENANT_ID when set, else any tenant. */
  allowedTenants?: string[];
  /**
   * Is this tenant allowed? Over `allowedTenants` when given (Concerto: registered for a Caf,
   * see app/teams-tenants.ts).
   */
  tenantAllowed?: (tenantId: string) => Promise<boolean>;
  /**
   * Where the signing keys are. Default: Entra's multi-tenant keys,
   * https://login.microsoftonline.com/common/discovery/v2.0/keys (tests serve their own).
   */
  jwksUri?: string;
  /** Fetch the keys again after this long. Default: one hour. */
  jwksRefreshMs?: number;
  /** At most one key fetch per this long for unknown key ids. Default: 30 s. */
  unknownKidIntervalMs?: number;
  log: Logger;
}

declare module 'express-serve-static-core' {
  interface Request {
    tabUser?: TabUser;
  }
}

class SsoRejected extends Error {}

/**
 * Validates the Teams SSO token (`Authorization: Bearer`, from teams-js
 * authentication.getAuthToken()) before anything else answers: RS256 signature with Entra's
 * keys, expiry, audience (api://<host>/<clientId> or the client id), issuer of the token's own
 * tenant (v2 login.microsoftonline.com or v1 sts.windows.net), tenant allowed. 401 otherwise.
 */
export function tabSso(opts: TabSsoOptions): RequestHandler {
  const host = new URL(opts.publicUrl).host;
  const audiences: [string, ...string[]] = [`api://${host}/${opts.clientId}`, opts.clientId];
  const allowed = opts.allowedTenants?.filter(Boolean);
  // Cached and refreshed on a timer; an unknown `kid` fetches at most once per interval, so a
  // flood of forged ones neither locks valid users out nor sends a request each (key-set.ts).
  const keys = new KeySet({
    name: 'tab',
    jwksUri: opts.jwksUri ?? 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
    ...(opts.jwksRefreshMs !== undefined ? { refreshMs: opts.jwksRefreshMs } : {}),
    ...(opts.unknownKidIntervalMs !== undefined
      ? { unknownKidIntervalMs: opts.unknownKidIntervalMs }
      : {}),
    log: opts.log,
  });
  const getKey = (header: JwtHeader, cb: SigningKeyCallback) => {
    keys.get(header.kid).then(
      (key) => (key ? cb(null, key.key) : cb(new Error('clé inconnue'))),
      (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
    );
  };

  const verify = (token: string) =>
    new Promise<JwtPayload>((resolve, reject) => {
      jwt.verify(
        token,
        getKey,
        { algorithms: ['RS256'], audience: audiences, clockTolerance: 60 },
        (err, decoded) => {
          if (err || !decoded || typeof decoded === 'string')
            reject(new SsoRejected(err?.message ?? 'token illisible'));
          else resolve(decoded);
        },
      );
    });

  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
    const refuse = (reason: string) => {
      opts.log.info({ reason, path: req.path }, 'Onglet Teams : jeton SSO refusé');
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer')
        .json({ error: { code: 'UNAUTHENTICATED', message: 'Authentification Teams requise.' } });
    };
    if (!match) return refuse('absent');
    verify(match[1]!)
      .then(async (claims) => {
        const tid = typeof claims.tid === 'string' ? claims.tid : '';
        const oid = typeof claims.oid === 'string' ? claims.oid : '';
        if (!tid || !oid) throw new SsoRejected('tid ou oid manquant');
        const issuers = [
          `https://login.microsoftonline.com/${tid}/v2.0`,
          `https://sts.windows.net/${tid}/`,
        ];
        if (!issuers.includes(String(claims.iss)))
          throw new SsoRejected(`émetteur ${String(claims.iss)}`);
        if (opts.tenantAllowed) {
          if (!(await opts.tenantAllowed(tid))) throw new SsoRejected('tenant non autorisé');
        } else if (allowed && allowed.length > 0 && !allowed.includes(tid))
          throw new SsoRejected('tenant non autorisé');
        req.tabUser = {
          tenantId: tid,
          aadObjectId: oid,
          ...(typeof claims.name === 'string' ? { name: claims.name } : {}),
          ...(typeof claims.preferred_username === 'string'
            ? { upn: claims.preferred_username }
            : typeof claims.upn === 'string'
              ? { upn: claims.upn }
              : {}),
        };
        next();
      })
      .catch((err: unknown) => {
        if (err instanceof SsoRejected) return refuse(err.message);
        next(err);
      });
  };
}
