import { AVIS_CHANNEL_LABELS } from '../domain/avis';
import { ORGANISATION_KINDS, type OrganisationKind } from '../domain/types';
import { renderRoundPdf } from '../reports/round-pdf';
import type {
  RoundPdfAvis,
  RoundPdfFollowup,
  RoundPdfInput,
  RoundPdfOrganisation,
} from '../reports/round-pdf-input';
import type { AppDeps } from './deps';
import { findRound, loadRoundContext } from './lookup';
import { roundTally } from './round-view';

export { renderRoundPdf } from '../reports/round-pdf';
export type { RoundPdfInput } from '../reports/round-pdf-input';

/** The kind of one organisation, singular, as a column of the synthesis shows it. */
export const ORGANISATION_KIND_SINGULAR: Record<OrganisationKind, string> = {
  caf: 'Caf',
  etat: "Service de l'État",
  departement: 'Département',
  commune: 'Commune',
  epci: 'Intercommunalité (EPCI)',
  federation: 'Fédération',
  msa: 'MSA',
  centre_social: 'Centre social',
  evs: 'Espace de vie sociale',
  other: 'Autre partenaire',
};

function kindLabel(kind: string): string {
  return (ORGANISATION_KINDS as readonly string[]).includes(kind)
    ? ORGANISATION_KIND_SINGULAR[kind as OrganisationKind]
    : kind;
}

/**
 * What the PDF synthesis of a round shows, read from the database (read only): the round, its
 * tally, every avis with who gave it and how, the communes' names. The follow-ups are passed in
 * (they are recorded elsewhere); without them the PDF says none was recorded.
 */
export async function roundPdfInput(
  deps: AppDeps,
  o: { tenantId: string; round: string; followups?: RoundPdfFollowup[] },
): Promise<RoundPdfInput> {
  const ref = await findRound(deps.db, o.tenantId, o.round);
  const round = await loadRoundContext(deps.db, o.tenantId, ref.id);
  const tally = await roundTally(deps.db, round);
  const avis = await deps.db.avis.findMany({
    where: { roundId: round.id },
    include: { castBy: true },
  });
  const inseeCodes = [
    ...new Set(
      round.invitations
        .map((i) => i.organisation.communeInsee)
        .filter((c): c is string => c !== null),
    ),
  ];
  const communes = new Map(
    (await deps.db.commune.findMany({ where: { insee: { in: inseeCodes } } })).map((c) => [
      c.insee,
      c.name,
    ]),
  );
  const orgs = round.invitations
    .map((i) => i.organisation)
    .sort((a, b) => a.name.localeCompare(b.name, 'fr') || a.code.localeCompare(b.code));
  const orgById = new Map(orgs.map((org) => [org.id, org]));
  const communeOf = (org: { communeInsee: string | null }) =>
    org.communeInsee ? (communes.get(org.communeInsee) ?? org.communeInsee) : null;
  const invitedIds = new Set(orgs.map((org) => org.id));
  const enjeuIds = new Set(round.draftVersion.enjeux.map((e) => e.id));
  const given = avis.filter((a) => invitedIds.has(a.organisationId) && enjeuIds.has(a.enjeuId));

  const answeredBy = new Map<string, number>();
  for (const a of given)
    if (a.channel !== 'implicit')
      answeredBy.set(a.organisationId, (answeredBy.get(a.organisationId) ?? 0) + 1);
  const silentIds = new Set(tally.bySilence.map((s) => s.id));
  const enjeuCount = round.draftVersion.enjeux.length;
  const organisation = (org: (typeof orgs)[number]): RoundPdfOrganisation => {
    const n = answeredBy.get(org.id) ?? 0;
    return {
      code: org.code,
      name: org.name,
      kind: kindLabel(org.kind),
      commune: communeOf(org),
      answered: n === 0 ? 'none' : n >= enjeuCount ? 'all' : 'some',
      bySilence: silentIds.has(org.id),
    };
  };
  const organisations = orgs.map(organisation);

  const enjeux = tally.enjeux.map((e) => {
    const rows: RoundPdfAvis[] = given
      .filter((a) => a.enjeuId === e.enjeuId)
      .map((a) => {
        const org = orgById.get(a.organisationId)!;
        return {
          organisation: org.name,
          kind: kindLabel(org.kind),
          commune: communeOf(org),
          avis: a.choice,
          comment: a.comment,
          givenBy: a.channel === 'implicit' ? null : (a.castBy?.displayName ?? a.castByLabel),
          onBehalfOf: a.channel === 'proxy' ? org.name : null,
          source: AVIS_CHANNEL_LABELS[a.channel] ?? a.channel,
          date: a.castAt,
          silent: a.channel === 'implicit',
          proxy: a.channel === 'proxy',
        };
      })
      .sort((x, y) => x.organisation.localeCompare(y.organisation, 'fr'));
    return {
      position: e.position,
      title: e.title,
      counts: { ...e.counts, favorable: e.counts.favorable - e.implicit },
      silence: e.implicit,
      noAnswer: e.missing.length,
      avis: rows,
      missing: e.missing.map((m) => m.name),
    };
  });

  return {
    generatedAt: deps.now(),
    tenant: { name: round.tenant.name, timezone: round.tenant.timezone },
    round: {
      number: round.number,
      status: round.status,
      openedAt: round.openedAt,
      deadline: round.deadline,
      closedAt: round.closedAt,
      silenceMeansFavorable: round.silenceMeansFavorable,
    },
    draft: {
      schemaTitle: round.draftVersion.schema.title,
      title: round.draftVersion.title,
      version: round.draftVersion.version,
      period: round.draftVersion.schema.period,
    },
    organisations,
    enjeux,
    nonResponders: organisations.filter((org) => org.answered === 'none'),
    followups: o.followups ?? [],
  };
}

/** The PDF synthesis of a round of the database, as bytes. */
export async function roundPdf(
  deps: AppDeps,
  o: { tenantId: string; round: string; followups?: RoundPdfFollowup[] },
): Promise<Buffer> {
  return renderRoundPdf(await roundPdfInput(deps, o));
}
