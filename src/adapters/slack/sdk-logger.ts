import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from 'pino';
import { redact } from '../../logger';

/**
 * The Slack SDKs' logger interface (Bolt, its OAuth installer, every WebClient) on top of
 * Concerto's pino logger, so their output crosses the same redaction boundary as ours: Bolt
 * logs the OAuth exchange's body (client secret, code) and WebClients their requests at debug.
 * Objects are redacted before they are turned into text; the text is redacted again by the
 * logger itself. The level is pino's: setLevel is ignored (getLevel says INFO, as before, so Bolt
 * does not change what it asks of its clients).
 */
export function slackSdkLogger(log: Logger, component = 'bolt'): SlackLogger {
  const child = log.child({ component });
  const text = (msg: unknown[]) =>
    msg
      .map((m) => {
        if (typeof m === 'string') return m;
        try {
          return JSON.stringify(redact(m)) ?? String(m);
        } catch {
          return String(m);
        }
      })
      .join(' ');
  return {
    debug: (...msg) => child.debug(text(msg)),
    info: (...msg) => child.info(text(msg)),
    warn: (...msg) => child.warn(text(msg)),
    // Bolt logs every refused OAuth callback (Cancel, bad state or code) as an error: they are
    // the visitor's doing, logged once at warn by the callback page (oauth-pages.ts).
    error: (...msg) => (msg.some(isOAuthRefusal) ? child.debug(text(msg)) : child.error(text(msg))),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}

const OAUTH_REFUSALS = new Set([
  'slack_oauth_installer_authorization_error',
  'slack_oauth_missing_state',
  'slack_oauth_invalid_state',
  'slack_oauth_missing_code',
]);

function isOAuthRefusal(m: unknown): boolean {
  if (typeof m !== 'object' || m === null) return false;
  const e = m as { code?: unknown; data?: { error?: unknown } };
  return (
    OAUTH_REFUSALS.has(String(e.code)) ||
    (e.code === 'slack_webapi_platform_error' &&
      ['invalid_code', 'code_already_used', 'code_expired'].includes(String(e.data?.error)))
  );
}
