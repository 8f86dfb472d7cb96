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

export const ZConfig = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Postgres connection string. Default: the local database `concerto`. */
  DATABASE_URL: url('DATABASE_URL').default('postgresql://postgres@127.0.0.1:5432/concerto'),
  /** Redis connection string. Default: the local Redis. */
  REDIS_URL: url('REDIS_URL').default('redis://127.0.0.1:6379'),
  /** Prefix of every BullMQ key, so several deployments (or tests) share one Redis. Default: concerto. */
  QUEUE_PREFIX: z.string().min(1).default('concerto'),
  /** HTTP port of the web process. Default: 3000. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
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

  TEAMS_CLIENT_ID: optional,
  TEAMS_CLIENT_SECRET: optional,
  TEAMS_TENANT_ID: optional,
  /** Accept unauthenticated Teams activities (Agents Playground). Refused with NODE_ENV=production. */
  TEAMS_LOCAL_MODE: z
    .enum(['true', 'false', '1', '0', ''])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});

export type TConfig = z.infer<typeof ZConfig>;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Configuration invalide :\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws one ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): TConfig {
  const parsed = ZConfig.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.') || '(racine)'} : ${issue.message}`);
    }
  } else {
    const c = parsed.data;
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
      ['CONCERTO_ENCRYPTION_OLD_KEYS', c.CONCERTO_ENCRYPTION_OLD_KEYS],
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

export function publicUrl(config: TConfig): string {
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, '');
}
