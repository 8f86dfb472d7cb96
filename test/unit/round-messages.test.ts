import { closeSummary } from '../../src/app/close-round';
import {
  answeredEverything,
  ballotReceiptMessage,
  enjeuAnswers,
  pastRemindersText,
  resultsMessage,
  statusMessage,
} from '../../src/domain/round-messages';
import { tally } from '../../src/domain/tally';

describe('round messages: agreement of numbers', () => {
  it('agrees the French verb and noun with the count', () => {
    expect(answeredEverything(1, 1, 'fr')).toBe(
      '1 organisation sur 1 a répondu à tous les enjeux.',
    );
    expect(answeredEverything(0, 3, 'fr')).toBe(
      '0 organisation sur 3 a répondu à tous les enjeux.',
    );
    expect(answeredEverything(2, 4, 'fr')).toBe(
      '2 organisations sur 4 ont répondu à tous les enjeux.',
    );
  });

  it('agrees the English noun with the total', () => {
    expect(answeredEverything(1, 1, 'en')).toBe('1 of 1 organisation answered every issue.');
    expect(answeredEverything(2, 4, 'en')).toBe('2 of 4 organisations answered every issue.');
  });

  it('says it right in the pilot summary after « clore »', () => {
    expect(closeSummary(3, { alreadyClosed: false, tally: { complete: 1, invited: 1 } })).toBe(
      'Consultation n° 3 close : 1 organisation sur 1 a répondu à tous les enjeux. Les résultats sont envoyés aux pilotes et aux organisations.',
    );
  });

  it('says it in English too (concerto with CONCERTO_LOCALE=en), French by default', () => {
    const consultation = { alreadyClosed: false, tally: { complete: 2, invited: 4 } };
    expect(closeSummary(3, consultation, 'en')).toBe(
      'Consultation no. 3 closed: 2 of 4 organisations answered every issue. The results are sent to the pilots and to the organisations.',
    );
    expect(closeSummary(3, { ...consultation, alreadyClosed: true }, 'en')).toBe(
      'Consultation no. 3 was already closed.',
    );
    const survey = {
      alreadyClosed: false,
      figures: { participation: { invited: 5, started: 3, finished: 1 } },
    };
    expect(closeSummary(7, survey)).toBe(
      'Évaluation n° 7 close : 1 organisation sur 5 a terminé la grille, 2 en brouillon. Les résultats sont envoyés aux pilotes et aux organisations.',
    );
    expect(closeSummary(7, survey, 'en')).toBe(
      'Evaluation no. 7 closed: 1 organisation of 5 has finished the grid, 2 in draft. The results are sent to the pilots and to the organisations.',
    );
    const perPerson = {
      alreadyClosed: false,
      figures: { participation: { invited: null, started: 4, finished: 4 } },
    };
    expect(closeSummary(8, perPerson, 'en')).toBe(
      'Evaluation no. 8 closed: 4 participants have finished the grid, 0 in draft. The results are sent to the pilots.',
    );
  });
});

describe('round messages: favorable by silence is counted and labelled as such', () => {
  const header = {
    id: 'r1',
    number: 4,
    deadline: new Date('2026-12-12T17:00:00Z'),
    draftTitle: 'Schéma 2026-2029',
    version: 2,
    period: '2026-2029',
    timezone: 'Europe/Paris',
    silenceMeansFavorable: true,
  };
  const enjeux = [
    { id: 'e1', position: 1, title: 'Politique' },
    { id: 'e2', position: 2, title: 'Pilotage' },
  ];
  const invited = [
    { id: 'o1', code: 'CD94', name: 'Conseil départemental' },
    { id: 'o2', code: 'MSA', name: 'MSA' },
    { id: 'o3', code: 'UDAF', name: 'Udaf' },
    { id: 'o4', code: 'VILLE', name: 'Ville' },
  ];
  // o1 and o2 answered everything; o3 and o4 did not answer: favorable by silence at close.
  const closed = tally({
    enjeux,
    invited,
    avis: [
      ...['e1', 'e2'].flatMap((enjeuId) =>
        ['o1', 'o2'].map((organisationId) => ({
          enjeuId,
          organisationId,
          choice: 'defavorable' as const,
        })),
      ),
      ...['e1', 'e2'].flatMap((enjeuId) =>
        ['o3', 'o4'].map((organisationId) => ({
          enjeuId,
          organisationId,
          choice: 'favorable' as const,
          implicit: true,
        })),
      ),
    ],
  });

  it('does not count an organisation favorable by silence as having answered', () => {
    expect(closed.complete).toBe(2);
    expect(closed.bySilence.map((o) => o.code)).toEqual(['UDAF', 'VILLE']);
    expect(closed.partlyBySilence).toEqual([]);
    expect(closed.enjeux[0]!.bySilence.map((o) => o.code)).toEqual(['UDAF', 'VILLE']);
  });

  it('says « 2 ont répondu, 2 favorables par silence » in the results and the status', () => {
    const results = resultsMessage({ round: header, tally: closed, locale: 'fr' });
    expect(results.text[0]).toBe(
      '2 organisations sur 4 ont répondu à tous les enjeux, 2 favorables par silence.',
    );
    expect(results.fallback).not.toContain('4/4');
    expect(results.fields).toContainEqual({
      label: 'Participation',
      value: '2/4, 2 favorables par silence',
    });
    expect(results.sections[0]!.text).toContain('2/4 ont répondu, 2 favorables par silence');
    // Partners are not told who was silent; the pilots are.
    expect(results.fallback).not.toContain('Udaf');
    const pilot = resultsMessage({ round: header, tally: closed, locale: 'fr', showMissing: true });
    expect(pilot.sections[0]!.text).toContain('Favorables par silence : Udaf, Ville');
    const status = statusMessage({ round: header, status: 'closed', tally: closed, locale: 'fr' });
    expect(status.text[0]).toBe(results.text[0]);
    expect(status.fallback).toContain('2/4, 2 favorables par silence');
    const en = resultsMessage({ round: header, tally: closed, locale: 'en' });
    expect(en.text[0]).toBe('2 of 4 organisations answered every issue, 2 in favour by silence.');
  });

  it('tells apart an organisation that answered in part, the rest by silence', () => {
    const partly = tally({
      enjeux,
      invited: invited.slice(0, 2),
      avis: [
        { enjeuId: 'e1', organisationId: 'o1', choice: 'favorable' },
        { enjeuId: 'e2', organisationId: 'o1', choice: 'favorable' },
        { enjeuId: 'e1', organisationId: 'o2', choice: 'defavorable' },
        { enjeuId: 'e2', organisationId: 'o2', choice: 'favorable', implicit: true },
      ],
    });
    expect(partly.complete).toBe(1);
    expect(partly.partlyBySilence.map((o) => o.code)).toEqual(['MSA']);
    expect(answeredEverything(1, 2, 'fr', { bySilence: 1, partly: 1 })).toBe(
      '1 organisation sur 2 a répondu à tous les enjeux, 1 favorable par silence (dont 1 en partie).',
    );
  });
});

describe('round messages: one enjeu in words', () => {
  it('agrees and labels silence', () => {
    expect(enjeuAnswers({ answered: 1, implicit: 0, invited: 2 }, 'fr')).toBe('1 réponse sur 2');
    expect(enjeuAnswers({ answered: 4, implicit: 2, invited: 4 }, 'fr')).toBe(
      '2 réponses sur 4, 2 favorables par silence',
    );
    expect(enjeuAnswers({ answered: 1, implicit: 1, invited: 2 }, 'en')).toBe(
      '0 answers of 2, 1 in favour by silence',
    );
  });
});

describe('round messages: reminders that fall in the past at launch', () => {
  const tz = 'Europe/Paris';
  it('names them, in French with the verb agreed, and in English', () => {
    expect(pastRemindersText([], 'fr', tz)).toBeUndefined();
    expect(
      pastRemindersText([{ spec: 'P7D', dueAt: new Date('2026-12-04T17:00:00Z') }], 'fr', tz),
    ).toBe(
      'Le rappel « 7 jours avant » (4 décembre à 18:00) tombe dans le passé : il n’est pas programmé.',
    );
    const two = [
      { spec: 'P1D', dueAt: new Date('2026-12-10T17:00:00Z') },
      { spec: 'morning', dueAt: new Date('2026-12-11T08:00:00Z') },
    ];
    expect(pastRemindersText(two, 'fr', tz)).toBe(
      'Les rappels « 1 jour avant » (10 décembre à 18:00) et « le matin même » (11 décembre à 09:00) tombent dans le passé : ils ne sont pas programmés.',
    );
    expect(pastRemindersText(two, 'en', tz)).toBe(
      'The reminders “1 day before” (10 December at 18:00) and “that morning” (11 December at 09:00) fall in the past: they are not scheduled.',
    );
  });
});

describe('the web ballot’s receipt', () => {
  const base = {
    number: 3,
    roundId: 'r-1',
    who: 'Mme Durand (direction@cs-vitry.example)',
    organisation: 'Centre social de Vitry',
    draftTitle: 'Schéma directeur AVS',
    version: 2,
  };
  it('says who gave the avis, on how many enjeux, each with its comment, in French', () => {
    const m = ballotReceiptMessage({
      ...base,
      locale: 'fr',
      avis: [
        {
          enjeuTitle: '1. Pilotage',
          choice: 'favorable_avec_reserves',
          comment: 'Préciser le calendrier',
        },
      ],
    });
    expect(m.title).toBe('Avis enregistré — consultation n° 3');
    expect(m.text[0]).toBe(
      "Mme Durand (direction@cs-vitry.example) a donné l'avis de Centre social de Vitry sur 1 enjeu du projet « Schéma directeur AVS » (version 2).",
    );
    expect(m.sections).toEqual([
      { title: '1. Pilotage', text: 'Favorable avec réserves — Préciser le calendrier' },
    ]);
    expect(m.actions).toEqual([
      { type: 'avis.open', label: 'Revoir ou modifier nos avis', roundId: 'r-1' },
    ]);
  });
  it('in English, with the number agreed', () => {
    const m = ballotReceiptMessage({
      ...base,
      locale: 'en',
      avis: [
        { enjeuTitle: 'A', choice: 'favorable' },
        { enjeuTitle: 'B', choice: 'abstention' },
      ],
    });
    expect(m.title).toBe('Avis recorded — consultation no. 3');
    expect(m.text[0]).toContain('on 2 enjeux of the draft "Schéma directeur AVS"');
  });
});
