import { AVIS_CHOICES, type AvisChoice } from './types';

export interface TallyEnjeu {
  id: string;
  position: number;
  title: string;
}

export interface TallyOrganisation {
  id: string;
  code: string;
  name: string;
}

export interface TallyAvis {
  enjeuId: string;
  organisationId: string;
  choice: AvisChoice;
  /** silence vaut avis favorable, applied at closing */
  implicit?: boolean;
}

export interface EnjeuTally {
  enjeuId: string;
  position: number;
  title: string;
  counts: Record<AvisChoice, number>;
  /** favorable avis that come from silence, included in counts.favorable and in answered */
  implicit: number;
  /** avis given, explicit or by silence (answered - implicit: the organisations that answered) */
  answered: number;
  invited: number;
  missing: TallyOrganisation[];
  /** the organisations whose avis on this enjeu is favorable by silence (`implicit` of them) */
  bySilence: TallyOrganisation[];
}

export interface RoundTally {
  enjeux: EnjeuTally[];
  /** organisations that answered every enjeu themselves (silence is not an answer) */
  complete: number;
  invited: number;
  /** organisations that have not answered every enjeu (they get reminders) */
  incomplete: TallyOrganisation[];
  /**
   * organisations favorable by silence on at least one enjeu (a closed round whose silence
   * means favorable); `partlyBySilence` are those of them that answered some enjeux themselves
   */
  bySilence: TallyOrganisation[];
  partlyBySilence: TallyOrganisation[];
}

/** Counts per choice and per enjeu; only avis of invited organisations on the round's enjeux count. */
export function tally(input: {
  enjeux: TallyEnjeu[];
  invited: TallyOrganisation[];
  avis: TallyAvis[];
}): RoundTally {
  const invitedIds = new Set(input.invited.map((o) => o.id));
  const byEnjeu = new Map<string, Map<string, TallyAvis>>();
  for (const e of input.enjeux) byEnjeu.set(e.id, new Map());
  for (const a of input.avis) {
    if (!invitedIds.has(a.organisationId)) continue;
    byEnjeu.get(a.enjeuId)?.set(a.organisationId, a);
  }
  const enjeux = [...input.enjeux]
    .sort((a, b) => a.position - b.position)
    .map((e): EnjeuTally => {
      const given = byEnjeu.get(e.id) ?? new Map<string, TallyAvis>();
      const counts = Object.fromEntries(AVIS_CHOICES.map((c) => [c, 0])) as Record<
        AvisChoice,
        number
      >;
      let implicit = 0;
      const silent = new Set<string>();
      for (const a of given.values()) {
        counts[a.choice] += 1;
        if (a.implicit) {
          implicit += 1;
          silent.add(a.organisationId);
        }
      }
      return {
        enjeuId: e.id,
        position: e.position,
        title: e.title,
        counts,
        implicit,
        answered: given.size,
        invited: input.invited.length,
        missing: input.invited.filter((o) => !given.has(o.id)),
        bySilence: input.invited.filter((o) => silent.has(o.id)),
      };
    });
  const incomplete = input.invited.filter((o) =>
    enjeux.some((e) => e.missing.some((m) => m.id === o.id)),
  );
  const silentOn = (o: TallyOrganisation) =>
    enjeux.filter((e) => e.bySilence.some((m) => m.id === o.id)).length;
  const bySilence = input.invited.filter((o) => silentOn(o) > 0);
  return {
    enjeux,
    complete: input.invited.filter((o) => !incomplete.includes(o) && !bySilence.includes(o)).length,
    invited: input.invited.length,
    incomplete,
    bySilence,
    partlyBySilence: bySilence.filter((o) => silentOn(o) < enjeux.length),
  };
}

/**
 * At closing, when the round says "l'absence de réponse vaut avis favorable": one implicit
 * favorable avis for each invited organisation and enjeu without an avis.
 */
export function implicitFavorables(input: {
  enjeux: TallyEnjeu[];
  invited: TallyOrganisation[];
  avis: Pick<TallyAvis, 'enjeuId' | 'organisationId'>[];
}): { enjeuId: string; organisationId: string }[] {
  const given = new Set(input.avis.map((a) => `${a.enjeuId}|${a.organisationId}`));
  const out: { enjeuId: string; organisationId: string }[] = [];
  for (const e of input.enjeux) {
    for (const o of input.invited) {
      if (!given.has(`${e.id}|${o.id}`)) out.push({ enjeuId: e.id, organisationId: o.id });
    }
  }
  return out;
}

/** "▓▓▓▓░░░░" for a share, used by text renderers. */
export function bar(done: number, total: number, width = 10): string {
  const filled = total === 0 ? 0 : Math.round((done / total) * width);
  return '▓'.repeat(filled) + '░'.repeat(width - filled);
}
