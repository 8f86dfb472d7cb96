import { randomUUID } from 'node:crypto';
import type { Application } from 'express';
import { ExpressAdapter, type App, type IActivityContext } from '@microsoft/teams.apps';
import type { ActivityLike } from '@microsoft/teams.api';
import type { Logger } from 'pino';
import type { TConfig } from '../../config';
import { errorText, fieldErrors, isDomainError, type DomainError } from '../../domain/errors';
import type { Locale } from '../../domain/types';
import { withCorrelation } from '../../logger';
import type {
  AvisCardError,
  AvisCardModel,
  AvisSubmission,
  TeamsHandlers,
  TeamsReply,
  TeamsTurn,
} from './handlers';
import {
  parseAvisSubmission,
  parseCommand,
  parseLaunchSubmission,
  roundIdOf,
  turnOf,
  ZActionExecute,
  type InboundActivity,
} from './parse';
import {
  AVIS_OPEN_VERB,
  AVIS_REFRESH_VERB,
  AVIS_SUBMIT_VERB,
  buildAvisCard,
  buildLaunchFormCard,
  cardActionResponse,
  cardActivity,
  messageActionResponse,
  renderMessage,
  ROUND_LAUNCH_VERB,
  type AdaptiveCard,
} from './render';
import { createTeamsApp, teamsEnabled, type TeamsEndpoints } from './sdk';
import { botAuth } from './inbound-auth';
import { jwksUriFromMetadata, KeySet } from './key-set';
import { parseServiceUrlPattern } from './service-urls';
import { localeOf, strings } from './i18n';
import { teamsActivityEdge } from './inbound';

export interface MountTeamsOptions {
  config: TConfig;
  log: Logger;
  handlers: TeamsHandlers;
  /** Endpoint overrides (tests, sovereign clouds). Default: Microsoft's public cloud. */
  endpoints?: TeamsEndpoints;
  /**
   * Is this Microsoft 365 tenant registered for a Caf? Default: it is TEAMS_TENANT_ID
   * (Concerto passes the teams_tenants registry).
   */
  tenantKnown?: (entraTenantId: string) => Promise<boolean>;
}

export interface MountedTeams {
  /** The SDK app (its `api` client sends with the bot's credentials). */
  app: App;
  localMode: boolean;
  /** The Bot Framework's signing keys (cached, refreshed on a timer): `close()` stops the timer. */
  keys: KeySet;
}

export const TEAMS_MESSAGING_PATH = '/api/messages';

/**
 * Mounts the Teams bot on Concerto's Express app at POST /api/messages: Concerto's own check
 * (inbound-auth.ts: a Bot Framework token only, its `serviceurl` claim equal to the activity's,
 * an allowed service URL, a registered tenant; 401 or 403 otherwise) runs first, then the SDK's
 * ExpressAdapter, which validates the token again and dispatches. Only TEAMS_LOCAL_MODE (never
 * in production, never with TEAMS_CLIENT_ID, loopback requests only) checks no token.
 *
 * Resolves to undefined, after one log line, when Teams is not configured.
 */
export async function mountTeams(
  expressApp: Application,
  opts: MountTeamsOptions,
): Promise<MountedTeams | undefined> {
  const { config, log, handlers } = opts;
  if (config.TEAMS_LOCAL_MODE && config.NODE_ENV === 'production') {
    // loadConfig refuses this too; a second check here because mounting is what opens the door.
    throw new Error(
      'TEAMS_LOCAL_MODE : le mode local (sans authentification) est interdit en production',
    );
  }
  if (!teamsEnabled(config)) {
    log.info('Teams désactivé');
    return undefined;
  }
  if (!config.TEAMS_CLIENT_ID && !config.TEAMS_LOCAL_MODE) {
    throw new Error('TEAMS_CLIENT_ID manquant');
  }
  const localMode = config.TEAMS_LOCAL_MODE;
  if (localMode)
    log.warn(
      'Teams en mode local : les requêtes non authentifiées venant de cette machine sont acceptées sur /api/messages',
    );

  const metadataUrl = opts.endpoints?.openIdMetadataUrl ?? config.TEAMS_BOT_OPENID_METADATA_URL;
  const keys = new KeySet({
    name: 'bot',
    jwksUri: config.TEAMS_BOT_JWKS_URL ?? jwksUriFromMetadata(metadataUrl),
    refreshMs: config.TEAMS_JWKS_REFRESH_SECONDS * 1000,
    unknownKidIntervalMs: config.TEAMS_JWKS_UNKNOWN_KID_SECONDS * 1000,
    log,
  });
  const defaultTenant = config.TEAMS_TENANT_ID?.toLowerCase();
  const tenantKnown =
    opts.tenantKnown ??
    (async (tid: string) => defaultTenant !== undefined && tid.toLowerCase() === defaultTenant);
  // Registered before the SDK's route: Express runs them in order, and the SDK's only runs
  // when this one calls next().
  const [checkToken, parseBody, checkActivity] = botAuth({
    appId: config.TEAMS_CLIENT_ID ?? '',
    issuers: config.TEAMS_BOT_TOKEN_ISSUERS,
    keys,
    serviceUrls: config.TEAMS_SERVICE_URLS.map(parseServiceUrlPattern),
    tenantKnown,
    localMode,
    log,
  });
  // The token first (401 whatever the body), then malformed bodies and activities get a 4xx
  // (zod at the channel's edge), then the service URL and tenant checks; the SDK's route last.
  expressApp.post(
    TEAMS_MESSAGING_PATH,
    checkToken!,
    ...teamsActivityEdge(),
    parseBody!,
    checkActivity!,
  );

  const app = createTeamsApp({
    config,
    log,
    endpoints: opts.endpoints,
    httpServerAdapter: new ExpressAdapter(expressApp),
  });
  registerRoutes(app, handlers, log, localMode);
  await app.initialize();
  log.info({ localMode }, 'Teams monté sur /api/messages');
  return { app, localMode, keys };
}

type Ctx = IActivityContext;

const send = (ctx: Ctx, activity: object) => ctx.send(activity as ActivityLike);

function replyActivity(reply: TeamsReply): object {
  switch (reply.kind) {
    case 'message':
      return cardActivity(renderMessage(reply.message));
    case 'text':
      return { type: 'message', text: reply.text, textFormat: 'plain' };
    case 'avis-card':
      return cardActivity(buildAvisCard(reply.card));
    case 'launch-form':
      return cardActivity(buildLaunchFormCard(reply.form));
  }
}

function replyCard(reply: TeamsReply): AdaptiveCard | undefined {
  switch (reply.kind) {
    case 'message':
      return renderMessage(reply.message);
    case 'avis-card':
      return buildAvisCard(reply.card);
    case 'launch-form':
      return buildLaunchFormCard(reply.form);
    case 'text':
      return undefined;
  }
}

/**
 * The user message of an error, in the language of the activity: a refusal's catalogue text
 * (errorText), or a generic one with a reference to quote.
 */
function userMessage(
  err: unknown,
  log: Logger,
  what: string,
  activity: Pick<InboundActivity, 'locale'>,
): string {
  if (isDomainError(err)) {
    log.info({ code: err.code, field: err.field }, `${what} refusé`);
    return errorText(err, localeOf(activity.locale));
  }
  const ref = randomUUID().slice(0, 8);
  log.error({ err, ref }, `${what} : erreur`);
  return strings(localeOf(activity.locale)).genericError(ref);
}

/**
 * Field errors of a refused submission, in the card's language, placed on the enjeu they name
 * when they name one.
 */
export function cardErrors(
  err: DomainError,
  enjeuIds: string[],
  locale: Locale = 'fr',
): AvisCardError[] {
  const list = fieldErrors(err, locale);
  return list.map((e) => {
    const field = e.field ?? '';
    const enjeuId = field ? enjeuIds.find((id) => field === id || field.includes(id)) : undefined;
    return enjeuId ? { enjeuId, message: e.message } : { message: e.message };
  });
}

/** Redraws the card with what the user typed and the errors next to the fields. */
async function refusedAvisCard(
  handlers: TeamsHandlers,
  submission: AvisSubmission,
  turn: TeamsTurn,
  err: DomainError,
): Promise<AvisCardModel> {
  const model = await handlers.onAvisCard(submission.roundId, turn);
  const current = { ...model.current };
  for (const a of submission.answers) current[a.enjeuId] = { choice: a.choice, comment: a.comment };
  return {
    ...model,
    current: model.readOnly ? model.current : current,
    errors: cardErrors(
      err,
      model.enjeux.map((e) => e.id),
      model.locale,
    ),
  };
}

function registerRoutes(app: App, handlers: TeamsHandlers, log: Logger, localMode: boolean): void {
  app.on('message', async (ctx) => {
    const activity = ctx.activity as unknown as InboundActivity & { text?: string };
    await withCorrelation(activity.id, async () => {
      try {
        const turn = turnOf(activity, localMode);
        const command = parseCommand(activity.text);
        const replies = await handlers.onCommand(command, turn);
        for (const r of replies) await send(ctx, replyActivity(r));
      } catch (err) {
        // The answer to a failure can fail too (the connector refuses): logged, and Teams gets
        // its 200 for an activity that was received.
        await send(ctx, {
          type: 'message',
          text: userMessage(err, log, 'Commande Teams', activity),
          textFormat: 'plain',
        }).catch((sendErr: unknown) =>
          log.error(
            { err: sendErr instanceof Error ? { message: sendErr.message } : 'erreur' },
            'Commande Teams : réponse non envoyée',
          ),
        );
      }
    });
  });

  // Response bodies follow Universal Actions' format ({ statusCode, type, value }); the SDK's
  // typing of them is narrower than what Teams accepts (messages, errors).
  const cardAction = async (ctx: Ctx): Promise<object> => {
    const activity = ctx.activity as unknown as InboundActivity & { value?: unknown };
    return withCorrelation(activity.id, async (): Promise<object> => {
      const parsed = ZActionExecute.safeParse(activity.value);
      if (!parsed.success) {
        return {
          statusCode: 400,
          type: 'application/vnd.microsoft.error',
          value: { code: 'BadRequest', message: 'Action invalide' },
        };
      }
      const { verb, data } = parsed.data.action;
      let turn: TeamsTurn;
      try {
        turn = turnOf(activity, localMode);
      } catch (err) {
        return messageActionResponse(userMessage(err, log, 'Action Teams', activity));
      }
      try {
        switch (verb) {
          case AVIS_SUBMIT_VERB: {
            let submission: AvisSubmission;
            try {
              submission = parseAvisSubmission(data);
            } catch (err) {
              return messageActionResponse(userMessage(err, log, 'Avis Teams', activity));
            }
            try {
              return cardActionResponse(
                buildAvisCard(await handlers.onAvisSubmit(submission, turn)),
              );
            } catch (err) {
              if (!isDomainError(err)) throw err;
              log.info({ code: err.code, field: err.field }, 'Avis Teams refusé');
              return cardActionResponse(
                buildAvisCard(await refusedAvisCard(handlers, submission, turn, err)),
              );
            }
          }
          case AVIS_REFRESH_VERB:
          case AVIS_OPEN_VERB:
            return cardActionResponse(
              buildAvisCard(
                await handlers.onAvisCard(roundIdOf(data), turn, {
                  refresh: verb === AVIS_REFRESH_VERB,
                }),
              ),
            );
          case ROUND_LAUNCH_VERB: {
            const reply = await handlers.onLaunchSubmit(parseLaunchSubmission(data), turn);
            const card = replyCard(reply);
            return card
              ? cardActionResponse(card)
              : messageActionResponse(reply.kind === 'text' ? reply.text : '');
          }
          default:
            return messageActionResponse(strings(localeOf(activity.locale)).unknownAction);
        }
      } catch (err) {
        return messageActionResponse(userMessage(err, log, `Action Teams ${verb}`, activity));
      }
    });
  };
  app.on('card.action', (ctx) => cardAction(ctx as unknown as Ctx) as Promise<never>);

  const installed = async (ctx: Ctx, how: string) => {
    const activity = ctx.activity as unknown as InboundActivity;
    await withCorrelation(activity.id, async () => {
      try {
        const turn = turnOf(activity, localMode);
        await handlers.onInstalled(turn.conversation, turn);
        log.info(
          { conversationType: turn.conversation.conversation.conversationType, how },
          'Teams : application installée',
        );
      } catch (err) {
        // Teams does not show errors of install events to anyone: log them.
        log.error({ err }, 'Teams : installation non enregistrée');
      }
    });
  };

  app.on('install.add', (ctx) => installed(ctx, 'installationUpdate'));
  app.on('install.remove', async (ctx) => {
    const activity = ctx.activity as unknown as InboundActivity;
    if (!handlers.onUninstalled) return;
    try {
      const turn = turnOf(activity, localMode);
      await handlers.onUninstalled(turn.conversation, turn);
    } catch (err) {
      log.error({ err }, 'Teams : désinstallation non enregistrée');
    }
  });
  // Teams also sends conversationUpdate with the bot in membersAdded (team and group chat
  // installs; older clients only send this one). onInstalled must be idempotent.
  app.on('conversationUpdate', async (ctx) => {
    const activity = ctx.activity as unknown as InboundActivity & {
      membersAdded?: { id?: string }[];
    };
    const botId = activity.recipient?.id;
    if (botId && activity.membersAdded?.some((m) => m.id === botId))
      await installed(ctx, 'conversationUpdate');
  });
}
