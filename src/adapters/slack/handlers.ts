import type { NeutralMessage } from '../../domain/messages';
import type { Locale } from '../../domain/types';
import type { TAvisEntry, TFollowupInput, TLaunchInput, SlackIdentity } from './parse';
import type {
  AvisModalInput,
  FollowupModalInput,
  HomeData,
  LaunchModalInput,
  SurveyModalInput,
} from './render';

/**
 * What the Slack adapter asks of the application: one function per thing a Slack user can do.
 * The adapter parses, identifies (team + user from the payload, never from a value), acknowledges,
 * and renders; these functions call the use cases and return neutral data.
 *
 * Errors: throw DomainError(code, frenchMessage, field?) for anything the user should read —
 * the adapter answers it privately (or under the form field). Form field names:
 *  - vote modal: `enjeux.<enjeuId>.choice` / `enjeux.<enjeuId>.comment` (or `<enjeuId>.comment`);
 *  - launch modal: the keys of TLaunchInput (`draftVersionId`, `deadline`, `reminders`…).
 * ValidationErrors carries several of them at once. Anything else is logged and the user gets a
 * generic message with a correlation id.
 */
/** Omit over each member of a union (plain Omit would merge the members). */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface SlackRequestContext {
  who: SlackIdentity;
  /** The user's language (users.info locale; `fr` unless it starts with `en`). */
  locale: Locale;
  /** Correlation id of this request (also in the logs). */
  correlationId: string;
  /** The user's name as Slack shows it (users.info), when known: recorded on their avis. */
  displayName?: string;
}

export interface SlackCommandContext extends SlackRequestContext {
  /** Channel the command was typed in (the channel `rejoindre` links). */
  channelId: string;
  /** Words after the sub-command. */
  args: string[];
  /** The channel's name (without #), when Slack sent it. */
  channelName?: string;
}

export interface SlackExportFile {
  filename: string;
  title?: string;
  content: string | Buffer;
}

export interface SlackHandlers {
  /** `/concerto rejoindre <code>`: link the user and this channel to the code's organisation. */
  join(ctx: SlackCommandContext & { code: string }): Promise<NeutralMessage>;
  /** `/concerto consultations`: the open rounds of my organisation. */
  listRounds(ctx: SlackCommandContext): Promise<NeutralMessage>;
  /** `/concerto lancer`: what the launch modal offers (refuse non-pilots with a DomainError). */
  launchForm(ctx: SlackCommandContext): Promise<Omit<LaunchModalInput, 'locale'>>;
  /** Launch modal submitted. The reply is posted privately to the pilot. */
  launch(ctx: SlackRequestContext & { input: TLaunchInput }): Promise<NeutralMessage>;
  /** `/concerto statut [round]`. */
  status(ctx: SlackCommandContext): Promise<NeutralMessage>;
  /** `/concerto relancer [round]`. */
  remind(ctx: SlackCommandContext): Promise<NeutralMessage>;
  /** `/concerto clore [round]`. */
  close(ctx: SlackCommandContext): Promise<NeutralMessage>;
  /** `/concerto exporter [round]`: files are uploaded to the channel of the command. */
  export(ctx: SlackCommandContext): Promise<{ message: NeutralMessage; files: SlackExportFile[] }>;
  /** `/concerto agrements`: agréments ending within 6 months (pilots). */
  agrements(ctx: SlackCommandContext): Promise<NeutralMessage>;
  /** Button `avis.open` (invitation, App Home): the vote modal's content for the user's organisation. */
  avisForm(
    ctx: SlackRequestContext & { roundId: string },
  ): Promise<Omit<AvisModalInput, 'locale' | 'roundId'>>;
  /**
   * Button `avis.open` on a SURVEY round: the grid's first level for the user's organisation;
   * null when the round is a consultation (the vote modal then). Refusals are DomainErrors.
   */
  surveyForm(
    ctx: SlackRequestContext & { roundId: string },
  ): Promise<Omit<SurveyModalInput, 'locale' | 'roundId' | 'level'> | null>;
  /**
   * One level of the grid submitted (only that level's fields). Not saved: the view with its
   * errors. Saved: the view as stored now and, when `last`, the confirmation for the user's DM.
   */
  saveSurvey(
    ctx: SlackRequestContext & {
      roundId: string;
      level: number;
      values: Record<string, string>;
      finish?: boolean;
    },
  ): Promise<
    | { saved: false; view: SurveyModalInput['view'] }
    | {
        saved: true;
        view: SurveyModalInput['view'];
        finished: boolean;
        last: boolean;
        confirmation: NeutralMessage;
      }
  >;
  /**
   * Vote modal submitted with the enjeux that have a choice. Returns the private confirmation and,
   * when known, the channel to show it in (the organisation's channel); otherwise it goes to the
   * user's DM with the app.
   */
  castAvis(
    ctx: SlackRequestContext & {
      roundId: string;
      avis: (TAvisEntry & { choice: NonNullable<TAvisEntry['choice']> })[];
      /**
       * Set when the request was not claimed in Redis (the direct vote path): the vote claims it
       * in its own transaction, and a replay answers `{ duplicate: true }` having written nothing.
       */
      requestKey?: string;
    },
  ): Promise<{ confirmation: NeutralMessage; channelId?: string } | { duplicate: true }>;
  /**
   * `/concerto suivi <round>` (pilots): the follow-up modal's content for a closed round, or the
   * message to answer instead (nothing calls for a follow-up).
   */
  followupForm(
    ctx: SlackCommandContext,
  ): Promise<Omit<FollowupModalInput, 'locale'> | { message: NeutralMessage }>;
  /** Follow-up modal submitted: recorded; the confirmation goes to the pilot's DM. */
  recordFollowup(
    ctx: SlackRequestContext & { roundId: string; input: TFollowupInput },
  ): Promise<NeutralMessage>;
  /** App Home opened: what to show this user. */
  home(ctx: SlackRequestContext): Promise<DistributiveOmit<HomeData, 'locale'>>;
}
