import type { TeamsHandlers } from '../handlers';
import { cardActionHandlers } from './card-actions';
import { commandHandlers } from './commands';
import { installHandlers } from './install';
import { surveyActionHandlers } from './survey-actions';
import { teamsMembers, type ConcertoTeamsOptions } from './shared';

/** The bot's ports (app.ts routes: message, card action, install) over Concerto's use cases. */
export function createConcertoTeamsHandlers(o: ConcertoTeamsOptions): TeamsHandlers {
  const members = teamsMembers(o);
  const cards = cardActionHandlers(o, members);
  const commands = commandHandlers(o, members, cards);
  const install = installHandlers(o, members);
  const surveys = surveyActionHandlers(o, members);
  return {
    // Refusals are coded DomainErrors: app.ts words them in the turn's language with errorText
    // (the catalogue's words, the same as Slack's and the tab's).
    onCommand: (command, turn) => commands[command.name](command, turn),
    onAvisCard: (roundId, turn, how) => cards.avisCard(roundId, turn, how),
    onAvisSubmit: (submission, turn) => cards.avisSubmit(submission, turn),
    onSurveyCard: (roundId, turn, level) => surveys.surveyCard(roundId, turn, level),
    onSurveySubmit: (submission, turn) => surveys.surveySubmit(submission, turn),
    onLaunchSubmit: (submission, turn) => cards.launchSubmit(submission, turn),
    onInstalled: install.onInstalled,
    onUninstalled: install.onUninstalled,
  };
}
