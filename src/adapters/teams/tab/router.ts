import { readFileSync } from 'node:fs';
import path from 'node:path';
import express, { type Application, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { publicUrl, type TConfig } from '../../../config';
import { isErrorCode } from '../../../domain/error-codes';
import { chatWords, teamsWords } from '../../../domain/chat-words';
import { DomainError, errorStatus, errorText, isDomainError } from '../../../domain/errors';
import { AVIS_CHOICES, MAX_COMMENT_LENGTH, type AvisChoice } from '../../../domain/types';
import { tabSso, type TabUser } from './sso';
import { EXPORT_FORMATS, type ExportFormat } from '../../../app/export-round';
import { clientErrorOf, requireMediaType } from '../../../http/client-errors';
import { hasInvalidCharacters } from '../../../domain/text';
import { escapeHtml } from '../../../http/html';
import type { Locale } from '../../../domain/types';
import { FOLLOWUP_RESPONSES, MAX_JUSTIFICATION_LENGTH } from '../../../domain/followup';

/**
 * What the tab's API asks of the application (the lead implements it with the use cases). Every
 * call gets the user from the validated SSO token; results are sent as JSON as they are.
 * Throw DomainError for refusals: each answers with its code's HTTP status (src/domain/error-codes.ts)
 * and { error: { code, message, field } }, the message in the catalogue's words, in the member's
 * language (`locale`; French when it is not known).
 */
export interface TabHandlers {
  /** Who am I: name, organisation, role, open rounds. */
  me(user: TabUser): Promise<unknown>;
  /** The round: draft enjeux (full text), diff with the previous version, my organisation's avis. */
  round(user: TabUser, roundId: string): Promise<unknown>;
  /**
   * An evaluation (survey round): its state, my organisation's answer, and once its results are
   * out to me (always for pilots) the participation, the heat map (SVG and its text alternative)
   * and the figures per cell.
   */
  survey(user: TabUser, roundId: string): Promise<unknown>;
  /** Record my organisation's avis; resolves with the updated round view. */
  submitAvis(user: TabUser, roundId: string, answers: TabAvisAnswer[]): Promise<unknown>;
  /** Pilots: tallies per enjeu (counts per choice, answered / invited). */
  results(user: TabUser, roundId: string): Promise<unknown>;
  /** Pilots: one export file of the round (XLSX, CSV, Markdown; the PDF once built in). */
  exportFile(user: TabUser, roundId: string, format: ExportFormat): Promise<TabExportFile>;
  /**
   * Pilots, closed round: the avis that call for a follow-up (« suites données aux avis »), each
   * with the one recorded if any, and the enjeux of later versions a follow-up may point to.
   */
  followups(user: TabUser, roundId: string): Promise<unknown>;
  /** Pilots, closed round: record (or replace) one follow-up; resolves with the updated list. */
  recordFollowup(user: TabUser, roundId: string, input: TTabFollowupBody): Promise<unknown>;
  /**
   * The signed-in member's language, for the refusals (French when unknown: a user linked to no
   * member, or handlers without it).
   */
  locale?(user: TabUser): Promise<Locale>;
}

export interface TabExportFile {
  filename: string;
  contentType: string;
  body: Buffer | string;
}

export interface TabAvisAnswer {
  enjeuId: string;
  choice?: AvisChoice;
  comment?: string;
}

export const ZTabAvisBody = z.object({
  answers: z
    .array(
      z.object({
        enjeuId: z.string().min(1).max(200),
        choice: z.enum(AVIS_CHOICES).optional(),
        comment: z
          .string()
          // Zod's messages here are error codes: the refusal is worded by the catalogue.
          .max(MAX_COMMENT_LENGTH, 'COMMENT_TOO_LONG')
          .refine((c) => !hasInvalidCharacters(c), 'COMMENT_INVALID_CHARACTERS')
          .optional(),
      }),
    )
    .min(1)
    .max(50),
});
export type TTabAvisBody = z.infer<typeof ZTabAvisBody>;

/**
 * One follow-up from the tab. The keys are the console form's (`reponse`, `justification`,
 * `enjeuSuivant`): a refusal's field names the input it is about.
 */
export const ZTabFollowupBody = z.object({
  organisation: z.string().trim().min(1).max(100),
  enjeu: z.number().int().min(1).max(100_000),
  reponse: z.enum(FOLLOWUP_RESPONSES),
  justification: z
    .string()
    // The domain trims and requires it; its length in characters (not UTF-16 units).
    .refine(
      (j) => [...j.trim()].length <= MAX_JUSTIFICATION_LENGTH,
      'FOLLOWUP_JUSTIFICATION_TOO_LONG',
    )
    .refine((j) => !hasInvalidCharacters(j), 'COMMENT_INVALID_CHARACTERS'),
  enjeuSuivant: z.string().max(200).nullable().optional(),
});
export type TTabFollowupBody = z.infer<typeof ZTabFollowupBody>;

/** A follow-up body zod refused, as the catalogue's refusal of the field it is about. */
function followupBodyRefusal(body: unknown, issue: z.core.$ZodIssue | undefined): DomainError {
  const field = issue?.path.join('.') ?? '';
  const raw = (body ?? {}) as Record<string, unknown>;
  if (field === 'reponse')
    return new DomainError(
      'FOLLOWUP_RESPONSE_UNKNOWN',
      { input: typeof raw.reponse === 'string' ? raw.reponse.slice(0, 60) : '' },
      'reponse',
    );
  if (field === 'justification' && typeof raw.justification === 'string') {
    if (issue?.message === 'FOLLOWUP_JUSTIFICATION_TOO_LONG')
      return new DomainError(
        'FOLLOWUP_JUSTIFICATION_TOO_LONG',
        { length: [...raw.justification.trim()].length, max: MAX_JUSTIFICATION_LENGTH },
        'justification',
      );
    if (issue?.message === 'COMMENT_INVALID_CHARACTERS')
      return new DomainError('COMMENT_INVALID_CHARACTERS', undefined, 'justification');
  }
  if (field === 'justification')
    return new DomainError('FOLLOWUP_JUSTIFICATION_MISSING', undefined, 'justification');
  return new DomainError('FORM_INVALID', undefined, field || undefined);
}

export interface MountTabOptions {
  config: TConfig;
  log: Logger;
  handlers: TabHandlers;
  /** Signing keys of SSO tokens, over TEAMS_TAB_JWKS_URL (Entra's multi-tenant JWKS by default). */
  jwksUri?: string;
  /**
   * Is this Microsoft 365 tenant registered for a Caf? Default: it is TEAMS_TENANT_ID, or any
   * tenant when that is unset.
   */
  tenantKnown?: (tenantId: string) => Promise<boolean>;
}

export const TAB_PATH = '/tab';
export const PUBLIC_DIR = path.join(__dirname, 'public');

/** The tab's refusals and its pages before sign-in are French (the catalogue's words). */
const TAB_LOCALE: Locale = 'fr';

/**
 * The tab's two pages (index.html, config.html) are templates: `{{name}}` takes the catalogue's
 * words of the page, escaped. Before sign-in the member is unknown: French first; tab.js then
 * takes the member's words from `GET /me`. Unknown names are left out (never the raw braces).
 */
export function renderTabPage(template: string, locale: Locale): string {
  const teams = teamsWords(locale);
  const page = teams.tab.page;
  const values: Record<string, string> = {
    ...page,
    lang: locale,
    // A label followed by the reason, with the language's colon.
    signInFailed: teams.labelled(page.signInFailed, ''),
  };
  return template.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => escapeHtml(values[name] ?? ''));
}

/** A refusal as the tab's API answers it: the code's status, its code, text and field. */
function sendRefusal(res: Response, err: DomainError, locale: Locale = TAB_LOCALE): void {
  res.status(errorStatus(err)).json({
    error: { code: err.code, message: errorText(err, locale), field: err.field },
  });
}

/**
 * Mounts the tab: its page and teams-js under /tab (static, no auth: nothing in them is
 * private), and its API under /tab/api behind SSO validation. Not mounted without
 * TEAMS_CLIENT_ID (SSO needs the application id).
 */
export function mountTab(expressApp: Application, opts: MountTabOptions): boolean {
  const { config, log, handlers } = opts;
  if (!config.TEAMS_CLIENT_ID) {
    log.info('Onglet Teams désactivé (TEAMS_CLIENT_ID absent)');
    return false;
  }
  const api = express.Router();
  api.use(
    tabSso({
      clientId: config.TEAMS_CLIENT_ID,
      publicUrl: publicUrl(config),
      allowedTenants: config.TEAMS_TENANT_ID ? [config.TEAMS_TENANT_ID] : undefined,
      ...(opts.tenantKnown ? { tenantAllowed: opts.tenantKnown } : {}),
      jwksUri: opts.jwksUri ?? config.TEAMS_TAB_JWKS_URL,
      jwksRefreshMs: config.TEAMS_JWKS_REFRESH_SECONDS * 1000,
      unknownKidIntervalMs: config.TEAMS_JWKS_UNKNOWN_KID_SECONDS * 1000,
      log,
    }),
  );
  api.post('/*splat', requireMediaType('application/json'));
  api.use(express.json({ limit: '200kb' }));
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  const run =
    (fn: (req: Request, user: TabUser) => Promise<unknown>) =>
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        res.json(await fn(req, req.tabUser!));
      } catch (err) {
        if (isDomainError(err)) {
          sendRefusal(res, err, await refusalLocale(req));
          return;
        }
        next(err);
      }
    };
  const roundId = (req: Request) => String(req.params.roundId);
  /** The language of a refusal: the member's, French when they are not known. */
  const refusalLocale = async (req: Request): Promise<Locale> =>
    req.tabUser && handlers.locale
      ? handlers.locale(req.tabUser).catch(() => TAB_LOCALE)
      : TAB_LOCALE;

  api.get(
    '/me',
    run((_req, user) => handlers.me(user)),
  );
  api.get(
    '/rounds/:roundId',
    run((req, user) => handlers.round(user, roundId(req))),
  );
  api.get(
    '/surveys/:roundId',
    run((req, user) => handlers.survey(user, roundId(req))),
  );
  api.get(
    '/rounds/:roundId/results',
    run((req, user) => handlers.results(user, roundId(req))),
  );
  // A file, not JSON: the tab fetches it with its token and offers it for download.
  api.get('/rounds/:roundId/export/:format', async (req, res, next) => {
    try {
      const format = String(req.params.format);
      if (!(EXPORT_FORMATS as readonly string[]).includes(format))
        throw new DomainError(
          'EXPORT_FORMAT_UNKNOWN',
          { format: format.slice(0, 20), formats: [...EXPORT_FORMATS] },
          'format',
        );
      const file = await handlers.exportFile(req.tabUser!, roundId(req), format as ExportFormat);
      res.type(file.contentType).attachment(file.filename).send(file.body);
    } catch (err) {
      if (isDomainError(err)) {
        sendRefusal(res, err, await refusalLocale(req));
        return;
      }
      next(err);
    }
  });
  api.post(
    '/rounds/:roundId/avis',
    run(async (req, user) => {
      const parsed = ZTabAvisBody.safeParse(req.body);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        log.warn(
          { code: 'VALIDATION_FAILED', field: first?.path.join('.') },
          'Onglet Teams : avis refusé à l’entrée',
        );
        const code = first && isErrorCode(first.message) ? first.message : 'FORM_INVALID';
        throw code === 'COMMENT_TOO_LONG' || code === 'COMMENT_INVALID_CHARACTERS'
          ? new DomainError(code, undefined, first?.path.join('.'))
          : new DomainError('FORM_INVALID', undefined, first?.path.join('.'));
      }
      return handlers.submitAvis(user, roundId(req), parsed.data.answers);
    }),
  );
  api.get(
    '/rounds/:roundId/followups',
    run((req, user) => handlers.followups(user, roundId(req))),
  );
  api.post(
    '/rounds/:roundId/followups',
    run(async (req, user) => {
      const parsed = ZTabFollowupBody.safeParse(req.body);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        log.warn(
          { code: 'VALIDATION_FAILED', field: first?.path.join('.') },
          'Onglet Teams : suite refusée à l’entrée',
        );
        throw followupBodyRefusal(req.body, first);
      }
      return handlers.recordFollowup(user, roundId(req), parsed.data);
    }),
  );
  api.use((_req, res) => {
    sendRefusal(res, new DomainError('RESOURCE_NOT_FOUND'));
  });
  // Unexpected errors: logged with a reference, never their details to the browser. A body that
  // does not parse, is too large or in another charset is the client's: a 4xx with its reason.
  api.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const client = clientErrorOf(err);
    if (client) {
      log.warn(
        { status: client.status, code: client.code, path: req.path },
        'Onglet Teams : requête refusée',
      );
      res.status(client.status).json({ error: { code: client.code, message: client.message } });
      return;
    }
    const ref = Math.random().toString(36).slice(2, 10);
    log.error({ err, ref }, 'Onglet Teams : erreur');
    res.status(500).json({
      error: { code: 'INTERNAL', message: chatWords(TAB_LOCALE).genericError(ref) },
    });
  });

  expressApp.use(`${TAB_PATH}/api`, api);
  expressApp.get(`${TAB_PATH}/vendor/teams-js.js`, (_req, res) => {
    res.sendFile(require.resolve('@microsoft/teams-js/dist/umd/MicrosoftTeams.min.js'));
  });
  for (const file of ['index.html', 'config.html']) {
    const html = renderTabPage(readFileSync(path.join(PUBLIC_DIR, file), 'utf8'), TAB_LOCALE);
    const paths =
      file === 'index.html' ? [`${TAB_PATH}/`, `${TAB_PATH}/${file}`] : [`${TAB_PATH}/${file}`];
    expressApp.get(paths, (req, res, next) => {
      // « /tab » without its slash: the static handler redirects it (relative links need it).
      if (!req.path.endsWith('/') && !req.path.endsWith('.html')) return next();
      res.type('html').set('Cache-Control', 'no-cache').send(html);
    });
  }
  expressApp.use(TAB_PATH, express.static(PUBLIC_DIR, { index: false }));
  return true;
}
