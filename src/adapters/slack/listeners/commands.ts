import type { App } from '@slack/bolt';
import { errorText, isDomainError } from '../../../domain/errors';
import type { NeutralMessage } from '../../../domain/messages';
import type { SlackCommandContext } from '../handlers';
import { SLASH_COMMAND, slackHelp, strings } from '../i18n';
import { identityOfCommand, parseCommandText, ZSlashCommand } from '../parse';
import { buildFollowupModal, buildLaunchModal, renderMessage, renderNotice } from '../render';
import { privateReply, type ListenerKit } from './context';

/** Sub-commands and their aliases (French first; English aliases for English speakers). */
const SUBCOMMANDS: Record<string, string> = {
  '': 'aide',
  aide: 'aide',
  help: 'aide',
  rejoindre: 'rejoindre',
  join: 'rejoindre',
  consultations: 'consultations',
  lancer: 'lancer',
  launch: 'lancer',
  statut: 'statut',
  status: 'statut',
  relancer: 'relancer',
  remind: 'relancer',
  clore: 'clore',
  close: 'clore',
  exporter: 'exporter',
  export: 'exporter',
  agrements: 'agrements',
  agréments: 'agrements',
  suivi: 'suivi',
  followup: 'suivi',
};

/** The slash command: parsed, handed to the use case's port, its message rendered. */
export function registerCommands(bolt: App, kit: ListenerKit): void {
  const { handlers, profileFor, stateOf, failed } = kit;
  bolt.command(SLASH_COMMAND, async ({ ack, body, client, respond, context }) => {
    await ack();
    const state = stateOf(context);
    const command = ZSlashCommand.parse(body);
    const who = identityOfCommand(command);
    const profile = await profileFor(client, who);
    const locale = profile.locale;
    const t = strings(locale);
    const reply = privateReply(respond, command.response_url, (r) =>
      client.chat.postEphemeral({
        channel: command.channel_id,
        user: who.userId,
        text: r.text,
        blocks: r.blocks,
      }),
    );
    const { sub, args } = parseCommandText(command.text);
    const displayName = profile.name ?? command.user_name;
    const ctx: SlackCommandContext = {
      who,
      locale,
      correlationId: state.correlationId,
      channelId: command.channel_id,
      args,
      ...(displayName ? { displayName } : {}),
      ...(command.channel_name ? { channelName: command.channel_name } : {}),
    };
    try {
      const canonical = SUBCOMMANDS[sub];
      let message: NeutralMessage | undefined;
      switch (canonical) {
        case 'aide':
          await reply(renderNotice(slackHelp(locale)));
          return;
        case 'rejoindre': {
          const code = args[0];
          if (!code) {
            await reply(renderNotice(t.missingArgument(`${SLASH_COMMAND} rejoindre <code>`)));
            return;
          }
          message = await handlers.join({ ...ctx, code });
          break;
        }
        case 'consultations':
          message = await handlers.listRounds(ctx);
          break;
        case 'lancer': {
          const form = await handlers.launchForm(ctx);
          await client.views.open({
            trigger_id: command.trigger_id,
            view: buildLaunchModal({ ...form, locale }),
          });
          return;
        }
        case 'statut':
          message = await handlers.status(ctx);
          break;
        case 'relancer':
          message = await handlers.remind(ctx);
          break;
        case 'clore':
          message = await handlers.close(ctx);
          break;
        case 'exporter': {
          const result = await handlers.export(ctx);
          if (result.files.length > 0) {
            await client.files.uploadV2({
              channel_id: command.channel_id,
              file_uploads: result.files.map((f) => ({
                file: typeof f.content === 'string' ? Buffer.from(f.content, 'utf8') : f.content,
                filename: f.filename,
                title: f.title ?? f.filename,
              })),
            });
          }
          message = result.message;
          break;
        }
        case 'agrements':
          message = await handlers.agrements(ctx);
          break;
        case 'suivi': {
          const form = await handlers.followupForm(ctx);
          if ('message' in form) {
            message = form.message;
            break;
          }
          await client.views.open({
            trigger_id: command.trigger_id,
            view: buildFollowupModal({ ...form, locale }),
          });
          return;
        }
        default:
          await reply(renderNotice(`${t.unknownCommand(sub)}\n\n${slackHelp(locale)}`));
          return;
      }
      await reply(renderMessage(message));
    } catch (err) {
      if (isDomainError(err)) {
        await reply(renderNotice(errorText(err, locale)));
        return;
      }
      await failed(err, state, `command ${sub}`);
      await reply(renderNotice(t.genericError(state.correlationId))).catch(() => undefined);
    }
  });
}
