import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExpressReceiverOptions } from '@slack/bolt';

/** @slack/oauth's CallbackOptions, which Bolt uses without exporting it. */
type CallbackOptions = NonNullable<
  NonNullable<ExpressReceiverOptions['installerOptions']>['callbackOptions']
>;
import type { Logger } from 'pino';
import { escapeHtml } from '../../http/html';

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
      title: 'Installation annulée',
      text: "Vous avez annulé l'installation de Concerto dans Slack. Rien n'a été installé ; vous pouvez recommencer depuis le lien d'installation.",
      en: 'You cancelled the installation of Concerto in Slack. Nothing was installed.',
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
        title: "Lien d'installation expiré ou invalide",
        text: "Ce retour de Slack ne correspond pas à une installation commencée dans ce navigateur, ou elle a expiré. Recommencez depuis le lien d'installation.",
        en: 'This return from Slack does not match an installation started in this browser, or it expired. Start again from the install link.',
      };
    case 'slack_oauth_installer_authorization_error':
      return {
        status: 400,
        code: 'SLACK_OAUTH_CODE_REFUSED',
        title: "Code d'autorisation expiré ou invalide",
        text: "Slack a refusé le code d'autorisation (expiré ou déjà utilisé). Recommencez depuis le lien d'installation.",
        en: 'Slack refused the authorisation code (expired or already used). Start again from the install link.',
      };
    default:
      return {
        status: 500,
        code: 'SLACK_OAUTH_FAILED',
        title: 'Installation impossible',
        text: "L'installation n'a pas pu être enregistrée. Réessayez dans quelques minutes ; si cela se reproduit, prévenez l'équipe Concerto.",
        en: 'The installation could not be recorded. Try again in a few minutes.',
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
          title: 'Concerto est installé',
          text: `Concerto est installé dans l'espace de travail Slack${team ? ` « ${team} »` : ''}. Vous pouvez fermer cette page et taper /concerto aide dans Slack.`,
          en: 'Concerto is installed in your Slack workspace. You can close this page and type /concerto help in Slack.',
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
