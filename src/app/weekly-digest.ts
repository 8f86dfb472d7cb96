import { AGREMENT_KIND_LABELS } from '../domain/agrement-messages';
import { formatDateFr, localDate } from '../domain/calendar';
import { withFallback, type NeutralMessage, type NeutralSection } from '../domain/messages';
import { organisationsAnsweredEverything } from '../domain/round-messages';
import { agrementsEndingWithin } from './list-agrements-ending';
import type { AgrementKind, Locale } from '../domain/types';
import { audit } from './audit';
import { createDeliveries, pilotDestinations } from './deliveries';
import type { Actor, AppDeps } from './deps';
import { loadRoundContext } from './lookup';
import { isoDate } from './plan-agrement-reminders';
import { roundTally } from './round-view';

export interface DigestRound {
  number: number;
  title: string;
  deadline: string;
  complete: number;
  invited: number;
}
export interface DigestAgrement {
  structureName: string;
  kind: AgrementKind;
  endDate: string;
}

/** The pilots' Monday digest: open rounds with their participation, agréments ending soon. Pure. */
export function weeklyDigestMessage(o: {
  rounds: DigestRound[];
  agrements: DigestAgrement[];
  locale: Locale;
}): NeutralMessage {
  const fr = o.locale === 'fr';
  const sections: NeutralSection[] = [
    {
      title: fr
        ? `Consultations ouvertes (${o.rounds.length})`
        : `Open consultations (${o.rounds.length})`,
      text:
        o.rounds
          .map((r) =>
            fr
              ? `n° ${r.number} ${r.title} : ${organisationsAnsweredEverything(r.complete, r.invited, 'fr')}, date limite ${r.deadline}`
              : `#${r.number} ${r.title}: ${organisationsAnsweredEverything(r.complete, r.invited, 'en')}, deadline ${r.deadline}`,
          )
          .join('\n') || (fr ? 'Aucune.' : 'None.'),
    },
    {
      title: fr
        ? `Agréments se terminant dans les 6 mois (${o.agrements.length})`
        : `Agréments ending within 6 months (${o.agrements.length})`,
      text:
        o.agrements
          .map(
            (a) =>
              `${a.structureName} — ${AGREMENT_KIND_LABELS[a.kind][o.locale]} — ${fr ? 'fin le' : 'ends'} ${formatDateFr(a.endDate)}`,
          )
          .join('\n') || (fr ? 'Aucun.' : 'None.'),
    },
  ];
  return withFallback({
    kind: 'digest.weekly',
    locale: o.locale,
    title: fr ? 'Concerto : le point de la semaine' : 'Concerto: the week ahead',
    text: [],
    fields: [],
    sections,
    actions: [],
  });
}

/**
 * Sends the weekly digest of every tenant (or one) to its pilots' destinations, once per tenant
 * and local date (deduplicated: a scheduler firing twice sends it once).
 */
export async function sendWeeklyDigest(deps: AppDeps, o: { tenantId?: string; actor: Actor }) {
  const now = deps.now();
  const tenants = await deps.db.tenant.findMany({ where: o.tenantId ? { id: o.tenantId } : {} });
  const deliveryIds: string[] = [];
  for (const tenant of tenants) {
    const ids = await deps.db.$transaction(async (tx) => {
      const pilots = await pilotDestinations(tx, tenant.id);
      if (pilots.length === 0) return [];
      const today = localDate(now, tenant.timezone);
      const open = await tx.round.findMany({
        where: { tenantId: tenant.id, status: 'open' },
        orderBy: { deadline: 'asc' },
      });
      const rounds: DigestRound[] = [];
      for (const r of open) {
        const ctx = await loadRoundContext(tx, tenant.id, r.id);
        const t = await roundTally(tx, ctx);
        rounds.push({
          number: r.number,
          title: ctx.draftVersion.title,
          deadline: formatDateFr(localDate(r.deadline, tenant.timezone)),
          complete: t.complete,
          invited: t.invited,
        });
      }
      const ending = await agrementsEndingWithin(tx, {
        tenantId: tenant.id,
        timezone: tenant.timezone,
        now,
        months: 6,
      });
      const payload = weeklyDigestMessage({
        rounds,
        agrements: ending.map((a) => ({
          structureName: a.organisation.name,
          kind: a.kind,
          endDate: isoDate(a.endDate),
        })),
        locale: 'fr',
      });
      const created = await createDeliveries(
        tx,
        tenant.id,
        pilots.map((d) => ({
          destinationId: d.id,
          dedupeKey: `digest:${tenant.id}:${today}:${d.id}`,
          kind: 'digest.weekly',
          payload,
        })),
      );
      await audit(tx, {
        tenantId: tenant.id,
        actor: o.actor,
        action: 'digest.sent',
        subjectType: 'tenant',
        subjectId: tenant.id,
        data: { rounds: rounds.length, agrements: ending.length, deliveries: created.length },
      });
      return created;
    });
    deliveryIds.push(...ids);
  }
  await deps.outbox.deliveriesCreated(deliveryIds);
  return { tenants: tenants.length, deliveryIds };
}
