import { randomBytes } from 'node:crypto';
import express, { type Express, type Request, type Response } from 'express';
import { ballotFormToken, sameToken } from '../app/ballot-links';
import type { AppDeps } from '../app/deps';
import type { CodeThrottleLimits } from '../app/web-survey';
import { openBallot, submitBallot } from '../app/web-ballot';
import type { ErrorCode } from '../domain/error-codes';
import type { Locale } from '../domain/types';
import { webWords } from '../domain/web-words';
import {
  DomainError,
  errorStatus,
  errorText,
  fieldErrors,
  isDomainError,
  ValidationErrors,
} from '../domain/errors';
import type { Logger } from '../logger';
import { renderBallotPage, renderBallotRefusal, type BallotFormState } from './ballot-page';
import { privatePageHeaders } from './html';
import { mountSurveyWeb } from './survey-event';

/**
 * The refusals the ballot answers with a page of their own; each with its code's HTTP status
 * (src/domain/error-codes.ts) and the catalogue's words in the ballot's language.
 */
const REFUSALS = new Set<ErrorCode>([
  'BALLOT_LINK_INVALID',
  'BALLOT_LINK_REVOKED',
  'BALLOT_ROUND_CLOSED',
  'BALLOT_NOT_INVITED',
  'ROUND_DEADLINE_PASSED',
  'ROUND_NOT_OPEN',
  'ROUND_NOT_FOUND',
  'AVIS_NOT_INVITED',
]);
/**
 * The ballot's language: the contact's, once a contact or its organisation carries one (neither
 * does in prisma/schema.prisma); until then French, Concerto's language for the partners.
 */
const LOCALE: Locale = 'fr';
const TITLES = webWords(LOCALE).ballot.refusalTitles;
const COOKIE = 'concerto_vote';
const TOKEN = /^[A-Za-z0-9_-]{10,200}\.[A-Za-z0-9_-]{32}$/;

export interface BallotRouterOptions {
  deps: AppDeps;
  log: Logger;
  /** The links' HMAC key (app/ballot-links.ts). */
  key: Buffer;
  /** Invalid links tried per client address per window before 429. Default: 30 per 15 min. */
  maxInvalidPerWindow?: number;
  windowMs?: number;
  /** Participant codes tried per client address (the survey's event page). */
  surveyCodeThrottle?: CodeThrottleLimits;
}

/**
 * Mounts the web ballot: GET /vote/<token> shows the form, POST /vote/<token> stores it. The
 * token in the path is the capability; it is never logged (this router logs none of its URLs),
 * kept out of referrers and caches. The form carries a token bound to the link and to a
 * SameSite=Strict cookie set with the page (CSRF). Invalid links are counted per client address:
 * past the limit, even valid-looking guesses get 429 for the rest of the window.
 */
export function mountBallot(app: Express, o: BallotRouterOptions): void {
  // A survey's pages, and its grid for a /vote/ link whose round is a survey (before the ballot).
  mountSurveyWeb(app, {
    deps: o.deps,
    log: o.log,
    key: o.key,
    ...(o.surveyCodeThrottle ? { codeThrottle: o.surveyCodeThrottle } : {}),
  });
  const max = o.maxInvalidPerWindow ?? 30;
  const windowMs = o.windowMs ?? 15 * 60_000;
  const invalid = new Map<string, { count: number; until: number }>();
  const throttled = (req: Request) => {
    const e = invalid.get(req.ip ?? '');
    return e !== undefined && e.until > Date.now() && e.count >= max;
  };
  const countInvalid = (req: Request) => {
    const ip = req.ip ?? '';
    const now = Date.now();
    const e = invalid.get(ip);
    if (!e || e.until <= now) invalid.set(ip, { count: 1, until: now + windowMs });
    else e.count += 1;
    if (invalid.size > 10_000) for (const [k, v] of invalid) if (v.until <= now) invalid.delete(k);
  };

  const headers = privatePageHeaders;

  const refuse = (req: Request, res: Response, err: unknown) => {
    if (isDomainError(err) && REFUSALS.has(err.code)) {
      const status = errorStatus(err);
      if (err.code === 'BALLOT_LINK_INVALID') countInvalid(req);
      headers(res)
        .status(status)
        .send(renderBallotRefusal(TITLES[status]!, errorText(err, LOCALE), LOCALE));
      return true;
    }
    return false;
  };

  const cookieNonce = (req: Request, res: Response): string => {
    const existing = /(?:^|;\s*)concerto_vote=([A-Za-z0-9_-]{22,64})/.exec(
      req.headers.cookie ?? '',
    )?.[1];
    if (existing) return existing;
    const nonce = randomBytes(18).toString('base64url');
    res.append(
      'set-cookie',
      `${COOKIE}=${nonce}; Path=/vote; HttpOnly; SameSite=Strict${req.secure ? '; Secure' : ''}`,
    );
    return nonce;
  };

  const show = async (req: Request, res: Response, status: number, state?: BallotFormState) => {
    const token = String(req.params.token);
    const view = await openBallot(o.deps, { key: o.key, token });
    const nonce = cookieNonce(req, res);
    headers(res)
      .status(status)
      .send(
        renderBallotPage(view, {
          action: `/vote/${token}`,
          formToken: ballotFormToken(o.key, token, nonce),
          ...(state ? { state } : {}),
          locale: LOCALE,
        }),
      );
  };

  const guard = (req: Request, res: Response): boolean => {
    if (throttled(req)) {
      headers(res)
        .status(429)
        .setHeader('retry-after', String(Math.ceil(windowMs / 1000)))
        .send(
          renderBallotRefusal(
            TITLES[429]!,
            errorText(new DomainError('BALLOT_LINKS_THROTTLED'), LOCALE),
            LOCALE,
          ),
        );
      return false;
    }
    if (!TOKEN.test(String(req.params.token))) {
      countInvalid(req);
      headers(res)
        .status(404)
        .send(
          renderBallotRefusal(
            TITLES[404]!,
            errorText(new DomainError('BALLOT_LINK_INVALID', { hint: true }), LOCALE),
            LOCALE,
          ),
        );
      return false;
    }
    return true;
  };

  app.get('/vote/:token', async (req, res, next) => {
    if (!guard(req, res)) return;
    try {
      await show(
        req,
        res,
        200,
        req.query.enregistre ? { saved: Number(req.query.enregistre) || 0 } : undefined,
      );
    } catch (err) {
      if (!refuse(req, res, err)) next(err);
    }
  });

  app.post(
    '/vote/:token',
    express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 500 }),
    async (req, res, next) => {
      if (!guard(req, res)) return;
      const token = String(req.params.token);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
      try {
        const nonce = /(?:^|;\s*)concerto_vote=([A-Za-z0-9_-]{22,64})/.exec(
          req.headers.cookie ?? '',
        )?.[1];
        if (!nonce || !sameToken(str('jeton'), ballotFormToken(o.key, token, nonce))) {
          // No cookie (another site's form, or cookies refused) or a stale form: show it again.
          await show(req, res, 403, {
            errors: [{ field: 'form', message: webWords(LOCALE).ballot.formExpired }],
            values: valuesOf(body),
          });
          return;
        }
        // The round's enjeux are named by the fields themselves; the vote checks they are the
        // round's (a forged id is a field error), so the page is not loaded to submit it.
        const votes = Object.values(valuesOf(body))
          .filter((v) => v.choice || v.comment.trim())
          .map((v) => ({
            enjeuId: v.enjeuId,
            choice: v.choice || null,
            comment: v.comment || null,
          }));
        try {
          const r = await submitBallot(o.deps, { key: o.key, token, votes });
          // The 303 as it is, without Express's redirect (content negotiation for a body that
          // browsers never show): the token matched TOKEN, so the location needs no escaping.
          res.statusCode = 303;
          res.setHeader('location', `/vote/${token}?enregistre=${r.saved.length}#confirmation`);
          res.end();
        } catch (err) {
          if (
            err instanceof ValidationErrors ||
            (isDomainError(err) && err.code === 'AVIS_EMPTY')
          ) {
            const errors = fieldErrors(err, LOCALE).map((e) => ({
              field: err instanceof ValidationErrors ? (e.field ?? '') : 'form',
              message: e.message,
            }));
            await show(req, res, 422, { errors, values: valuesOf(body) });
            return;
          }
          throw err;
        }
      } catch (err) {
        if (!refuse(req, res, err)) next(err);
      }
    },
  );
  o.log.debug('web ballot mounted on /vote');
}

/** The submitted values, to show the form again as it was sent. */
function valuesOf(
  body: Record<string, unknown>,
): Record<string, { enjeuId: string; choice: string; comment: string }> {
  const out: Record<string, { enjeuId: string; choice: string; comment: string }> = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v !== 'string') continue;
    const m = /^(avis|commentaire)-([0-9a-f-]{36})$/.exec(k);
    if (!m) continue;
    const e = (out[m[2]!] ??= { enjeuId: m[2]!, choice: '', comment: '' });
    if (m[1] === 'avis') e.choice = v;
    else e.comment = v;
  }
  return out;
}
