import type { App } from '@slack/bolt';
import { isDomainError } from '../../../domain/errors';
import { extractSurveyLevel, parseSurveyModalMetadata } from '../parse';
import {
  buildSurveyModal,
  renderMessage,
  SURVEY_FINISH_BLOCK_ID,
  SURVEY_FINISH_VALUE,
  SURVEY_MODAL_CALLBACK_ID,
  surveyFieldBlockId,
  surveyFieldOfBlock,
} from '../render';
import type { ListenerKit } from './context';
import { viewErrors } from './view-submissions';

/**
 * A level of a survey's grid submitted (render/survey-modal.ts): only that level's fields are
 * saved. A refused field answers under its block (`response_action: 'errors'`, nothing saved);
 * saved, the modal moves on to the next level (`response_action: 'update'`), or after the last
 * one closes and the user gets the confirmation by direct message.
 */
export function registerSurveySubmissions(bolt: App, kit: ListenerKit): void {
  const { handlers, submission, failed } = kit;
  bolt.view(SURVEY_MODAL_CALLBACK_ID, async ({ ack, body, client, context }) => {
    const { state, payload, who, locale, t, blockIds } = await submission(body, client, context);
    try {
      const { roundId, level } = parseSurveyModalMetadata(payload.view.private_metadata);
      const { values, finish } = extractSurveyLevel(payload.view.state.values, {
        level,
        fieldOfBlock: surveyFieldOfBlock,
        finishBlock: SURVEY_FINISH_BLOCK_ID,
        finishValue: SURVEY_FINISH_VALUE,
      });
      const result = await handlers.saveSurvey({
        who,
        locale,
        correlationId: state.correlationId,
        roundId,
        level,
        values,
        ...(finish !== undefined ? { finish } : {}),
      });
      if (!result.saved) {
        const known = new Set(blockIds);
        const errors: Record<string, string> = {};
        for (const e of result.view.errors) {
          const block = surveyFieldBlockId(e.field);
          const target = known.has(block) ? block : blockIds[0];
          if (!target) continue;
          errors[target] = errors[target] ? `${errors[target]} ${e.text}` : e.text;
        }
        await ack({ response_action: 'errors', errors });
        return;
      }
      if (!result.last) {
        await ack({
          response_action: 'update',
          view: buildSurveyModal({
            roundId,
            view: result.view,
            level: level + 1,
            finished: result.finished,
            locale,
          }),
        });
        return;
      }
      await ack();
      const r = renderMessage(result.confirmation);
      await client.chat.postMessage({ channel: who.userId, text: r.text, blocks: r.blocks });
    } catch (err) {
      if (isDomainError(err)) {
        // Closed meanwhile, past the deadline, no longer invited…: under the first field.
        await ack({
          response_action: 'errors',
          errors: viewErrors(err, locale, blockIds, () => undefined),
        });
        return;
      }
      await failed(err, state, SURVEY_MODAL_CALLBACK_ID);
      const first = blockIds[0];
      await ack(
        first
          ? {
              response_action: 'errors',
              errors: { [first]: t.genericFormError(state.correlationId) },
            }
          : undefined,
      ).catch(() => undefined);
    }
  });
}
