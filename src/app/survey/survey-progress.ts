import { gridProgress } from '../../domain/grid-answer';
import { surveyAnswerState } from '../../domain/survey';
import { surveyInvitationMessage } from '../../domain/survey-messages';
import type { NeutralMessage } from '../../domain/messages';
import { surveyResponseOf } from '../../store/repositories/surveys';
import type { AppDeps } from '../deps';
import { surveyHeader, surveyOf } from './survey-context';

/**
 * A survey's invitation as one organisation reads it when it is updated in place: where its
 * answer stands, and no button once the round is closed or cancelled.
 */
export async function surveyProgressMessage(
  deps: Pick<AppDeps, 'db'>,
  row: Parameters<typeof surveyOf>[0] & {
    id: string;
    tenantId: string;
    deadline: Date;
    status: 'draft' | 'open' | 'closed' | 'cancelled';
    tenant: { timezone: string };
  },
  organisationId: string,
): Promise<NeutralMessage> {
  const round = surveyOf(row);
  const response = await surveyResponseOf(deps.db, {
    tenantId: round.tenantId,
    roundId: round.id,
    organisationId,
  });
  const filled = gridProgress(round.grid_, response?.cells ?? []).filled;
  const total = gridProgress(round.grid_, []).total;
  return surveyInvitationMessage({
    survey: surveyHeader(round),
    locale: 'fr',
    ...(response
      ? {
          progress: {
            filled,
            total,
            state: surveyAnswerState({ filled, finishedAt: response.finishedAt }),
          },
        }
      : {}),
    status: round.status,
  });
}
