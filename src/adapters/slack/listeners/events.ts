import type { App } from '@slack/bolt';
import { isDomainError } from '../../../domain/errors';
import type { SlackRequestContext } from '../handlers';
import { strings } from '../i18n';
import type { SlackIdentity } from '../parse';
import { buildHomeView, renderNotice } from '../render';
import type { ListenerKit } from './context';

/** Events: the App Home tab, the bot added to a channel, Bolt's own errors. */
export function registerEvents(bolt: App, kit: ListenerKit): void {
  const { handlers, log, localeFor, stateOf, failed } = kit;
  bolt.event('app_home_opened', async ({ event, body, client, context }) => {
    if (event.tab !== 'home') return;
    const state = stateOf(context);
    const envelope = body as { team_id?: string; enterprise_id?: string };
    if (!envelope.team_id) return;
    const who: SlackIdentity = {
      teamId: envelope.team_id,
      userId: event.user,
      ...(envelope.enterprise_id ? { enterpriseId: envelope.enterprise_id } : {}),
    };
    const locale = await localeFor(client, who);
    const ctx: SlackRequestContext = { who, locale, correlationId: state.correlationId };
    try {
      const data = await handlers.home(ctx);
      await client.views.publish({ user_id: event.user, view: buildHomeView({ ...data, locale }) });
    } catch (err) {
      // Nobody to answer privately here: the tab keeps its previous content.
      if (isDomainError(err)) log.info({ code: err.code }, 'Slack : App Home refusée');
      else await failed(err, state, 'app_home_opened');
    }
  });

  // The bot was added to a channel: say how to link it (the channel is linked by a partner's code,
  // never by the mere presence of the bot). Other members joining are none of Concerto's business.
  bolt.event('member_joined_channel', async ({ event, client, context }) => {
    if (!context.botUserId || event.user !== context.botUserId) return;
    const state = stateOf(context);
    try {
      const r = renderNotice(`${strings('fr').welcomeChannel}\n\n${strings('en').welcomeChannel}`);
      await client.chat.postMessage({ channel: event.channel, text: r.text, blocks: r.blocks });
    } catch (err) {
      await failed(err, state, 'member_joined_channel');
    }
  });

  bolt.error(async (err) => {
    // A signed request from a workspace without an installation (uninstalled, or an Enterprise
    // Grid team Concerto was not added to) is refused, not a fault of ours.
    if ((err as { code?: unknown }).code === 'slack_bolt_authorization_error') {
      log.warn({ code: 'SLACK_NOT_INSTALLED', reason: err.message }, 'Slack : espace non installé');
      return;
    }
    log.error({ err }, 'Slack : erreur Bolt');
  });
}
