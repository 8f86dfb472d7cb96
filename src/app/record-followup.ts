import { DomainError } from '../domain/errors';
import {
  assertCanFollowUp,
  needsFollowup,
  parseFollowupResponse,
  parseNextEnjeuRef,
  validateJustification,
} from '../domain/followup';
import {
  avisOfOrganisationOnEnjeu,
  laterEnjeux,
  upsertFollowup,
} from '../store/repositories/followups';
import { audit } from './audit';
import type { Actor, AppDeps } from './deps';
import { findOrganisation, findRound, isUuid, loadRoundContext } from './lookup';

export interface RecordFollowupInput {
  tenantId: string;
  /** the round's number or id, within the Caf */
  round: string;
  organisationCode: string;
  /** the enjeu's position in the round's version */
  enjeu: string | number;
  /** retenue, partielle, non-retenue, sans-objet (or the stored spelling) */
  response: string;
  justification: string;
  /**
   * The enjeu of a later version of the same schéma that carries the answer: « 3 » (enjeu 3 of
   * the first later version), « 2.3 » (version 2, enjeu 3) or an enjeu's id (the console's
   * list); empty for none.
   */
  nextEnjeu?: string | null;
  actor: Actor;
}

/**
 * Records what the Caf did with one avis of a closed round (or replaces what was recorded):
 * the response, its justification, the enjeu of a later version that carries it. Refused when
 * the round is not closed, the avis does not call for a follow-up (or does not exist), the
 * response is unknown, the justification empty or too long, or the later enjeu is not one of a
 * later version of the same schéma. Audited (`followup.record`, with the previous value).
 */
export async function recordFollowup(deps: AppDeps, o: RecordFollowupInput) {
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    const found = await findRound(tx, o.tenantId, o.round);
    const round = await loadRoundContext(tx, o.tenantId, found.id);
    assertCanFollowUp(round);
    const response = parseFollowupResponse(o.response);
    const justification = validateJustification(o.justification);

    const enjeux = round.draftVersion.enjeux;
    const enjeu = enjeux.find((e) => String(e.position) === String(o.enjeu).trim());
    if (!enjeu)
      throw new DomainError(
        'FOLLOWUP_ENJEU_UNKNOWN',
        { enjeu: String(o.enjeu).slice(0, 40), count: enjeux.length },
        'enjeu',
      );
    const organisation = await findOrganisation(tx, o.tenantId, o.organisationCode.trim());
    const avis = await avisOfOrganisationOnEnjeu(tx, {
      tenantId: o.tenantId,
      roundId: round.id,
      enjeuId: enjeu.id,
      organisationId: organisation.id,
    });
    if (!avis)
      throw new DomainError('FOLLOWUP_NO_AVIS', {
        organisation: organisation.name,
        position: enjeu.position,
      });
    if (!needsFollowup(avis))
      throw new DomainError('FOLLOWUP_NOT_NEEDED', {
        organisation: organisation.name,
        position: enjeu.position,
      });

    let next: Awaited<ReturnType<typeof laterEnjeux>>[number] | undefined;
    const ref = o.nextEnjeu?.trim();
    if (ref) {
      const later = await laterEnjeux(tx, {
        tenantId: o.tenantId,
        schemaId: round.draftVersion.schemaId,
        afterVersion: round.draftVersion.version,
      });
      const invalid = () =>
        new DomainError('FOLLOWUP_NEXT_ENJEU_INVALID', { input: ref.slice(0, 60) }, 'enjeuSuivant');
      if (isUuid(ref)) {
        next = later.find((e) => e.id === ref);
        if (!next) throw invalid();
      } else {
        const parsed = parseNextEnjeuRef(ref);
        if (!parsed) throw invalid();
        if (later.length === 0)
          throw new DomainError(
            'FOLLOWUP_NO_LATER_VERSION',
            { version: round.draftVersion.version },
            'enjeuSuivant',
          );
        const version = parsed.version ?? later[0]!.draftVersion.version;
        next = later.find(
          (e) => e.draftVersion.version === version && e.position === parsed.position,
        );
        if (!next) throw invalid();
      }
    }

    const previous = avis.followup;
    const followup = await upsertFollowup(tx, {
      tenantId: o.tenantId,
      roundId: round.id,
      avisId: avis.id,
      response,
      justification,
      nextEnjeuId: next?.id ?? null,
      recordedByMemberId: o.actor.kind === 'member' ? o.actor.memberId : null,
      recordedBy: o.actor.label,
      recordedAt: now,
    });
    await audit(tx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: 'followup.record',
      subjectType: 'avis',
      subjectId: avis.id,
      data: {
        round: round.number,
        organisation: organisation.code,
        enjeu: enjeu.position,
        response,
        justification,
        nextEnjeu: next ? { version: next.draftVersion.version, position: next.position } : null,
        previous: previous
          ? {
              response: previous.response,
              justification: previous.justification,
              nextEnjeuId: previous.nextEnjeuId,
            }
          : null,
      },
    });
    return {
      round,
      organisation,
      enjeu,
      avis,
      followup,
      replaced: !!previous,
      nextEnjeu: next
        ? {
            id: next.id,
            version: next.draftVersion.version,
            position: next.position,
            title: next.title,
          }
        : null,
    };
  });
}
