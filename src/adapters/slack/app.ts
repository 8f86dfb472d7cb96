import { randomUUID } from 'node:crypto';
import { App, ExpressReceiver, type InstallationStore, type webApi } from '@slack/bolt';
import express, { type Application, type Router } from 'express';
import type { Logger } from 'pino';
import type { TConfig } from '../../config';
import { errorText, fieldErrors, isDomainError, type DomainError } from '../../domain/errors';
import type { NeutralMessage } from '../../domain/messages';
import type { Locale } from '../../domain/types';
import { correlationId as currentCorrelationId, withCorrelation } from '../../logger';
import {
  DEFAULT_DEDUP_TTL_SECONDS,
  dedupKeyOf,
  dedupKeyOfPayloadText,
  type DedupStore,
} from './dedup';
import type { SlackCommandContext, SlackHandlers, SlackRequestContext } from './handlers';
import { localeOf, SLASH_COMMAND, strings } from './i18n';
import {
  extractAvis,
  extractFollowup,
  extractLaunch,
  FormFieldError,
  identityOfCommand,
  identityOfInteraction,
  LAUNCH_FIELD_BLOCKS,
  parseAvisModalMetadata,
  parseCommandText,
  parseFollowupMetadata,
  ZBlockActions,
  ZSlashCommand,
  ZViewSubmission,
  type SlackIdentity,
  type TViewSubmission,
} from './parse';
import {
  ACTION_IDS,
  AVIS_MODAL_CALLBACK_ID,
  avisBlockId,
  buildAvisModal,
  buildFollowupModal,
  buildHomeView,
  buildLaunchModal,
  FOLLOWUP_BLOCK_IDS,
  FOLLOWUP_MODAL_CALLBACK_ID,
  LAUNCH_BLOCK_IDS,
  LAUNCH_MODAL_CALLBACK_ID,
  renderMessage,
  renderNotice,
  type RenderedMessage,
} from './render';
import { slackFetch } from './http-fetch';
import { slackSdkLogger } from './sdk-logger';
import { formPayload, interactionOf, slackEdge } from './edge';
import { oauthCallbackOptions } from './oauth-pages';
import { slackVerifyMiddleware } from './verify';

/** Where Slack posts events, slash commands and interactivity (manifest: request URLs). */
export const SLACK_EVENTS_PATH = '/slack/events';
/** OAuth (multi-workspace): install link and redirect (manifest: redirect_urls). */
export const SLACK_INSTALL_PATH = '/slack/install';
export const SLACK_OAUTH_REDIRECT_PATH = '/slack/oauth_redirect';
/** Bot scopes, as in manifests/slack/manifest.yml. */
export const SLACK_BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'im:write',
  'users:read',
  'files:write',
  'channels:read',
  'groups:read',
  // To find, after a crash, a message whose send's outcome was lost (delivery id in its
  // metadata) instead of posting it twice: conversations.history / conversations.replies.
  'channels:history',
  'groups:history',
] as const;

export interface SlackAppDeps {
  log: Logger;
  handlers: SlackHandlers;
  /** Remembers handled requests so retries and replays run once (RedisDedupStore in production). */
  dedup: DedupStore;
  /**
   * Where OAuth installations are kept (app/slack-installations.ts: slackInstallationStore, in
   * Postgres). Required for OAuth.
   */
  installationStore?: InstallationStore;
  /** How long a handled request is remembered, in seconds. Default: 3600. */
  dedupTtlSeconds?: number;
  /** Clock in ms, for the signature timestamp check. Default: Date.now. */
  now?: () => number;
  /** How long a user's Slack locale is cached, in ms. Default: 1 hour. */
  localeCacheMs?: number;
}

export interface SlackApp {
  mode: 'http' | 'socket';
  /** single: one workspace by SLACK_BOT_TOKEN; oauth: installations in Postgres. */
  auth: 'single' | 'oauth';
  bolt: App;
  /** HTTP mode: POST /slack/events (signature check in front), and the OAuth routes when set. */
  router?: Router;
  /** Mounts the router on the web server (no-op in Socket Mode). */
  mount(expressApp: Application): void;
  /** Socket Mode: opens the connection. HTTP mode: nothing (the web server listens). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

let disabledLogged = false;

/**
 * Bolt for Concerto, or undefined (and one "Slack désactivé" log line) when no Slack setting is
 * present. Modes:
 *  - SLACK_APP_TOKEN: Socket Mode with SLACK_BOT_TOKEN (no public URL needed);
 *  - SLACK_CLIENT_ID: HTTP, OAuth install flow, installations in Postgres (`deps.installationStore`);
 *  - otherwise SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET: HTTP, one workspace.
 * SLACK_API_URL is the Web API base of every client (GovSlack; the tests' fake).
 */
export function createSlackApp(config: TConfig, deps: SlackAppDeps): SlackApp | undefined {
  const { log } = deps;
  if (!config.SLACK_BOT_TOKEN && !config.SLACK_CLIENT_ID) {
    if (!disabledLogged) {
      log.info('Slack désactivé (ni SLACK_BOT_TOKEN ni SLACK_CLIENT_ID)');
      disabledLogged = true;
    }
    return undefined;
  }
  const logger = slackSdkLogger(log);
  const clientOptions = {
    fetch: slackFetch,
    ...(config.SLACK_API_URL ? { slackApiUrl: withSlash(config.SLACK_API_URL) } : {}),
  };

  let bolt: App;
  let router: Router | undefined;
  let fastLane: express.RequestHandler | undefined;
  let mode: SlackApp['mode'];
  let auth: SlackApp['auth'];
  if (config.SLACK_APP_TOKEN) {
    if (!config.SLACK_BOT_TOKEN) throw new Error('Slack Socket Mode needs SLACK_BOT_TOKEN');
    mode = 'socket';
    auth = 'single';
    bolt = new App({
      token: config.SLACK_BOT_TOKEN,
      appToken: config.SLACK_APP_TOKEN,
      socketMode: true,
      logger,
      clientOptions,
    });
  } else {
    if (!config.SLACK_SIGNING_SECRET) throw new Error('Slack HTTP mode needs SLACK_SIGNING_SECRET');
    mode = 'http';
    router = express.Router();
    // Our own check first (both clock directions, stable codes); Bolt is told not to check again
    // and reads the verified bytes from req.rawBody.
    const oauth = config.SLACK_CLIENT_ID !== undefined;
    router.post(
      SLACK_EVENTS_PATH,
      ...slackVerifyMiddleware({ signingSecret: config.SLACK_SIGNING_SECRET, log, now: deps.now }),
      // Signed but not shaped as Slack sends: a 400 here, not a listener's 500 (zod at the edge).
      slackEdge,
      // One workspace: the vote skips Bolt's dispatch (with OAuth, Bolt finds the workspace's token).
      (req, res, next) => (fastLane ? fastLane(req, res, next) : next()),
    );
    auth = oauth ? 'oauth' : 'single';
    if (oauth && !deps.installationStore)
      throw new Error('Slack OAuth needs the database (installations)');
    const receiver = new ExpressReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET,
      signatureVerification: false,
      endpoints: SLACK_EVENTS_PATH,
      router,
      // The receiver insists on an app to mount its router on; ours is mounted by mount().
      app: express(),
      logger,
      ...(oauth && deps.installationStore
        ? {
            clientId: config.SLACK_CLIENT_ID,
            clientSecret: config.SLACK_CLIENT_SECRET,
            stateSecret: config.SLACK_STATE_SECRET,
            scopes: [...SLACK_BOT_SCOPES],
            installationStore: deps.installationStore,
            installerOptions: {
              installPath: SLACK_INSTALL_PATH,
              redirectUriPath: SLACK_OAUTH_REDIRECT_PATH,
              directInstall: true,
              clientOptions,
              callbackOptions: oauthCallbackOptions(log),
            },
          }
        : {}),
    });
    bolt = new App({
      receiver,
      logger,
      clientOptions,
      ...(oauth ? {} : { token: config.SLACK_BOT_TOKEN }),
    });
  }

  const { avisSubmitted } = registerListeners(bolt, deps);
  if (mode === 'http' && auth === 'single') {
    fastLane = avisFastLane({ listener: avisSubmitted, client: bolt.client, log });
  }

  return {
    mode,
    auth,
    bolt,
    router,
    mount(expressApp) {
      if (router) expressApp.use(router);
    },
    async start() {
      if (mode === 'socket') await bolt.start();
    },
    async stop() {
      if (mode === 'socket') await bolt.stop();
    },
  };
}

/** createSlackApp + mount on the web server. Undefined when Slack is not configured. */
export function mountSlack(
  expressApp: Application,
  options: SlackAppDeps & { config: TConfig },
): SlackApp | undefined {
  const slack = createSlackApp(options.config, options);
  slack?.mount(expressApp);
  return slack;
}

/** For tests: forget that "Slack désactivé" was logged. */
export function resetSlackDisabledLog(): void {
  disabledLogged = false;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** What the vote modal's listener needs, from Bolt or from the direct path (avisFastLane). */
interface ViewSubmissionArgs {
  ack: (response?: { response_action: 'errors'; errors: Record<string, string> }) => Promise<void>;
  body: unknown;
  client: webApi.WebClient;
  context: Record<string, unknown>;
}
type ViewSubmissionListener = (args: ViewSubmissionArgs) => Promise<void>;

/**
 * The vote, Concerto's busiest request, without Bolt's dispatch (HTTP mode, one workspace): the
 * request is already verified (slackVerifyMiddleware); the payload is parsed once and handed to
 * the same listener Bolt would call, with an acknowledgement that answers the HTTP request. The
 * request's de-duplication key goes with it: the vote claims it in its own transaction.
 * Anything else, or anything it cannot parse, goes on to Bolt. bench/slack.ts measured Bolt's
 * dispatch (receiver parsing, middleware chain, response building) at about 0.6 ms of CPU per
 * vote.
 */
function avisFastLane(o: {
  listener: ViewSubmissionListener;
  client: webApi.WebClient;
  log: Logger;
}): express.RequestHandler {
  return (req, res, next) => {
    const raw: unknown = req.body;
    if (
      !Buffer.isBuffer(raw) ||
      !String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') ||
      raw.indexOf('view_submission') === -1
    ) {
      next();
      return;
    }
    let payload: { type?: unknown; view?: { callback_id?: unknown } } | undefined;
    let text = '';
    // The edge (edge.ts) has decoded and parsed the payload already: not twice on the hot path.
    const decoded = interactionOf(res);
    if (decoded) {
      text = decoded.text;
      payload = decoded.payload as typeof payload;
    } else {
      try {
        text = formPayload(raw.toString('utf8'));
        payload = text ? JSON.parse(text) : undefined;
      } catch {
        payload = undefined;
      }
    }
    if (
      !payload ||
      payload.type !== 'view_submission' ||
      payload.view?.callback_id !== AVIS_MODAL_CALLBACK_ID
    ) {
      next();
      return;
    }
    const body = payload;
    // The web server's request id (src/http/server.ts) is the correlation id already.
    const correlationId = currentCorrelationId() ?? randomUUID();
    const dedupKey = dedupKeyOfPayloadText(text);
    let acked = false;
    const ack: ViewSubmissionArgs['ack'] = async (response) => {
      if (acked) return;
      acked = true;
      if (response) res.status(200).json(response);
      else res.status(200).end();
    };
    void (async () => {
      // No claim in Redis here: the vote claims the request in its own transaction
      // (request_claims), one round trip less, and a claim that cannot outlive or miss the avis.
      await o.listener({
        ack,
        body,
        client: o.client,
        context: { correlationId, dedupKey, claimInVote: true },
      });
      await ack();
    })().catch((err: unknown) => {
      o.log.error({ err, correlationId }, 'Slack : échec du traitement');
      if (!acked) {
        acked = true;
        res.status(500).end();
      }
    });
  };
}

export { formPayload } from './edge';

interface RequestState {
  correlationId: string;
  dedupKey: string;
}

/** Sub-commands and their aliases (French first; English aliases for English speakers). */
const SUBCOMMANDS: Record<string, string> = {
  '': 'aide',
  aide: 'aide',
  help: 'aide',
  rejoindre: 'rejoindre',
  join: 'rejoindre',
  consultations: 'consultations',
  lancer: 'lancer',
  launch: 'lancer',
  statut: 'statut',
  status: 'statut',
  relancer: 'relancer',
  remind: 'relancer',
  clore: 'clore',
  close: 'clore',
  exporter: 'exporter',
  export: 'exporter',
  agrements: 'agrements',
  agréments: 'agrements',
  suivi: 'suivi',
  followup: 'suivi',
};

/** A follow-up form field (record-followup.ts, parse.ts) → the follow-up modal's block. */
const FOLLOWUP_FIELD_BLOCKS: Record<string, string> = {
  avis: FOLLOWUP_BLOCK_IDS.avis,
  enjeu: FOLLOWUP_BLOCK_IDS.avis,
  reponse: FOLLOWUP_BLOCK_IDS.response,
  justification: FOLLOWUP_BLOCK_IDS.justification,
  enjeuSuivant: FOLLOWUP_BLOCK_IDS.next,
};

function registerListeners(
  bolt: App,
  deps: SlackAppDeps,
): { avisSubmitted: ViewSubmissionListener } {
  const { handlers, dedup, log } = deps;
  const ttl = deps.dedupTtlSeconds ?? DEFAULT_DEDUP_TTL_SECONDS;
  const localeCacheMs = deps.localeCacheMs ?? 60 * 60 * 1000;
  const profiles = new Map<string, { locale: Locale; name?: string; until: number }>();

  /** The user's language and display name (users.info), cached: one call per user and hour. */
  async function profileFor(
    client: webApi.WebClient,
    who: SlackIdentity,
  ): Promise<{ locale: Locale; name?: string }> {
    const key = `${who.teamId}:${who.userId}`;
    const cached = profiles.get(key);
    if (cached && cached.until > Date.now()) return cached;
    let locale: Locale = 'fr';
    let name: string | undefined;
    try {
      const info = await client.users.info({ user: who.userId, include_locale: true });
      const user = info.user as
        | {
            locale?: string;
            real_name?: string;
            name?: string;
            profile?: { display_name?: string; real_name?: string };
          }
        | undefined;
      locale = localeOf(user?.locale);
      name =
        user?.profile?.real_name || user?.real_name || user?.profile?.display_name || user?.name;
    } catch (err) {
      log.debug({ err }, 'Slack : profil inconnu, français par défaut');
    }
    if (profiles.size > 50_000) profiles.clear();
    const entry = { locale, ...(name ? { name } : {}), until: Date.now() + localeCacheMs };
    profiles.set(key, entry);
    return entry;
  }
  const localeFor = async (client: webApi.WebClient, who: SlackIdentity) =>
    (await profileFor(client, who)).locale;

  /** What both modal submissions start from: the payload, who sent it, in which language. */
  const submission = async (
    body: unknown,
    client: webApi.WebClient,
    context: Record<string, unknown>,
  ) => {
    const payload = ZViewSubmission.parse(body);
    const who = identityOfInteraction(payload);
    const locale = await localeFor(client, who);
    return {
      state: stateOf(context),
      payload,
      who,
      locale,
      t: strings(locale),
      blockIds: inputBlockIds(payload),
    };
  };

  function stateOf(context: Record<string, unknown>): RequestState {
    return {
      correlationId:
        typeof context.correlationId === 'string' ? context.correlationId : randomUUID(),
      dedupKey: typeof context.dedupKey === 'string' ? context.dedupKey : '',
    };
  }

  /** Unexpected failure: log it, free the claim so Slack's retry can do the work, tell the user. */
  async function failed(err: unknown, state: RequestState, what: string): Promise<void> {
    log.error({ err, what, correlationId: state.correlationId }, 'Slack : échec du traitement');
    if (state.dedupKey) await dedup.release(state.dedupKey).catch(() => undefined);
  }

  // Retries and replays: claimed before any listener; a request already claimed is acknowledged
  // and not run again (see dedup.ts).
  bolt.use(async (args) => {
    const { body, context, next } = args;
    const correlationId = randomUUID();
    const dedupKey = dedupKeyOf(body);
    context.correlationId = correlationId;
    context.dedupKey = dedupKey;
    if (!(await dedup.claim(dedupKey, ttl))) {
      log.info(
        { dedupKey, retryNum: context.retryNum, retryReason: context.retryReason },
        'Slack : requête déjà traitée, ignorée',
      );
      if ('ack' in args && typeof args.ack === 'function')
        await (args.ack as () => Promise<void>)();
      return;
    }
    await withCorrelation(correlationId, () => next());
  });

  bolt.command(SLASH_COMMAND, async ({ ack, body, client, respond, context }) => {
    await ack();
    const state = stateOf(context);
    const command = ZSlashCommand.parse(body);
    const who = identityOfCommand(command);
    const profile = await profileFor(client, who);
    const locale = profile.locale;
    const t = strings(locale);
    const reply = async (r: RenderedMessage) => {
      if (command.response_url)
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: r.text,
          blocks: r.blocks,
        });
      else
        await client.chat.postEphemeral({
          channel: command.channel_id,
          user: who.userId,
          text: r.text,
          blocks: r.blocks,
        });
    };
    const { sub, args } = parseCommandText(command.text);
    const displayName = profile.name ?? command.user_name;
    const ctx: SlackCommandContext = {
      who,
      locale,
      correlationId: state.correlationId,
      channelId: command.channel_id,
      args,
      ...(displayName ? { displayName } : {}),
      ...(command.channel_name ? { channelName: command.channel_name } : {}),
    };
    try {
      const canonical = SUBCOMMANDS[sub];
      let message: NeutralMessage | undefined;
      switch (canonical) {
        case 'aide':
          await reply(renderNotice(t.help));
          return;
        case 'rejoindre': {
          const code = args[0];
          if (!code) {
            await reply(renderNotice(t.missingArgument(`${SLASH_COMMAND} rejoindre <code>`)));
            return;
          }
          message = await handlers.join({ ...ctx, code });
          break;
        }
        case 'consultations':
          message = await handlers.listRounds(ctx);
          break;
        case 'lancer': {
          const form = await handlers.launchForm(ctx);
          await client.views.open({
            trigger_id: command.trigger_id,
            view: buildLaunchModal({ ...form, locale }),
          });
          return;
        }
        case 'statut':
          message = await handlers.status(ctx);
          break;
        case 'relancer':
          message = await handlers.remind(ctx);
          break;
        case 'clore':
          message = await handlers.close(ctx);
          break;
        case 'exporter': {
          const result = await handlers.export(ctx);
          if (result.files.length > 0) {
            await client.files.uploadV2({
              channel_id: command.channel_id,
              file_uploads: result.files.map((f) => ({
                file: typeof f.content === 'string' ? Buffer.from(f.content, 'utf8') : f.content,
                filename: f.filename,
                title: f.title ?? f.filename,
              })),
            });
          }
          message = result.message;
          break;
        }
        case 'agrements':
          message = await handlers.agrements(ctx);
          break;
        case 'suivi': {
          const form = await handlers.followupForm(ctx);
          if ('message' in form) {
            message = form.message;
            break;
          }
          await client.views.open({
            trigger_id: command.trigger_id,
            view: buildFollowupModal({ ...form, locale }),
          });
          return;
        }
        default:
          await reply(renderNotice(`${t.unknownCommand(sub)}\n\n${t.help}`));
          return;
      }
      await reply(renderMessage(message));
    } catch (err) {
      if (isDomainError(err)) {
        await reply(renderNotice(errorText(err, locale)));
        return;
      }
      await failed(err, state, `command ${sub}`);
      await reply(renderNotice(t.genericError(state.correlationId))).catch(() => undefined);
    }
  });

  bolt.action(ACTION_IDS.avisOpen, async ({ ack, body, client, respond, context }) => {
    await ack();
    const state = stateOf(context);
    const payload = ZBlockActions.parse(body);
    const who = identityOfInteraction(payload);
    const locale = await localeFor(client, who);
    const t = strings(locale);
    // The button's value names the round to open, nothing more: the organisation is the user's own.
    const roundId = payload.actions[0]?.value ?? '';
    const reply = async (r: RenderedMessage) => {
      if (payload.response_url)
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: r.text,
          blocks: r.blocks,
        });
      else await client.chat.postMessage({ channel: who.userId, text: r.text, blocks: r.blocks });
    };
    try {
      const form = await handlers.avisForm({
        who,
        locale,
        correlationId: state.correlationId,
        roundId,
      });
      await client.views.open({
        trigger_id: payload.trigger_id,
        view: buildAvisModal({ ...form, roundId, locale }),
      });
    } catch (err) {
      if (isDomainError(err)) {
        await reply(renderNotice(errorText(err, locale)));
        return;
      }
      await failed(err, state, 'avis.open');
      await reply(renderNotice(t.genericError(state.correlationId))).catch(() => undefined);
    }
  });

  // Link buttons open a URL in the browser, but Slack still posts the click: acknowledge it.
  bolt.action(new RegExp(`^${ACTION_IDS.link}\\.`), async ({ ack }) => {
    await ack();
  });

  // View submissions acknowledge *after* the use case: the acknowledgement is the only way to
  // show errors under the fields (response_action: 'errors'); the use case is one short transaction.
  const avisSubmitted = async ({ ack, body, client, context }: ViewSubmissionArgs) => {
    const { state, payload, who, locale, t, blockIds } = await submission(body, client, context);
    try {
      const { roundId } = parseAvisModalMetadata(payload.view.private_metadata);
      const entries = extractAvis(payload.view.state.values);
      const errors: Record<string, string> = {};
      for (const e of entries) {
        if (e.choice === null && e.comment !== null)
          errors[avisBlockId(e.enjeuId, 'choice')] = t.choiceMissing;
      }
      const chosen = entries.filter(
        (e): e is typeof e & { choice: NonNullable<typeof e.choice> } => e.choice !== null,
      );
      if (chosen.length === 0 && Object.keys(errors).length === 0 && entries[0]) {
        errors[avisBlockId(entries[0].enjeuId, 'choice')] = t.nothingChosen;
      }
      if (Object.keys(errors).length > 0) {
        await ack({ response_action: 'errors', errors });
        return;
      }
      const result = await handlers.castAvis({
        who,
        locale,
        correlationId: state.correlationId,
        roundId,
        avis: chosen,
        ...(context.claimInVote === true ? { requestKey: state.dedupKey } : {}),
      });
      await ack();
      if ('duplicate' in result) {
        log.info({ dedupKey: state.dedupKey }, 'Slack : requête déjà traitée, ignorée');
        return;
      }
      const r = renderMessage(result.confirmation);
      const direct = () =>
        client.chat.postMessage({ channel: who.userId, text: r.text, blocks: r.blocks });
      if (result.channelId) {
        // In the organisation's channel; a voter who is not in it (the modal opened from the App
        // Home) gets it as a direct message from the app instead.
        await client.chat
          .postEphemeral({
            channel: result.channelId,
            user: who.userId,
            text: r.text,
            blocks: r.blocks,
          })
          .catch((err: unknown) => {
            log.info(
              { err: (err as { data?: { error?: string } }).data?.error ?? String(err) },
              'Slack : confirmation éphémère refusée, envoyée en message direct',
            );
            return direct();
          });
      } else await direct();
    } catch (err) {
      if (isDomainError(err)) {
        await ack({
          response_action: 'errors',
          errors: viewErrors(err, locale, blockIds, avisFieldToBlock),
        });
        return;
      }
      await failed(err, state, 'avis.submit');
      const first = blockIds[0];
      await ack(
        first
          ? {
              response_action: 'errors',
              errors: { [first]: t.genericFormError(state.correlationId) },
            }
          : undefined,
      ).catch(() => undefined);
    }
  };
  bolt.view(AVIS_MODAL_CALLBACK_ID, ({ ack, body, client, context }) =>
    avisSubmitted({ ack: ack as ViewSubmissionArgs['ack'], body, client, context }),
  );

  bolt.view(LAUNCH_MODAL_CALLBACK_ID, async ({ ack, body, client, context }) => {
    const { state, payload, who, locale, t, blockIds } = await submission(body, client, context);
    try {
      const input = extractLaunch(payload.view.state.values, {
        reminders: t.remindersInvalid,
        required: t.required,
      });
      const message = await handlers.launch({
        who,
        locale,
        correlationId: state.correlationId,
        input,
      });
      await ack();
      const r = renderMessage(message);
      await client.chat.postMessage({ channel: who.userId, text: r.text, blocks: r.blocks });
    } catch (err) {
      if (err instanceof FormFieldError) {
        await ack({
          response_action: 'errors',
          errors: {
            [LAUNCH_FIELD_BLOCKS[err.field] ?? LAUNCH_BLOCK_IDS.draftVersion]: err.message,
          },
        });
        return;
      }
      if (isDomainError(err)) {
        await ack({
          response_action: 'errors',
          errors: viewErrors(err, locale, blockIds, (f) => LAUNCH_FIELD_BLOCKS[f]),
        });
        return;
      }
      await failed(err, state, 'launch.submit');
      await ack({
        response_action: 'errors',
        errors: { [LAUNCH_BLOCK_IDS.draftVersion]: t.genericFormError(state.correlationId) },
      }).catch(() => undefined);
    }
  });

  bolt.view(FOLLOWUP_MODAL_CALLBACK_ID, async ({ ack, body, client, context }) => {
    const { state, payload, who, locale, t, blockIds } = await submission(body, client, context);
    try {
      const input = extractFollowup(payload.view.state.values, { required: t.required });
      const message = await handlers.recordFollowup({
        who,
        locale,
        correlationId: state.correlationId,
        roundId: parseFollowupMetadata(payload.view.private_metadata).roundId,
        input,
      });
      await ack();
      const r = renderMessage(message);
      await client.chat.postMessage({ channel: who.userId, text: r.text, blocks: r.blocks });
    } catch (err) {
      if (err instanceof FormFieldError) {
        await ack({
          response_action: 'errors',
          errors: { [FOLLOWUP_FIELD_BLOCKS[err.field] ?? FOLLOWUP_BLOCK_IDS.avis]: err.message },
        });
        return;
      }
      if (isDomainError(err)) {
        await ack({
          response_action: 'errors',
          errors: viewErrors(err, locale, blockIds, (f) => FOLLOWUP_FIELD_BLOCKS[f]),
        });
        return;
      }
      await failed(err, state, 'followup.submit');
      await ack({
        response_action: 'errors',
        errors: { [FOLLOWUP_BLOCK_IDS.avis]: t.genericFormError(state.correlationId) },
      }).catch(() => undefined);
    }
  });

  bolt.event('app_home_opened', async ({ event, body, client, context }) => {
    if (event.tab !== 'home') return;
    const state = stateOf(context);
    const envelope = body as { team_id?: string; enterprise_id?: string };
    if (!envelope.team_id) return;
    const who: SlackIdentity = {
      teamId: envelope.team_id,
      userId: event.user,
      ...(envelope.enterprise_id ? { enterpriseId: envelope.enterprise_id } : {}),
    };
    const locale = await localeFor(client, who);
    const ctx: SlackRequestContext = { who, locale, correlationId: state.correlationId };
    try {
      const data = await handlers.home(ctx);
      await client.views.publish({ user_id: event.user, view: buildHomeView({ ...data, locale }) });
    } catch (err) {
      // Nobody to answer privately here: the tab keeps its previous content.
      if (isDomainError(err)) log.info({ code: err.code }, 'Slack : App Home refusée');
      else await failed(err, state, 'app_home_opened');
    }
  });

  // The bot was added to a channel: say how to link it (the channel is linked by a partner's code,
  // never by the mere presence of the bot). Other members joining are none of Concerto's business.
  bolt.event('member_joined_channel', async ({ event, client, context }) => {
    if (!context.botUserId || event.user !== context.botUserId) return;
    const state = stateOf(context);
    try {
      const r = renderNotice(`${strings('fr').welcomeChannel}\n\n${strings('en').welcomeChannel}`);
      await client.chat.postMessage({ channel: event.channel, text: r.text, blocks: r.blocks });
    } catch (err) {
      await failed(err, state, 'member_joined_channel');
    }
  });

  bolt.error(async (err) => {
    // A signed request from a workspace without an installation (uninstalled, or an Enterprise
    // Grid team Concerto was not added to) is refused, not a fault of ours.
    if ((err as { code?: unknown }).code === 'slack_bolt_authorization_error') {
      log.warn({ code: 'SLACK_NOT_INSTALLED', reason: err.message }, 'Slack : espace non installé');
      return;
    }
    log.error({ err }, 'Slack : erreur Bolt');
  });
  return { avisSubmitted };
}

function inputBlockIds(payload: TViewSubmission): string[] {
  const blocks = (payload.view as { blocks?: { type?: string; block_id?: string }[] }).blocks;
  const inputs = Array.isArray(blocks)
    ? blocks
        .filter((b) => b.type === 'input' && typeof b.block_id === 'string')
        .map((b) => b.block_id as string)
    : [];
  // An error must land under some input, or Slack shows nothing: fall back on the state's blocks.
  return inputs.length > 0 ? inputs : Object.keys(payload.view.state.values);
}

/** `enjeux.<id>.comment`, `<id>.reason`, `avis.<id>.choice` → the vote modal's block id. */
function avisFieldToBlock(field: string): string | undefined {
  const m = /^(?:enjeux\.|avis\.)?(.+)\.(choice|comment|reason)$/.exec(field);
  if (!m) return undefined;
  return avisBlockId(m[1] as string, m[2] === 'choice' ? 'choice' : 'comment');
}

/**
 * A DomainError → Slack's `errors` object, in the user's language (the catalogue's words): under
 * each named field, else under the first input.
 */
function viewErrors(
  err: DomainError,
  locale: Locale,
  blockIds: string[],
  toBlock: (field: string) => string | undefined,
): Record<string, string> {
  const known = new Set(blockIds);
  const list = fieldErrors(err, locale);
  const errors: Record<string, string> = {};
  for (const e of list) {
    const block = e.field ? toBlock(e.field) : undefined;
    const target = block && known.has(block) ? block : blockIds[0];
    if (!target) continue;
    errors[target] = errors[target] ? `${errors[target]} ${e.message}` : e.message;
  }
  return errors;
}
