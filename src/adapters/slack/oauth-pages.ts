import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExpressReceiverOptions } from '@slack/bolt';

/** @slack/oauth's CallbackOptions, which Bolt uses without exporting it. */
type CallbackOptions = NonNullable<
  NonNullable<ExpressReceiverOptions['installerOptions']>['callbackOptions']
>;
import type { Logger } from 'pino';
import { escapeHtml } from '../../http/html';
import { SLACK_INSTALL_EN, SLACK_INSTALL_FR } from '../../domain/chat-words';

/**
 * The pages Slack's OAuth redirect lands on (/slack/oauth_redirect), in French with an English
 * line, instead of Bolt's English defaults — and a 4xx, not a 500, when the user pressed
 * *Cancel* or the code or state is bad, expired or from another browser.
 */

type Outcome = { status: number; code: string; title: string; text: string; en: string };

function page(o: { title: string; text: string; en: string }): string {
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title)} — Concerto</title>
</head><body><main><h1>${escapeHtml(o.title)}</h1><p>${escapeHtml(o.text)}</p>
<p lang="en"><small>${escapeHtml(o.en)}</small></p></main></body></html>`;
}

function send(res: ServerResponse, status: number, html: string): void {
  if (res.headersSent) return;
  res.statusCode = status;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(html);
}

function cancelled(req: IncomingMessage): boolean {
  try {
    return new URL(req.url ?? '', 'http://x').searchParams.get('error') === 'access_denied';
  } catch {
    return false;
  }
}

/** What Slack's oauth.v2.access answers for a code that can no longer be exchanged. */
const REFUSED_CODES = new Set(['invalid_code', 'code_already_used', 'code_expired']);

export function oauthOutcome(
  error: { code?: string; message?: string; data?: { error?: unknown } },
  req: IncomingMessage,
): Outcome {
  if (cancelled(req))
    return {
      status: 400,
      code: 'SLACK_OAUTH_CANCELLED',
      ...SLACK_INSTALL_FR.cancelled,
      en: SLACK_INSTALL_EN.cancelled,
    };
  const platformError =
    error.code === 'slack_webapi_platform_error' ? String(error.data?.error ?? '') : '';
  switch (
    REFUSED_CODES.has(platformError) ? 'slack_oauth_installer_authorization_error' : error.code
  ) {
    case 'slack_oauth_missing_code':
    case 'slack_oauth_missing_state':
    case 'slack_oauth_invalid_state':
      return {
        status: 400,
        code: 'SLACK_OAUTH_STATE_INVALID',
        ...SLACK_INSTALL_FR.stateInvalid,
        en: SLACK_INSTALL_EN.stateInvalid,
      };
    case 'slack_oauth_installer_authorization_error':
      return {
        status: 400,
        code: 'SLACK_OAUTH_CODE_REFUSED',
        ...SLACK_INSTALL_FR.codeRefused,
        en: SLACK_INSTALL_EN.codeRefused,
      };
    default:
      return {
        status: 500,
        code: 'SLACK_OAUTH_FAILED',
        ...SLACK_INSTALL_FR.failed,
        en: SLACK_INSTALL_EN.failed,
      };
  }
}

/** Bolt's `installerOptions.callbackOptions`: French pages, one log line per outcome. */
export function oauthCallbackOptions(log: Logger): CallbackOptions {
  return {
    success: (installation, _options, _req, res) => {
      const team = installation.team?.name ?? installation.enterprise?.name ?? '';
      log.info(
        { team: installation.team?.id ?? installation.enterprise?.id },
        'Slack : application installée',
      );
      send(
        res,
        200,
        page({
          title: SLACK_INSTALL_FR.installed.title,
          text: SLACK_INSTALL_FR.installed.text(team),
          en: SLACK_INSTALL_EN.installed,
        }),
      );
    },
    failure: (error, _options, req, res) => {
      const o = oauthOutcome(error, req);
      if (o.status >= 500) log.error({ err: error, code: o.code }, 'Slack : installation en échec');
      else log.warn({ code: o.code, reason: error.code }, 'Slack : installation refusée');
      send(res, o.status, page(o));
    },
  };
}
