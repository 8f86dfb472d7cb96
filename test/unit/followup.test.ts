import { hasCode } from '../../src/domain/errors';
import {
  assertCanFollowUp,
  MAX_JUSTIFICATION_LENGTH,
  needsFollowup,
  parseFollowupResponse,
  parseNextEnjeuRef,
  validateJustification,
} from '../../src/domain/followup';

/** The follow-up of avis' pure rules (src/domain/followup.ts). */
describe('follow-up of avis: domain rules', () => {
  it('asks a follow-up of réserves, défavorables and commented avis only', () => {
    expect(needsFollowup({ choice: 'defavorable', comment: 'x' })).toBe(true);
    expect(needsFollowup({ choice: 'favorable_avec_reserves', comment: null })).toBe(true);
    expect(needsFollowup({ choice: 'favorable', comment: 'Bravo' })).toBe(true);
    expect(needsFollowup({ choice: 'abstention', comment: 'Hors champ' })).toBe(true);
    expect(needsFollowup({ choice: 'favorable', comment: null })).toBe(false);
    expect(needsFollowup({ choice: 'favorable', comment: '  \n ' })).toBe(false);
    expect(needsFollowup({ choice: 'abstention', comment: null })).toBe(false);
  });

  it('reads the responses as pilots type them', () => {
    expect(parseFollowupResponse('retenue')).toBe('retenue');
    expect(parseFollowupResponse('Partielle')).toBe('partiellement_retenue');
    expect(parseFollowupResponse('partiellement retenue')).toBe('partiellement_retenue');
    expect(parseFollowupResponse('non-retenue')).toBe('non_retenue');
    expect(parseFollowupResponse('Non retenue')).toBe('non_retenue');
    expect(parseFollowupResponse('sans objet')).toBe('sans_objet');
    expect(parseFollowupResponse('sans_objet')).toBe('sans_objet');
    for (const bad of ['', 'peut-être', 'retenues ?'])
      expect(() => parseFollowupResponse(bad)).toThrow(
        expect.objectContaining({ code: 'FOLLOWUP_RESPONSE_UNKNOWN', field: 'reponse' }),
      );
  });

  it('requires a justification of at most 2,000 characters (an emoji counts as one)', () => {
    expect(validateJustification('  Ajouté.\r\n ')).toBe('Ajouté.');
    expect(validateJustification('🙂'.repeat(MAX_JUSTIFICATION_LENGTH))).toHaveLength(
      MAX_JUSTIFICATION_LENGTH * 2,
    );
    const tooLong = () => validateJustification('x'.repeat(MAX_JUSTIFICATION_LENGTH + 1));
    expect(tooLong).toThrow('La justification fait 2001 caractères : 2000 au plus.');
    expect(() => validateJustification(' \n ')).toThrow(
      expect.objectContaining({ code: 'FOLLOWUP_JUSTIFICATION_MISSING' }),
    );
  });

  it('reads « 3 » and « 2.3 » as a later enjeu, nothing else', () => {
    expect(parseNextEnjeuRef('3')).toEqual({ position: 3 });
    expect(parseNextEnjeuRef(' 2.3 ')).toEqual({ version: 2, position: 3 });
    expect(parseNextEnjeuRef('v2.3')).toEqual({ version: 2, position: 3 });
    for (const bad of ['', 'trois', '2.', '.3', '1.2.3', '-1'])
      expect(parseNextEnjeuRef(bad)).toBeNull();
  });

  it('follows up a closed round only', () => {
    expect(() => assertCanFollowUp({ number: 1, status: 'closed' })).not.toThrow();
    for (const status of ['draft', 'open', 'cancelled'] as const) {
      let err: unknown;
      try {
        assertCanFollowUp({ number: 4, status });
      } catch (e) {
        err = e;
      }
      expect(hasCode(err, 'FOLLOWUP_ROUND_NOT_CLOSED')).toBe(true);
    }
  });
});
