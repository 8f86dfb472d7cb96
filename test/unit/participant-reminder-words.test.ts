import { PARTICIPANT_EN } from '../../src/domain/catalogue/en';
import { PARTICIPANT_FR } from '../../src/domain/catalogue/fr';
import { surveyReminderMessage, type SurveyHeader } from '../../src/domain/survey-messages';

const header = (answerMode: 'organisation' | 'person'): SurveyHeader => ({
  id: '00000000-0000-4000-8000-000000000001',
  number: 7,
  deadline: new Date('2026-12-15T17:00:00Z'),
  timezone: 'Europe/Paris',
  gridTitle: 'Grille',
  gridDescription: '',
  levels: 3,
  questions: 4,
  answerMode,
});

describe('a per-person evaluation’s reminder, in the participant’s own name', () => {
  it('says « vous » to a participant who has saved nothing, « votre organisation » to an organisation', () => {
    const person = surveyReminderMessage({
      survey: header('person'),
      state: 'not_started',
      locale: 'fr',
      participant: true,
    });
    expect(person.text[0]).toMatch(/^Vous n’avez pas encore rempli votre grille\. Date limite : /);
    // An organisation invited to a per-person round keeps its own words.
    for (const mode of ['person', 'organisation'] as const)
      expect(
        surveyReminderMessage({ survey: header(mode), state: 'not_started', locale: 'fr' }).text[0],
      ).toMatch(/^Votre organisation n’a pas encore rempli la grille/);
    const en = surveyReminderMessage({
      survey: header('person'),
      state: 'not_started',
      locale: 'en',
      participant: true,
    });
    expect(en.text[0]).toMatch(/^You have not filled in your grid yet\. Deadline: /);
    // A draft reads the same for both.
    for (const participant of [true, false])
      expect(
        surveyReminderMessage({
          survey: header('person'),
          state: 'draft',
          locale: 'fr',
          participant,
        }).text[0],
      ).toMatch(/^Votre grille est enregistrée en brouillon/);
  });

  it('agrees the pilot’s « relancer » lines with their numbers', () => {
    expect(PARTICIPANT_FR.reminded(7, 2)).toBe(
      'Relance de l’évaluation n° 7 envoyée par courriel à 2 participants qui n’ont pas terminé.',
    );
    expect(PARTICIPANT_FR.reminded(7, 0)).toBe(
      'Évaluation n° 7 : aucun participant à relancer (grilles terminées, ou pas d’adresse laissée).',
    );
    expect(PARTICIPANT_FR.withoutAddress(3)).toBe(
      '3 participants sans grille terminée n’ont pas laissé d’adresse.',
    );
    expect(PARTICIPANT_EN.reminded(7, 1)).toBe(
      'Reminder of evaluation no. 7 e-mailed to 1 participant who has not finished.',
    );
  });
});
