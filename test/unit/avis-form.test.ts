import * as avisFormModule from '../../src/domain/avis-form';
import { renderBallotPage } from '../../src/http/ballot-page';
import { avisFormProblems } from '../../src/domain/avis';
import { fieldErrors, ValidationErrors } from '../../src/domain/errors';
import { MAX_COMMENT_LENGTH } from '../../src/domain/types';

const { avisForm } = avisFormModule;

const enjeux = [
  { id: 'e2', position: 2, title: 'Cadre de référence', text: 'Définir un *cadre*' },
  { id: 'e1', position: 1, title: 'Politique', text: 'Élaborer', change: 'added' as const },
];

describe('avisForm (the neutral avis form every channel draws)', () => {
  it('has, per enjeu in order, the choice with its four labelled options and the comment', () => {
    const form = avisForm({ locale: 'fr', draftTitle: 'Schéma AVS', enjeux });
    expect(form.title).toBe('Notre avis');
    expect(form.intro).toBe(
      "Donnez l'avis de votre organisation sur chaque enjeu de « Schéma AVS ».",
    );
    expect(form.submit).toBe('Enregistrer mes avis');
    expect(form.enjeux.map((e) => e.heading)).toEqual([
      'Enjeu 1 : Politique',
      'Enjeu 2 : Cadre de référence',
    ]);
    const [first] = form.enjeux;
    expect(first).toMatchObject({ id: 'e1', text: 'Élaborer', change: 'added', followups: [] });
    expect(first!.choice).toMatchObject({ field: 'e1.choice', label: "Avis sur l'enjeu 1" });
    expect(first!.choice.options).toEqual([
      { value: 'favorable', label: 'Favorable', requiresComment: false },
      { value: 'favorable_avec_reserves', label: 'Favorable avec réserves', requiresComment: true },
      { value: 'defavorable', label: 'Défavorable', requiresComment: true },
      { value: 'abstention', label: 'Abstention', requiresComment: false },
    ]);
    expect(first!.comment).toMatchObject({
      field: 'e1.comment',
      label: "Commentaire sur l'enjeu 1",
      maxLength: MAX_COMMENT_LENGTH,
      requiredFor: ['defavorable', 'favorable_avec_reserves'],
    });
    expect(first!.comment.hint).toContain(String(MAX_COMMENT_LENGTH));
    expect(first!.choice.value).toBeUndefined();
    expect(first!.current).toBeUndefined();
  });

  it("speaks the caller's locale", () => {
    const form = avisForm({ locale: 'en', enjeux });
    expect(form.enjeux[0]!.choice.label).toBe('Avis on enjeu 1');
    expect(form.enjeux[0]!.choice.options.map((o) => o.label)).toContain('Unfavourable');
    expect(form.submit).toBe('Save my avis');
  });

  it("is pre-filled with the organisation's avis and says which is recorded", () => {
    const form = avisForm({
      locale: 'fr',
      enjeux,
      values: { e2: { choice: 'defavorable', comment: 'Manque de moyens' } },
    });
    expect(form.enjeux[1]!.choice.value).toBe('defavorable');
    expect(form.enjeux[1]!.comment.value).toBe('Manque de moyens');
    expect(form.enjeux[1]!.current).toBe('Avis actuel de votre organisation : Défavorable.');
    // What was typed is shown, the recorded avis still said.
    const typed = avisForm({
      locale: 'fr',
      enjeux,
      values: { e2: { choice: 'favorable' } },
      recorded: { e2: { choice: 'defavorable' } },
    });
    expect(typed.enjeux[1]!.choice.value).toBe('favorable');
    expect(typed.enjeux[1]!.current).toContain('Défavorable');
  });

  it("puts the domain's refusals under their field, the others above the form", () => {
    const problems = avisFormProblems([{ enjeuId: 'e2', choice: null, comment: 'Sans choix' }]);
    const errors = [
      ...fieldErrors(new ValidationErrors(problems), 'fr'),
      { field: 'e1.comment', message: 'Motif manquant' },
      { field: undefined, message: 'Consultation close' },
    ];
    const form = avisForm({ locale: 'fr', enjeux, errors });
    expect(form.enjeux[1]!.choice.errors).toHaveLength(1);
    expect(form.enjeux[1]!.comment.errors).toEqual([]);
    expect(form.enjeux[0]!.comment.errors).toEqual(['Motif manquant']);
    expect(form.enjeux[0]!.choice.errors).toEqual([]);
    expect(form.errors).toEqual(['Consultation close']);
  });

  it('tells which earlier avis an enjeu takes up and what the Caf made of it', () => {
    const form = avisForm({
      locale: 'fr',
      enjeux,
      followups: {
        version: 1,
        items: [
          {
            enjeuPosition: 3,
            choice: 'defavorable',
            response: 'partiellement_retenue',
            nextEnjeuId: 'e2',
          },
          { enjeuPosition: 4, choice: 'defavorable', response: null, nextEnjeuId: 'e1' },
        ],
      },
    });
    expect(form.enjeux[1]!.followups).toEqual([
      "Cet enjeu reprend votre avis sur l'enjeu 3 de la version 1 (Défavorable) : partiellement retenue par la Caf.",
    ]);
    expect(form.enjeux[0]!.followups).toEqual([]);
  });
});

describe('the web ballot page draws the neutral avis form', () => {
  afterEach(() => jest.restoreAllMocks());

  it("shows the model's labels, hint, options and field errors, whatever they say", () => {
    const real = avisFormModule.avisForm;
    jest.spyOn(avisFormModule, 'avisForm').mockImplementation((input) => {
      const form = real(input);
      const [first] = form.enjeux;
      first!.heading = 'Titre du modèle';
      first!.choice.label = 'Libellé du modèle';
      first!.choice.options[0]!.label = 'Option du modèle';
      first!.comment.label = 'Commentaire du modèle';
      first!.comment.hint = 'Aide du modèle';
      first!.comment.errors = ['Erreur du modèle'];
      first!.followups = ['Suite du modèle'];
      return form;
    });
    const html = renderBallotPage(
      {
        roundId: 'r1',
        roundNumber: 3,
        draftTitle: 'Schéma',
        version: 2,
        period: '2026-2029',
        deadline: '15 décembre',
        organisation: { code: 'CD94', name: 'Conseil départemental' },
        contact: { email: 'a@example.org', name: null },
        enjeux: [{ id: 'e1', position: 1, title: 'Politique', body: 'Texte' }],
        answeredVersion: null,
        removed: [],
        answered: 0,
        silenceMeansFavorable: false,
        followups: null,
      },
      { action: '/vote/x', formToken: 't' },
    );
    for (const text of [
      'Titre du modèle',
      'Libellé du modèle',
      'Option du modèle',
      'Commentaire du modèle',
      'Aide du modèle',
      'Erreur du modèle',
      'Suite du modèle',
    ])
      expect(html).toContain(text);
  });
});
