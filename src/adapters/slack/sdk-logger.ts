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
    error: (...msg) => child.error(text(msg)),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}
