import { createHmac, randomBytes } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { sameToken } from '../app/ballot-links';
import {
  checkSignInLink,
  consoleSession,
  consumeSignInLink,
  countRequest,
  DEFAULT_SIGN_IN_LIMITS,
  endConsoleSession,
  requestSignInLink,
  SESSION_TTL_MS,
  type ConsolePilot,
  type SignInLimits,
} from '../app/console-auth';
import {
  consoleIdentityProvider,
  finishOidcSignIn,
  OIDC_ATTEMPT_TTL_MS,
  startOidcSignIn,
  type OidcSecrets,
} from '../app/console-oidc';
import {
  consoleAgrements,
  consoleLaunchChoices,
  consoleRound,
  consoleRounds,
  organisationCodesOfKinds,
} from '../app/console-views';
import { recordProxyAvis } from '../app/cast-avis';
import { listRoundFollowups } from '../app/list-followups';
import { recordFollowup } from '../app/record-followup';
import { changeDeadline } from '../app/change-deadline';
import { cancelRound, closeRound } from '../app/close-round';
import { createRound } from '../app/create-round';
import { memberActor, type AppDeps } from '../app/deps';
import { exportRoundFiles, type ExportFormat } from '../app/export-round';
import { createAndLaunchRound, launchRound } from '../app/launch-round';
import { pastRemindersText } from '../domain/round-messages';
import { pastRoundReminders } from '../domain/round-schedule';
import { remindRoundNow } from '../app/remind-round';
import { parseDeadline } from '../cli/parse-args';
import {
  DomainError,
  errorStatus,
  errorText,
  isDomainError,
  ValidationErrors,
} from '../domain/errors';
import { consoleWords, type ConsoleWords } from '../domain/console-words';
import { roundAccess } from '../domain/roles';
import type { Logger } from '../logger';
import {
  renderAgrements,
  renderConsoleRefusal,
  renderFollowups,
  renderNewRound,
  renderRound,
  renderRounds,
  renderSignIn,
  renderSignInLink,
  type FollowupFormState,
  type Layout,
  type LaunchFormValues,
  type RoundPageState,
} from './console-pages';
import { mountConsoleGrids } from './console-grids';
import { mountConsoleSurveyCodes } from './console-survey-codes';
import { createSurveyFromForm, mountConsoleSurveys } from './console-surveys';
import { privatePageHeaders } from './html';

/**
 * The pilots' console, /console (issue [8] item 4). Pilots sign in by an e-mailed one-time link
 * (src/app/console-auth.ts); every page then reads the pilot's Caf from the session, never from
 * the request, and every action goes through the same use cases, with the same rules (roles.ts),
 * as Slack and Teams.
 *
 * - Cookies: `concerto_console` (the session: HttpOnly, SameSite=Lax, Secure over https, Path
 *   /console) and, before sign-in, `concerto_console_pre` (a nonce for the sign-in forms' CSRF
 *   token, SameSite=Strict).
 * - CSRF: every POST carries `jeton`, an HMAC of the session token (or of the pre-sign-in nonce)
 *   under the link key; a POST without it is refused (403) before anything is read.
 * - The sign-in link's page does not sign in by itself: its button does (a POST), so mail
 *   scanners that open links do not use them up.
 * - Words: the pilot's language (members.locale) through domain/console-words.ts, French on
 *   the sign-in pages; nothing is worded here.
 * - Refusals: a message in those words next to the form, with a 4xx (422 bad input, 409 a state that
 *   does not allow it, 404 not in this Caf, 429 throttled); nothing changes.
 * - Pages: no-store, noindex, no referrer (the sign-in link is in the path), a CSP with no
 *   script at all (everything works without JavaScript), never framed.
 */
export interface ConsoleRouterOptions {
  deps: AppDeps;
  log: Logger;
  /** The link key (CONCERTO_LINK_SECRET): sign-in tokens and CSRF tokens. */
  key: Buffer;
  limits?: SignInLimits;
  /**
   * Where the Cafs' identity providers' client secrets come from (OpenID Connect sign-in):
   * the environment and CONCERTO_ENCRYPTION_KEY (config.ts `oidcSecretSources`). Default:
   * none (a Caf whose secret is in an environment variable cannot sign in).
   */
  oidc?: OidcSecrets;
}

const SESSION_COOKIE = 'concerto_console';
const PRE_COOKIE = 'concerto_console_pre';
/** The OpenID Connect attempt's state, from « Se connecter avec … » to the callback. */
const OIDC_COOKIE = 'concerto_console_oidc';
const OIDC_PATH = '/console/connexion/oidc';
const CAF_CODE = /^[A-Za-z0-9_-]{1,32}$/;
/** The sign-in pages' words: nobody is known yet, so French (domain/console-words.ts). */
const SIGN_IN_WORDS = consoleWords(undefined);

function cookie(req: Request, name: string): string | undefined {
  const m = new RegExp(`(?:^|;\\s*)${name}=([A-Za-z0-9_-]{16,64})(?:;|$)`).exec(
    req.headers.cookie ?? '',
  );
  return m?.[1];
}

/** A refusal's HTTP status: its code's, from the one table (src/domain/error-codes.ts). */
const statusOf = (err: DomainError): number => errorStatus(err);

interface Signed {
  pilot: ConsolePilot;
  csrf: string;
  layout: Layout & { pilot: NonNullable<Layout['pilot']> };
}

/** The words of the signed-in pilot's language. */
const wordsOfPilot = (s: Signed): ConsoleWords => consoleWords(s.pilot.locale);

export function mountConsole(app: Express, o: ConsoleRouterOptions): void {
  const { deps } = o;
  const csrfOf = (purpose: string, secret: string) =>
    createHmac('sha256', o.key).update(`console-${purpose}:${secret}`).digest('base64url');
  const form = express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 2000 });

  const headers = privatePageHeaders;

  const secure = (req: Request) => (req.secure ? '; Secure' : '');

  /** The pre-sign-in nonce (set when missing) and the forms' token bound to it. */
  const preToken = (req: Request, res: Response) => {
    let nonce = cookie(req, PRE_COOKIE);
    if (!nonce) {
      nonce = randomBytes(18).toString('base64url');
      res.append(
        'set-cookie',
        `${PRE_COOKIE}=${nonce}; Path=/console; HttpOnly; SameSite=Strict${secure(req)}`,
      );
    }
    return csrfOf('login', nonce);
  };
  const preTokenOk = (req: Request) => {
    const nonce = cookie(req, PRE_COOKIE);
    const given = (req.body as Record<string, unknown> | undefined)?.jeton;
    return !!nonce && typeof given === 'string' && sameToken(given, csrfOf('login', nonce));
  };

  const signed = async (req: Request): Promise<Signed | undefined> => {
    const token = cookie(req, SESSION_COOKIE);
    if (!token) return undefined;
    const pilot = await consoleSession(deps, token);
    if (!pilot) return undefined;
    const csrf = csrfOf('csrf', token);
    return {
      pilot,
      csrf,
      layout: {
        title: '',
        locale: pilot.locale,
        pilot: { displayName: pilot.displayName, tenantName: pilot.tenant.name, csrf },
      },
    };
  };

  /** A page's handler for a signed-in pilot; others go to the sign-in page. */
  const pilotPage =
    (
      handler: (req: Request, res: Response, s: Signed) => Promise<void>,
      o2: { post?: boolean } = {},
    ) =>
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        const s = await signed(req);
        if (!s) {
          res.redirect(303, '/console/connexion');
          return;
        }
        if (o2.post) {
          const given = (req.body as Record<string, unknown> | undefined)?.jeton;
          if (typeof given !== 'string' || !sameToken(given, s.csrf)) {
            const w = wordsOfPilot(s);
            headers(res)
              .status(403)
              .send(renderConsoleRefusal(s.layout, w.formExpiredTitle, w.formExpired));
            return;
          }
        }
        await handler(req, res, s);
      } catch (err) {
        next(err);
      }
    };

  const notFound = (res: Response, s: Signed, message: string) =>
    headers(res)
      .status(404)
      .send(renderConsoleRefusal(s.layout, wordsOfPilot(s).roundNotFoundTitle, message));

  // --- Sign-in ---------------------------------------------------------------------------------

  app.get('/console/connexion', async (req, res, next) => {
    try {
      const caf = typeof req.query.caf === 'string' ? req.query.caf : '';
      const oidc = CAF_CODE.test(caf) ? await consoleIdentityProvider(deps, caf) : undefined;
      headers(res).send(
        renderSignIn({
          csrf: preToken(req, res),
          loggedOut: req.query.deconnecte === '1',
          ...(oidc ? { oidc } : {}),
        }),
      );
    } catch (err) {
      next(err);
    }
  });

  // --- Sign-in with the Caf's identity provider (OpenID Connect, src/app/console-oidc.ts) ----

  const secrets: OidcSecrets = o.oidc ?? { env: {} };
  const redirectUri = () =>
    `${(deps.publicUrl ?? 'http://localhost:3000').replace(/\/$/, '')}${OIDC_PATH}/retour`;
  const oidcCookie = (req: Request, value: string, maxAgeS: number) =>
    `${OIDC_COOKIE}=${value}; Path=${OIDC_PATH}; HttpOnly; SameSite=Lax; Max-Age=${maxAgeS}${secure(req)}`;
  const oidcRefusal = (req: Request, res: Response, err: DomainError) => {
    res.append('set-cookie', oidcCookie(req, '', 0));
    headers(res)
      .status(statusOf(err))
      .send(
        renderConsoleRefusal(
          { title: SIGN_IN_WORDS.signIn.refused },
          SIGN_IN_WORDS.signIn.refused,
          errorText(err, SIGN_IN_WORDS.lang),
          '/console/connexion',
        ),
      );
  };

  // A link, not a form: the page's CSP (form-action 'self') would stop a form's redirect to the
  // provider. Starting an attempt changes nothing but a row of its own (throttled per client);
  // the callback is bound to this browser by the state's cookie.
  app.get(OIDC_PATH, async (req, res, next) => {
    const caf = typeof req.query.caf === 'string' ? req.query.caf : '';
    try {
      const limits = o.limits ?? DEFAULT_SIGN_IN_LIMITS;
      await countRequest(
        deps,
        `console-oidc-client:${req.ip ?? 'inconnu'}`,
        limits.perClient,
        limits.windowMs,
      );
      if (!CAF_CODE.test(caf))
        throw new DomainError('OIDC_NOT_CONFIGURED', { caf: caf.slice(0, 32) });
      const start = await startOidcSignIn(deps, {
        cafCode: caf,
        redirectUri: redirectUri(),
        secrets,
      });
      res.append('set-cookie', oidcCookie(req, start.state, OIDC_ATTEMPT_TTL_MS / 1000));
      res.redirect(303, start.url);
    } catch (err) {
      if (!isDomainError(err)) return next(err);
      oidcRefusal(req, res, err);
    }
  });

  app.get(`${OIDC_PATH}/retour`, async (req, res, next) => {
    try {
      const base = deps.publicUrl ?? 'http://localhost:3000';
      const s = await finishOidcSignIn(deps, {
        currentUrl: new URL(req.originalUrl, base),
        stateCookie: cookie(req, OIDC_COOKIE),
        secrets,
      });
      res.append('set-cookie', oidcCookie(req, '', 0));
      res.append(
        'set-cookie',
        `${SESSION_COOKIE}=${s.sessionToken}; Path=/console; HttpOnly; SameSite=Lax; Max-Age=${SESSION_TTL_MS / 1000}${secure(req)}`,
      );
      res.redirect(303, '/console');
    } catch (err) {
      if (!isDomainError(err)) return next(err);
      oidcRefusal(req, res, err);
    }
  });

  app.post('/console/connexion', form, async (req, res, next) => {
    const csrf = preToken(req, res);
    if (!preTokenOk(req)) {
      headers(res)
        .status(403)
        .send(renderSignIn({ csrf, error: SIGN_IN_WORDS.formExpired }));
      return;
    }
    const email = (req.body as Record<string, unknown>).email;
    try {
      await requestSignInLink(deps, {
        key: o.key,
        email: typeof email === 'string' ? email : '',
        client: req.ip ?? 'inconnu',
        ...(o.limits ? { limits: o.limits } : {}),
      });
      headers(res).send(renderSignIn({ csrf, sent: true }));
    } catch (err) {
      if (isDomainError(err) && (err.code === 'EMAIL_INVALID' || err.code.endsWith('THROTTLED'))) {
        const status = statusOf(err);
        if (status === 429) res.setHeader('retry-after', String(60 * 15));
        headers(res)
          .status(status)
          .send(
            renderSignIn({
              csrf,
              error:
                status === 429
                  ? SIGN_IN_WORDS.signIn.throttled(errorText(err, SIGN_IN_WORDS.lang))
                  : errorText(err, SIGN_IN_WORDS.lang),
            }),
          );
        return;
      }
      next(err);
    }
  });

  app.get('/console/connexion/:token', async (req, res, next) => {
    const token = String(req.params.token);
    const csrf = preToken(req, res);
    try {
      const { member, tenant } = await checkSignInLink(deps, token);
      headers(res).send(
        renderSignInLink({
          action: `/console/connexion/${token}`,
          csrf,
          pilotName: member.displayName,
          tenantName: tenant.name,
        }),
      );
    } catch (err) {
      if (!isDomainError(err)) return next(err);
      headers(res)
        .status(statusOf(err))
        .send(renderSignInLink({ action: '', csrf, error: errorText(err, SIGN_IN_WORDS.lang) }));
    }
  });

  app.post('/console/connexion/:token', form, async (req, res, next) => {
    const token = String(req.params.token);
    const csrf = preToken(req, res);
    if (!preTokenOk(req)) {
      headers(res)
        .status(403)
        .send(renderSignInLink({ action: '', csrf, error: SIGN_IN_WORDS.formExpired }));
      return;
    }
    try {
      const s = await consumeSignInLink(deps, token);
      res.append(
        'set-cookie',
        `${SESSION_COOKIE}=${s.sessionToken}; Path=/console; HttpOnly; SameSite=Lax; Max-Age=${SESSION_TTL_MS / 1000}${secure(req)}`,
      );
      res.redirect(303, '/console');
    } catch (err) {
      if (!isDomainError(err)) return next(err);
      headers(res)
        .status(statusOf(err))
        .send(renderSignInLink({ action: '', csrf, error: errorText(err, SIGN_IN_WORDS.lang) }));
    }
  });

  app.post('/console/deconnexion', form, async (req, res, next) => {
    try {
      const token = cookie(req, SESSION_COOKIE);
      const s = await signed(req);
      const given = (req.body as Record<string, unknown> | undefined)?.jeton;
      if (s && token && (typeof given !== 'string' || !sameToken(given, s.csrf))) {
        const w = wordsOfPilot(s);
        headers(res)
          .status(403)
          .send(renderConsoleRefusal(s.layout, w.formExpiredTitle, w.formExpired));
        return;
      }
      if (token) await endConsoleSession(deps, token);
      res.append(
        'set-cookie',
        `${SESSION_COOKIE}=; Path=/console; HttpOnly; SameSite=Lax; Max-Age=0${secure(req)}`,
      );
      res.redirect(303, '/console/connexion?deconnecte=1');
    } catch (err) {
      next(err);
    }
  });

  // --- Pages -----------------------------------------------------------------------------------

  /** What a round page says after an action (`?fait=…`), in the pilot's words. */
  const DONE: Record<string, (w: ConsoleWords['done'], n: number) => string> = {
    preparee: (w) => w.consultationPrepared,
    lancee: (w, n) => w.consultationLaunched(n),
    relancee: (w, n) => w.reminded(n),
    echeance: (w) => w.deadline,
    close: (w) => w.consultationClosed,
    annulee: (w) => w.consultationCancelled,
    avis: (w, n) => w.proxyAvis(n),
  };
  const doneMessage = (req: Request, s: Signed) => {
    const f = typeof req.query.fait === 'string' ? DONE[req.query.fait] : undefined;
    return f ? f(wordsOfPilot(s).done, Number(req.query.n) || 0) : undefined;
  };

  app.get(
    '/console',
    pilotPage(async (req, res, s) => {
      const rows = await consoleRounds(deps, s.pilot.tenantId);
      headers(res).send(
        renderRounds(
          { ...s.layout, title: wordsOfPilot(s).layout.rounds },
          rows,
          doneMessage(req, s),
        ),
      );
    }),
  );

  app.get(
    '/console/agrements',
    pilotPage(async (_req, res, s) => {
      const a = await consoleAgrements(deps, {
        id: s.pilot.tenantId,
        timezone: s.pilot.tenant.timezone,
      });
      headers(res).send(renderAgrements(s.layout, a));
    }),
  );

  const showNew = async (
    res: Response,
    s: Signed,
    status: number,
    values?: LaunchFormValues,
    error?: string,
  ) => {
    const choices = await consoleLaunchChoices(deps, s.pilot.tenantId);
    headers(res)
      .status(status)
      .send(
        renderNewRound(s.layout, choices, {
          timezone: s.pilot.tenant.timezone,
          ...(values ? { values } : {}),
          ...(error ? { error } : {}),
        }),
      );
  };

  app.get(
    '/console/consultations/nouvelle',
    pilotPage((_req, res, s) => showNew(res, s, 200)),
  );

  const list = (v: unknown): string[] =>
    (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
      (x): x is string => typeof x === 'string',
    );
  const str = (body: Record<string, unknown>, k: string) =>
    typeof body[k] === 'string' ? (body[k] as string) : '';

  app.post(
    '/console/consultations',
    form,
    pilotPage(
      async (req, res, s) => {
        const body = req.body as Record<string, unknown>;
        const w = wordsOfPilot(s).newRound;
        const values: LaunchFormValues = {
          sorte: str(body, 'sorte'),
          grille: str(body, 'grille'),
          par: str(body, 'par'),
          anonyme: str(body, 'anonyme') === '1',
          version: str(body, 'version'),
          types: list(body.types),
          orgs: list(body.orgs),
          echeance: str(body, 'echeance'),
          rappels: str(body, 'rappels'),
          silence: str(body, 'silence') === '1',
          resultats: str(body, 'resultats'),
        };
        try {
          const codes = [
            ...new Set([
              ...(await organisationCodesOfKinds(deps, s.pilot.tenantId, values.types!)),
              ...values.orgs!,
            ]),
          ];
          if (values.sorte === 'evaluation') {
            if (!values.echeance!.trim()) {
              await showNew(res, s, 422, values, w.surveyDeadlineMissing);
              return;
            }
            if (values.par !== 'personne' && codes.length === 0) {
              await showNew(res, s, 422, values, w.surveyNoOrganisation);
              return;
            }
            res.redirect(
              303,
              await createSurveyFromForm(deps, s, values, codes, str(body, 'action')),
            );
            return;
          }
          if (codes.length === 0) {
            await showNew(res, s, 422, values, w.noOrganisation);
            return;
          }
          if (!values.echeance!.trim()) {
            await showNew(res, s, 422, values, w.deadlineMissing);
            return;
          }
          const options = {
            tenantId: s.pilot.tenantId,
            draftVersionId: values.version!,
            organisations: { codes },
            deadline: parseDeadline(values.echeance!, s.pilot.tenant.timezone, deps.now()),
            reminderSchedule: values.rappels || 'aucun',
            silenceMeansFavorable: values.silence!,
            resultsVisibility:
              values.resultats === 'pendant' ? ('during' as const) : ('after' as const),
            actor: memberActor({ id: s.pilot.memberId, displayName: s.pilot.displayName }),
          };
          if (str(body, 'action') === 'preparer') {
            const r = await createRound(deps, options);
            res.redirect(303, `/console/consultations/${r.round.number}?fait=preparee`);
            return;
          }
          const r = await createAndLaunchRound(deps, options);
          res.redirect(
            303,
            `/console/consultations/${r.created.round.number}?fait=lancee&n=${r.launched.deliveryIds.length}`,
          );
        } catch (err) {
          if (!isDomainError(err)) throw err;
          await showNew(
            res,
            s,
            statusOf(err) === 404 ? 422 : statusOf(err),
            values,
            errorText(err, s.pilot.locale),
          );
        }
      },
      { post: true },
    ),
  );

  mountConsoleSurveys(app, { deps, form, pilotPage, headers }); // a survey's page and actions first
  /** One round of the pilot's Caf, or a 404 page (another Caf's round is not found either). */
  const loadRound = async (res: Response, s: Signed, ref: string) => {
    try {
      const v = await consoleRound(deps, s.pilot.tenantId, ref);
      // The one role rule: the console's actions are the pilots'.
      if (!roundAccess(s.pilot, v.round).steer) {
        // Said as every channel says it (ROUND_NOT_FOUND).
        notFound(res, s, errorText(new DomainError('ROUND_NOT_FOUND', {}), s.pilot.locale));
        return undefined;
      }
      return v;
    } catch (err) {
      if (isDomainError(err) && err.code === 'ROUND_NOT_FOUND') {
        notFound(res, s, wordsOfPilot(s).round.notFound(ref));
        return undefined;
      }
      throw err;
    }
  };

  const showRound = async (
    res: Response,
    s: Signed,
    ref: string,
    status: number,
    state: RoundPageState = {},
  ) => {
    const v = await loadRound(res, s, ref);
    if (!v) return;
    // Just launched: the reminders of the schedule that fell in the past are not planned.
    if (state.launched && v.round.openedAt && state.message) {
      const past = pastRemindersText(
        pastRoundReminders({
          deadline: v.round.deadline,
          schedule: v.round.reminderSchedule as string[],
          now: v.round.openedAt,
          timezone: v.round.tenant.timezone,
        }),
        s.pilot.locale,
        v.round.tenant.timezone,
      );
      if (past) state = { ...state, message: `${state.message} ${past}` };
    }
    headers(res)
      .status(status)
      .send(renderRound(s.layout, v, state));
  };

  app.get(
    '/console/consultations/:ref',
    pilotPage(async (req, res, s) => {
      const message = doneMessage(req, s);
      await showRound(
        res,
        s,
        String(req.params.ref),
        200,
        message ? { message, launched: req.query.fait === 'lancee' } : {},
      );
    }),
  );

  /** A download of the round's results in one format (exports: app/export-round.ts). */
  const download = (format: ExportFormat) =>
    pilotPage(async (req, res, s) => {
      const v = await loadRound(res, s, String(req.params.ref));
      if (!v) return;
      const { files } = await exportRoundFiles(deps, {
        tenantId: s.pilot.tenantId,
        round: v.round.id,
        formats: [format],
      });
      const file = files[0]!;
      res
        .setHeader('cache-control', 'no-store')
        .setHeader('content-disposition', `attachment; filename="${file.filename}"`)
        .type(file.contentType)
        .send(file.body);
    });
  app.get('/console/consultations/:ref/export.csv', download('csv'));
  app.get('/console/consultations/:ref/export.xlsx', download('xlsx'));
  app.get('/console/consultations/:ref/export.pdf', download('pdf'));
  app.get('/console/consultations/:ref/synthese.md', download('md'));

  /** A round action: the use case, then back to the round page with a message (PRG). */
  const action = (
    name: string,
    run: (
      v: NonNullable<Awaited<ReturnType<typeof loadRound>>>,
      s: Signed,
      body: Record<string, unknown>,
    ) => Promise<{ done: string; n?: number }>,
    stateOnError: (body: Record<string, unknown>) => RoundPageState = () => ({}),
  ) =>
    pilotPage(
      async (req, res, s) => {
        const ref = String(req.params.ref);
        const v = await loadRound(res, s, ref);
        if (!v) return;
        const body = (req.body ?? {}) as Record<string, unknown>;
        try {
          const r = await run(v, s, body);
          res.redirect(
            303,
            `/console/consultations/${v.round.number}?fait=${r.done}${r.n !== undefined ? `&n=${r.n}` : ''}#message`,
          );
        } catch (err) {
          if (!isDomainError(err)) throw err;
          const message =
            err instanceof ValidationErrors
              ? err.errors.length > 1 && err.errors.every((e) => e.field.endsWith('.comment'))
                ? // The same reason missing on every enjeu of « Tous les enjeux »: said once.
                  wordsOfPilot(s).round.reasonsMissing
                : [...new Set(err.issues.map((e) => errorText(e, s.pilot.locale)))].join(' ')
              : errorText(err, s.pilot.locale);
          await showRound(res, s, String(v.round.number), statusOf(err), {
            ...stateOnError(body),
            error: { form: name, message },
          });
        }
      },
      { post: true },
    );

  const actor = (s: Signed) =>
    memberActor({ id: s.pilot.memberId, displayName: s.pilot.displayName });

  app.post(
    '/console/consultations/:ref/lancer',
    form,
    action('lancer', async (v, s) => {
      const r = await launchRound(deps, {
        tenantId: s.pilot.tenantId,
        roundId: v.round.id,
        actor: actor(s),
      });
      return { done: 'lancee', n: r.deliveryIds.length };
    }),
  );
  app.post(
    '/console/consultations/:ref/relancer',
    form,
    action('relancer', async (v, s) => {
      const r = await remindRoundNow(deps, {
        tenantId: s.pilot.tenantId,
        roundId: v.round.id,
        actor: actor(s),
      });
      return { done: 'relancee', n: r.reminded.length };
    }),
  );
  app.post(
    '/console/consultations/:ref/echeance',
    form,
    action(
      'echeance',
      async (v, s, body) => {
        await changeDeadline(deps, {
          tenantId: s.pilot.tenantId,
          roundId: v.round.id,
          deadline: parseDeadline(str(body, 'echeance'), s.pilot.tenant.timezone, deps.now()),
          actor: actor(s),
        });
        return { done: 'echeance' };
      },
      (body) => ({ echeance: str(body, 'echeance') }),
    ),
  );
  app.post(
    '/console/consultations/:ref/clore',
    form,
    action('clore', async (v, s) => {
      await closeRound(deps, { tenantId: s.pilot.tenantId, roundId: v.round.id, actor: actor(s) });
      return { done: 'close' };
    }),
  );
  app.post(
    '/console/consultations/:ref/annuler',
    form,
    action('annuler', async (v, s) => {
      await cancelRound(deps, {
        tenantId: s.pilot.tenantId,
        roundId: v.round.id,
        actor: actor(s),
      });
      return { done: 'annulee' };
    }),
  );
  app.post(
    '/console/consultations/:ref/avis',
    form,
    action(
      'avis',
      async (v, s, body) => {
        const enjeu = str(body, 'enjeu');
        const chosen =
          enjeu === 'tous' ? v.enjeux : v.enjeux.filter((e) => String(e.position) === enjeu);
        const choice = str(body, 'avis');
        const comment = str(body, 'commentaire');
        if (chosen.length === 0 || !choice) {
          throw new ValidationErrors([
            chosen.length === 0
              ? new DomainError('ENJEU_REQUIRED', undefined, 'enjeu')
              : new DomainError('AVIS_CHOICE_REQUIRED', undefined, 'avis'),
          ]);
        }
        const r = await recordProxyAvis(deps, {
          tenantId: s.pilot.tenantId,
          roundId: v.round.id,
          organisationCode: str(body, 'organisation'),
          source: str(body, 'source'),
          votes: chosen.map((e) => ({ enjeuId: e.id, choice, comment: comment || null })),
          actor: actor(s),
        });
        return { done: 'avis', n: r.saved.length };
      },
      (body) => ({
        avis: {
          organisation: str(body, 'organisation'),
          enjeu: str(body, 'enjeu'),
          avis: str(body, 'avis'),
          commentaire: str(body, 'commentaire'),
          source: str(body, 'source'),
        },
      }),
    ),
  );

  mountConsoleGrids(app, { deps, form, pilotPage, headers });
  mountConsoleSurveyCodes(app, { deps, form, pilotPage, headers });
  // --- Suites données aux avis (issue [10] item 1) ----------------------------------------------

  const showFollowups = async (
    res: Response,
    s: Signed,
    v: NonNullable<Awaited<ReturnType<typeof loadRound>>>,
    status: number,
    state: { message?: string; error?: FollowupFormState } = {},
  ) => {
    const f = await listRoundFollowups(deps, { tenantId: s.pilot.tenantId, round: v.round.id });
    headers(res)
      .status(status)
      .send(renderFollowups(s.layout, f, state));
  };

  app.get(
    '/console/consultations/:ref/suivi',
    pilotPage(async (req, res, s) => {
      const v = await loadRound(res, s, String(req.params.ref));
      if (!v) return;
      await showFollowups(
        res,
        s,
        v,
        200,
        req.query.fait === 'suivi' ? { message: wordsOfPilot(s).done.followup } : {},
      );
    }),
  );

  app.post(
    '/console/consultations/:ref/suivi',
    form,
    pilotPage(
      async (req, res, s) => {
        const v = await loadRound(res, s, String(req.params.ref));
        if (!v) return;
        const body = (req.body ?? {}) as Record<string, unknown>;
        try {
          const r = await recordFollowup(deps, {
            tenantId: s.pilot.tenantId,
            round: v.round.id,
            organisationCode: str(body, 'organisation'),
            enjeu: str(body, 'enjeu'),
            response: str(body, 'reponse'),
            justification: str(body, 'justification'),
            nextEnjeu: str(body, 'enjeuSuivant') || null,
            actor: actor(s),
          });
          res.redirect(
            303,
            `/console/consultations/${v.round.number}/suivi?fait=suivi#suivi-${r.avis.id}`,
          );
        } catch (err) {
          if (!isDomainError(err)) throw err;
          await showFollowups(res, s, v, statusOf(err), {
            error: {
              avisId: str(body, 'avis'),
              reponse: str(body, 'reponse'),
              justification: str(body, 'justification'),
              enjeuSuivant: str(body, 'enjeuSuivant'),
              message: errorText(err, s.pilot.locale),
            },
          });
        }
      },
      { post: true },
    ),
  );

  o.log.debug('console des pilotes montée sur /console');
}
