import type { SlackCommandContext, SlackHandlers } from '../handlers';

import { commandHandlers } from './commands';
import { homeHandlers } from './home';
import { modalHandlers } from './modals';
import { surveyHandlers } from './survey';
import { inSlackWords, slackMembers, type ConcertoSlackOptions } from './shared';

/**
 * Concerto's implementation of the Slack port (handlers.ts, called by listeners/) over the use
 * cases: the slash command's ports (commands.ts), the modals' (modals.ts), the home tab's
 * (home.ts). Rendering is render/'s.
 */
export function createConcertoSlackHandlers(o: ConcertoSlackOptions): SlackHandlers {
  const members = slackMembers(o);
  const handlers: SlackHandlers = {
    ...commandHandlers(o, members),
    ...modalHandlers(o, members),
    ...surveyHandlers(o, members),
    ...homeHandlers(o, members),
  };

  // Refusals with Slack's command words; the listeners word them in the user's language.
  const localised = {} as Record<string, unknown>;
  for (const [name, fn] of Object.entries(handlers) as [
    string,
    (ctx: SlackCommandContext) => Promise<unknown>,
  ][]) {
    localised[name] = async (ctx: SlackCommandContext) => {
      try {
        return await fn(ctx);
      } catch (err) {
        throw inSlackWords(err);
      }
    };
  }
  return localised as unknown as SlackHandlers;
}
