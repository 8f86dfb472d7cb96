import type { Role } from './types';

/**
 * One rule for what each role may do with a round, on every channel (Slack, Teams bot and tab,
 * the CLI, the web). Pilots are Caf staff; partners and observers belong to an organisation.
 *
 * | | pilote | partenaire | observateur |
 * | --- | --- | --- | --- |
 * | donner l'avis de son organisation | non (saisie « pour le compte » par la ligne de commande) | oui, si elle est invitée | non |
 * | voir les résultats en cours | oui | si la consultation les montre pendant | comme un partenaire |
 * | voir les résultats à la clôture | oui | si son organisation était invitée | comme un partenaire |
 * | voir qui n'a pas répondu | oui | non | non |
 * | exporter, lancer, relancer, clore | oui | non | non |
 */
export interface RoundAccess {
  /** The member's organisation is invited to the round. */
  invited: boolean;
  /** May give the organisation's avis (open round and deadline are checked elsewhere). */
  vote: boolean;
  /** May see the tallies now. */
  seeResults: boolean;
  /** May see which organisations have not answered. */
  seeWhoIsMissing: boolean;
  /** May export, launch, remind, close, change the deadline. */
  steer: boolean;
}

export interface AccessMember {
  role: Role | string;
  organisationId: string | null;
}

export interface AccessRound {
  status: string;
  resultsVisibility: string;
  invitations: { organisationId: string }[];
}

/**
 * May open the pilots' console (web): whoever may steer rounds, that is pilots — the console's
 * pages are the « exporter, lancer, relancer, clore » row of the table, for every round of the Caf.
 */
export function mayUseConsole(member: Pick<AccessMember, 'role'>): boolean {
  return member.role === 'pilot';
}

/**
 * Whether a member of this role gives their organisation's avis: partners only. Observers follow
 * their organisation's rounds without a say; pilots record an avis only on an organisation's
 * behalf (the CLI's proxy), never as their own, even when they belong to an organisation. The
 * vote's SQL (store/repositories/votes.ts) applies the same rule.
 */
export function castsOrganisationAvis(role: Role | string): boolean {
  return role === 'partner';
}

/** The results of a round are out to its partners: closed, or open with results shown during. */
export function resultsOut(round: Pick<AccessRound, 'status' | 'resultsVisibility'>): boolean {
  return (
    round.status === 'closed' || (round.status === 'open' && round.resultsVisibility === 'during')
  );
}

export function roundAccess(member: AccessMember, round: AccessRound): RoundAccess {
  const invited =
    !!member.organisationId &&
    round.invitations.some((i) => i.organisationId === member.organisationId);
  if (mayUseConsole(member)) {
    return { invited, vote: false, seeResults: true, seeWhoIsMissing: true, steer: true };
  }
  return {
    invited,
    vote: castsOrganisationAvis(member.role) && invited,
    seeResults: invited && resultsOut(round),
    seeWhoIsMissing: false,
    steer: false,
  };
}
