import { App, type AppOptions, type IHttpServerAdapter, type IPlugin } from '@microsoft/teams.apps';
import {
  PUBLIC,
  withOverrides,
  type CloudEnvironment,
  type TokenProviderFn,
} from '@microsoft/teams.api';
import type { ILogger, ILoggerOptions, LogLevel } from '@microsoft/teams.common';
import type { Logger } from 'pino';
import type { TConfig } from '../../config';
import { redact } from '../../logger';

/**
 * Endpoint overrides, for tests (a local JWKS and token endpoint) and sovereign clouds. Every
 * field defaults to Microsoft's public cloud.
 */
export interface TeamsEndpoints {
  /**
   * Bot Framework OpenID metadata URL, over TEAMS_BOT_OPENID_METADATA_URL. The SDK fetches
   * signing keys from the same URL with `/openidconfiguration` replaced by `/keys`; Concerto's
   * own check (inbound-auth.ts) from its `jwks_uri` or TEAMS_BOT_JWKS_URL.
   */
  openIdMetadataUrl?: string;
  /**
   * Entra login endpoint; the app's client-credentials token is requested from
   * `<loginEndpoint>/<tenant>/oauth2/v2.0/token`. Default: https://login.microsoftonline.com
   *
   * When set, tokens are fetched by Concerto's own client-credentials request instead of MSAL:
   * MSAL refuses non-https authorities and runs instance discovery against Microsoft's hosts,
   * so it cannot be pointed at a local fake.
   */
  loginEndpoint?: string;
}

/**
 * The SDK's logger interface on top of pino (the SDK logs a lot at debug: keep it there). Its
 * output crosses Concerto's redaction boundary (src/logger.ts): at debug it writes whole inbound
 * activities, with the text a user typed (an invitation code), and its HTTP errors carry the
 * Bot Framework access token. Objects are redacted before they become text, errors by pino.
 */
export function sdkLogger(log: Logger, name = 'teams'): ILogger {
  const child = log.child({ component: name });
  const write = (level: LogLevel, msg: unknown[]) => {
    const err = msg.find((m): m is Error => m instanceof Error);
    const text = msg
      .filter((m) => !(m instanceof Error))
      .map((m) => (typeof m === 'string' ? m : safeJson(redact(m))))
      .join(' ');
    // The SDK logs every refused token as an error: a request refused at the door is the
    // caller's fault, one warn line (its 401 is the answer).
    // (The SDK's token validator only: a failure to obtain Concerto's own token stays an error.)
    const refusal =
      level === 'error' && (/jwt/i.test(name) || /^(JWT |Custom validation failed)/.test(text));
    const fn = refusal ? 'warn' : level === 'trace' ? 'trace' : level;
    if (err) child[fn]({ err }, text);
    else child[fn](text);
  };
  const logger: ILogger = {
    debug: (...m: unknown[]) => write('debug', m),
    info: (...m: unknown[]) => write('info', m),
    warn: (...m: unknown[]) => write('warn', m),
    error: (...m: unknown[]) => write('error', m),
    trace: (...m: unknown[]) => write('trace', m),
    log: (level: LogLevel, ...m: unknown[]) => write(level, m),
    child: (childName: string, _overrides?: ILoggerOptions) =>
      sdkLogger(child, `${name}/${childName}`),
  };
  return logger;
}

function safeJson(v: unknown): string {
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 2000 ? `${s.slice(0, 2000)}…` : s;
  } catch {
    return String(v);
  }
}

/**
 * The SDK's cloud: Microsoft's public one, with the Bot Framework metadata and issuer of
 * Concerto's settings (the SDK validates tokens after Concerto's own check, botAuth) and the
 * overrides of `endpoints`.
 */
export function teamsCloud(
  endpoints: TeamsEndpoints = {},
  config?: Pick<TConfig, 'TEAMS_BOT_OPENID_METADATA_URL' | 'TEAMS_BOT_TOKEN_ISSUERS'>,
): CloudEnvironment {
  const openIdMetadataUrl = endpoints.openIdMetadataUrl ?? config?.TEAMS_BOT_OPENID_METADATA_URL;
  const tokenIssuer = config?.TEAMS_BOT_TOKEN_ISSUERS[0];
  return withOverrides(PUBLIC, {
    ...(openIdMetadataUrl ? { openIdMetadataUrl } : {}),
    ...(tokenIssuer ? { tokenIssuer } : {}),
    ...(endpoints.loginEndpoint
      ? { loginEndpoint: endpoints.loginEndpoint.replace(/\/+$/, '') }
      : {}),
  });
}

/**
 * OAuth2 client-credentials grant against `<loginEndpoint>/<tenant>/oauth2/v2.0/token`, with a
 * cache per scope and tenant that renews five minutes before expiry.
 */
export function clientCredentialsTokenProvider(opts: {
  loginEndpoint: string;
  clientId: string;
  clientSecret: string;
  defaultTenant: string;
  fetchImpl?: typeof fetch;
}): TokenProviderFn {
  const cache = new Map<string, { token: string; expiresAt: number }>();
  const doFetch = opts.fetchImpl ?? fetch;
  return async (scope, tenantId) => {
    const scopes = Array.isArray(scope) ? scope.join(' ') : scope;
    const tenant = tenantId || opts.defaultTenant;
    const key = `${tenant} ${scopes}`;
    const hit = cache.get(key);
    if (hit && hit.expiresAt > Date.now() + 5 * 60_000) return hit.token;
    const res = await doFetch(
      `${opts.loginEndpoint.replace(/\/+$/, '')}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: opts.clientId,
          client_secret: opts.clientSecret,
          scope: scopes,
        }).toString(),
      },
    );
    if (!res.ok)
      throw new Error(`Jeton Teams refusé par ${opts.loginEndpoint} (HTTP ${res.status})`);
    const body = (await res.json()) as { access_token?: string; expires_in?: number };
    if (!body.access_token) throw new Error('Réponse du point de jeton sans access_token');
    cache.set(key, {
      token: body.access_token,
      expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000,
    });
    return body.access_token;
  };
}

/** Is Teams configured at all (credentials or local mode)? */
export function teamsEnabled(config: TConfig): boolean {
  return Boolean(config.TEAMS_CLIENT_ID) || config.TEAMS_LOCAL_MODE;
}

/**
 * One SDK App from Concerto's configuration. Credentials are always passed explicitly (the SDK
 * would otherwise read CLIENT_ID, CLIENT_SECRET, TENANT_ID… from the environment).
 */
export function createTeamsApp(opts: {
  config: TConfig;
  log: Logger;
  endpoints?: TeamsEndpoints;
  httpServerAdapter?: IHttpServerAdapter;
}): App {
  const { config, endpoints = {} } = opts;
  const cloud = teamsCloud(endpoints, config);
  const clientId = config.TEAMS_CLIENT_ID;
  const clientSecret = config.TEAMS_CLIENT_SECRET;
  const tenantId = config.TEAMS_TENANT_ID;
  const options: AppOptions<IPlugin> = {
    // Empty strings, not undefined: the SDK falls back to process.env for undefined options.
    clientId: clientId ?? '',
    clientSecret: clientSecret ?? '',
    tenantId: tenantId ?? '',
    logger: sdkLogger(opts.log),
    cloud,
    dangerouslyAllowUnauthenticatedRequests: config.TEAMS_LOCAL_MODE,
    messagingEndpoint: '/api/messages',
    activity: { mentions: { stripText: true } },
    serviceUrl: 'https://smba.trafficmanager.net/teams',
    ...(opts.httpServerAdapter ? { httpServerAdapter: opts.httpServerAdapter } : {}),
    ...(endpoints.loginEndpoint && clientId && clientSecret
      ? {
          clientSecret: '',
          token: clientCredentialsTokenProvider({
            loginEndpoint: cloud.loginEndpoint,
            clientId,
            clientSecret,
            defaultTenant: tenantId || cloud.loginTenant,
          }),
        }
      : {}),
  };
  return new App(options);
}
