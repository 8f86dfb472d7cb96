import {
  getSurveyForm,
  memberRespondent,
  saveSurveyAnswer,
} from '../../../app/survey/answer-survey';
import type { SurveyRespondent } from '../../../app/survey/answer-survey';
import { isUuid } from '../../../app/lookup';
import type { ResolvedMember } from '../../../app/resolve-member';
import { chatWords } from '../../../domain/chat-words';
import { hasCode } from '../../../domain/errors';
import { noticeMessage } from '../../../domain/messages';
import type { SlackHandlers } from '../handlers';
import { type ConcertoSlackOptions, type SlackMembers } from './shared';

/** The member behind a Slack request, as a survey's respondent. */
function respondentOf(m: ResolvedMember): SurveyRespondent {
  return memberRespondent(m, 'slack');
}

/**
 * A survey round's grid in Slack (issue [11]): the invitation's button opens it level by level,
 * each level saved on its own (app/survey/answer-survey.ts). The rules and refusals are the use
 * cases'; the words the catalogue's.
 */
export function surveyHandlers(
  o: ConcertoSlackOptions,
  { member }: SlackMembers,
): Pick<SlackHandlers, 'surveyForm' | 'saveSurvey'> {
  const { deps } = o;
  return {
    async surveyForm(ctx) {
      // Not a round id: the vote modal's lookup refuses it as it always did.
      if (!isUuid(ctx.roundId)) return null;
      const m = await member(ctx);
      try {
        const form = await getSurveyForm(deps, {
          tenantId: m.tenantId,
          roundId: ctx.roundId,
          respondent: respondentOf(m),
          locale: ctx.locale,
        });
        // Closed, cancelled or past its deadline: refused before the grid opens.
        if (form.refusal) throw form.refusal;
        return { view: form.view, finished: form.state === 'finished' };
      } catch (err) {
        if (hasCode(err, 'ROUND_IS_CONSULTATION')) return null;
        throw err;
      }
    },

    async saveSurvey(ctx) {
      const m = await member(ctx);
      const result = await saveSurveyAnswer(deps, {
        tenantId: m.tenantId,
        roundId: ctx.roundId,
        respondent: respondentOf(m),
        values: ctx.values,
        ...(ctx.finish !== undefined ? { finish: ctx.finish } : {}),
        locale: ctx.locale,
      });
      if (!result.saved) return { saved: false, view: result.view };
      const finished = result.state === 'finished';
      const { filled, total } = result.view.progress;
      return {
        saved: true,
        view: result.view,
        finished,
        last: ctx.level >= result.view.levels.length,
        confirmation: noticeMessage(ctx.locale, '', [
          chatWords(ctx.locale).gridForm.saved({ filled, total, finished }),
        ]),
      };
    },
  };
}
