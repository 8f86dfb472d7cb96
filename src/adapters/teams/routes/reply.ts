import { randomUUID } from 'node:crypto';
import { type IActivityContext } from '@microsoft/teams.apps';
import type { ActivityLike } from '@microsoft/teams.api';
import type { Logger } from 'pino';
import { errorText, fieldErrors, isDomainError, type DomainError } from '../../../domain/errors';
import type { Locale } from '../../../domain/types';
import type {
  AvisCardError,
  AvisCardModel,
  AvisSubmission,
  TeamsHandlers,
  TeamsReply,
  TeamsTurn,
} from '../handlers';
import { type InboundActivity } from '../parse';
import {
  buildAvisCard,
  buildLaunchFormCard,
  cardActivity,
  renderMessage,
  type AdaptiveCard,
} from '../render';
import { localeOf, strings } from '../i18n';

/** What the routes share: replies as activities or cards, errors in the user's words. */

export type Ctx = IActivityContext;

export const send = (ctx: Ctx, activity: object) => ctx.send(activity as ActivityLike);

export function replyActivity(reply: TeamsReply): object {
  switch (reply.kind) {
    case 'message':
      return cardActivity(renderMessage(reply.message));
    case 'text':
      return { type: 'message', text: reply.text, textFormat: 'plain' };
    case 'avis-card':
      return cardActivity(buildAvisCard(reply.card));
    case 'launch-form':
      return cardActivity(buildLaunchFormCard(reply.form));
  }
}

export function replyCard(reply: TeamsReply): AdaptiveCard | undefined {
  switch (reply.kind) {
    case 'message':
      return renderMessage(reply.message);
    case 'avis-card':
      return buildAvisCard(reply.card);
    case 'launch-form':
      return buildLaunchFormCard(reply.form);
    case 'text':
      return undefined;
  }
}

/**
 * The user message of an error, in the language of the activity: a refusal's catalogue text
 * (errorText), or a generic one with a reference to quote.
 */
export function userMessage(
  err: unknown,
  log: Logger,
  what: string,
  activity: Pick<InboundActivity, 'locale'>,
): string {
  if (isDomainError(err)) {
    log.info({ code: err.code, field: err.field }, `${what} refusé`);
    return errorText(err, localeOf(activity.locale));
  }
  const ref = randomUUID().slice(0, 8);
  log.error({ err, ref }, `${what} : erreur`);
  return strings(localeOf(activity.locale)).genericError(ref);
}

/**
 * Field errors of a refused submission, in the card's language, placed on the enjeu they name
 * when they name one.
 */
export function cardErrors(
  err: DomainError,
  enjeuIds: string[],
  locale: Locale = 'fr',
): AvisCardError[] {
  const list = fieldErrors(err, locale);
  return list.map((e) => {
    const field = e.field ?? '';
    const enjeuId = field ? enjeuIds.find((id) => field === id || field.includes(id)) : undefined;
    return enjeuId ? { enjeuId, field, message: e.message } : { message: e.message };
  });
}

/** Redraws the card with what the user typed and the errors next to the fields. */
export async function refusedAvisCard(
  handlers: TeamsHandlers,
  submission: AvisSubmission,
  turn: TeamsTurn,
  err: DomainError,
): Promise<AvisCardModel> {
  const model = await handlers.onAvisCard(submission.roundId, turn);
  const current = { ...model.current };
  for (const a of submission.answers) current[a.enjeuId] = { choice: a.choice, comment: a.comment };
  return {
    ...model,
    current: model.readOnly ? model.current : current,
    errors: cardErrors(
      err,
      model.enjeux.map((e) => e.id),
      model.locale,
    ),
  };
}
