import { DomainError } from '../domain/errors';
import { AVIS_CHANNEL_LABELS } from '../domain/avis';
import { AVIS_LABELS } from '../domain/avis';
import { count } from '../domain/format';
import { silenceCount } from '../domain/round-messages';
import { formatDeadline } from '../domain/round-schedule';
import { AVIS_CHOICES } from '../domain/types';
import { toCsv } from './csv';
import type { AppDeps } from './deps';
import { findRound, loadRoundContext } from './lookup';
import { roundTally } from './round-view';

/** Markdown special characters in user text are escaped so a comment cannot restructure the synthesis. */
function md(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-!|<>])/g, '\\$1');
}

/**
 * The results of a round: a CSV with one line per organisation and enjeu (every invited
 * organisation appears, with an empty avis when it did not answer), and a Markdown synthesis per
 * enjeu (counts, the reasons of every défavorable and réserve, who did not answer).
 */
export async function exportRound(deps: AppDeps, o: { tenantId: string; round: string }) {
  const ref = await findRound(deps.db, o.tenantId, o.round);
  const round = await loadRoundContext(deps.db, o.tenantId, ref.id);
  // A round never launched, or cancelled, has no results: not written as if it had closed.
  if (round.status === 'draft' || round.status === 'cancelled') {
    throw new DomainError('ROUND_EXPORT_NOT_HELD', { number: round.number, status: round.status });
  }
  const tally = await roundTally(deps.db, round);
  const avis = await deps.db.avis.findMany({
    where: { roundId: round.id },
    include: { castBy: true },
  });
  const byKey = new Map(avis.map((a) => [`${a.enjeuId}|${a.organisationId}`, a]));
  const orgs = round.invitations
    .map((i) => i.organisation)
    .sort((a, b) => a.code.localeCompare(b.code));
  const tz = round.tenant.timezone;
  const silence = silenceCount(tally);

  const rows: (string | number | null)[][] = [];
  for (const e of round.draftVersion.enjeux) {
    for (const org of orgs) {
      const a = byKey.get(`${e.id}|${org.id}`);
      rows.push([
        e.position,
        e.title,
        org.code,
        org.name,
        a ? AVIS_LABELS[a.choice].fr : '',
        a?.comment ?? '',
        a ? (a.castBy?.displayName ?? a.castByLabel ?? '') : '',
        a ? (AVIS_CHANNEL_LABELS[a.channel] ?? a.channel) : 'sans réponse',
        a ? (a.channel === 'proxy' ? 'oui' : 'non') : '',
        a ? (a.channel === 'implicit' ? 'oui' : 'non') : '',
        a ? a.castAt.toISOString() : '',
      ]);
    }
  }
  const csv = toCsv(
    [
      'enjeu_n',
      'enjeu',
      'organisation_code',
      'organisation',
      'avis',
      'commentaire',
      'donne_par',
      'canal',
      'saisi_pour_le_compte',
      'implicite',
      'date',
    ],
    rows,
  );

  const lines: string[] = [
    `# Synthèse de la consultation n° ${round.number}`,
    '',
    `**${md(round.draftVersion.title)}**, version ${round.draftVersion.version} (${md(round.draftVersion.schema.period)})`,
    '',
    `- Date limite : ${formatDeadline(round.deadline, 'fr', tz)}`,
    `- État : ${round.status === 'closed' ? 'close' : round.status === 'open' ? 'ouverte' : round.status}`,
    `- Organisations invitées : ${tally.invited} ; ayant répondu à tous les enjeux : ${tally.complete}${silence.bySilence > 0 ? ` ; favorables par silence : ${silence.bySilence}${silence.partly > 0 ? ` (dont ${silence.partly} en partie)` : ''}` : ''}`,
  ];
  if (round.silenceMeansFavorable) lines.push("- L'absence de réponse vaut avis favorable.");
  if (tally.bySilence.length > 0)
    lines.push(
      `- Organisations favorables par silence : ${tally.bySilence.map((o) => md(o.name)).join(', ')}`,
    );
  for (const e of tally.enjeux) {
    lines.push(
      '',
      `## ${e.position}. ${md(e.title)}`,
      '',
      `Réponses : ${e.answered - e.implicit} sur ${e.invited}${e.implicit > 0 ? `, ${count(e.implicit, 'fr', 'favorable', 'favorables')} par silence` : ''}`,
      '',
    );
    lines.push('| Avis | Nombre |', '| --- | ---: |');
    for (const c of AVIS_CHOICES) lines.push(`| ${AVIS_LABELS[c].fr} | ${e.counts[c]} |`);
    if (e.implicit > 0)
      lines.push(
        '',
        `Dont ${count(e.implicit, 'fr', 'avis favorable', 'avis favorables')} par absence de réponse.`,
      );
    const motivated = orgs
      .map((org) => ({ org, a: byKey.get(`${e.enjeuId}|${org.id}`) }))
      .filter((x) => x.a && x.a.comment);
    if (motivated.length > 0) {
      lines.push('', '### Avis motivés et commentaires', '');
      for (const { org, a } of motivated) {
        const proxy =
          a!.channel === 'proxy' ? ' — saisi par la Caf pour le compte de l’organisation' : '';
        lines.push(
          `- **${md(org.name)}** (${AVIS_LABELS[a!.choice].fr}${proxy}) : ${md(a!.comment!.replace(/\s+/g, ' '))}`,
        );
      }
    }
    if (e.missing.length > 0) {
      lines.push('', `Sans réponse : ${e.missing.map((m) => md(m.name)).join(', ')}.`);
    }
    if (e.bySilence.length > 0) {
      lines.push('', `Favorables par silence : ${e.bySilence.map((m) => md(m.name)).join(', ')}.`);
    }
  }
  return { round, tally, csv, markdown: lines.join('\n') + '\n' };
}
