import { diffDrafts } from '../domain/draft-diff';
import { DomainError } from '../domain/errors';
import { formatDeadline } from '../domain/round-schedule';
import type { AvisInput } from '../domain/avis';
import type { AvisChoice, Locale } from '../domain/types';
import { ballotReceiptMessage } from '../domain/round-messages';
import { randomUUID } from 'node:crypto';
import { contactById, contactForBallot } from '../store/contacts';
import { verifyBallotLink, signBallotLink } from './ballot-links';
import { castAvisByLink, organisationProgress } from './cast-avis';
import { createDeliveries, type NewDelivery } from './deliveries';
import { createBatcher, type Batcher } from '../store/batch';
import type { AppDeps } from './deps';
import { earlierFollowupsOf, type EarlierFollowups } from './list-followups';
import { loadRoundContext } from './lookup';

/**
 * The web ballot's use cases: what a contact's personal link opens (the draft enjeu by enjeu,
 * what changed since the version the organisation last answered, its current avis) and the
 * submission, stored by the same vote as Slack and Teams (same rules, same field errors, same
 * history: « Mme Durand (direction@…) pour Centre social … »).
 */
export interface BallotEnjeu {
  id: string;
  position: number;
  title: string;
  body: string;
  /** Since the version the organisation last answered (none: first answer). */
  change?: 'added' | 'changed' | 'unchanged';
  current?: { choice: AvisChoice; comment: string | null };
}

export interface BallotView {
  roundId: string;
  roundNumber: number;
  draftTitle: string;
  version: number;
  period: string;
  deadline: string;
  organisation: { code: string; name: string };
  contact: { email: string; name: string | null };
  enjeux: BallotEnjeu[];
  /** The version the organisation last answered, when it is an earlier one. */
  answeredVersion: number | null;
  /** Enjeux of that version that are gone. */
  removed: string[];
  answered: number;
  silenceMeansFavorable: boolean;
  /**
   * How the Caf handled the organisation's réserves, défavorables and comments in the latest
   * closed round on an earlier version (shown next to the diff); null when there were none.
   */
  followups: EarlierFollowups | null;
}

/** The link's contact, round and organisation, or the refusal the page shows. */
async function resolveLink(deps: AppDeps, key: Buffer, token: string) {
  const claims = verifyBallotLink(key, token);
  if (!claims) throw invalidLink();
  const contact = await deps.db.contact.findUnique({
    where: { id: claims.contactId },
    include: { organisation: true },
  });
  if (!contact) throw new DomainError('BALLOT_LINK_INVALID');
  if (!contact.active || contact.linkGeneration !== claims.generation)
    throw new DomainError('BALLOT_LINK_REVOKED');
  const round = await loadRoundContext(deps.db, contact.tenantId, claims.roundId).catch(() => {
    throw new DomainError('BALLOT_LINK_INVALID');
  });
  if (!round.invitations.some((i) => i.organisationId === contact.organisationId))
    throw new DomainError('BALLOT_NOT_INVITED', { organisation: contact.organisation.name });
  const deadline = formatDeadline(round.deadline, 'fr', round.tenant.timezone);
  if (round.status === 'cancelled')
    throw new DomainError('BALLOT_ROUND_CLOSED', { number: round.number, cancelled: true });
  if (round.status !== 'open' || round.deadline.getTime() <= deps.now().getTime())
    throw new DomainError('BALLOT_ROUND_CLOSED', { number: round.number, deadline });
  return { contact, round, deadline };
}

export async function openBallot(
  deps: AppDeps,
  o: { key: Buffer; token: string },
): Promise<BallotView> {
  const { contact, round, deadline } = await resolveLink(deps, o.key, o.token);
  const progress = await organisationProgress(deps.db, round, contact.organisationId);
  const current = new Map(progress.answered.map((a) => [a.enjeuId, a]));
  // The latest earlier version of this schéma the organisation answered.
  const earlier = await deps.db.avis.findFirst({
    where: {
      organisationId: contact.organisationId,
      round: {
        draftVersion: {
          schemaId: round.draftVersion.schemaId,
          version: { lt: round.draftVersion.version },
        },
      },
    },
    orderBy: { round: { draftVersion: { version: 'desc' } } },
    select: {
      round: {
        select: {
          draftVersion: {
            select: { version: true, enjeux: { orderBy: { position: 'asc' } } },
          },
        },
      },
    },
  });
  const before = earlier?.round.draftVersion;
  const followups = await earlierFollowupsOf(deps.db, round, contact.organisationId);
  const changes = before ? diffDrafts(before.enjeux, round.draftVersion.enjeux) : [];
  const byTitle = new Map(
    changes.filter((c) => c.kind !== 'removed').map((c) => [c.title.toLowerCase(), c.kind]),
  );
  return {
    roundId: round.id,
    roundNumber: round.number,
    draftTitle: round.draftVersion.title,
    version: round.draftVersion.version,
    period: round.draftVersion.schema.period,
    deadline,
    organisation: { code: contact.organisation.code, name: contact.organisation.name },
    contact: { email: contact.email, name: contact.name },
    enjeux: round.draftVersion.enjeux.map((e) => {
      const c = current.get(e.id);
      const change = byTitle.get(e.title.toLowerCase());
      return {
        id: e.id,
        position: e.position,
        title: e.title,
        body: e.body,
        ...(change ? { change } : {}),
        ...(c ? { current: { choice: c.choice, comment: c.comment ?? null } } : {}),
      };
    }),
    answeredVersion: before?.version ?? null,
    removed: changes.filter((c) => c.kind === 'removed').map((c) => c.title),
    answered: progress.answered.length,
    silenceMeansFavorable: round.silenceMeansFavorable,
    followups,
  };
}

/**
 * Stores the contact's avis (the enjeux it filled in) and sends it a receipt by e-mail. Field
 * errors come back as ValidationErrors, under `<enjeuId>.choice` / `<enjeuId>.comment`.
 *
 * The hot path of the web ballot, kept to three statements: the contact with its organisation
 * and e-mail destination (one query: the link's generation is checked on every submission, so
 * a revoked link stops at once), the vote (the same single-statement function as Slack's,
 * which takes the round's lock and checks its state, deadline and invitation), and the receipt's
 * insert. The round's state is not read beforehand: the vote's own checks refuse a closed or
 * cancelled round, with the domain's words.
 */
export async function submitBallot(
  deps: AppDeps,
  o: { key: Buffer; token: string; votes: AvisInput[]; locale?: Locale },
) {
  const claims = verifyBallotLink(o.key, o.token);
  if (!claims) throw invalidLink();
  const cast = await castAvisByLink(deps, {
    contactId: claims.contactId,
    generation: claims.generation,
    roundId: claims.roundId,
    votes: o.votes,
    ...(o.locale ? { locale: o.locale } : {}),
  });
  if (!cast) {
    // Off the hot path: say why the link's contact was not found.
    const c = await contactForBallot(deps.db, claims.contactId);
    if (c && (!c.active || c.linkGeneration !== claims.generation)) throw revokedLink();
    throw invalidLink();
  }
  const { contact, ...result } = cast;
  const who = contact.name ? `${contact.name} (${contact.email})` : contact.email;
  if (contact.destinationId) {
    const round = result.round;
    const titles = new Map(round.draftVersion.enjeux.map((e) => [e.id, e.title]));
    const receipt = ballotReceiptMessage({
      locale: 'fr',
      number: round.number,
      roundId: round.id,
      who,
      organisation: contact.organisationName,
      draftTitle: round.draftVersion.title,
      version: round.draftVersion.version,
      avis: result.saved.map((a) => {
        const comment = o.votes.find((v) => v.enjeuId === a.enjeuId)?.comment?.trim();
        return {
          enjeuTitle: titles.get(a.enjeuId) ?? '',
          choice: a.choice,
          ...(comment ? { comment } : {}),
        };
      }),
    });
    await receiptsOf(deps).run({
      tenantId: contact.tenantId,
      delivery: {
        destinationId: contact.destinationId,
        dedupeKey: `round:${round.id}:receipt:${claims.contactId}:${randomUUID()}`,
        kind: 'avis.receipt',
        payload: receipt,
      },
    });
  }
  return { ...result, contact };
}

/**
 * Receipts of submissions arriving together share one INSERT and one enqueue (the ballot's
 * busiest minutes are a round's last hours): per deps, i.e. per process.
 */
const receiptBatchers = new WeakMap<
  AppDeps,
  Batcher<{ tenantId: string; delivery: NewDelivery }, void>
>();
function receiptsOf(deps: AppDeps) {
  let b = receiptBatchers.get(deps);
  if (!b) {
    b = createBatcher({
      exec: async (items) => {
        const ids: string[] = [];
        const byTenant = new Map<string, NewDelivery[]>();
        for (const i of items)
          byTenant.set(i.tenantId, [...(byTenant.get(i.tenantId) ?? []), i.delivery]);
        // One statement per Caf: atomic without a transaction.
        for (const [tenantId, list] of byTenant)
          ids.push(...(await createDeliveries(deps.db, tenantId, list)));
        await deps.outbox.deliveriesCreated(ids);
        return items.map(() => undefined);
      },
      maxSize: 200,
      maxInFlight: 2,
    });
    receiptBatchers.set(deps, b);
  }
  return b;
}

const invalidLink = () => new DomainError('BALLOT_LINK_INVALID', { hint: true });
const revokedLink = () => new DomainError('BALLOT_LINK_REVOKED');

/** The personal link of a contact for a round (the e-mail notifier asks for it at send time). */
export async function ballotUrlFor(
  deps: AppDeps,
  o: { key: Buffer; publicUrl: string; contactId: string; roundId: string },
): Promise<string | undefined> {
  const contact = await contactById(deps.db, undefined, o.contactId);
  if (!contact || !contact.active) return undefined;
  const token = signBallotLink(o.key, {
    contactId: contact.id,
    roundId: o.roundId,
    generation: contact.linkGeneration,
  });
  return `${o.publicUrl.replace(/\/$/, '')}/vote/${token}`;
}
