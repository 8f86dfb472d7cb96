import { needsFollowup, type FollowupResponse } from '../domain/followup';
import type { AvisChannel, AvisChoice, Locale } from '../domain/types';
import { cliWords } from '../domain/cli-words';
import {
  avisWithFollowups,
  earlierAvisOfOrganisations,
  laterEnjeux,
  type AvisWithFollowup,
} from '../store/repositories/followups';
import type { Tx } from '../store/db';
import type { AppDeps } from './deps';
import { findRound, loadRoundContext } from './lookup';

/**
 * The follow-up of a round's avis, read three ways: the pilots' list (what is recorded, what is
 * pending), the « tableau de prise en compte des avis » for the exports, and what a partner sees
 * of its earlier avis on the next version's ballot.
 */

export interface NextEnjeu {
  id: string;
  version: number;
  position: number;
  title: string;
}

export interface FollowupItem {
  avisId: string;
  enjeu: { id: string; position: number; title: string };
  organisation: { code: string; name: string };
  choice: AvisChoice;
  comment: string | null;
  channel: AvisChannel;
  followup: {
    response: FollowupResponse;
    justification: string;
    nextEnjeu: NextEnjeu | null;
    recordedBy: string;
    recordedAt: Date;
  } | null;
}

function nextEnjeuOf(f: NonNullable<AvisWithFollowup['followup']>): NextEnjeu | null {
  const e = f.nextEnjeu;
  return e
    ? { id: e.id, version: e.draftVersion.version, position: e.position, title: e.title }
    : null;
}

function itemOf(a: AvisWithFollowup): FollowupItem {
  return {
    avisId: a.id,
    enjeu: { id: a.enjeu.id, position: a.enjeu.position, title: a.enjeu.title },
    organisation: { code: a.organisation.code, name: a.organisation.name },
    choice: a.choice,
    comment: a.comment,
    channel: a.channel,
    followup: a.followup
      ? {
          response: a.followup.response,
          justification: a.followup.justification,
          nextEnjeu: nextEnjeuOf(a.followup),
          recordedBy: a.followup.recordedBy,
          recordedAt: a.followup.recordedAt,
        }
      : null,
  };
}

async function followupsOf(tx: Tx, tenantId: string, ref: string) {
  const found = await findRound(tx, tenantId, ref);
  const round = await loadRoundContext(tx, tenantId, found.id);
  const [avis, later] = await Promise.all([
    avisWithFollowups(tx, tenantId, round.id),
    laterEnjeux(tx, {
      tenantId,
      schemaId: round.draftVersion.schemaId,
      afterVersion: round.draftVersion.version,
    }),
  ]);
  const items = avis.filter(needsFollowup).map(itemOf);
  return { round, items, later };
}

/**
 * The avis of a round that call for a follow-up (réserves, défavorables, comments), each with
 * the one recorded if any; how many are still pending; the enjeux of later versions of the same
 * schéma a follow-up may point to. Any round of the Caf (another Caf's is not found); only a
 * closed one takes follow-ups (`closed`).
 */
export async function listRoundFollowups(deps: AppDeps, o: { tenantId: string; round: string }) {
  const { round, items, later } = await followupsOf(deps.db, o.tenantId, o.round);
  return {
    round: {
      id: round.id,
      number: round.number,
      status: round.status,
      draftTitle: round.draftVersion.title,
      version: round.draftVersion.version,
      timezone: round.tenant.timezone,
    },
    closed: round.status === 'closed',
    items,
    pending: items.filter((i) => !i.followup).length,
    laterEnjeux: later.map((e): NextEnjeu => ({
      id: e.id,
      version: e.draftVersion.version,
      position: e.position,
      title: e.title,
    })),
  };
}
export type RoundFollowups = Awaited<ReturnType<typeof listRoundFollowups>>;

/** « version 2, enjeu 3 : Titre » */
export function nextEnjeuText(
  e: Pick<NextEnjeu, 'version' | 'position' | 'title'>,
  locale: Locale = 'fr',
): string {
  return cliWords(locale).suivi.nextEnjeuText(e);
}

/** How a partner's earlier avis were handled, shown next to the diff on the next version. */
export interface EarlierFollowups {
  roundNumber: number;
  version: number;
  items: {
    enjeuPosition: number;
    enjeuTitle: string;
    choice: AvisChoice;
    comment: string | null;
    response: FollowupResponse | null;
    justification: string | null;
    nextEnjeu: NextEnjeu | null;
  }[];
}

/**
 * For each organisation, the avis it gave in the latest closed round on an earlier version of
 * the round's schéma that call for a follow-up, with the Caf's response (null while pending).
 * Absent when it answered no earlier closed round, or none of its avis called for one.
 */
export async function earlierFollowupsOfMany(
  tx: Tx,
  round: { tenantId: string; draftVersion: { schemaId: string; version: number } },
  organisationIds: string[],
): Promise<Map<string, EarlierFollowups>> {
  const earlier = await earlierAvisOfOrganisations(tx, {
    tenantId: round.tenantId,
    schemaId: round.draftVersion.schemaId,
    beforeVersion: round.draftVersion.version,
    organisationIds,
  });
  const out = new Map<string, EarlierFollowups>();
  for (const [orgId, e] of earlier) {
    const items = e.avis.filter(needsFollowup).map((a) => ({
      enjeuPosition: a.enjeu.position,
      enjeuTitle: a.enjeu.title,
      choice: a.choice,
      comment: a.comment,
      response: a.followup?.response ?? null,
      justification: a.followup?.justification ?? null,
      nextEnjeu: a.followup ? nextEnjeuOf(a.followup) : null,
    }));
    if (items.length > 0) out.set(orgId, { roundNumber: e.roundNumber, version: e.version, items });
  }
  return out;
}

/** earlierFollowupsOfMany for one organisation, or null. */
export async function earlierFollowupsOf(
  tx: Tx,
  round: { tenantId: string; draftVersion: { schemaId: string; version: number } },
  organisationId: string,
): Promise<EarlierFollowups | null> {
  return (await earlierFollowupsOfMany(tx, round, [organisationId])).get(organisationId) ?? null;
}
