import { isUuid } from '../../../app/lookup';
import {
  getSurveyForm,
  memberRespondent,
  saveSurveyAnswer,
  type SurveyRespondent,
} from '../../../app/survey/answer-survey';
import { roundKindOf } from '../../../app/survey/survey-context';
import { errorText, isDomainError } from '../../../domain/errors';
import { formatDeadline } from '../../../domain/round-schedule';
import { localeOf, strings } from '../i18n';
import type { SurveyCardModel, SurveySubmission, TeamsTurn } from '../handlers';
import type { ConcertoTeamsOptions, TeamsMembers } from './shared';

/**
 * The grid of a survey round in Teams (issue [11]): the invitation's button opens level 1, each
 * card saves its level's cells (saveSurveyAnswer) and shows the next. The respondent is the
 * member the signed activity names (shared.ts teamsMembers), never anyone the card's data names.
 */
export function surveyActionHandlers(o: ConcertoTeamsOptions, { member }: TeamsMembers) {
  const { deps } = o;

  async function respondentOf(turn: TeamsTurn) {
    const m = await member(turn);
    const respondent: SurveyRespondent = memberRespondent(m, 'teams');
    return { m, respondent };
  }

  async function form(roundId: string, turn: TeamsTurn) {
    const locale = localeOf(turn.locale);
    const { m, respondent } = await respondentOf(turn);
    const f = await getSurveyForm(deps, {
      tenantId: m.tenantId,
      roundId,
      respondent,
      locale,
    });
    const base: SurveyCardModel = {
      locale,
      roundId: f.round.id,
      number: f.round.number,
      deadlineText: formatDeadline(f.round.deadline, locale, m.tenant.timezone),
      view: f.view,
      state: f.state,
    };
    return { m, respondent, f, base, locale };
  }

  /** The grid card (level `level`, 1 by default) when the round is a survey; else undefined. */
  async function surveyCard(
    roundId: string,
    turn: TeamsTurn,
    level = 1,
  ): Promise<SurveyCardModel | undefined> {
    if (!isUuid(roundId)) return undefined;
    let kind: 'consultation' | 'survey';
    try {
      // Not linked, or an unknown round: the avis card's path says so, as before.
      const m = await member(turn);
      kind = await roundKindOf(deps.db, m.tenantId, roundId);
    } catch (err) {
      if (isDomainError(err)) return undefined;
      throw err;
    }
    if (kind !== 'survey') return undefined;
    const { f, base, locale } = await form(roundId, turn);
    if (f.refusal) return { ...base, refusal: errorText(f.refusal, locale) };
    return { ...base, level: Math.min(Math.max(1, level), f.view.levels.length) };
  }

  async function surveySubmit(s: SurveySubmission, turn: TeamsTurn): Promise<SurveyCardModel> {
    const { m, respondent, f, base, locale } = await form(s.roundId, turn);
    if (f.refusal) return { ...base, refusal: errorText(f.refusal, locale) };
    const levels = f.view.levels.length;
    const level = f.view.levels[s.level - 1];
    // A level the grid does not have: its first level again, nothing saved.
    if (!level) return { ...base, level: 1 };
    // That level's fields only, as the card has them: an input left empty clears its cell;
    // any other field in the data (another level's, an organisation…) is ignored.
    // A level over several cards: the questions that card showed only.
    const part = s.questions;
    const questions = f.view.questions.length;
    const values: Record<string, string> = {};
    for (const field of level.fields) {
      if (part && (field.question < part.from || field.question > part.to)) continue;
      values[field.textName] = s.values[field.textName] ?? '';
      if (field.rating) values[field.rating.name] = s.values[field.rating.name] ?? '';
    }
    const levelDone = !part || part.to >= questions;
    const last = level.position === levels && levelDone;
    let result;
    try {
      result = await saveSurveyAnswer(deps, {
        tenantId: m.tenantId,
        roundId: s.roundId,
        respondent,
        values,
        locale,
        ...(last && s.finish !== undefined ? { finish: s.finish } : {}),
      });
    } catch (err) {
      // Closed or past its deadline since the card was shown: the refusal, on the card.
      if (!isDomainError(err)) throw err;
      return { ...base, refusal: errorText(err, locale) };
    }
    const after = { ...base, view: result.view, state: result.state };
    if (!result.saved)
      return { ...after, level: level.position, ...(part ? { from: part.from } : {}) };
    if (s.go === 'previous' && part && part.from > 1) return { ...after, level: level.position };
    if (s.go === 'previous' && level.position > 1) return { ...after, level: level.position - 1 };
    if (last) return { ...after, saved: true };
    if (!levelDone)
      return {
        ...after,
        level: level.position,
        from: part.to + 1,
        notice: strings(locale).survey.partSaved(level.position, part.from, part.to),
      };
    return {
      ...after,
      level: level.position + 1,
      notice: strings(locale).survey.levelSaved(level.position),
    };
  }

  return { surveyCard, surveySubmit };
}
