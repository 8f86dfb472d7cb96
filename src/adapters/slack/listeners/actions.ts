import type { App } from '@slack/bolt';
import { errorText, isDomainError } from '../../../domain/errors';
import { strings } from '../i18n';
import { identityOfInteraction, ZBlockActions } from '../parse';
import { ACTION_IDS, buildAvisModal, buildSurveyModal, renderNotice } from '../render';
import { privateReply, type ListenerKit } from './context';

/**
 * Buttons: « Donner mon avis » opens the vote modal (a survey round's, its grid: level 1); link
 * buttons are acknowledged.
 */
export function registerActions(bolt: App, kit: ListenerKit): void {
  const { handlers, localeFor, stateOf, failed } = kit;
  bolt.action(ACTION_IDS.avisOpen, async ({ ack, body, client, respond, context }) => {
    await ack();
    const state = stateOf(context);
    const payload = ZBlockActions.parse(body);
    const who = identityOfInteraction(payload);
    const locale = await localeFor(client, who);
    const t = strings(locale);
    // The button's value names the round to open, nothing more: the organisation is the user's own.
    const roundId = payload.actions[0]?.value ?? '';
    const reply = privateReply(respond, payload.response_url, (r) =>
      client.chat.postMessage({ channel: who.userId, text: r.text, blocks: r.blocks }),
    );
    try {
      // A survey round's button opens its grid, level 1; a consultation's the vote modal.
      const survey = await handlers.surveyForm({
        who,
        locale,
        correlationId: state.correlationId,
        roundId,
      });
      if (survey) {
        await client.views.open({
          trigger_id: payload.trigger_id,
          view: buildSurveyModal({ ...survey, roundId, level: 1, locale }),
        });
        return;
      }
      const form = await handlers.avisForm({
        who,
        locale,
        correlationId: state.correlationId,
        roundId,
      });
      await client.views.open({
        trigger_id: payload.trigger_id,
        view: buildAvisModal({ ...form, roundId, locale }),
      });
    } catch (err) {
      if (isDomainError(err)) {
        await reply(renderNotice(errorText(err, locale)));
        return;
      }
      await failed(err, state, 'avis.open');
      await reply(renderNotice(t.genericError(state.correlationId))).catch(() => undefined);
    }
  });

  // Link buttons open a URL in the browser, but Slack still posts the click: acknowledge it.
  bolt.action(new RegExp(`^${ACTION_IDS.link}\\.`), async ({ ack }) => {
    await ack();
  });
}
