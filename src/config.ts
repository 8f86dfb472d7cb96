import { z } from 'zod';
import { parseEncryptionKey } from './store/secret-box';

/**
 * Every setting Concerto reads, from the environment, parsed once at start-up. Nothing else
 * under src/ reads process.env: the parsed config is passed in.
 */
const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const url = (what: string) =>
  z.string().refine((v) => {
    try {
      new URL(v);
      return true;
    } catch {
      return false;
    }
  }, `${what} n'est pas une URL valide`);

/** A comma-separated list (blank items dropped); every item must be a URL when `what` says so. */
const list = (what: string) =>
  z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .refine((items) => items.length > 0, `${what} : au moins une valeur`)
    .refine(
      (items) =>
        items.every((v) => {
          try {
            new URL(v.replace('://*.', '://wildcard.'));
            return true;
          } catch {
            return false;
          }
        }),
      `${what} : une valeur n'est pas une URL valide`,
    );

export const ZConfig = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Postgres connection string. Default: the local database `concerto`. */
  DATABASE_URL: url('DATABASE_URL').default('postgresql://postgres@127.0.0.1:5432/concerto'),
  /** Redis connection string. Default: the local Redis. */
  REDIS_URL: url('REDIS_URL').default('redis://127.0.0.1:6379'),
  /** Prefix of every BullMQ key, so several deployments (or tests) share one Redis. Default: concerto. */
  QUEUE_PREFIX: z.string().min(1).default('concerto'),
  /** HTTP port of the web process, 1 to 65535 (empty is refused, not a random port). Default: 3000. */
  PORT: z
    .string()
    .trim()
    .refine(
      (v) => v !== '',
      'vide : indiquez un numéro de port de 1 à 65535, ou retirez la variable (3000 par défaut)',
    )
    .refine((v) => v === '' || (/^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535), {
      error: (iss) => `« ${String(iss.input)} » n’est pas un numéro de port (de 1 à 65535)`,
    })
    .transform(Number)
    .default(3000),
  /** Public base URL (links in messages, Teams manifest valid domains). Default: http://localhost:PORT. */
  PUBLIC_URL: url('PUBLIC_URL').optional(),
  /** pino level. Default: info. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Code of the tenant used when a platform request cannot name one (single-Caf deployments). Default: 94. */
  DEFAULT_TENANT: z.string().min(1).default('94'),
  /** Token that protects the queue dashboard at /admin/queues; unset: the dashboard is not mounted. */
  ADMIN_TOKEN: optional,

  /**
   * Key that encrypts Slack installations' tokens in Postgres (AES-256-GCM): 32 bytes in base64
   * (`openssl rand -base64 32`). Required in production with SLACK_CLIENT_ID; unset elsewhere:
   * installations are stored in clear (demo, tests).
   */
  CONCERTO_ENCRYPTION_KEY: optional,
  /**
   * Former keys, comma-separated, still accepted for reading during a rotation (rows are
   * re-encrypted with CONCERTO_ENCRYPTION_KEY as they are read, or by `concerto slack reencrypt`).
   * Default: none.
   */
  CONCERTO_ENCRYPTION_OLD_KEYS: optional.transform((v) =>
    v
      ? v
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean)
      : [],
  ),

  SLACK_BOT_TOKEN: optional,
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional,
  SLACK_CLIENT_ID: optional,
  SLACK_CLIENT_SECRET: optional,
  SLACK_STATE_SECRET: optional,
  /** Slack Web API base URL (GovSlack, or the tests' local fake). Default: Slack's. */
  SLACK_API_URL: url('SLACK_API_URL').optional(),

  /**
   * SMTP server for e-mail (smtp:// or smtps://, credentials in the URL). Unset (the demo): each
   * e-mail is written as an .eml file in MAIL_DIR and listed at /dev/mail.
   */
  SMTP_URL: url('SMTP_URL').optional(),
  /** The sender of Concerto's e-mails. Default: Concerto <concerto@localhost>. */
  MAIL_FROM: z.string().min(3).default('Concerto <concerto@localhost>'),
  /** Folder of the .eml files without SMTP_URL. Default: var/mail under the working directory. */
  MAIL_DIR: z.string().min(1).default('var/mail'),
  /**
   * Key of the personal ballot links sent by e-mail (HMAC-SHA-256): a long random string
   * (`openssl rand -base64 32`). Required in production with SMTP_URL; unset elsewhere, a key
   * derived from DATABASE_URL (demo links keep working across restarts). Changing it revokes
   * every link sent.
   */
  CONCERTO_LINK_SECRET: optional,
  /** Minimum milliseconds between two e-mails to the same domain (per worker). Default: 0. */
  MAIL_DOMAIN_INTERVAL_MS: z.coerce.number().int().min(0).default(0),

  TEAMS_CLIENT_ID: optional,
  TEAMS_CLIENT_SECRET: optional,
  TEAMS_TENANT_ID: optional,
  /**
   * Bot Framework OpenID metadata, whose `jwks_uri` lists the keys that sign the tokens Teams
   * sends to /api/messages. Default: the public cloud's.
   */
  TEAMS_BOT_OPENID_METADATA_URL: url('TEAMS_BOT_OPENID_METADATA_URL').default(
    'https://login.botframework.com/v1/.well-known/openidconfiguration',
  ),
  /** The bot's signing keys (JWKS). Default: the `jwks_uri` of TEAMS_BOT_OPENID_METADATA_URL. */
  TEAMS_BOT_JWKS_URL: url('TEAMS_BOT_JWKS_URL').optional(),
  /** Accepted issuers (`iss`) of the bot's inbound tokens, comma-separated. Default: https://api.botframework.com. */
  TEAMS_BOT_TOKEN_ISSUERS: list('TEAMS_BOT_TOKEN_ISSUERS').default([
    'https://api.botframework.com',
  ]),
  /**
   * Where an activity's `serviceUrl` may point (replies and every later message go there),
   * comma-separated URL prefixes; `*.` in a host stands for any subdomain, a port must match when
   * given. Default: Microsoft's public cloud, https://smba.trafficmanager.net/ and
   * https://*.botframework.com/. Sovereign clouds (GCC: https://smba.infra.gcc.teams.microsoft.com/)
   * and tests set their own.
   */
  TEAMS_SERVICE_URLS: list('TEAMS_SERVICE_URLS').default([
    'https://smba.trafficmanager.net/',
    'https://*.botframework.com/',
  ]),
  /** Signing keys of the tab's SSO tokens. Default: Entra's multi-tenant JWKS. */
  TEAMS_TAB_JWKS_URL: url('TEAMS_TAB_JWKS_URL').default(
    'https://login.microsoftonline.com/common/discovery/v2.0/keys',
  ),
  /** Signing keys (bot and tab) are fetched again after this many seconds. Default: 3600. */
  TEAMS_JWKS_REFRESH_SECONDS: z.coerce.number().int().min(1).default(3600),
  /**
   * A token signed with a key id not in the cached set fetches the keys again at most once per
   * this many seconds; other unknown ids are refused without a fetch. Default: 30.
   */
  TEAMS_JWKS_UNKNOWN_KID_SECONDS: z.coerce.number().int().min(0).default(30),
  /** Invitation codes a platform user may try per window (Slack and Teams). Default: 5. */
  INVITE_ATTEMPTS_PER_USER: z.coerce.number().int().min(1).default(5),
  /** Invitation codes one Slack workspace or Teams tenant may try per window. Default: 30. */
  INVITE_ATTEMPTS_PER_WORKSPACE: z.coerce.number().int().min(1).default(30),
  /** The window of the invitation-code limits, in minutes. Default: 15. */
  INVITE_ATTEMPTS_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  /**
   * Accept unauthenticated Teams activities (Agents Playground), from loopback addresses only.
   * Refused with NODE_ENV=production and with TEAMS_CLIENT_ID.
   */
  TEAMS_LOCAL_MODE: z
    .enum(['true', 'false', '1', '0', ''])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});

export type TConfig = z.infer<typeof ZConfig>;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(
      `Configuration invalide (${problems.length} problème${problems.length > 1 ? 's' : ''}) :\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nCorrigez ces variables d’environnement, puis relancez. Rien n’a été fait.',
    );
    this.name = 'ConfigError';
  }
}

const zodFrench = z.locales.fr().localeError;

/** zod's problems worded for an operator reading French (zod's own French as a fallback). */
const frenchIssue: z.core.$ZodErrorMap = (issue) => {
  const input = issue.input;
  const seen = typeof input === 'string' ? `« ${input} »` : String(input);
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'manquante';
      if (issue.expected === 'number')
        return typeof input === 'number'
          ? 'un nombre entier est attendu'
          : `${seen} n’est pas un nombre`;
      break;
    case 'invalid_value':
      return `${seen} n’est pas une valeur possible (valeurs : ${issue.values.map(String).join(', ')})`;
    case 'too_small':
      if (issue.origin === 'number') return `${seen} est trop petit : ${issue.minimum} au moins`;
      if (issue.origin === 'string') return `trop courte : ${issue.minimum} caractère(s) au moins`;
      break;
    case 'too_big':
      if (issue.origin === 'number') return `${seen} est trop grand : ${issue.maximum} au plus`;
      break;
  }
  const fallback = zodFrench(issue);
  return typeof fallback === 'string' ? fallback : fallback?.message;
};

/**
 * Parses the environment; throws one ConfigError listing every problem at once: each invalid
 * setting, and the cross-checks between settings (Slack, Teams, production) over those that are
 * valid, so a second run does not reveal new ones.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): TConfig {
  const parsed = ZConfig.safeParse(env, { error: frenchIssue });
  const problems: string[] = [];
  let c: Partial<TConfig>;
  if (parsed.success) c = parsed.data;
  else {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.') || '(racine)'} : ${issue.message}`);
    }
    // The settings that are valid on their own, for the cross-checks below.
    const partial: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(ZConfig.shape)) {
      const one = (schema as z.ZodType).safeParse(env[key]);
      if (one.success) partial[key] = one.data;
    }
    c = partial as Partial<TConfig>;
  }
  {
    if (c.SLACK_BOT_TOKEN && !c.SLACK_SIGNING_SECRET && !c.SLACK_APP_TOKEN) {
      problems.push('SLACK_SIGNING_SECRET : requis avec SLACK_BOT_TOKEN en mode HTTP');
    }
    if (
      c.SLACK_CLIENT_ID &&
      (!c.SLACK_CLIENT_SECRET || !c.SLACK_STATE_SECRET || !c.SLACK_SIGNING_SECRET)
    ) {
      problems.push(
        'SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, SLACK_SIGNING_SECRET : requis avec SLACK_CLIENT_ID (installation OAuth)',
      );
    }
    if (c.TEAMS_LOCAL_MODE && c.NODE_ENV === 'production') {
      problems.push(
        'TEAMS_LOCAL_MODE : le mode local (sans authentification) est interdit en production',
      );
    }
    for (const [name, keys] of [
      ['CONCERTO_ENCRYPTION_KEY', c.CONCERTO_ENCRYPTION_KEY ? [c.CONCERTO_ENCRYPTION_KEY] : []],
      ['CONCERTO_ENCRYPTION_OLD_KEYS', c.CONCERTO_ENCRYPTION_OLD_KEYS ?? []],
    ] as const) {
      for (const k of keys) {
        try {
          parseEncryptionKey(k);
        } catch (err) {
          problems.push(`${name} : ${(err as Error).message}`);
          break;
        }
      }
    }
    if (c.NODE_ENV === 'production' && c.SLACK_CLIENT_ID && !c.CONCERTO_ENCRYPTION_KEY) {
      problems.push(
        'CONCERTO_ENCRYPTION_KEY : requis en production avec SLACK_CLIENT_ID (les jetons des installations Slack sont chiffrés en base)',
      );
    }
    if (c.TEAMS_LOCAL_MODE && c.TEAMS_CLIENT_ID) {
      problems.push(
        'TEAMS_LOCAL_MODE : incompatible avec TEAMS_CLIENT_ID (le mode local ne vérifie aucun jeton)',
      );
    }
    if (c.NODE_ENV === 'production' && c.SMTP_URL && !c.CONCERTO_LINK_SECRET) {
      problems.push(
        'CONCERTO_LINK_SECRET : requis en production avec SMTP_URL (clé des liens de vote personnels)',
      );
    }
    if (c.CONCERTO_LINK_SECRET && c.CONCERTO_LINK_SECRET.length < 16) {
      problems.push('CONCERTO_LINK_SECRET : 16 caractères au moins');
    }
    if (c.TEAMS_CLIENT_ID && !c.TEAMS_CLIENT_SECRET) {
      problems.push('TEAMS_CLIENT_SECRET : requis avec TEAMS_CLIENT_ID');
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return parsed.data;
}

/** The secret values of a configuration, for the logger to blank wherever they would appear. */
export function configSecrets(config: TConfig): (string | undefined)[] {
  return [
    config.ADMIN_TOKEN,
    config.SMTP_URL,
    config.CONCERTO_LINK_SECRET,
    smtpPassword(config.SMTP_URL),
    config.SLACK_BOT_TOKEN,
    config.SLACK_SIGNING_SECRET,
    config.SLACK_APP_TOKEN,
    config.SLACK_CLIENT_SECRET,
    config.SLACK_STATE_SECRET,
    config.TEAMS_CLIENT_SECRET,
    config.CONCERTO_ENCRYPTION_KEY,
    ...config.CONCERTO_ENCRYPTION_OLD_KEYS,
  ];
}

/** The password in an SMTP URL, so that the logger blanks it on its own too. */
function smtpPassword(smtpUrl: string | undefined): string | undefined {
  if (!smtpUrl) return undefined;
  try {
    const p = decodeURIComponent(new URL(smtpUrl).password);
    return p.length >= 4 ? p : undefined;
  } catch {
    return undefined;
  }
}

export function publicUrl(config: TConfig): string {
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, '');
}

/**
 * Where the Cafs' identity providers' client secrets come from (`concerto oidc set
 * --client-secret-env VAR`): this process's environment, read by variable name when a pilot
 * signs in (the names are per Caf, in the database), and the encryption keys for sealed ones.
 */
export function oidcSecretSources(config: TConfig, env: NodeJS.ProcessEnv = process.env) {
  return {
    env: env as Record<string, string | undefined>,
    CONCERTO_ENCRYPTION_KEY: config.CONCERTO_ENCRYPTION_KEY,
    CONCERTO_ENCRYPTION_OLD_KEYS: config.CONCERTO_ENCRYPTION_OLD_KEYS,
  };
}
