import type { App } from '@microsoft/teams.apps';
import type { Logger } from 'pino';
import { withCorrelation } from '../../../logger';
import type { TeamsHandlers } from '../handlers';
import { turnOf, type InboundActivity } from '../parse';
import type { Ctx } from './reply';

/** Install and uninstall (installationUpdate, conversationUpdate with the bot added). */
export function installRoutes(
  app: App,
  handlers: TeamsHandlers,
  log: Logger,
  localMode: boolean,
): void {
  const installed = async (ctx: Ctx, how: string) => {
    const activity = ctx.activity as unknown as InboundActivity;
    await withCorrelation(activity.id, async () => {
      try {
        const turn = turnOf(activity, localMode);
        await handlers.onInstalled(turn.conversation, turn);
        log.info(
          { conversationType: turn.conversation.conversation.conversationType, how },
          'Teams : application installée',
        );
      } catch (err) {
        // Teams does not show errors of install events to anyone: log them.
        log.error({ err }, 'Teams : installation non enregistrée');
      }
    });
  };

  app.on('install.add', (ctx) => installed(ctx, 'installationUpdate'));
  app.on('install.remove', async (ctx) => {
    const activity = ctx.activity as unknown as InboundActivity;
    if (!handlers.onUninstalled) return;
    try {
      const turn = turnOf(activity, localMode);
      await handlers.onUninstalled(turn.conversation, turn);
    } catch (err) {
      log.error({ err }, 'Teams : désinstallation non enregistrée');
    }
  });
  // Teams also sends conversationUpdate with the bot in membersAdded (team and group chat
  // installs; older clients only send this one). onInstalled must be idempotent.
  app.on('conversationUpdate', async (ctx) => {
    const activity = ctx.activity as unknown as InboundActivity & {
      membersAdded?: { id?: string }[];
    };
    const botId = activity.recipient?.id;
    if (botId && activity.membersAdded?.some((m) => m.id === botId))
      await installed(ctx, 'conversationUpdate');
  });
}
