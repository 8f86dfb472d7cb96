import { assertCanCast, assertCanOpen, assertTransition } from '../../src/domain/round';
import { parseAvisChoice, validateAvis } from '../../src/domain/avis';
import { implicitFavorables, tally } from '../../src/domain/tally';
import { ValidationErrors } from '../../src/domain/errors';
import { domainCode as code } from '../support/errors';

const now = new Date('2026-11-28T10:00:00Z');
const later = new Date('2026-12-12T16:00:00Z');
const earlier = new Date('2026-11-27T10:00:00Z');

describe('round states', () => {
  it('moves draft → open → closed and to cancelled, never back', () => {
    expect(code(() => assertTransition('draft', 'open'))).toBeUndefined();
    expect(code(() => assertTransition('open', 'closed'))).toBeUndefined();
    expect(code(() => assertTransition('open', 'cancelled'))).toBeUndefined();
    expect(code(() => assertTransition('draft', 'closed'))).toBe('ROUND_BAD_TRANSITION');
    expect(code(() => assertTransition('closed', 'open'))).toBe('ROUND_BAD_TRANSITION');
    expect(code(() => assertTransition('cancelled', 'open'))).toBe('ROUND_BAD_TRANSITION');
  });

  it('opens only with an enjeu, an invited organisation and a future deadline', () => {
    const ok = { status: 'draft' as const, enjeuxCount: 3, invitedCount: 5, deadline: later, now };
    expect(code(() => assertCanOpen(ok))).toBeUndefined();
    expect(code(() => assertCanOpen({ ...ok, enjeuxCount: 0 }))).toBe('ROUND_NO_ENJEU');
    expect(code(() => assertCanOpen({ ...ok, invitedCount: 0 }))).toBe('ROUND_NO_INVITATION');
    expect(code(() => assertCanOpen({ ...ok, deadline: earlier }))).toBe('ROUND_DEADLINE_PAST');
    expect(code(() => assertCanOpen({ ...ok, status: 'open' }))).toBe('ROUND_BAD_TRANSITION');
  });
});

describe('casting an avis', () => {
  const ok = {
    status: 'open' as const,
    deadline: later,
    now,
    organisationInvited: true,
    actorMayCast: true,
  };
  it('is allowed to a member of an invited organisation while the round is open', () => {
    expect(code(() => assertCanCast(ok))).toBeUndefined();
  });
  it('is refused to an organisation that is not invited, or to a non-member', () => {
    expect(code(() => assertCanCast({ ...ok, organisationInvited: false }))).toBe(
      'AVIS_NOT_INVITED',
    );
    expect(code(() => assertCanCast({ ...ok, actorMayCast: false }))).toBe('AVIS_NOT_MEMBER');
  });
  it('is refused after the deadline or on a round that is not open', () => {
    expect(code(() => assertCanCast({ ...ok, deadline: earlier }))).toBe('ROUND_DEADLINE_PASSED');
    expect(code(() => assertCanCast({ ...ok, deadline: now }))).toBe('ROUND_DEADLINE_PASSED');
    expect(code(() => assertCanCast({ ...ok, status: 'closed' }))).toBe('ROUND_NOT_OPEN');
    expect(code(() => assertCanCast({ ...ok, status: 'draft' }))).toBe('ROUND_NOT_OPEN');
  });
});

describe('validateAvis', () => {
  const titles = new Map([
    ['e1', 'Politique'],
    ['e2', 'Pilotage'],
  ]);
  const fields = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      if (err instanceof ValidationErrors) return err.errors.map((e) => e.field);
      throw err;
    }
    return [];
  };
  it('accepts the four choices, a reason being optional for favorable and abstention', () => {
    expect(
      validateAvis(
        [
          { enjeuId: 'e1', choice: 'favorable' },
          { enjeuId: 'e2', choice: 'abstention', comment: '  ' },
        ],
        titles,
      ),
    ).toEqual([
      { enjeuId: 'e1', choice: 'favorable', comment: null },
      { enjeuId: 'e2', choice: 'abstention', comment: null },
    ]);
  });
  it('a comment needs a choice, and a form needs one choice: the same words on every channel', () => {
    const problems = (inputs: Parameters<typeof validateAvis>[0]) => {
      try {
        validateAvis(inputs, titles);
      } catch (err) {
        if (err instanceof ValidationErrors) return err.errors.map((e) => [e.field, e.message]);
        throw err;
      }
      return [];
    };
    expect(
      problems([
        { enjeuId: 'e1', choice: 'favorable' },
        { enjeuId: 'e2', choice: null, comment: 'Un commentaire sans avis' },
      ]),
    ).toEqual([['e2.choice', 'Choisissez un avis pour cet enjeu, ou effacez le commentaire.']]);
    expect(
      problems([
        { enjeuId: 'e1', choice: '' },
        { enjeuId: 'e2', choice: null },
      ]),
    ).toEqual([['e1.choice', 'Choisissez un avis pour au moins un enjeu.']]);
    // An enjeu left blank beside a chosen one is not an avis: nothing to refuse.
    expect(
      validateAvis(
        [
          { enjeuId: 'e1', choice: 'favorable' },
          { enjeuId: 'e2', choice: null, comment: '  ' },
        ],
        titles,
      ),
    ).toEqual([{ enjeuId: 'e1', choice: 'favorable', comment: null }]);
  });
  it('requires a reason for défavorable and for favorable avec réserves, under the comment field', () => {
    expect(
      fields(() => validateAvis([{ enjeuId: 'e1', choice: 'defavorable', comment: '' }], titles)),
    ).toEqual(['e1.comment']);
    expect(
      fields(() => validateAvis([{ enjeuId: 'e2', choice: 'favorable_avec_reserves' }], titles)),
    ).toEqual(['e2.comment']);
    expect(() => validateAvis([{ enjeuId: 'e1', choice: 'defavorable' }], titles)).toThrow(
      /doit être motivé/,
    );
  });
  it('refuses a comment over 4,000 characters and an unknown choice or enjeu, all at once', () => {
    expect(
      fields(() =>
        validateAvis(
          [
            { enjeuId: 'e1', choice: 'favorable', comment: 'x'.repeat(4001) },
            { enjeuId: 'e2', choice: 'pour ou contre' },
            { enjeuId: 'e9', choice: 'favorable' },
          ],
          titles,
        ),
      ),
    ).toEqual(['e1.comment', 'e2.choice', 'e9.choice']);
    expect(
      validateAvis([{ enjeuId: 'e1', choice: 'favorable', comment: 'é'.repeat(4000) }], titles),
    ).toHaveLength(1);
  });
  it('reads the French words a pilot types', () => {
    expect(parseAvisChoice('Défavorable')).toBe('defavorable');
    expect(parseAvisChoice('favorable avec réserves')).toBe('favorable_avec_reserves');
    expect(parseAvisChoice('peut-être')).toBeNull();
  });
});

describe('tally', () => {
  const enjeux = [
    { id: 'e2', position: 2, title: 'Pilotage' },
    { id: 'e1', position: 1, title: 'Politique' },
  ];
  const invited = [
    { id: 'o1', code: 'CD94', name: 'Conseil départemental' },
    { id: 'o2', code: 'DDCS94', name: 'DDCS' },
    { id: 'o3', code: 'MSA', name: 'MSA' },
  ];
  it('counts per choice per enjeu, answered over invited, and lists who has not answered', () => {
    const t = tally({
      enjeux,
      invited,
      avis: [
        { enjeuId: 'e1', organisationId: 'o1', choice: 'favorable' },
        { enjeuId: 'e1', organisationId: 'o2', choice: 'defavorable' },
        { enjeuId: 'e2', organisationId: 'o1', choice: 'abstention' },
        { enjeuId: 'e1', organisationId: 'o-not-invited', choice: 'favorable' },
      ],
    });
    expect(t.enjeux.map((e) => e.title)).toEqual(['Politique', 'Pilotage']);
    expect(t.enjeux[0]).toMatchObject({
      counts: { favorable: 1, defavorable: 1, favorable_avec_reserves: 0, abstention: 0 },
      answered: 2,
      invited: 3,
    });
    expect(t.enjeux[0]!.missing.map((o) => o.code)).toEqual(['MSA']);
    expect(t.enjeux[1]!.missing.map((o) => o.code)).toEqual(['DDCS94', 'MSA']);
    expect(t.complete).toBe(1);
    expect(t.incomplete.map((o) => o.code)).toEqual(['DDCS94', 'MSA']);
  });
  it('turns each missing avis into an implicit favorable one when silence counts as favorable', () => {
    const implicit = implicitFavorables({
      enjeux,
      invited,
      avis: [
        { enjeuId: 'e1', organisationId: 'o1' },
        { enjeuId: 'e2', organisationId: 'o1' },
        { enjeuId: 'e1', organisationId: 'o2' },
      ],
    });
    expect(implicit).toEqual([
      { enjeuId: 'e2', organisationId: 'o2' },
      { enjeuId: 'e2', organisationId: 'o3' },
      { enjeuId: 'e1', organisationId: 'o3' },
    ]);
    const t = tally({
      enjeux,
      invited,
      avis: [
        { enjeuId: 'e1', organisationId: 'o1', choice: 'favorable' },
        ...implicit.map((a) => ({ ...a, choice: 'favorable' as const, implicit: true })),
      ],
    });
    expect(t.enjeux.find((e) => e.enjeuId === 'e2')).toMatchObject({ implicit: 2, answered: 2 });
  });
});
