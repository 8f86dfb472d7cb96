import type { App } from '@microsoft/teams.apps';
import type { Logger } from 'pino';
import { isDomainError } from '../../../domain/errors';
import { withCorrelation } from '../../../logger';
import type { AvisSubmission, TeamsHandlers, TeamsTurn } from '../handlers';
import {
  parseAvisSubmission,
  parseLaunchSubmission,
  parseSurveySubmission,
  roundIdOf,
  turnOf,
  ZActionExecute,
  type InboundActivity,
} from '../parse';
import {
  AVIS_OPEN_VERB,
  AVIS_REFRESH_VERB,
  AVIS_SUBMIT_VERB,
  buildAvisCard,
  cardActionResponse,
  messageActionResponse,
  ROUND_LAUNCH_VERB,
  SURVEY_SAVE_VERB,
} from '../render';
import { buildSurveyCard, surveyRefusedCard } from '../render-survey';
import { errorText } from '../../../domain/errors';
import { localeOf, strings } from '../i18n';
import { replyCard, refusedAvisCard, userMessage, type Ctx } from './reply';

/** The card action route (Action.Execute): the avis card, the vote, the launch form. */
export function cardActionRoute(
  app: App,
  handlers: TeamsHandlers,
  log: Logger,
  localMode: boolean,
): void {
  // Response bodies follow Universal Actions' format ({ statusCode, type, value }); the SDK's
  // typing of them is narrower than what Teams accepts (messages, errors).
  const cardAction = async (ctx: Ctx): Promise<object> => {
    const activity = ctx.activity as unknown as InboundActivity & { value?: unknown };
    return withCorrelation(activity.id, async (): Promise<object> => {
      const parsed = ZActionExecute.safeParse(activity.value);
      if (!parsed.success) {
        return {
          statusCode: 400,
          type: 'application/vnd.microsoft.error',
          value: { code: 'BadRequest', message: 'Action invalide' },
        };
      }
      const { verb, data } = parsed.data.action;
      let turn: TeamsTurn;
      try {
        turn = turnOf(activity, localMode);
      } catch (err) {
        return messageActionResponse(userMessage(err, log, 'Action Teams', activity));
      }
      try {
        switch (verb) {
          case AVIS_SUBMIT_VERB: {
            let submission: AvisSubmission;
            try {
              submission = parseAvisSubmission(data);
            } catch (err) {
              return messageActionResponse(userMessage(err, log, 'Avis Teams', activity));
            }
            try {
              return cardActionResponse(
                buildAvisCard(await handlers.onAvisSubmit(submission, turn)),
              );
            } catch (err) {
              if (!isDomainError(err)) throw err;
              log.info({ code: err.code, field: err.field }, 'Avis Teams refusé');
              return cardActionResponse(
                buildAvisCard(await refusedAvisCard(handlers, submission, turn, err)),
              );
            }
          }
          case AVIS_REFRESH_VERB:
          case AVIS_OPEN_VERB: {
            // A survey round's invitation opens its grid (level 1), a consultation's the avis.
            try {
              const survey = await handlers.onSurveyCard?.(roundIdOf(data), turn);
              if (survey) return cardActionResponse(buildSurveyCard(survey));
            } catch (err) {
              if (!isDomainError(err)) throw err;
              log.info({ code: err.code }, 'Grille Teams refusée');
              return cardActionResponse(
                surveyRefusedCard(errorText(err, localeOf(turn.locale)), localeOf(turn.locale)),
              );
            }
            return cardActionResponse(
              buildAvisCard(
                await handlers.onAvisCard(roundIdOf(data), turn, {
                  refresh: verb === AVIS_REFRESH_VERB,
                }),
              ),
            );
          }
          case SURVEY_SAVE_VERB: {
            if (!handlers.onSurveySubmit)
              return messageActionResponse(strings(localeOf(activity.locale)).unknownAction);
            try {
              const submission = parseSurveySubmission(data);
              return cardActionResponse(
                buildSurveyCard(await handlers.onSurveySubmit(submission, turn)),
              );
            } catch (err) {
              if (!isDomainError(err)) throw err;
              log.info({ code: err.code }, 'Grille Teams refusée');
              return cardActionResponse(
                surveyRefusedCard(errorText(err, localeOf(turn.locale)), localeOf(turn.locale)),
              );
            }
          }
          case ROUND_LAUNCH_VERB: {
            const reply = await handlers.onLaunchSubmit(parseLaunchSubmission(data), turn);
            const card = replyCard(reply);
            return card
              ? cardActionResponse(card)
              : messageActionResponse(reply.kind === 'text' ? reply.text : '');
          }
          default:
            return messageActionResponse(strings(localeOf(activity.locale)).unknownAction);
        }
      } catch (err) {
        return messageActionResponse(userMessage(err, log, `Action Teams ${verb}`, activity));
      }
    });
  };
  app.on('card.action', (ctx) => cardAction(ctx as unknown as Ctx) as Promise<never>);
}
