import { createHmac, randomBytes } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { ballotFormToken, sameToken } from '../app/ballot-links';
import type { AppDeps } from '../app/deps';
import {
  getSurveyForm,
  saveSurveyAnswer,
  surveyDefinition,
  type SurveyRespondent,
} from '../app/survey/answer-survey';
import { findSurveyEvent, joinSurvey } from '../app/survey/participants';
import { resumeParticipant, setParticipantEmail } from '../app/survey/participant-email';
import {
  countCodeAttempt,
  participantOf,
  signParticipantSession,
  surveyLinkOf,
  verifyParticipantSession,
  type CodeThrottleLimits,
} from '../app/web-survey';
import type { ErrorCode } from '../domain/error-codes';
import { DomainError, errorStatus, errorText, isDomainError } from '../domain/errors';
import { gridFieldName, type GridFormView } from '../domain/grid-answer';
import { gridCells, type Grid } from '../domain/grid';
import { formatDeadline } from '../domain/round-schedule';
import type { Locale } from '../domain/types';
import { participantWords, webWords } from '../domain/web-words';
import type { Logger } from '../logger';
import { acceptedLocale } from './accept-language';
import { privatePageHeaders } from './html';
import {
  EVENT_SCRIPT,
  renderEventPage,
  renderSurveyGridPage,
  renderSurveyRefusal,
} from './survey-pages';
import { renderParticipantEmailForm, type ParticipantEmailForm } from './survey-participant-email';

/**
 * The web's survey pages (issue [11] items 2–3):
 *  - GET/POST /grille/<event>: the journée's public page (its link and QR code are on the
 *    pilot's codes sheet); a participant types their code (guesses counted per client address,
 *    app/web-survey.ts `countCodeAttempt`), gets a signed session cookie naming their participant
 *    row — never the code — and is sent to their grid;
 *  - GET/POST /grille/<event>/reponse: their grid (« Enregistrer le brouillon », « Terminer »);
 *  - GET/POST /vote/<token>: the e-mail personal link, when its round is a survey answered per
 *    organisation, opens the organisation's grid (a consultation goes on to the ballot, which
 *    also answers every invalid or revoked link with its own throttle and pages).
 * Every form carries a token bound to a cookie (CSRF); pages are no-store, noindex, without
 * referrer; no URL of these routes is logged. A participant reads the journée's pages in French
 * unless their browser prefers English (Accept-Language); an organisation's contact in French
 * (neither a contact nor an organisation carries a language yet).
 */
export interface SurveyWebOptions {
  deps: AppDeps;
  log: Logger;
  /** The link key (CONCERTO_LINK_SECRET). */
  key: Buffer;
  codeThrottle?: CodeThrottleLimits;
}

const EVENT = /^[a-z0-9]{12}$/;
const SESSION_COOKIE = 'concerto_grille';
const PRE_COOKIE = 'concerto_grille_pre';
const VOTE_COOKIE = 'concerto_vote';
const SCRIPT_PATH = '/grille-code.js';

/** Refusals answered with a page of their own, with what to do (WEB_FR.survey.todo). */
function todoOf(code: ErrorCode, locale: Locale): string | undefined {
  const todo: Partial<Record<ErrorCode, string>> = {
    ...webWords(locale).survey.todo,
    SURVEY_RESUME_LINK_INVALID: participantWords(locale).resumeTodo,
  };
  return todo[code];
}
/** The language of a contact's pages (a /vote/ link): see above. */
const CONTACT_LOCALE: Locale = 'fr';
/** The language of a page: the participant's browser's on /grille, the contact's on /vote. */
const localeOf = (req: Request): Locale =>
  req.path.startsWith('/grille') ? acceptedLocale(req.headers['accept-language']) : CONTACT_LOCALE;

function cookieOf(req: Request, name: string, pattern = '[A-Za-z0-9_-]{16,64}') {
  return new RegExp(`(?:^|;\\s*)${name}=(${pattern})(?:;|$)`).exec(req.headers.cookie ?? '')?.[1];
}

/** The grid's fields among a submitted form's; an unchecked rating (no radio sent) clears it. */
function gridValues(body: Record<string, unknown>, grid: Grid): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(body))
    if (typeof v === 'string' && /^(case|note)-\d{1,3}-\d{1,3}$/.test(k)) values[k] = v;
  // The page sends every cell: one missing (an unchecked rating) is emptied.
  for (const c of gridCells(grid)) {
    values[gridFieldName('text', c.level, c.question)] ??= '';
    if (c.rated) values[gridFieldName('rating', c.level, c.question)] ??= '';
  }
  return values;
}

export function mountSurveyWeb(app: Express, o: SurveyWebOptions): void {
  const { deps } = o;
  const form = express.urlencoded({ extended: false, limit: '300kb', parameterLimit: 1000 });
  const mac = (purpose: string, secret: string) =>
    createHmac('sha256', o.key).update(`grille-${purpose}:${secret}`).digest('base64url');
  const secure = (req: Request) => (req.secure ? '; Secure' : '');
  /** The event page allows its one script (from this site); the other pages none. */
  const eventHeaders = (res: Response) =>
    privatePageHeaders(res).setHeader(
      'content-security-policy',
      "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );

  const refusal = (req: Request, res: Response, err: DomainError) => {
    const status = errorStatus(err);
    const locale = localeOf(req);
    const w = webWords(locale).survey;
    privatePageHeaders(res)
      .status(status)
      .send(
        renderSurveyRefusal(
          w.refusalTitles[status] ?? w.refused,
          errorText(err, locale),
          todoOf(err.code, locale) ?? w.todoOther,
          locale,
        ),
      );
  };
  /** A refusal of ours as a page; anything else to Express. */
  const guarded =
    (handler: (req: Request, res: Response, next: NextFunction) => Promise<void>) =>
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        await handler(req, res, next);
      } catch (err) {
        if (isDomainError(err) && (todoOf(err.code, localeOf(req)) || errorStatus(err) < 500))
          refusal(req, res, err);
        else next(err);
      }
    };

  const eventOf = async (req: Request) => {
    const code = String(req.params.event);
    if (!EVENT.test(code)) throw new DomainError('SURVEY_EVENT_NOT_FOUND');
    const event = await findSurveyEvent(deps, code);
    return {
      code,
      event,
      deadline: formatDeadline(event.deadline, localeOf(req), event.tenant.timezone),
    };
  };
  const assertOpen = (event: Awaited<ReturnType<typeof findSurveyEvent>>) => {
    const status =
      event.status === 'open' && event.deadline.getTime() <= deps.now().getTime()
        ? 'past'
        : event.status;
    if (status !== 'open')
      throw new DomainError('SURVEY_NOT_OPEN', {
        number: event.number,
        status: status as 'draft' | 'closed' | 'cancelled' | 'past',
      });
  };

  app.get(SCRIPT_PATH, (_req, res) => {
    res
      .type('application/javascript; charset=utf-8')
      .setHeader('cache-control', 'public, max-age=3600')
      .send(EVENT_SCRIPT);
  });

  // --- The event's page ------------------------------------------------------------------------

  const showEvent = async (
    req: Request,
    res: Response,
    status: number,
    extra: { error?: string; values?: { code: string; name: string } } = {},
  ) => {
    const { code, event, deadline } = await eventOf(req);
    assertOpen(event);
    let nonce = cookieOf(req, PRE_COOKIE);
    if (!nonce) {
      nonce = randomBytes(18).toString('base64url');
      res.append(
        'set-cookie',
        `${PRE_COOKIE}=${nonce}; Path=/grille; HttpOnly; SameSite=Strict${secure(req)}`,
      );
    }
    eventHeaders(res)
      .status(status)
      .send(
        renderEventPage(
          {
            number: event.number,
            gridTitle: event.grid.title,
            tenantName: event.tenant.name,
            deadline,
            anonymous: event.anonymous,
          },
          {
            action: `/grille/${code}`,
            formToken: mac('entree', nonce),
            script: SCRIPT_PATH,
            locale: localeOf(req),
            ...extra,
          },
        ),
      );
  };

  app.get(
    '/grille/:event',
    guarded((req, res) => showEvent(req, res, 200)),
  );

  app.post(
    '/grille/:event',
    form,
    guarded(async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
      const values = { code: str('code').slice(0, 20), name: str('nom').slice(0, 200) };
      const nonce = cookieOf(req, PRE_COOKIE);
      if (!nonce || !sameToken(str('jeton'), mac('entree', nonce))) {
        await showEvent(req, res, 403, {
          error: webWords(localeOf(req)).survey.codeFormExpired,
          values,
        });
        return;
      }
      const { code: eventCode, event } = await eventOf(req);
      assertOpen(event);
      let attempt;
      try {
        attempt = await countCodeAttempt(
          deps,
          { address: req.ip ?? '', eventCode },
          o.codeThrottle,
        );
      } catch (err) {
        if (isDomainError(err) && err.code === 'SURVEY_CODE_THROTTLED') {
          refusal(req, res.setHeader('retry-after', '900'), err);
          return;
        }
        throw err;
      }
      try {
        const joined = await joinSurvey(deps, {
          eventCode,
          code: values.code,
          ...(values.name.trim() ? { name: values.name } : {}),
        });
        await attempt.succeeded();
        const session = signParticipantSession(o.key, {
          participantId: joined.participant.id,
          roundId: joined.event.id,
        });
        res.append(
          'set-cookie',
          `${SESSION_COOKIE}=${session}; Path=/grille/${eventCode}; HttpOnly; SameSite=Lax${secure(req)}`,
        );
        res.statusCode = 303;
        res.setHeader('location', `/grille/${eventCode}/reponse`);
        res.end();
      } catch (err) {
        if (
          isDomainError(err) &&
          (err.code === 'SURVEY_CODE_UNKNOWN' || err.code === 'SURVEY_NAME_TOO_LONG')
        ) {
          if (err.code === 'SURVEY_NAME_TOO_LONG') await attempt.succeeded();
          await showEvent(req, res, errorStatus(err) === 404 ? 422 : errorStatus(err), {
            error: errorText(err, localeOf(req)),
            values,
          });
          return;
        }
        throw err;
      }
    }),
  );

  // --- A participant's grid --------------------------------------------------------------------

  /** The participant of the session cookie, or undefined (then: back to the event's page). */
  const participant = async (req: Request, eventCode: string) => {
    const token = cookieOf(req, SESSION_COOKIE, '[A-Za-z0-9_.-]{20,200}');
    const claims = token ? verifyParticipantSession(o.key, token) : undefined;
    if (!token || !claims) return undefined;
    const p = await participantOf(deps, { eventCode, ...claims });
    return { ...p, token };
  };

  const showParticipant = async (
    req: Request,
    res: Response,
    status: number,
    ctx: {
      eventCode: string;
      event: Awaited<ReturnType<typeof findSurveyEvent>>;
      deadline: string;
      p: NonNullable<Awaited<ReturnType<typeof participant>>>;
    },
    extra: {
      view?: GridFormView;
      done?: 'brouillon' | 'termine';
      formExpired?: boolean;
      /** The reminder address's form: what was typed, its error, its confirmation. */
      email?: Pick<ParticipantEmailForm, 'value' | 'error' | 'formExpired' | 'done'>;
    } = {},
  ) => {
    const locale = localeOf(req);
    const w = webWords(locale).survey;
    const form = await getSurveyForm(deps, {
      tenantId: ctx.p.tenantId,
      roundId: ctx.p.roundId,
      respondent: ctx.p.respondent,
      locale,
    });
    if (form.refusal) throw form.refusal;
    privatePageHeaders(res)
      .status(status)
      .send(
        renderSurveyGridPage({
          number: ctx.event.number,
          tenantName: ctx.event.tenant.name,
          deadline: ctx.deadline,
          who: ctx.p.name
            ? w.whoNamed(ctx.p.name, ctx.p.table || null)
            : w.whoUnnamed(ctx.event.anonymous, ctx.p.table || null),
          state: form.state,
          view: extra.view ?? form.view,
          action: `/grille/${ctx.eventCode}/reponse`,
          formToken: mac('reponse', ctx.p.token),
          ...(extra.done ? { done: extra.done } : {}),
          ...(extra.formExpired ? { formExpired: true } : {}),
          locale,
          // An address to be reminded, never asked in an anonymous round.
          ...(ctx.event.anonymous || ctx.p.anonymous
            ? {}
            : {
                after: renderParticipantEmailForm({
                  action: `/grille/${ctx.eventCode}/rappel`,
                  formToken: mac('rappel', ctx.p.token),
                  email: ctx.p.email,
                  ...extra.email,
                  locale,
                }),
              }),
        }),
      );
  };

  app.get(
    '/grille/:event/reponse',
    guarded(async (req, res) => {
      const { code: eventCode, event, deadline } = await eventOf(req);
      const p = await participant(req, eventCode);
      if (!p) {
        res.redirect(303, `/grille/${eventCode}`);
        return;
      }
      const fait = req.query.fait;
      await showParticipant(
        req,
        res,
        200,
        { eventCode, event, deadline, p },
        fait === 'brouillon' || fait === 'termine'
          ? { done: fait }
          : fait === 'adresse' || fait === 'adresse-effacee'
            ? { email: { done: fait } }
            : {},
      );
    }),
  );

  app.post(
    '/grille/:event/reponse',
    form,
    guarded(async (req, res) => {
      // The hot path of the day (bench:survey): one statement, the save, which also checks that
      // the session's participant is still this event's and the round's state; the participant
      // and the event are read only to show the page again.
      const eventCode = String(req.params.event);
      if (!EVENT.test(eventCode)) throw new DomainError('SURVEY_EVENT_NOT_FOUND');
      const token = cookieOf(req, SESSION_COOKIE, '[A-Za-z0-9_.-]{20,200}');
      const claims = token ? verifyParticipantSession(o.key, token) : undefined;
      if (!token || !claims) {
        res.redirect(303, `/grille/${eventCode}`);
        return;
      }
      const body = (req.body ?? {}) as Record<string, unknown>;
      const page = async (status: number, extra: Parameters<typeof showParticipant>[4]) => {
        const p = await participant(req, eventCode);
        if (!p) throw new DomainError('SURVEY_CODE_UNKNOWN');
        const { event, deadline } = await eventOf(req);
        await showParticipant(req, res, status, { eventCode, event, deadline, p }, extra);
      };
      const given = typeof body.jeton === 'string' ? body.jeton : '';
      if (!sameToken(given, mac('reponse', token))) {
        await page(403, { formExpired: true });
        return;
      }
      const { tenantId } = await surveyDefinition(deps, null, claims.roundId);
      const r = await save(
        {
          tenantId,
          roundId: claims.roundId,
          respondent: {
            kind: 'participant',
            participantId: claims.participantId,
            label: null,
            eventCode,
          },
        },
        body,
        localeOf(req),
      );
      if (!r.saved) {
        await page(422, { view: r.view });
        return;
      }
      // The 303 as it is (eventCode matched EVENT: nothing to escape), without Express's body.
      res.statusCode = 303;
      res.setHeader(
        'location',
        `/grille/${eventCode}/reponse?fait=${r.finish ? 'termine' : 'brouillon'}#confirmation`,
      );
      res.end();
    }),
  );

  /** Saves a submitted grid; « Terminer » marks it finished. */
  const save = async (
    who: { tenantId: string; roundId: string; respondent: SurveyRespondent },
    body: Record<string, unknown>,
    locale: Locale,
  ) => {
    const { grid_: grid } = await surveyDefinition(deps, who.tenantId, who.roundId);
    const finish = body.action === 'terminer';
    const r = await saveSurveyAnswer(deps, {
      ...who,
      values: gridValues(body, grid),
      ...(finish ? { finish: true } : {}),
      locale,
    });
    return { ...r, finish };
  };

  // --- A participant's reminder address and resume link (not in an anonymous round) -----------

  app.post(
    '/grille/:event/rappel',
    form,
    guarded(async (req, res) => {
      const { code: eventCode, event, deadline } = await eventOf(req);
      const p = await participant(req, eventCode);
      if (!p) {
        res.redirect(303, `/grille/${eventCode}`);
        return;
      }
      const body = (req.body ?? {}) as Record<string, unknown>;
      const value = typeof body.courriel === 'string' ? body.courriel.slice(0, 300) : '';
      const locale = localeOf(req);
      const pw = participantWords(locale);
      const refused = (err: DomainError) =>
        privatePageHeaders(res)
          .status(errorStatus(err))
          .send(renderSurveyRefusal(pw.notSaved, errorText(err, locale), pw.anonymousTodo, locale));
      if (event.anonymous || p.anonymous) {
        refused(new DomainError('SURVEY_EMAIL_ANONYMOUS', { number: event.number }));
        return;
      }
      const ctx = { eventCode, event, deadline, p };
      const given = typeof body.jeton === 'string' ? body.jeton : '';
      if (!sameToken(given, mac('rappel', p.token))) {
        await showParticipant(req, res, 403, ctx, { email: { value, formExpired: true } });
        return;
      }
      try {
        const r = await setParticipantEmail(deps, {
          eventCode,
          participantId: p.respondent.participantId,
          roundId: p.roundId,
          email: value,
        });
        res.redirect(
          303,
          `/grille/${eventCode}/reponse?fait=${r.email ? 'adresse' : 'adresse-effacee'}#rappel`,
        );
      } catch (err) {
        if (isDomainError(err) && err.code === 'EMAIL_INVALID') {
          await showParticipant(req, res, 422, ctx, {
            email: { value, error: errorText(err, locale) },
          });
          return;
        }
        if (isDomainError(err) && err.code === 'SURVEY_EMAIL_ANONYMOUS') {
          refused(err);
          return;
        }
        throw err;
      }
    }),
  );

  /** The link of a reminder e-mail: sets the participant's session, then opens their grid. */
  app.get(
    '/grille/:event/reprendre/:token',
    guarded(async (req, res) => {
      const eventCode = String(req.params.event);
      if (!EVENT.test(eventCode)) throw new DomainError('SURVEY_EVENT_NOT_FOUND');
      const { session } = await resumeParticipant(deps, {
        key: o.key,
        eventCode,
        token: String(req.params.token),
      });
      res.append(
        'set-cookie',
        `${SESSION_COOKIE}=${session}; Path=/grille/${eventCode}; HttpOnly; SameSite=Lax${secure(req)}`,
      );
      res.redirect(303, `/grille/${eventCode}/reponse`);
    }),
  );

  // --- An organisation's grid from its contact's personal link ----------------------------------

  const TOKEN = /^[A-Za-z0-9_-]{10,200}\.[A-Za-z0-9_-]{32}$/;
  /** The survey of a /vote/ link, or undefined: the ballot then answers (consultation, bad link). */
  const linkOf = async (req: Request) => {
    const token = String(req.params.token);
    if (!TOKEN.test(token)) return undefined;
    try {
      const link = await surveyLinkOf(deps, { key: o.key, token });
      return link ? { ...link, token } : undefined;
    } catch (err) {
      if (isDomainError(err)) return undefined;
      throw err;
    }
  };
  const voteNonce = (req: Request, res: Response) => {
    const existing = cookieOf(req, VOTE_COOKIE, '[A-Za-z0-9_-]{22,64}');
    if (existing) return existing;
    const nonce = randomBytes(18).toString('base64url');
    res.append(
      'set-cookie',
      `${VOTE_COOKIE}=${nonce}; Path=/vote; HttpOnly; SameSite=Strict${secure(req)}`,
    );
    return nonce;
  };
  const showLink = async (
    req: Request,
    res: Response,
    status: number,
    link: NonNullable<Awaited<ReturnType<typeof linkOf>>>,
    extra: { view?: GridFormView; done?: 'brouillon' | 'termine'; formExpired?: boolean } = {},
  ) => {
    const form = await getSurveyForm(deps, { ...link, locale: CONTACT_LOCALE });
    if (form.refusal) throw form.refusal;
    const nonce = voteNonce(req, res);
    privatePageHeaders(res)
      .status(status)
      .send(
        renderSurveyGridPage({
          number: form.round.number,
          tenantName: link.tenant.name,
          deadline: formatDeadline(form.round.deadline, CONTACT_LOCALE, link.tenant.timezone),
          who: webWords(CONTACT_LOCALE).survey.whoContact(
            link.organisation.name,
            link.respondent.label,
          ),
          state: form.state,
          view: extra.view ?? form.view,
          action: `/vote/${link.token}`,
          formToken: ballotFormToken(o.key, link.token, nonce),
          ...(extra.done ? { done: extra.done } : {}),
          ...(extra.formExpired ? { formExpired: true } : {}),
          locale: CONTACT_LOCALE,
        }),
      );
  };

  app.get(
    '/vote/:token',
    guarded(async (req, res, next) => {
      const link = await linkOf(req);
      if (!link) return next();
      const fait = req.query.fait;
      await showLink(
        req,
        res,
        200,
        link,
        fait === 'brouillon' || fait === 'termine' ? { done: fait } : {},
      );
    }),
  );

  app.post(
    '/vote/:token',
    form,
    guarded(async (req, res, next) => {
      const link = await linkOf(req);
      if (!link) return next();
      const body = (req.body ?? {}) as Record<string, unknown>;
      const nonce = cookieOf(req, VOTE_COOKIE, '[A-Za-z0-9_-]{22,64}');
      const given = typeof body.jeton === 'string' ? body.jeton : '';
      if (!nonce || !sameToken(given, ballotFormToken(o.key, link.token, nonce))) {
        await showLink(req, res, 403, link, { formExpired: true });
        return;
      }
      const r = await save(link, body, CONTACT_LOCALE);
      if (!r.saved) {
        await showLink(req, res, 422, link, { view: r.view });
        return;
      }
      res.statusCode = 303;
      res.setHeader(
        'location',
        `/vote/${link.token}?fait=${r.finish ? 'termine' : 'brouillon'}#confirmation`,
      );
      res.end();
    }),
  );
  o.log.debug('pages des évaluations montées sur /grille et /vote');
}
