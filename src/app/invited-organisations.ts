import { DomainError } from '../domain/errors';
import { ORGANISATION_KINDS, type OrganisationKind } from '../domain/types';
import type { Tx } from '../store/db';
import type { CreateRoundOptions } from './create-round';
import { isUuid } from './lookup';

/**
 * What a launch form's organisation fields ask for, checked against the pilot's own Caf: every
 * organisation of the chosen kinds (all the communes, all the EVS…) plus the organisations chosen
 * one by one; neither = every partner organisation. Ids and kinds come from the form, so an
 * unknown one (another Caf's, the Caf itself, a forged value) is a field error, not a silent drop.
 */
export async function invitedOrganisations(
  db: Tx,
  o: { tenantId: string; organisationIds: string[]; organisationKinds: string[] },
): Promise<{
  organisations: CreateRoundOptions['organisations'];
  errors: DomainError[];
}> {
  const errors: DomainError[] = [];
  const ids = [...new Set(o.organisationIds)];
  const kinds = [...new Set(o.organisationKinds)];
  if (ids.length === 0 && kinds.length === 0) return { organisations: { all: true }, errors };
  const validKinds = kinds.filter(
    (k): k is OrganisationKind =>
      k !== 'caf' && (ORGANISATION_KINDS as readonly string[]).includes(k),
  );
  if (validKinds.length !== kinds.length)
    errors.push(new DomainError('ORGANISATION_KIND_UNKNOWN', undefined, 'organisationKinds'));
  const [chosen, ofKinds] = await Promise.all([
    ids.length > 0
      ? db.organisation.findMany({
          where: { tenantId: o.tenantId, id: { in: ids.filter(isUuid) }, kind: { not: 'caf' } },
          select: { code: true },
        })
      : [],
    validKinds.length > 0
      ? db.organisation.findMany({
          where: { tenantId: o.tenantId, kind: { in: validKinds } },
          select: { code: true },
        })
      : [],
  ]);
  if (chosen.length !== ids.length)
    errors.push(new DomainError('ORGANISATION_UNKNOWN', undefined, 'organisationIds'));
  return {
    organisations: { codes: [...new Set([...chosen, ...ofKinds].map((org) => org.code))] },
    errors,
  };
}
