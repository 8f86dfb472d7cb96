import { App } from '@slack/bolt';
import type { Application, Router } from 'express';
import type { TConfig } from '../../config';
import type { SlackAppDeps } from './deps';
import { slackFetch } from './http-fetch';
import { registerListeners } from './listeners';
import { directRoute } from '../../http/direct-routes';
import {
  avisFastLane,
  createHttpReceiver,
  slackDirectVote,
  SLACK_EVENTS_PATH,
  type AvisFastLane,
} from './receiver';
import { slackSdkLogger } from './sdk-logger';

/**
 * Slack for Concerto, assembled: the receiver (receiver.ts: HTTP route, checks, the vote's fast
 * lane; or Socket Mode), the listeners (listeners/: commands, actions, view submissions,
 * events) and the renderers they call (render/: messages, modals, home).
 */

export type { SlackAppDeps } from './deps';
export {
  formPayload,
  SLACK_BOT_SCOPES,
  SLACK_EVENTS_PATH,
  SLACK_INSTALL_PATH,
  SLACK_OAUTH_REDIRECT_PATH,
} from './receiver';

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
  let fastLane: AvisFastLane | undefined;
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
    mode = 'http';
    const http = createHttpReceiver({
      config,
      deps,
      logger,
      clientOptions,
      fastLane: () => fastLane,
    });
    router = http.router;
    auth = http.oauth ? 'oauth' : 'single';
    bolt = new App({
      receiver: http.receiver,
      logger,
      clientOptions,
      ...(http.oauth ? {} : { token: config.SLACK_BOT_TOKEN }),
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
      // The vote, before Express, when the fast lane takes it (one workspace, HTTP mode).
      if (fastLane && config.SLACK_SIGNING_SECRET)
        directRoute(
          expressApp,
          { method: 'POST', path: SLACK_EVENTS_PATH, log },
          slackDirectVote({
            signingSecret: config.SLACK_SIGNING_SECRET,
            now: deps.now,
            lane: fastLane,
          }),
        );
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
