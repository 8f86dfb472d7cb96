import type { Application } from 'express';
import { ExpressAdapter, type App } from '@microsoft/teams.apps';
import type { Logger } from 'pino';
import type { TConfig } from '../../config';
import type { TeamsHandlers } from './handlers';
import { createTeamsApp, teamsEnabled, type TeamsEndpoints } from './sdk';
import { botAuth } from './inbound-auth';
import { jwksUriFromMetadata, KeySet } from './key-set';
import { parseServiceUrlPattern } from './service-urls';
import { teamsActivityEdge } from './inbound';
import { cardActionRoute } from './routes/card-action';
import { installRoutes } from './routes/install';
import { messageRoute } from './routes/message';

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

/** The SDK's routes, one file each: message, card action, install (routes/). */
function registerRoutes(app: App, handlers: TeamsHandlers, log: Logger, localMode: boolean): void {
  messageRoute(app, handlers, log, localMode);
  cardActionRoute(app, handlers, log, localMode);
  installRoutes(app, handlers, log, localMode);
}

export { cardErrors } from './routes/reply';
