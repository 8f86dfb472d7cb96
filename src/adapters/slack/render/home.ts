import { type Locale } from '../../../domain/types';
import { strings } from '../i18n';
import {
  escapeText,
  mrkdwn,
  participationBar,
  plain,
  SLACK_LIMITS,
  truncateEscaped,
  type HomeView,
  type KnownBlock,
} from './blocks';
import { ACTION_IDS, fieldSections } from './messages';

// ---------------------------------------------------------------------------------------------
// App Home

export interface PartnerHomeRound {
  roundId: string;
  title: string;
  /** Already formatted for the user (e.g. "vendredi 12 juin 2026 à 18 h"). */
  deadline: string;
  enjeuxAnswered: number;
  enjeuxTotal: number;
}

export interface PilotHomeRound {
  roundId: string;
  title: string;
  deadline: string;
  organisationsAnswered: number;
  organisationsInvited: number;
  notAnswered: string[];
}

export interface HomeAgrement {
  structure: string;
  kind: string;
  /** Formatted end date. */
  endDate: string;
}

/** An open evaluation (a grid), its words the domain's (surveyListEntry). */
export interface HomeEvaluation {
  roundId: string;
  title: string;
  text: string;
  /** The button that opens the grid (partners). */
  openLabel: string;
}

export type HomeData =
  | { role: 'unlinked'; locale: Locale }
  | {
      role: 'partner';
      locale: Locale;
      organisation: string;
      rounds: PartnerHomeRound[];
      evaluations?: HomeEvaluation[];
    }
  | {
      role: 'pilot';
      locale: Locale;
      rounds: PilotHomeRound[];
      evaluations?: HomeEvaluation[];
      agrements: HomeAgrement[];
    };

function evaluationSection(e: HomeEvaluation, withButton: boolean): KnownBlock {
  return {
    type: 'section',
    text: mrkdwn(
      truncateEscaped(`*${escapeText(e.title)}*\n${escapeText(e.text)}`, SLACK_LIMITS.sectionText),
    ),
    ...(withButton
      ? {
          accessory: {
            type: 'button' as const,
            action_id: ACTION_IDS.avisOpen,
            text: plain(e.openLabel, SLACK_LIMITS.buttonText),
            value: e.roundId,
          },
        }
      : {}),
  };
}

/** The App Home tab, within 100 blocks. */
export function buildHomeView(data: HomeData): HomeView {
  const t = strings(data.locale);
  const blocks: KnownBlock[] = [];
  if (data.role === 'unlinked') {
    blocks.push({ type: 'section', text: mrkdwn(escapeText(t.homeNotLinked)) });
  } else if (data.role === 'partner') {
    blocks.push({
      type: 'header',
      text: plain(`${t.homePartnerTitle} — ${data.organisation}`, SLACK_LIMITS.headerText),
    });
    const evaluations = data.evaluations ?? [];
    if (data.rounds.length + evaluations.length === 0)
      blocks.push({ type: 'section', text: mrkdwn(escapeText(t.homeNoRounds)) });
    for (const e of evaluations) blocks.push(evaluationSection(e, true));
    for (const r of data.rounds) {
      const left = r.enjeuxTotal - r.enjeuxAnswered;
      blocks.push({
        type: 'section',
        text: mrkdwn(
          truncateEscaped(
            `*${escapeText(r.title)}*\n${escapeText(t.homeDeadline(r.deadline))}\n${participationBar(r.enjeuxAnswered, r.enjeuxTotal)}  ${escapeText(t.homeLeft(left, r.enjeuxTotal))}`,
            SLACK_LIMITS.sectionText,
          ),
        ),
        accessory: {
          type: 'button',
          action_id: ACTION_IDS.avisOpen,
          text: plain(t.giveAvis, SLACK_LIMITS.buttonText),
          value: r.roundId,
          ...(left > 0 ? { style: 'primary' as const } : {}),
        },
      });
    }
  } else {
    blocks.push({ type: 'header', text: plain(t.homePilotTitle, SLACK_LIMITS.headerText) });
    const evaluations = data.evaluations ?? [];
    if (data.rounds.length + evaluations.length === 0)
      blocks.push({ type: 'section', text: mrkdwn(escapeText(t.homeNoRounds)) });
    for (const e of evaluations) blocks.push(evaluationSection(e, false));
    for (const r of data.rounds) {
      const lines = [
        `*${escapeText(r.title)}*`,
        escapeText(t.homeDeadline(r.deadline)),
        `\`${participationBar(r.organisationsAnswered, r.organisationsInvited)}\``,
      ];
      if (r.notAnswered.length > 0)
        lines.push(escapeText(t.homeNotAnswered(r.notAnswered.join(', '))));
      blocks.push({
        type: 'section',
        text: mrkdwn(truncateEscaped(lines.join('\n'), SLACK_LIMITS.sectionText)),
      });
    }
    blocks.push({ type: 'divider' });
    blocks.push({ type: 'header', text: plain(t.homeAgrementsTitle, SLACK_LIMITS.headerText) });
    if (data.agrements.length === 0)
      blocks.push({ type: 'section', text: mrkdwn(escapeText(t.homeNoAgrements)) });
    // Agréments go ten to a section (fields) so a long register stays within the block limit.
    blocks.push(
      ...fieldSections(
        data.agrements.map((a) => ({ label: a.structure, value: `${a.kind} · ${a.endDate}` })),
      ),
    );
  }
  if (blocks.length > SLACK_LIMITS.blocksPerView) {
    const hidden = blocks.length - (SLACK_LIMITS.blocksPerView - 1);
    blocks.length = SLACK_LIMITS.blocksPerView - 1;
    blocks.push({ type: 'context', elements: [mrkdwn(escapeText(t.truncated(hidden)))] });
  }
  return { type: 'home', blocks };
}
