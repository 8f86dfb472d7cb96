import type { NeutralMessage } from '../../src/domain/messages';
import { cancellationMessage, deadlineChangedMessage } from '../../src/domain/round-messages';
import * as avisFormModule from '../../src/domain/avis-form';
import {
  buildAvisCard,
  buildLaunchFormCard,
  md,
  renderMessage,
} from '../../src/adapters/teams/render';
import { launchSubjectHint, launchSubjects } from '../../src/domain/launch-subjects';
import { resultsMessage } from '../../src/domain/round-messages';
import { ENJEUX, avisModel } from './helpers';

const message = (over: Partial<NeutralMessage> = {}): NeutralMessage => ({
  kind: 'round.invitation',
  locale: 'fr',
  title: 'Consultation sur le schéma',
  text: ['Merci de donner votre avis sur [ce lien](http://evil.example) **urgent**'],
  fields: [{ label: 'Date limite', value: '14 mars' }],
  sections: [
    {
      title: '# Enjeu 1',
      text: '- élaborer une politique',
      counts: { favorable: 3, defavorable: 1 },
    },
  ],
  actions: [
    { type: 'avis.open', label: 'Donner mon avis', roundId: 'r1', style: 'primary' },
    { type: 'link', label: 'Ouvrir', url: 'https://concerto.example/r1' },
    { type: 'link', label: 'Piège', url: 'javascript:alert(1)' },
  ],
  context: 'Envoyé par Concerto',
  fallback: 'Consultation sur le schéma — date limite 14 mars',
  ...over,
});

function textBlocks(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => textBlocks(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'TextBlock') out.push(String(o.text));
    Object.values(o).forEach((v) => textBlocks(v, out));
  }
  return out;
}

describe('Teams render', () => {
  it('neutralises Markdown in user text so a link stays text', () => {
    expect(md('[x](http://evil)')).toBe('\\[x\\]\\(http://evil\\)');
    expect(md('**gras** _it_ # titre')).toBe('\\*\\*gras\\*\\* \\_it\\_ \\# titre');
    expect(md('- item\n1. premier')).toBe('\\- item\n1\\. premier');
    expect(md('Caf du Val-de-Marne : 94 %')).toBe('Caf du Val-de-Marne : 94 %');
  });

  it('renders a neutral message as an Adaptive Card 1.5 with its fallback and no link from text', () => {
    const card = renderMessage(message());
    expect(card).toMatchObject({
      type: 'AdaptiveCard',
      version: '1.5',
      fallbackText: 'Consultation sur le schéma — date limite 14 mars',
    });
    const texts = textBlocks(card.body);
    expect(texts).toContain(
      'Merci de donner votre avis sur \\[ce lien\\]\\(http://evil.example\\) \\*\\*urgent\\*\\*',
    );
    expect(texts.some((t) => /(^|[^\\])\[ce lien\]\(/.test(t))).toBe(false);
    expect(texts).toContain('Favorable : 3 · Défavorable : 1');
    expect(card.actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Donner mon avis',
        verb: 'avis.open',
        data: { roundId: 'r1' },
        style: 'positive',
      },
      { type: 'Action.OpenUrl', title: 'Ouvrir', url: 'https://concerto.example/r1' },
    ]);
  });

  it('builds the avis card: four French choices and a 4000-character comment per enjeu, pre-filled', () => {
    const card = buildAvisCard(
      avisModel({
        current: { e2: { choice: 'favorable_avec_reserves', comment: 'Sous réserve' } },
      }),
    );
    const json = JSON.stringify(card);
    const inputs = (
      card.body.filter((b) => b.type === 'Container') as { items: Record<string, unknown>[] }[]
    ).flatMap((c) => c.items);
    const choice2 = inputs.find((i) => i.id === 'avis_e2')!;
    expect((choice2.choices as { title: string }[]).map((c) => c.title)).toEqual([
      'Favorable',
      'Favorable avec réserves',
      'Défavorable',
      'Abstention',
    ]);
    expect(choice2.value).toBe('favorable_avec_reserves');
    expect(inputs.find((i) => i.id === 'comment_e2')).toMatchObject({
      type: 'Input.Text',
      isMultiline: true,
      maxLength: 4000,
      value: 'Sous réserve',
    });
    expect(inputs.find((i) => i.id === 'avis_e1')!.value).toBeUndefined();
    expect(card.actions).toEqual([
      expect.objectContaining({
        type: 'Action.Execute',
        verb: 'avis.submit',
        data: { roundId: 'round-1' },
      }),
    ]);
    expect(card.refresh?.action).toMatchObject({
      verb: 'avis.refresh',
      data: { roundId: 'round-1' },
    });
    expect(card.fallbackText).toContain('Favorable avec réserves');
    expect(json).not.toContain('organisation');
  });

  it("labels the avis card in the model's locale: English for 'en', French otherwise", () => {
    const french = {
      deadline: 'Date limite',
      choices: ['Favorable', 'Favorable avec réserves', 'Défavorable', 'Abstention'],
      labels: ["Avis sur l'enjeu 1", "Commentaire sur l'enjeu 1"],
      placeholder: 'Motivez votre avis',
      submit: 'Enregistrer mes avis',
      texts: [
        'Consultation : Schéma directeur AVS 2025-2029',
        'Modifié depuis la version précédente',
      ],
      fallback: [
        'Date limite : vendredi 14 mars 2025 à 18 h',
        'Enjeu 1 : Élaborer une politique départementale : pas de réponse',
        'Enjeu 2 : Définir un cadre politique de référence : Favorable avec réserves',
      ],
      readOnly: [
        '{"title":"Avis","value":"Pas de réponse"}',
        '{"title":"Commentaire","value":"Sous',
      ],
    };
    const cases = [
      {
        locale: 'en' as const,
        deadline: 'Deadline',
        choices: ['Favourable', 'Favourable with reservations', 'Unfavourable', 'Abstention'],
        labels: ['Avis on enjeu 1', 'Comment on enjeu 1'],
        placeholder: 'Give the reasons for your avis',
        submit: 'Save my avis',
        texts: [
          'Consultation: Schéma directeur AVS 2025-2029',
          'Changed since the previous version',
        ],
        fallback: [
          'Deadline: vendredi 14 mars 2025 à 18 h',
          'Enjeu 1: Élaborer une politique départementale: no answer',
          'Enjeu 2: Définir un cadre politique de référence: Favourable with reservations',
        ],
        readOnly: ['{"title":"Avis","value":"No answer"}', '{"title":"Comment","value":"Sous'],
      },
      { ...french, locale: 'fr' as const },
      { ...french, locale: undefined },
    ];
    for (const expected of cases) {
      const model = avisModel({
        ...(expected.locale ? { locale: expected.locale } : {}),
        enjeux: [ENJEUX[0]!, { ...ENJEUX[1]!, change: 'changed' }],
        current: { e2: { choice: 'favorable_avec_reserves', comment: 'Sous réserve' } },
      });
      const card = buildAvisCard(model);
      const inputs = (
        card.body.filter((b) => b.type === 'Container') as { items: Record<string, unknown>[] }[]
      )
        .flatMap((c) => c.items)
        .filter((i) => String(i.type).startsWith('Input.'));
      expect((inputs[0]!.choices as { title: string }[]).map((c) => c.title)).toEqual(
        expected.choices,
      );
      expect(inputs.map((i) => i.label)).toEqual([
        ...expected.labels,
        expected.labels[0]!.replace('1', '2'),
        expected.labels[1]!.replace('1', '2'),
      ]);
      expect(inputs[1]!.placeholder).toBe(expected.placeholder);
      expect(card.actions).toEqual([expect.objectContaining({ title: expected.submit })]);
      expect(textBlocks(card.body)).toEqual(expect.arrayContaining(expected.texts));
      expect(card.body[1]).toMatchObject({
        facts: [{ title: 'Version' }, { title: expected.deadline }],
      });
      for (const line of expected.fallback) expect(card.fallbackText).toContain(line);
      const readOnly = JSON.stringify(buildAvisCard({ ...model, readOnly: true }));
      for (const fact of expected.readOnly) expect(readOnly).toContain(fact);
    }
  });

  it('places errors next to their enjeu in attention colour', () => {
    const card = buildAvisCard(
      avisModel({
        errors: [
          { enjeuId: 'e2', message: 'Commentaire trop long' },
          { message: 'Erreur générale' },
        ],
      }),
    );
    const containers = card.body.filter((b) => b.type === 'Container') as {
      items: Record<string, unknown>[];
    }[];
    expect(containers[1]!.items.at(-1)).toMatchObject({
      type: 'TextBlock',
      color: 'Attention',
      text: 'Commentaire trop long',
    });
    expect(containers[0]!.items.some((i) => i.color === 'Attention')).toBe(false);
    expect(card.body.find((b) => b.color === 'Attention')).toMatchObject({
      text: 'Erreur générale',
    });
  });

  it('offers the Caf’s grids after the draft versions in the launch form, with their rules', () => {
    const subjects = launchSubjects(
      [{ id: 'dv1', title: 'Schéma 2025', version: 2, period: '2025-2029' }],
      [{ code: 'evaluation-94', title: 'Grille d’évaluation 94' }],
    );
    const card = buildLaunchFormCard({
      subjects,
      subjectHint: launchSubjectHint(subjects)!,
      organisations: [{ id: 'o1', label: 'DDETS', kind: 'etat' }],
    });
    const subject = card.body.find((b) => b.id === 'draftVersionId')!;
    expect(subject.choices).toEqual([
      { title: 'Schéma 2025 — version 2 (2025-2029)', value: 'dv1' },
      { title: 'Évaluation : Grille d’évaluation 94', value: 'grille:evaluation-94' },
    ]);
    const texts = card.body.map((b) => String(b.text ?? ''));
    expect(texts.some((t) => t.includes('une fois par organisation'))).toBe(true);
    // Without a grid, no hint.
    expect(launchSubjectHint(launchSubjects([], []))).toBeUndefined();
  });

  it('builds the launch form with labelled inputs and the round.launch verb', () => {
    const card = buildLaunchFormCard({
      subjects: launchSubjects(
        [{ id: 'dv1', title: 'Schéma 2025', version: 2, period: '2025-2029' }],
        [],
      ),
      organisations: [
        { id: 'o1', label: 'DDETS', kind: 'etat' },
        { id: 'o2', label: 'Conseil départemental', kind: 'departement' },
        { id: 'o3', label: 'Créteil', kind: 'commune' },
        { id: 'o4', label: 'Vitry-sur-Seine', kind: 'commune' },
      ],
      errors: [{ field: 'deadlineDate', message: 'La date limite doit être future.' }],
    });
    const ids = card.body.map((b) => b.id).filter(Boolean);
    expect(ids).toEqual([
      'draftVersionId',
      'organisationKinds',
      'organisationIds',
      'deadlineDate',
      'deadlineTime',
      'reminderSchedule',
      'silenceVautFavorable',
      'resultsVisibleDuringRound',
    ]);
    for (const b of card.body.filter(
      (x) => String(x.type).startsWith('Input.') && x.type !== 'Input.Toggle',
    ))
      expect(b.label).toBeTruthy();
    // Whole kinds, with how many each, in the kinds' usual order.
    const kinds = card.body.find((b) => b.id === 'organisationKinds')!;
    expect(kinds.choices).toEqual([
      { title: "Services de l'État (1)", value: 'etat' },
      { title: 'Départements (1)', value: 'departement' },
      { title: 'Communes (2)', value: 'commune' },
    ]);
    // Neither field is required: no choice at all means every partner organisation.
    expect(card.body.find((b) => b.id === 'organisationIds')!.isRequired).toBeUndefined();
    const dateIndex = card.body.findIndex((b) => b.id === 'deadlineDate');
    expect(card.body[dateIndex + 1]).toMatchObject({
      color: 'Attention',
      text: 'La date limite doit être future.',
    });
    // The reminders, as the CLI and Slack take them, the default schedule filled in.
    expect(card.body.find((b) => b.id === 'reminderSchedule')).toMatchObject({
      type: 'Input.Text',
      value: '7j, 2j, matin',
    });
    expect(card.actions).toEqual([expect.objectContaining({ verb: 'round.launch' })]);
  });
  it('keeps line breaks inside a text block (Teams joins single newlines into one paragraph)', () => {
    const card = renderMessage(
      message({
        text: ['Première ligne\nDeuxième ligne'],
        sections: [{ title: 'Enjeu', text: 'a\nb' }],
      }),
    );
    const texts = textBlocks(card.body);
    expect(texts).toContain('Première ligne\n\nDeuxième ligne');
    expect(texts).toContain('a\n\nb');
    expect(texts.some((t) => /[^\n]\n[^\n]/.test(t))).toBe(false);
  });

  it('shows the counts of each enjeu once on a results card', () => {
    const msg = resultsMessage({
      round: {
        id: 'r1',
        number: 1,
        deadline: new Date('2026-03-14T17:00:00Z'),
        draftTitle: 'Schéma',
        version: 1,
        period: '2026-2030',
        timezone: 'Europe/Paris',
        silenceMeansFavorable: false,
      },
      tally: {
        enjeux: [
          {
            enjeuId: 'e1',
            position: 1,
            title: 'Petite enfance',
            counts: { favorable: 3, favorable_avec_reserves: 0, defavorable: 1, abstention: 0 },
            implicit: 0,
            answered: 4,
            invited: 4,
            missing: [],
            bySilence: [],
          },
        ],
        complete: 4,
        invited: 4,
        incomplete: [],
        bySilence: [],
        partlyBySilence: [],
      },
      locale: 'fr',
    });
    const all = textBlocks(renderMessage(msg).body).join('\n');
    expect(all.match(/Favorable : 3/g)).toHaveLength(1);
    expect(all.match(/Défavorable : 1/g)).toHaveLength(1);
    // Without a chart link (no PUBLIC_URL), no image.
    expect(JSON.stringify(renderMessage(msg))).not.toContain('"Image"');
  });

  it('shows the chart of each results section as an Image with its altText', () => {
    const url = 'https://concerto.example/charts/t.r.e.1.sig.png';
    const alt =
      'Diagramme en barres des avis sur « 1. Petite enfance », 4 organisations : Favorable 3 (75 %), Défavorable 1 (25 %).';
    const card = renderMessage(
      message({
        kind: 'round.results',
        sections: [
          {
            title: '1. Petite enfance',
            text: '',
            counts: { favorable: 3, defavorable: 1 },
            chart: { url, alt },
          },
          { title: '2. Piège', text: '', chart: { url: 'javascript:alert(1)', alt: 'x' } },
        ],
      }),
    );
    const images: { type: string; url: string; altText?: string }[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (o.type === 'Image') images.push(o as never);
        Object.values(o).forEach(walk);
      }
    };
    walk(JSON.parse(JSON.stringify(card)));
    expect(images).toEqual([expect.objectContaining({ type: 'Image', url, altText: alt })]);
  });
});

describe('Teams round announcements', () => {
  const round = {
    id: 'r1',
    number: 3,
    deadline: new Date('2026-12-18T16:00:00Z'),
    draftTitle: 'Schéma enfance',
    version: 2,
    period: '2026-2030',
    timezone: 'Europe/Paris',
    silenceMeansFavorable: false,
  };
  it('renders a new deadline and a cancellation as cards with their text and no action', () => {
    for (const m of [
      deadlineChangedMessage({ round, locale: 'fr' }),
      cancellationMessage({ round, locale: 'en' }),
    ]) {
      const card = renderMessage(m);
      expect(card.fallbackText).toBe(m.fallback);
      expect(textBlocks(card.body)).toContain(md(m.text[0]!));
      expect(card.actions ?? []).toEqual([]);
    }
  });
});

describe('Teams personal views of a shared round card', () => {
  it('refreshes the named members (up to 60, as user MRIs) to their own avis card', () => {
    const readers = Array.from({ length: 70 }, (_, i) => ({
      platform: 'teams' as const,
      userId: `aad-${i}`,
    }));
    const card = renderMessage(
      message({
        kind: 'round.progress',
        personalView: { roundId: 'r1', readers: [{ platform: 'slack', userId: 'U1' }, ...readers] },
      }),
    );
    expect(card.refresh!.action).toEqual({
      type: 'Action.Execute',
      verb: 'avis.refresh',
      data: { roundId: 'r1' },
    });
    expect(card.refresh!.userIds).toHaveLength(60);
    expect(card.refresh!.userIds![0]).toBe('8:orgid:aad-0');
    // A message without a personal view has no refresh.
    expect(renderMessage(message()).refresh).toBeUndefined();
  });

  it('gives the avis card the refresh user ids of its model', () => {
    const card = buildAvisCard({ ...avisModel(), refreshUserIds: ['8:orgid:aad-1'] });
    expect(card.refresh!.userIds).toEqual(['8:orgid:aad-1']);
  });
});

describe('the avis card draws the neutral avis form (domain/avis-form.ts)', () => {
  afterEach(() => jest.restoreAllMocks());

  it("shows the model's labels, options, errors and submit, whatever they say", () => {
    const real = avisFormModule.avisForm;
    jest.spyOn(avisFormModule, 'avisForm').mockImplementation((input) => {
      const form = real(input);
      const [first] = form.enjeux;
      first!.heading = 'Titre du modèle';
      first!.choice.label = 'Libellé du modèle';
      first!.choice.options[0]!.label = 'Option du modèle';
      first!.comment.label = 'Commentaire du modèle';
      first!.comment.errors = ['Erreur du modèle'];
      first!.followups = ['Suite du modèle'];
      return { ...form, submit: 'Valider (modèle)' };
    });
    const json = JSON.stringify(buildAvisCard(avisModel()));
    for (const text of [
      'Titre du modèle',
      'Libellé du modèle',
      'Option du modèle',
      'Commentaire du modèle',
      'Erreur du modèle',
      'Suite du modèle',
      'Valider (modèle)',
    ])
      expect(json).toContain(text);
  });
});
