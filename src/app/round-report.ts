import { AVIS_CHANNEL_LABELS, AVIS_LABELS } from '../domain/avis';
import { DomainError } from '../domain/errors';
import { ORGANISATION_KIND_SINGULAR } from '../domain/organisation';
import type { FollowupResponse } from '../domain/followup';
import { ROUND_STATUS_LABELS } from '../domain/round';
import { tally, type RoundTally } from '../domain/tally';
import type { AvisChannel, AvisChoice, OrganisationKind } from '../domain/types';
import { avisForReport, roundForReport } from '../store/repositories/round-report';
import type { AppDeps } from './deps';
import { listRoundFollowups } from './list-followups';
import { consultationOf, findRound } from './lookup';

/**
 * The results of a round as ONE neutral model, built once and rendered by every format (CSV,
 * XLSX, Markdown, PDF): the round and its dates, the participation, the options, per enjeu the
 * counts and one row per avis, the organisations that did not answer, and the follow-up of the
 * avis (« prise en compte »). Nothing here is formatted for a medium: dates are `Date`s (each
 * renderer shows them in `timezone`), texts are raw (each renderer escapes for itself).
 */
export interface RoundReport {
  /** When the report was built (deps.now()): « généré le … ». */
  generatedAt: Date;
  /** The Caf's time zone (IANA): every date is shown in it. */
  timezone: string;
  tenant: { code: string; name: string };
  round: {
    id: string;
    number: number;
    status: 'draft' | 'open' | 'closed' | 'cancelled';
    /** « en préparation », « ouverte », « close », « annulée » */
    statusLabel: string;
    createdAt: Date;
    openedAt: Date | null;
    deadline: Date;
    closedAt: Date | null;
  };
  draft: { title: string; version: number; period: string };
  options: {
    silenceMeansFavorable: boolean;
    resultsVisibility: 'during' | 'after';
    /** ISO offsets before the deadline (« P7D », « P2D », « morning ») */
    reminderSchedule: string[];
  };
  participation: {
    invited: number;
    /** organisations that answered every enjeu themselves (silence is not an answer) */
    complete: number;
    /** organisations that answered at least one enjeu themselves */
    answered: number;
    /** favorable by silence on at least one enjeu / on some only */
    bySilence: number;
    partlyBySilence: number;
  };
  /** The invited organisations, by code. */
  organisations: ReportOrganisation[];
  enjeux: ReportEnjeu[];
  /** Invited organisations that answered no enjeu themselves (favorable-by-silence included). */
  nonResponders: ReportOrganisation[];
  /** The follow-up of each réserve, défavorable or comment; empty until it is recorded. */
  followups: ReportFollowupRow[];
}

export interface ReportOrganisation {
  id: string;
  code: string;
  name: string;
  kind: OrganisationKind;
  /** « Commune », « Centre social »… */
  kindLabel: string;
  /** The commune's name (or its INSEE code when unknown), '' when none. */
  commune: string;
}

export interface ReportEnjeu {
  id: string;
  position: number;
  title: string;
  counts: Record<AvisChoice, number>;
  /** avis given, explicit or by silence */
  answered: number;
  /** favorable avis by silence (in counts.favorable and answered) */
  implicit: number;
  invited: number;
  /** One row per avis, organisations by code. */
  rows: ReportAvisRow[];
  /** Invited organisations without an avis on this enjeu. */
  missing: ReportOrganisation[];
}

export interface ReportAvisRow {
  organisation: ReportOrganisation;
  avis: AvisChoice;
  /** « Favorable avec réserves »… */
  avisLabel: string;
  comment: string | null;
  /** Who gave it: the member, the e-mail contact, or for a proxy the pilot who typed it in; '' for silence. */
  givenBy: string;
  /** For a proxy: the organisation the Caf recorded it for; '' otherwise. */
  onBehalfOf: string;
  channel: AvisChannel;
  /** How it came in (« Slack », « courrier ou mail, saisi par la Caf »…). */
  channelLabel: string;
  /** For a proxy, the document it came in (« courrier du 3 décembre »); '' otherwise. */
  source: string;
  castAt: Date;
  /** favorable by silence (no answer, silence vaut avis favorable) */
  silent: boolean;
  /** recorded by the Caf on the organisation's behalf */
  proxy: boolean;
}

/** One line of the follow-up table (« tableau de prise en compte des avis »). */
export interface ReportFollowupRow {
  enjeu: { position: number; title: string };
  organisation: { code: string; name: string };
  avis: AvisChoice;
  avisLabel: string;
  comment: string | null;
  /** null while the Caf has not answered */
  response: FollowupResponse | null;
  justification: string;
  /** The enjeu of a later draft version it is linked to, if any. */
  nextEnjeu: { version: number; position: number; title: string } | null;
}

/**
 * Who gave a proxy avis and from what document: the label is written by recordProxyAvis as
 * « <pilot> pour <organisation> (<source>) ».
 */
function proxyParts(label: string, orgName: string): { by: string; source: string } {
  const marker = ` pour ${orgName} (`;
  const i = label.indexOf(marker);
  if (i >= 0 && label.endsWith(')')) {
    return { by: label.slice(0, i), source: label.slice(i + marker.length, -1) };
  }
  return { by: '', source: label };
}

/** Builds the report of a round (`round`: its number or id) of the tenant. */
export async function buildRoundReport(
  deps: AppDeps,
  o: { tenantId: string; round: string },
): Promise<RoundReport> {
  const ref = await findRound(deps.db, o.tenantId, o.round);
  const loaded = await roundForReport(deps.db, o.tenantId, ref.id);
  if (!loaded) throw new DomainError('ROUND_NOT_FOUND', { ref: o.round });
  const round = consultationOf(loaded.round);
  const { communes } = loaded;
  const avis = await avisForReport(deps.db, round.id);

  const organisations: ReportOrganisation[] = round.invitations
    .map(({ organisation: org }) => ({
      id: org.id,
      code: org.code,
      name: org.name,
      kind: org.kind,
      kindLabel: ORGANISATION_KIND_SINGULAR[org.kind],
      commune: org.communeInsee ? (communes.get(org.communeInsee) ?? org.communeInsee) : '',
    }))
    .sort((a, b) => a.code.localeCompare(b.code));
  const enjeux = round.draftVersion.enjeux;

  const t: RoundTally = tally({
    enjeux: enjeux.map((e) => ({ id: e.id, position: e.position, title: e.title })),
    invited: organisations,
    avis: avis.map((a) => ({ ...a, implicit: a.channel === 'implicit' })),
  });

  const byKey = new Map(avis.map((a) => [`${a.enjeuId}|${a.organisationId}`, a]));
  const answeredThemselves = new Set(
    avis.filter((a) => a.channel !== 'implicit').map((a) => a.organisationId),
  );
  const reportEnjeux: ReportEnjeu[] = enjeux.map((e, i) => {
    const et = t.enjeux[i]!;
    const rows: ReportAvisRow[] = [];
    const missing: ReportOrganisation[] = [];
    for (const org of organisations) {
      const a = byKey.get(`${e.id}|${org.id}`);
      if (!a) {
        missing.push(org);
        continue;
      }
      const proxy = a.channel === 'proxy';
      const silent = a.channel === 'implicit';
      const parts = proxy ? proxyParts(a.castByLabel ?? '', org.name) : null;
      rows.push({
        organisation: org,
        avis: a.choice,
        avisLabel: AVIS_LABELS[a.choice].fr,
        comment: a.comment,
        givenBy: silent
          ? ''
          : (a.castBy?.displayName ?? (parts ? parts.by : (a.castByLabel ?? ''))),
        onBehalfOf: proxy ? org.name : '',
        channel: a.channel,
        channelLabel: AVIS_CHANNEL_LABELS[a.channel] ?? a.channel,
        source: parts?.source ?? '',
        castAt: a.castAt,
        silent,
        proxy,
      });
    }
    return {
      id: e.id,
      position: e.position,
      title: e.title,
      counts: et.counts,
      answered: et.answered,
      implicit: et.implicit,
      invited: et.invited,
      rows,
      missing,
    };
  });

  return {
    generatedAt: deps.now(),
    timezone: round.tenant.timezone,
    tenant: { code: round.tenant.code, name: round.tenant.name },
    round: {
      id: round.id,
      number: round.number,
      status: round.status,
      statusLabel: ROUND_STATUS_LABELS[round.status],
      createdAt: round.createdAt,
      openedAt: round.openedAt,
      deadline: round.deadline,
      closedAt: round.closedAt,
    },
    draft: {
      title: round.draftVersion.title,
      version: round.draftVersion.version,
      period: round.draftVersion.schema.period,
    },
    options: {
      silenceMeansFavorable: round.silenceMeansFavorable,
      resultsVisibility: round.resultsVisibility,
      reminderSchedule: Array.isArray(round.reminderSchedule)
        ? (round.reminderSchedule as unknown[]).map(String)
        : [],
    },
    participation: {
      invited: t.invited,
      complete: t.complete,
      answered: answeredThemselves.size,
      bySilence: t.bySilence.length,
      partlyBySilence: t.partlyBySilence.length,
    },
    organisations,
    enjeux: reportEnjeux,
    nonResponders: organisations.filter((org) => !answeredThemselves.has(org.id)),
    followups: await reportFollowups(deps, o),
  };
}

/** The follow-up table of the round: every avis that calls for one, answered or not. */
async function reportFollowups(
  deps: AppDeps,
  o: { tenantId: string; round: string },
): Promise<ReportFollowupRow[]> {
  const { items } = await listRoundFollowups(deps, o);
  return items.map((i) => ({
    enjeu: { position: i.enjeu.position, title: i.enjeu.title },
    organisation: i.organisation,
    avis: i.choice,
    avisLabel: AVIS_LABELS[i.choice].fr,
    comment: i.comment,
    response: i.followup?.response ?? null,
    justification: i.followup?.justification ?? '',
    nextEnjeu: i.followup?.nextEnjeu
      ? {
          version: i.followup.nextEnjeu.version,
          position: i.followup.nextEnjeu.position,
          title: i.followup.nextEnjeu.title,
        }
      : null,
  }));
}
