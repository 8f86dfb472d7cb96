import type { App } from '@microsoft/teams.apps';
import type { Logger } from 'pino';
import { withCorrelation } from '../../../logger';
import type { TeamsHandlers } from '../handlers';
import { parseCommand, turnOf, type InboundActivity } from '../parse';
import { replyActivity, send, userMessage } from './reply';

/** The message route: a command typed to the bot, its replies. */
export function messageRoute(
  app: App,
  handlers: TeamsHandlers,
  log: Logger,
  localMode: boolean,
): void {
  app.on('message', async (ctx) => {
    const activity = ctx.activity as unknown as InboundActivity & { text?: string };
    await withCorrelation(activity.id, async () => {
      try {
        const turn = turnOf(activity, localMode);
        const command = parseCommand(activity.text);
        const replies = await handlers.onCommand(command, turn);
        for (const r of replies) await send(ctx, replyActivity(r));
      } catch (err) {
        // The answer to a failure can fail too (the connector refuses): logged, and Teams gets
        // its 200 for an activity that was received.
        await send(ctx, {
          type: 'message',
          text: userMessage(err, log, 'Commande Teams', activity),
          textFormat: 'plain',
        }).catch((sendErr: unknown) =>
          log.error(
            { err: sendErr instanceof Error ? { message: sendErr.message } : 'erreur' },
            'Commande Teams : réponse non envoyée',
          ),
        );
      }
    });
  });
}
