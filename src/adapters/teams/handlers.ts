import type { LaunchSubject } from '../../domain/launch-subjects';
import type { OrganisationKind } from '../../domain/types';
import type { NeutralMessage } from '../../domain/messages';
import type { AvisChoice, Locale } from '../../domain/types';
import type { GridFormView } from '../../domain/grid-answer';

/**
 * What the Teams adapter asks of the application. The lead implements it with the use cases;
 * the adapter does transport, parsing and rendering only.
 *
 * Identity: `TeamsTurn.user` comes from the activity Teams signed (`from.aadObjectId`,
 * `conversation.tenantId`), never from a card's data. A card can say which round it is about,
 * nothing else: an organisation or a user named in card data is ignored.
 *
 * Errors: throw DomainError (or ValidationErrors) with the French message; the adapter shows it
 * to the user (on the card for card actions, as a reply for commands) and logs the rest.
 */
export interface TeamsHandlers {
  /** A text command in a personal chat, group chat or channel (mention stripped). */
  onCommand(command: TeamsCommand, turn: TeamsTurn): Promise<TeamsReply[]>;
  /**
   * The avis card of `roundId` for the turn's user (their organisation's current avis). Used for
   * the card's refresh (verb `avis.refresh`) and to redraw the card after a refused submission.
   */
  onAvisCard(roundId: string, turn: TeamsTurn, how?: { refresh?: boolean }): Promise<AvisCardModel>;
  /** Action.Execute verb `avis.submit`: record the avis; resolve with the card to show in place. */
  onAvisSubmit(submission: AvisSubmission, turn: TeamsTurn): Promise<AvisCardModel>;
  /**
   * The grid card of `roundId` when it is a survey round (the invitation's button, verb
   * `avis.open`, opens the grid's first level); undefined for a consultation (the avis card).
   * Optional: a bot without survey rounds always shows the avis card.
   */
  onSurveyCard?(
    roundId: string,
    turn: TeamsTurn,
    level?: number,
  ): Promise<SurveyCardModel | undefined>;
  /** Action.Execute verb `survey.save`: one level's cells; resolves with the card to show. */
  onSurveySubmit?(submission: SurveySubmission, turn: TeamsTurn): Promise<SurveyCardModel>;
  /** Action.Execute verb `round.launch` (the pilot's launch form). */
  onLaunchSubmit(submission: LaunchSubmission, turn: TeamsTurn): Promise<TeamsReply>;
  /**
   * The bot was added to a team, group chat or personal scope (conversationUpdate with the bot
   * among membersAdded, or installationUpdate add). Store the reference as a destination.
   */
  onInstalled(reference: TeamsConversationReference, turn: TeamsTurn): Promise<void>;
  /** The bot was removed. Optional: a destination can be disabled. */
  onUninstalled?(reference: TeamsConversationReference, turn: TeamsTurn): Promise<void>;
}

export const TEAMS_COMMANDS = [
  'rejoindre',
  'aide',
  'consultations',
  'lancer',
  'statut',
  'relancer',
  'clore',
  'exporter',
  'agrements',
] as const;
export type TeamsCommandName = (typeof TEAMS_COMMANDS)[number];

export interface TeamsCommand {
  /** Unknown commands arrive as `aide` with `unknown` set to the word typed. */
  name: TeamsCommandName;
  /** Words after the command (e.g. the invitation code of `rejoindre`). */
  args: string[];
  /** The whole text, mention stripped and trimmed. */
  text: string;
  unknown?: string;
}

/** Who acts and where, from the signed activity. */
export interface TeamsTurn {
  user: TeamsUser;
  conversation: TeamsConversationReference;
  /** Id of the inbound activity (correlation id). */
  activityId: string;
  locale?: string;
}

export interface TeamsUser {
  /** Entra tenant id: platform_identities.workspaceId. */
  tenantId: string;
  /** Entra object id: platform_identities.userId. */
  aadObjectId: string;
  /** Bot Framework id of the user (29:…), for mentions and card refresh userIds. */
  botUserId: string;
  name?: string;
}

export type TeamsConversationType = 'personal' | 'groupChat' | 'channel';

/**
 * What a proactive message needs (stored as destinations.reference). JSON-serialisable. For a
 * channel, `conversation.id` is the channel's conversation (`19:…@thread.tacv2`).
 */
export interface TeamsConversationReference {
  channelId: 'msteams';
  serviceUrl: string;
  tenantId: string;
  bot: { id: string; name?: string };
  conversation: {
    id: string;
    conversationType: TeamsConversationType;
    tenantId: string;
    name?: string;
    isGroup?: boolean;
  };
  /** The user who installed or spoke (personal scope: the only member). */
  user?: { id: string; aadObjectId?: string; name?: string };
  team?: { id: string; name?: string };
  channel?: { id: string; name?: string };
  locale?: string;
}

/** What a handler asks the adapter to send back in the conversation. */
export type TeamsReply =
  | { kind: 'message'; message: NeutralMessage }
  | { kind: 'text'; text: string }
  | { kind: 'avis-card'; card: AvisCardModel }
  | { kind: 'launch-form'; form: LaunchFormModel };

export interface AvisCardEnjeu {
  id: string;
  title: string;
  /** The enjeu's text (plain text or Markdown from the draft; shown neutralised). */
  text?: string;
  change?: 'added' | 'changed' | 'unchanged';
}

export interface AvisCardValue {
  choice?: AvisChoice;
  comment?: string;
}

export interface AvisCardError {
  /** The enjeu the error is about; none for the whole form (deadline passed…). */
  enjeuId?: string;
  /** The form's field (`<enjeuId>.choice`, `<enjeuId>.comment`), when the refusal names one. */
  field?: string;
  message: string;
}

export interface AvisCardModel {
  /** The language of the card's own labels (the user's, from the activity). Default French. */
  locale?: Locale;
  roundId: string;
  draftTitle: string;
  version: string | number;
  deadlineText: string;
  enjeux: AvisCardEnjeu[];
  /** Current avis by enjeu id (pre-fills the inputs). */
  current: Record<string, AvisCardValue>;
  errors?: AvisCardError[];
  /** Closed or not allowed: show the values, no inputs. */
  readOnly?: boolean;
  /** "Avis donné par Marie Dupont pour DDETS, le 3 mars à 10 h 12". */
  answeredBy?: string;
  /** A notice above the form ("Avis enregistré."). */
  notice?: string;
  /** Bot Framework user ids (29:…) whose card refreshes automatically; omit in chats under 60. */
  refreshUserIds?: string[];
}

/** Parsed `avis.submit` data. Only the round id and the inputs: never an organisation or user. */
export interface AvisSubmission {
  roundId: string;
  answers: { enjeuId: string; choice?: AvisChoice; comment?: string }[];
}

export interface LaunchFormModel {
  /** What can be launched: draft versions then grids (domain/launch-subjects.ts). */
  subjects: LaunchSubject[];
  /** Under the subjects when a grid is offered (an evaluation's rules). */
  subjectHint?: string;
  /** Partner organisations (not the Caf), with their kind for the « all of a kind » choice. */
  organisations: { id: string; label: string; kind: OrganisationKind }[];
  /** Defaults and previously typed values. */
  values?: Partial<LaunchSubmission>;
  errors?: { field?: keyof LaunchSubmission | string; message: string }[];
}

export interface LaunchSubmission {
  draftVersionId: string;
  /** Chosen one by one; they add up with organisationKinds. Both empty = every partner. */
  organisationIds: string[];
  /** Every organisation of these kinds (communes, centres sociaux…). */
  organisationKinds: string[];
  /** YYYY-MM-DD (Input.Date). */
  deadlineDate: string;
  /** HH:mm (Input.Time). Default 18:00. */
  deadlineTime: string;
  /** The reminders' words (« 7j, 2j, matin », « aucun »); absent: the default schedule. */
  reminderSchedule?: string;
  silenceVautFavorable: boolean;
  resultsVisibleDuringRound: boolean;
}

/**
 * A survey round's grid as the turn's user fills it in, one level per card (Teams' card size):
 * the neutral form (domain/grid-answer.ts GridFormView) and where the user stands.
 */
export interface SurveyCardModel {
  locale?: Locale;
  roundId: string;
  number: number;
  deadlineText: string;
  view: GridFormView;
  state: 'not_started' | 'draft' | 'finished';
  /** The level shown (1-based); absent with `saved` or `refusal`. */
  level?: number;
  /**
   * The level's first question shown (1 when absent): a level too large for one card (long
   * answers) goes over several cards, by questions.
   */
  from?: number;
  /** A notice above the form (« Niveau 1 enregistré. »). */
  notice?: string;
  /** After the last level: the confirmation, with the counts from `view.progress` and `state`. */
  saved?: boolean;
  /** The round takes no answer from this user (closed, past deadline…): the refusal's words. */
  refusal?: string;
}

/** Parsed `survey.save` data: the round, the level, and that level's fields only. */
export interface SurveySubmission {
  roundId: string;
  level: number;
  /** Which level to show after saving. */
  go: 'next' | 'previous';
  /** The questions the card showed, when a level went over several cards. */
  questions?: { from: number; to: number };
  /** The last level's « J'ai terminé la grille » toggle (absent on the other levels). */
  finish?: boolean;
  /** `case-<level>-<question>` and `note-<level>-<question>`, as typed. */
  values: Record<string, string>;
}
