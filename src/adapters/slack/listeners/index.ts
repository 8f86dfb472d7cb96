import type { App } from '@slack/bolt';
import type { SlackAppDeps } from '../deps';
import type { ViewSubmissionListener } from '../receiver';
import { registerActions } from './actions';
import { registerCommands } from './commands';
import { claimOnce, listenerKit } from './context';
import { registerEvents } from './events';
import { registerSurveySubmissions } from './survey';
import { registerViewSubmissions } from './view-submissions';

/**
 * Bolt's listeners, by what Slack sends: the slash command, buttons, modal submissions, events.
 * The de-duplication middleware runs first. Returns the vote's listener (receiver.ts: fast lane).
 */
export function registerListeners(
  bolt: App,
  deps: SlackAppDeps,
): { avisSubmitted: ViewSubmissionListener } {
  claimOnce(bolt, deps);
  const kit = listenerKit(deps);
  registerCommands(bolt, kit);
  registerActions(bolt, kit);
  const { avisSubmitted } = registerViewSubmissions(bolt, kit);
  registerSurveySubmissions(bolt, kit);
  registerEvents(bolt, kit);
  return { avisSubmitted };
}
