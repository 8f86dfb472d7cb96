import type { App } from '@slack/bolt';
import { avisFormProblems } from '../../../domain/avis';
import {
  fieldErrors,
  isDomainError,
  ValidationErrors,
  type DomainError,
} from '../../../domain/errors';
import type { Locale } from '../../../domain/types';
import {
  extractAvis,
  extractFollowup,
  extractLaunch,
  FormFieldError,
  LAUNCH_FIELD_BLOCKS,
  parseAvisModalMetadata,
  parseFollowupMetadata,
  type TViewSubmission,
} from '../parse';
import { slackPostJson } from '../http-fetch';
import type { ViewSubmissionArgs, ViewSubmissionListener } from '../receiver';
import {
  AVIS_MODAL_CALLBACK_ID,
  avisBlockId,
  FOLLOWUP_BLOCK_IDS,
  FOLLOWUP_MODAL_CALLBACK_ID,
  LAUNCH_BLOCK_IDS,
  LAUNCH_MODAL_CALLBACK_ID,
  renderMessage,
} from '../render';
import type { NeutralMessage } from '../../../domain/messages';
import type { SlackRequestContext } from '../handlers';
import type { strings } from '../i18n';
import type { ListenerKit } from './context';

/**
 * The modals' submissions: the vote (also reached by the receiver's fast lane), the launch and
 * the follow-up of avis (pilots).
 * Returns the vote's listener for the fast lane.
 */
export function registerViewSubmissions(
  bolt: App,
  kit: ListenerKit,
): { avisSubmitted: ViewSubmissionListener } {
  const { handlers, log, submission, failed } = kit;
  // View submissions acknowledge *after* the use case: the acknowledgement is the only way to
  // show errors under the fields (response_action: 'errors'); the use case is one short transaction.
  const avisSubmitted = async ({ ack, body, client, context }: ViewSubmissionArgs) => {
    const { state, payload, who, locale, t, blockIds } = await submission(body, client, context);
    try {
      const { roundId } = parseAvisModalMetadata(payload.view.private_metadata);
      const entries = extractAvis(payload.view.state.values);
      // The form's rule (a comment needs a choice; at least one choice) is the domain's, checked
      // here before the use case so the modal answers at once, in the user's language.
      const problems = avisFormProblems(entries);
      if (problems.length > 0) {
        await ack({
          response_action: 'errors',
          errors: viewErrors(
            new ValidationErrors(problems, locale),
            locale,
            blockIds,
            avisFieldToBlock,
          ),
        });
        return;
      }
      const chosen = entries.filter(
        (e): e is typeof e & { choice: NonNullable<typeof e.choice> } => e.choice !== null,
      );
      const result = await handlers.castAvis({
        who,
        locale,
        correlationId: state.correlationId,
        roundId,
        avis: chosen,
        ...(context.claimInVote === true ? { requestKey: state.dedupKey } : {}),
      });
      await ack();
      if ('duplicate' in result) {
        log.info({ dedupKey: state.dedupKey }, 'Slack : requête déjà traitée, ignorée');
        return;
      }
      const r = renderMessage(result.confirmation);
      const direct = () =>
        client.chat.postMessage({ channel: who.userId, text: r.text, blocks: r.blocks });
      if (result.channelId) {
        // In the organisation's channel; a voter who is not in it (the modal opened from the App
        // Home) gets it as a direct message from the app instead.
        await slackPostJson(client, 'chat.postEphemeral', {
          channel: result.channelId,
          user: who.userId,
          text: r.text,
          blocks: r.blocks,
        }).catch((err: unknown) => {
          log.info(
            { err: (err as { data?: { error?: string } }).data?.error ?? String(err) },
            'Slack : confirmation éphémère refusée, envoyée en message direct',
          );
          return direct();
        });
      } else await direct();
    } catch (err) {
      if (isDomainError(err)) {
        await ack({
          response_action: 'errors',
          errors: viewErrors(err, locale, blockIds, avisFieldToBlock),
        });
        return;
      }
      await failed(err, state, 'avis.submit');
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
  };
  bolt.view(AVIS_MODAL_CALLBACK_ID, ({ ack, body, client, context }) =>
    avisSubmitted({ ack: ack as ViewSubmissionArgs['ack'], body, client, context }),
  );

  /**
   * A pilot's form modal (launch, follow-up): read, handed to its use case, the confirmation sent
   * to the pilot by direct message; a refusal goes under its field (`fieldBlocks`, else the
   * first block), an unexpected failure under `firstBlock` with the correlation id.
   */
  const pilotForm = (
    callbackId: string,
    o: {
      fieldBlocks: Record<string, string>;
      firstBlock: string;
      handle: (
        ctx: Pick<SlackRequestContext, 'who' | 'locale' | 'correlationId'>,
        view: TViewSubmission['view'],
        t: ReturnType<typeof strings>,
      ) => Promise<NeutralMessage>;
    },
  ) =>
    bolt.view(callbackId, async ({ ack, body, client, context }) => {
      const { state, payload, who, locale, t, blockIds } = await submission(body, client, context);
      try {
        const message = await o.handle(
          { who, locale, correlationId: state.correlationId },
          payload.view,
          t,
        );
        await ack();
        const r = renderMessage(message);
        await client.chat.postMessage({ channel: who.userId, text: r.text, blocks: r.blocks });
      } catch (err) {
        if (err instanceof FormFieldError) {
          await ack({
            response_action: 'errors',
            errors: { [o.fieldBlocks[err.field] ?? o.firstBlock]: err.message },
          });
          return;
        }
        if (isDomainError(err)) {
          await ack({
            response_action: 'errors',
            errors: viewErrors(err, locale, blockIds, (f) => o.fieldBlocks[f]),
          });
          return;
        }
        await failed(err, state, callbackId);
        await ack({
          response_action: 'errors',
          errors: { [o.firstBlock]: t.genericFormError(state.correlationId) },
        }).catch(() => undefined);
      }
    });

  pilotForm(LAUNCH_MODAL_CALLBACK_ID, {
    fieldBlocks: LAUNCH_FIELD_BLOCKS,
    firstBlock: LAUNCH_BLOCK_IDS.draftVersion,
    handle: (ctx, view, t) =>
      handlers.launch({
        ...ctx,
        input: extractLaunch(view.state.values, {
          reminders: t.remindersInvalid,
          required: t.required,
        }),
      }),
  });
  pilotForm(FOLLOWUP_MODAL_CALLBACK_ID, {
    fieldBlocks: FOLLOWUP_FIELD_BLOCKS,
    firstBlock: FOLLOWUP_BLOCK_IDS.avis,
    handle: (ctx, view, t) =>
      handlers.recordFollowup({
        ...ctx,
        roundId: parseFollowupMetadata(view.private_metadata).roundId,
        input: extractFollowup(view.state.values, { required: t.required }),
      }),
  });
  return { avisSubmitted };
}

/** A follow-up form field (record-followup.ts, parse.ts) → the follow-up modal's block. */
const FOLLOWUP_FIELD_BLOCKS: Record<string, string> = {
  avis: FOLLOWUP_BLOCK_IDS.avis,
  enjeu: FOLLOWUP_BLOCK_IDS.avis,
  reponse: FOLLOWUP_BLOCK_IDS.response,
  justification: FOLLOWUP_BLOCK_IDS.justification,
  enjeuSuivant: FOLLOWUP_BLOCK_IDS.next,
};

/** `enjeux.<id>.comment`, `<id>.reason`, `avis.<id>.choice` → the vote modal's block id. */
function avisFieldToBlock(field: string): string | undefined {
  const m = /^(?:enjeux\.|avis\.)?(.+)\.(choice|comment|reason)$/.exec(field);
  if (!m) return undefined;
  return avisBlockId(m[1] as string, m[2] === 'choice' ? 'choice' : 'comment');
}

/**
 * A DomainError → Slack's `errors` object, in the user's language (the catalogue's words): under
 * each named field, else under the first input.
 */
export function viewErrors(
  err: DomainError,
  locale: Locale,
  blockIds: string[],
  toBlock: (field: string) => string | undefined,
): Record<string, string> {
  const known = new Set(blockIds);
  const list = fieldErrors(err, locale);
  const errors: Record<string, string> = {};
  for (const e of list) {
    const block = e.field ? toBlock(e.field) : undefined;
    const target = block && known.has(block) ? block : blockIds[0];
    if (!target) continue;
    errors[target] = errors[target] ? `${errors[target]} ${e.message}` : e.message;
  }
  return errors;
}
