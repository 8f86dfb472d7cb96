import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import type { Logger } from 'pino';

/**
 * Slack request signing (https://docs.slack.dev/authentication/verifying-requests-from-slack):
 * `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<raw body>">` with the signing secret.
 *
 * It sits at the very edge, in front of Bolt (which is told not to check again): Bolt only refuses
 * timestamps older than 5 minutes, and a request stamped in the future would stay replayable for as
 * long as its clock is ahead. Here both directions are refused.
 */

/** Stable codes of refused requests (logged; the HTTP answer is a bare 401). */
export const SLACK_VERIFY_ERRORS = [
  'SLACK_SIGNING_SECRET_MISSING',
  'SLACK_SIGNATURE_MISSING',
  'SLACK_TIMESTAMP_INVALID',
  'SLACK_TIMESTAMP_STALE',
  'SLACK_TIMESTAMP_FUTURE',
  'SLACK_SIGNATURE_MISMATCH',
] as const;
export type SlackVerifyErrorCode = (typeof SLACK_VERIFY_ERRORS)[number];

export class SlackVerificationError extends Error {
  constructor(
    public readonly code: SlackVerifyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SlackVerificationError';
  }
}

/** How far a request's timestamp may be from our clock, either way. Slack's own advice: 5 minutes. */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

export interface VerifySlackRequestOptions {
  signingSecret: string;
  /** The body exactly as received (bytes or their UTF-8 string). */
  rawBody: Buffer | string;
  /** `X-Slack-Signature`. */
  signature: string | undefined;
  /** `X-Slack-Request-Timestamp` (Unix seconds). */
  timestamp: string | undefined;
  /** Our clock, in ms. Default: Date.now(). */
  nowMs?: number;
  /** Allowed clock distance, in seconds, in either direction. Default: 300. */
  toleranceSeconds?: number;
}

/** Throws SlackVerificationError unless the request is signed with `signingSecret` and fresh. */
export function verifySlackRequest(options: VerifySlackRequestOptions): void {
  const { signingSecret, signature, timestamp } = options;
  if (!signingSecret) {
    throw new SlackVerificationError(
      'SLACK_SIGNING_SECRET_MISSING',
      'no signing secret configured',
    );
  }
  if (!signature || !timestamp) {
    throw new SlackVerificationError(
      'SLACK_SIGNATURE_MISSING',
      'X-Slack-Signature or X-Slack-Request-Timestamp missing',
    );
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw new SlackVerificationError(
      'SLACK_TIMESTAMP_INVALID',
      'X-Slack-Request-Timestamp is not a Unix time',
    );
  }
  const nowSeconds = Math.floor((options.nowMs ?? Date.now()) / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const ts = Number(timestamp);
  if (ts < nowSeconds - tolerance) {
    throw new SlackVerificationError(
      'SLACK_TIMESTAMP_STALE',
      `timestamp ${nowSeconds - ts} s in the past`,
    );
  }
  if (ts > nowSeconds + tolerance) {
    throw new SlackVerificationError(
      'SLACK_TIMESTAMP_FUTURE',
      `timestamp ${ts - nowSeconds} s in the future`,
    );
  }
  const expected = Buffer.from(
    `v0=${computeSlackSignature(signingSecret, timestamp, options.rawBody)}`,
    'utf8',
  );
  const given = Buffer.from(signature, 'utf8');
  // timingSafeEqual throws on different lengths; a length is no secret (it is always 67 bytes).
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new SlackVerificationError('SLACK_SIGNATURE_MISMATCH', 'signature mismatch');
  }
}

/** verifySlackRequest on a request's own headers (`X-Slack-Signature`, `X-Slack-Request-Timestamp`). */
export function verifySlackHeaders(
  headers: IncomingHttpHeaders,
  options: Omit<VerifySlackRequestOptions, 'signature' | 'timestamp'>,
): void {
  const signature = headers['x-slack-signature'];
  const timestamp = headers['x-slack-request-timestamp'];
  verifySlackRequest({
    ...options,
    signature: typeof signature === 'string' ? signature : undefined,
    timestamp: typeof timestamp === 'string' ? timestamp : undefined,
  });
}

/** The hex HMAC Slack puts after `v0=`. */
export function computeSlackSignature(
  signingSecret: string,
  timestamp: string,
  rawBody: Buffer | string,
): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return hmac.digest('hex');
}

export interface SlackVerifyMiddlewareOptions {
  /** The app's signing secret, or a function returning it (secret rotation). */
  signingSecret: string | (() => string);
  log: Logger;
  /** Largest body accepted. Default: 1 MB (a modal with 100 blocks of state is far below). */
  bodyLimit?: string | number;
  /** Clock, in ms. Default: Date.now. */
  now?: () => number;
  /** Allowed clock distance, in seconds, in either direction. Default: 300. */
  toleranceSeconds?: number;
}

/** A request that passed the check: its bytes, for Bolt to parse (Bolt reads `req.rawBody`). */
export interface VerifiedSlackRequest extends Request {
  rawBody?: Buffer;
}

/**
 * Express middlewares that read the raw body, answer Slack's unsigned `ssl_check` pings, and refuse
 * (401, empty body) anything not signed or not fresh. The raw body is left on `req.rawBody`, which
 * Bolt's ExpressReceiver uses instead of reading the (already consumed) stream.
 *
 * Mount it before any global body parser: once a JSON parser has consumed the stream the exact
 * bytes are gone and no signature can be checked (such requests are refused, never let through).
 */
export function slackVerifyMiddleware(options: SlackVerifyMiddlewareOptions): RequestHandler[] {
  const readRaw = express.raw({ type: () => true, limit: options.bodyLimit ?? '1mb' });
  const check: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : undefined;
    if (raw === undefined) {
      options.log.warn(
        { code: 'SLACK_BODY_UNAVAILABLE' },
        'Slack : corps brut indisponible (un parseur est monté avant Slack ?)',
      );
      res.status(401).end();
      return;
    }
    // Slack's SSL check on slash command URLs is not signed; answer it and go no further, so a
    // smuggled payload next to ssl_check=1 never reaches a listener.
    if (isSslCheck(req, raw)) {
      res.status(200).end();
      return;
    }
    try {
      verifySlackHeaders(req.headers, {
        signingSecret:
          typeof options.signingSecret === 'function'
            ? options.signingSecret()
            : options.signingSecret,
        rawBody: raw,
        nowMs: (options.now ?? Date.now)(),
        toleranceSeconds: options.toleranceSeconds,
      });
    } catch (err) {
      if (err instanceof SlackVerificationError) {
        options.log.warn(
          { code: err.code, reason: err.message, ip: req.ip },
          'Slack : requête refusée',
        );
        res.status(401).end();
        return;
      }
      next(err);
      return;
    }
    (req as VerifiedSlackRequest).rawBody = raw;
    next();
  };
  return [readRaw, check];
}

function isSslCheck(req: Request, raw: Buffer): boolean {
  if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
    return false;
  // Parsing a whole view submission to look for one key cost more than the HMAC: look first.
  if (raw.indexOf('ssl_check=') === -1) return false;
  return new URLSearchParams(raw.toString('utf8')).get('ssl_check') === '1';
}
