import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';

/** The correlation id of the request or job being handled, carried across awaits. */
const context = new AsyncLocalStorage<{ correlationId: string }>();

export function withCorrelation<T>(correlationId: string | undefined, fn: () => T): T {
  return context.run({ correlationId: correlationId ?? randomUUID() }, fn);
}

export function correlationId(): string | undefined {
  return context.getStore()?.correlationId;
}

export const REDACTED = '[redacted]';

/** Keys whose value is a secret whatever it looks like (any depth, any case). */
const SECRET_KEY =
  /token|secret|passw(or)?d|authori[sz]ation|cookie|signature|api[-_]?key|private[-_]?key|credential|assertion|encryption[-_]?key/i;
/** Keys holding a code: an invitation or OAuth code, unless the value is an error code. */
const CODE_KEY = /^(code|invite[-_]?code|invitation[-_]?code|oauth[-_]?code)$/i;
/**
 * What an error code looks like (ECONNREFUSED, UND_ERR_SOCKET, SLACK_SIGNATURE_MISMATCH,
 * not_authed, BadRequest, 404): kept, they are what a log is read for. An invitation code
 * (KX7Q-M2PA-9RTB) or an OAuth code (digits, dots, hex) never matches.
 */
const ERROR_CODE = /^([A-Z]+(_[A-Z0-9]+)*|[a-z]+(_[a-z]+)*|([A-Z][a-z]+)+|\d{1,4})$/;

/**
 * Secrets inside free text: what the SDKs write in their debug messages (request bodies and
 * headers as JSON, URLs with query strings, whole activities with the user's text).
 */
const TEXT_RULES: [RegExp, string | ((...m: string[]) => string)][] = [
  // Authorization header values.
  [/\b(Bearer|Basic)(\s+)[A-Za-z0-9._~+/=-]+/gi, `$1$2${REDACTED}`],
  // JWTs: Bot Framework and Entra access tokens, Slack's OAuth state, the tab's SSO token.
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]*)?/g, REDACTED],
  // Slack tokens (bot, user, app, refresh, configuration).
  [/\bx(ox[a-z]|app|oxe\.xox[a-z])-[A-Za-z0-9-]+/g, REDACTED],
  // key=value in URLs and form bodies (OAuth code and state, client secret, signed links).
  [
    /([?&;\s"']|^)((client_secret|code|state|token|access_token|refresh_token|id_token|password|secret|sig|signature)=)([^&\s"'\\#]+)/gi,
    (_m, before: string, key: string) => `${before}${key}${REDACTED}`,
  ],
  // "key":"value" in JSON written into a message (request bodies, headers, activities).
  [
    /"([\w-]+)"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g,
    (m, key: string, colon: string, value: string) =>
      SECRET_KEY.test(key) || (CODE_KEY.test(key) && !ERROR_CODE.test(value))
        ? `"${key}"${colon}"${REDACTED}"`
        : m,
  ],
  // What follows « rejoindre » / « join »: the invitation code, however it was typed.
  [/\b(rejoindre|join)(\s+)[^"\n\\]{1,40}/gi, `$1$2${REDACTED}`],
  // Invitation codes as handed out (XXXX-XXXX-XXXX), anywhere; not the inside of a UUID.
  [/(?<![\w-])[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}(?![\w-])/g, REDACTED],
];

/** Free text with every secret pattern replaced by [redacted]. */
export function redactText(text: string): string {
  let out = text;
  for (const [rule, by] of TEXT_RULES) out = out.replace(rule, by as string);
  return out;
}

const MAX_DEPTH = 10;
const MAX_NODES = 2000;

/**
 * A copy of `value` fit for a log line: secret keys at any depth, secret patterns in every
 * string, errors serialised (their own properties included: HTTP clients' errors carry the
 * request's headers) and then redacted the same way. Cycles, depth and size are bounded.
 */
export function redact(value: unknown): unknown {
  const seen = new WeakSet<object>();
  let nodes = 0;
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return redactText(v);
    if (v === null || typeof v !== 'object') {
      return typeof v === 'function' || typeof v === 'symbol' ? undefined : v;
    }
    if (++nodes > MAX_NODES || depth > MAX_DEPTH) return '[…]';
    if (seen.has(v)) return '[circular]';
    seen.add(v);
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? String(v) : v.toISOString();
    if (Buffer.isBuffer(v) || ArrayBuffer.isView(v)) return `[${v.byteLength} octets]`;
    if (Array.isArray(v)) return v.slice(0, 100).map((x) => walk(x, depth + 1));
    if (v instanceof Map) return walk(Object.fromEntries(v), depth);
    if (v instanceof Set) return walk([...v], depth);
    const source = v as Record<string, unknown>;
    if (source.isAxiosError === true) return walk(axiosSummary(source), depth);
    if (v instanceof Error) {
      const serialised = pino.stdSerializers.err(v) as unknown as Record<string, unknown>;
      return walkObject({ ...serialised }, depth);
    }
    const proto = Object.getPrototypeOf(v) as object | null;
    if (proto !== null && proto !== Object.prototype) {
      // Class instances (sockets, requests, header bags…): their JSON form if they have one.
      const toJSON = source.toJSON;
      if (typeof toJSON === 'function') {
        try {
          return walk(toJSON.call(v), depth + 1);
        } catch {
          return `[${proto.constructor?.name ?? 'objet'}]`;
        }
      }
    }
    return walkObject(source, depth);
  };
  const walkObject = (o: Record<string, unknown>, depth: number) => {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(o)) {
      const v = o[key];
      if (SECRET_KEY.test(key) && v !== undefined && v !== null && v !== '') out[key] = REDACTED;
      else if (CODE_KEY.test(key) && typeof v === 'string' && !ERROR_CODE.test(v))
        out[key] = REDACTED;
      else out[key] = walk(v, depth + 1);
    }
    return out;
  };
  return walk(value, 0);
}

/** What is worth logging of an axios error (the Teams SDK's HTTP client): never its config. */
function axiosSummary(e: Record<string, unknown>) {
  const config = (e.config ?? {}) as { method?: unknown; url?: unknown; baseURL?: unknown };
  const response = (e.response ?? {}) as { status?: unknown; data?: unknown };
  const url = typeof config.url === 'string' ? config.url.split('?')[0] : undefined;
  return {
    type: 'AxiosError',
    message: e.message,
    code: e.code,
    status: response.status,
    method: config.method,
    url,
    response: response.data,
  };
}

export interface LoggerOptions {
  /**
   * Secret values from the configuration (tokens, signing and client secrets, keys): written
   * as [redacted] wherever they would appear, whatever the key or the text around them. Values
   * shorter than 8 characters are ignored (they would hide ordinary words). Default: none.
   */
  secrets?: (string | undefined)[];
}

/**
 * Structured JSON logs, and the one place where secrets are kept out of them: every call's
 * arguments go through `redact` (secret keys at any depth, tokens, codes and secrets in any
 * text, errors of HTTP clients reduced), child bindings too, and each line finally loses any
 * configured secret value. Every logger of the process — Bolt's and the Teams SDK's included
 * (src/adapters/slack/app.ts, src/adapters/teams/sdk.ts) — writes through it.
 */
export function createLogger(
  level: string,
  destination?: pino.DestinationStream,
  options: LoggerOptions = {},
): Logger {
  const values = [
    ...new Set((options.secrets ?? []).filter((s): s is string => !!s && s.length >= 8)),
  ].flatMap((s) => [...new Set([s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)])]);
  return pino(
    {
      level,
      base: { app: 'concerto' },
      mixin: () => {
        const id = correlationId();
        return id ? { correlationId: id } : {};
      },
      serializers: { err: (e: unknown) => redact(e) },
      formatters: { bindings: (b) => redact(b) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const list = args as unknown[];
          // log.error(err) and log.error(err, 'msg'): keep pino's shape ({ err }, message).
          const first = list[0];
          const cleaned =
            first instanceof Error
              ? [
                  { err: redact(first) },
                  ...(list.length > 1
                    ? list.slice(1).map((a) => redact(a))
                    : [redactText(first.message)]),
                ]
              : list.map((a) => redact(a));
          (method as (...a: unknown[]) => void).apply(this, cleaned);
        },
        ...(values.length > 0
          ? {
              streamWrite: (line: string) => {
                let out = line;
                for (const v of values) out = out.split(v).join(REDACTED);
                return out;
              },
            }
          : {}),
      },
    },
    destination,
  );
}

export type { Logger };
