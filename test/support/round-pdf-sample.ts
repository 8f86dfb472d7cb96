import type { RoundPdfInput } from '../../src/reports/round-pdf-input';
import { AVIS_CHOICES } from '../../src/domain/types';

/**
 * A large round for the PDF synthesis: `organisations` organisations, `enjeux` enjeux, every
 * organisation answering every enjeu with a comment of about 300 characters (the benchmark's
 * shape: 150 × 5).
 */
export function largeRoundPdfInput(organisations = 150, enjeux = 5): RoundPdfInput {
  const orgs = Array.from({ length: organisations }, (_, i) => ({
    code: `ORG${String(i + 1).padStart(3, '0')}`,
    name: `${i % 3 === 0 ? 'Centre social' : i % 3 === 1 ? 'Mairie de' : 'EVS'} Organisation ${i + 1}`,
    kind: i % 3 === 0 ? 'Centre social' : i % 3 === 1 ? 'Commune' : 'Espace de vie sociale',
    commune: `Commune ${i % 47}`,
    answered: 'all' as const,
    bySilence: false,
  }));
  const comment =
    'Nous partageons le diagnostic ; cependant l’accueil des familles monoparentales « en soirée » ' +
    'reste insuffisant dans notre quartier et nous demandons un financement dédié (coût estimé : ' +
    '12 000 €) ainsi qu’un calendrier précis de mise en œuvre avant la fin de l’année.';
  return {
    generatedAt: new Date('2026-12-10T08:30:00Z'),
    tenant: { name: 'Caf du Val-de-Marne', timezone: 'Europe/Paris' },
    round: {
      number: 7,
      status: 'closed',
      openedAt: new Date('2026-11-02T08:00:00Z'),
      deadline: new Date('2026-12-01T17:00:00Z'),
      closedAt: new Date('2026-12-01T17:00:00Z'),
      silenceMeansFavorable: false,
    },
    draft: {
      schemaTitle: 'Schéma directeur de l’animation de la vie sociale',
      title: 'Projet de schéma AVS 2026-2030',
      version: 2,
      period: '2026-2030',
    },
    organisations: orgs,
    enjeux: Array.from({ length: enjeux }, (_, e) => {
      const avis = orgs.map((o, i) => ({
        organisation: o.name,
        kind: o.kind,
        commune: o.commune,
        avis: AVIS_CHOICES[(i + e) % 4]!,
        comment: `${comment} (${o.code})`,
        givenBy: `Personne ${i + 1}`,
        onBehalfOf: null,
        source: 'Slack',
        date: new Date(Date.UTC(2026, 10, 3 + (i % 20), 9 + (i % 8), i % 60)),
        silent: false,
        proxy: false,
      }));
      const counts = Object.fromEntries(
        AVIS_CHOICES.map((c) => [c, avis.filter((a) => a.avis === c).length]),
      ) as RoundPdfInput['enjeux'][number]['counts'];
      return {
        position: e + 1,
        title: `Enjeu numéro ${e + 1} du schéma`,
        counts,
        silence: 0,
        noAnswer: 0,
        avis,
        missing: [],
      };
    }),
    nonResponders: [],
    followups: orgs.slice(0, 40).map((o, i) => ({
      organisation: o.name,
      enjeu: `${(i % enjeux) + 1}. Enjeu numéro ${(i % enjeux) + 1} du schéma`,
      avis: 'favorable_avec_reserves' as const,
      response: 'partiellement_retenue' as const,
      justification:
        'La réserve est prise en compte dans la fiche action 4 de la version suivante.',
      laterEnjeu: `v3 — ${(i % enjeux) + 1}`,
    })),
  };
}
