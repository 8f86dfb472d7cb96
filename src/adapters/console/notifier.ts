import { randomUUID } from 'node:crypto';
import type { NeutralMessage } from '../../domain/messages';
import type { Notifier, NotifierTarget } from '../notifier';

export interface ConsoleNotifierOptions {
  /** Where the text goes. Default: process.stdout. */
  write?: (text: string) => void;
}

/**
 * The demo tenant's platform: prints each message's plain-text fallback under its destination
 * (the destination's address is its label, e.g. « Centre social Les Portes du Midi »). Replies
 * and updates say so, so the demo shows threads and updated invitations too.
 */
export function createConsoleNotifier(options: ConsoleNotifierOptions = {}): Notifier {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  return {
    platform: 'console',
    async send(target: NotifierTarget, message: NeutralMessage) {
      const messageId = target.updateMessageId ?? `console-${randomUUID()}`;
      const how = target.updateMessageId
        ? ` (mise à jour du message ${target.updateMessageId})`
        : target.threadMessageId
          ? ` (en réponse au message ${target.threadMessageId})`
          : '';
      const rule = '─'.repeat(72);
      write(
        `${rule}\n→ ${target.address} [${target.workspaceId}]${how}\n${message.fallback}\n${rule}\n`,
      );
      return { messageId };
    },
  };
}
