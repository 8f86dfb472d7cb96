import { roundAccess } from '../../src/domain/roles';

const round = (status: string, resultsVisibility: 'during' | 'after') => ({
  status,
  resultsVisibility,
  invitations: [{ organisationId: 'org-a' }],
});
const pilot = { role: 'pilot', organisationId: null };
const partner = { role: 'partner', organisationId: 'org-a' };
const outsider = { role: 'partner', organisationId: 'org-b' };
const observer = { role: 'observer', organisationId: 'org-a' };

describe('one role rule for every channel', () => {
  it('pilots steer and see everything, live, with who has not answered; they do not vote', () => {
    expect(roundAccess(pilot, round('open', 'after'))).toEqual({
      invited: false,
      vote: false,
      seeResults: true,
      seeWhoIsMissing: true,
      steer: true,
    });
  });

  it('partners of an invited organisation vote, and see results when the round shows them', () => {
    expect(roundAccess(partner, round('open', 'after'))).toMatchObject({
      vote: true,
      seeResults: false,
      seeWhoIsMissing: false,
      steer: false,
    });
    expect(roundAccess(partner, round('open', 'during')).seeResults).toBe(true);
    expect(roundAccess(partner, round('closed', 'after')).seeResults).toBe(true);
    expect(roundAccess(outsider, round('closed', 'after'))).toMatchObject({
      invited: false,
      vote: false,
      seeResults: false,
    });
  });

  it('observers see what the partners of their organisation see, and never vote nor steer', () => {
    expect(roundAccess(observer, round('open', 'after'))).toMatchObject({
      vote: false,
      seeResults: false,
      seeWhoIsMissing: false,
      steer: false,
    });
    expect(roundAccess(observer, round('open', 'during')).seeResults).toBe(true);
    expect(roundAccess(observer, round('closed', 'after')).seeResults).toBe(true);
  });
});
