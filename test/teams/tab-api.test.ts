import express from 'express';
import { mountTab, type TabHandlers } from '../../src/adapters/teams/tab/router';
import type { TabUser } from '../../src/adapters/teams/tab/sso';
import { DomainError, ValidationErrors } from '../../src/domain/errors';
import { startJwks, type TestJwks } from '../support/jwks';
import { captureLogger, CLIENT_ID, listen, TENANT_ID, teamsConfig } from './helpers';

const HOST = 'concerto.caf94.example';
const AUDIENCE = `api://${HOST}/${CLIENT_ID}`;

describe('Tab API behind Teams SSO', () => {
  let jwks: TestJwks;
  let server: Awaited<ReturnType<typeof listen>>;
  const calls: { what: string; user: TabUser; args: unknown[] }[] = [];

  const handlers: TabHandlers = {
    async me(user) {
      calls.push({ what: 'me', user, args: [] });
      return { name: user.name, organisation: 'DDETS 94', role: 'partner' };
    },
    async round(user, roundId) {
      calls.push({ what: 'round', user, args: [roundId] });
      if (roundId === 'missing') throw new DomainError('ROUND_NOT_FOUND');
      if (roundId === 'closed') throw new DomainError('ROUND_CLOSED');
      if (roundId === 'invalid')
        throw new ValidationErrors([
          new DomainError('AVIS_REASON_MISSING', { title: 'Pilotage' }, 'e1.comment'),
        ]);
      if (roundId === 'throttled')
        throw new DomainError('INVITE_CODE_THROTTLED', { retryInMinutes: 2 });
      return { id: roundId, enjeux: [] };
    },
    async survey(user, roundId) {
      calls.push({ what: 'survey', user, args: [roundId] });
      if (roundId === 'elsewhere') throw new DomainError('ROUND_NOT_FOUND');
      return { id: roundId, results: null };
    },
    async submitAvis(user, roundId, answers) {
      calls.push({ what: 'submit', user, args: [roundId, answers] });
      return { ok: true };
    },
    async results(user, roundId) {
      calls.push({ what: 'results', user, args: [roundId] });
      throw new DomainError('FORBIDDEN', { pilotsOnly: true });
    },
    async exportFile(user, roundId, format) {
      calls.push({ what: 'export', user, args: [roundId, format] });
      // A handler's refusal keeps its code's status (here a 404).
      if (format === 'pdf') throw new DomainError('ROUND_NOT_FOUND');
      return {
        filename: 'consultation-1.csv',
        contentType: 'text/csv; charset=utf-8',
        body: 'a;b\r\n',
      };
    },
    async followups(user, roundId) {
      calls.push({ what: 'followups', user, args: [roundId] });
      return { items: [] };
    },
    async recordFollowup(user, roundId, input) {
      calls.push({ what: 'recordFollowup', user, args: [roundId, input] });
      return { items: [] };
    },
  };

  beforeAll(async () => {
    jwks = await startJwks();
    const app = express();
    mountTab(app, {
      config: teamsConfig({ PUBLIC_URL: `https://${HOST}` }),
      log: captureLogger('silent').log,
      handlers,
      jwksUri: `${jwks.url}/common/discovery/v2.0/keys`,
    });
    server = await listen(app);
  });
  afterAll(async () => {
    await server.close();
    await jwks.close();
  });
  beforeEach(() => {
    calls.length = 0;
  });

  const get = (path: string, token?: string) =>
    fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const sso = (over: Partial<Parameters<TestJwks['ssoToken']>[0]> = {}) =>
    jwks.ssoToken({
      audience: AUDIENCE,
      tenantId: TENANT_ID,
      oid: 'aad-marie',
      name: 'Marie Dupont',
      ...over,
    });

  it('answers a valid SSO token with the user from the token', async () => {
    const res = await get('/tab/api/me', sso());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      name: 'Marie Dupont',
      organisation: 'DDETS 94',
      role: 'partner',
    });
    expect(calls[0]!.user).toEqual({
      tenantId: TENANT_ID,
      aadObjectId: 'aad-marie',
      name: 'Marie Dupont',
      upn: 'test.user@example.org',
    });
  });

  it('routes an evaluation to its handler, with the user and its refusal as JSON', async () => {
    const res = await get('/tab/api/surveys/s1', sso());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 's1', results: null });
    expect(calls.map((c) => [c.what, c.user.aadObjectId, c.args])).toEqual([
      ['survey', 'aad-marie', ['s1']],
    ]);
    const refused = await get('/tab/api/surveys/elsewhere', sso());
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      'ROUND_NOT_FOUND',
    );
  });

  it('accepts the client id as audience and v1 issuers', async () => {
    const v1 = sso({ audience: CLIENT_ID, issuer: `https://sts.windows.net/${TENANT_ID}/` });
    expect((await get('/tab/api/me', v1)).status).toBe(200);
  });

  it.each([
    ['no token', () => undefined],
    ['an expired token', () => sso({ expiresIn: -3600 })],
    ['a token for another audience', () => sso({ audience: 'api://other.example/other-app' })],
    ['a token signed with another key', () => sso({ forged: true })],
    [
      'a token from another tenant',
      () => sso({ tenantId: 'ffffffff-0000-0000-0000-000000000000' }),
    ],
    [
      'an issuer that is not the token tenant',
      () =>
        sso({
          issuer: 'https://login.microsoftonline.com/ffffffff-0000-0000-0000-000000000000/v2.0',
        }),
    ],
  ])('answers 401 to %s before any handler runs', async (_label, make) => {
    for (const path of [
      '/tab/api/me',
      '/tab/api/rounds/r1',
      '/tab/api/rounds/r1/results',
      '/tab/api/surveys/s1',
      '/tab/api/nope',
    ]) {
      const res = await get(path, make());
      expect(res.status).toBe(401);
    }
    expect(calls).toHaveLength(0);
  });

  it('answers each refusal with its code, catalogue text and the status of the code table', async () => {
    const refusal = async (path: string) => {
      const res = await get(path, sso());
      return [res.status, ((await res.json()) as { error: unknown }).error];
    };
    expect(await refusal('/tab/api/rounds/missing')).toEqual([
      404,
      { code: 'ROUND_NOT_FOUND', message: 'Consultation introuvable.' },
    ]);
    expect(await refusal('/tab/api/rounds/closed')).toEqual([
      410,
      {
        code: 'ROUND_CLOSED',
        message: 'Cette consultation est close : les avis ne sont plus modifiables.',
      },
    ]);
    expect(await refusal('/tab/api/rounds/invalid')).toEqual([
      422,
      {
        code: 'VALIDATION_FAILED',
        message:
          'Enjeu « Pilotage » : un avis défavorable doit être motivé. Indiquez la raison en commentaire.',
      },
    ]);
    expect((await refusal('/tab/api/rounds/throttled'))[0]).toBe(429);
    expect(await refusal('/tab/api/nothing-here')).toEqual([
      404,
      { code: 'RESOURCE_NOT_FOUND', message: 'Ressource inconnue.' },
    ]);
  });

  it('submits avis with validation, and maps domain refusals to 404/403', async () => {
    const post = (body: unknown) =>
      fetch(`${server.url}/tab/api/rounds/r1/avis`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sso()}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ok = await post({
      answers: [{ enjeuId: 'e1', choice: 'defavorable', comment: 'Motif' }],
    });
    expect(ok.status).toBe(200);
    expect(calls[0]).toMatchObject({
      what: 'submit',
      args: ['r1', [{ enjeuId: 'e1', choice: 'defavorable', comment: 'Motif' }]],
    });
    const tooLong = await post({
      answers: [{ enjeuId: 'e1', choice: 'favorable', comment: 'x'.repeat(4001) }],
    });
    expect(tooLong.status).toBe(422);
    expect(((await tooLong.json()) as { error: { message: string } }).error.message).toMatch(
      /4000 caractères/,
    );
    expect((await get('/tab/api/rounds/missing', sso())).status).toBe(404);
    expect((await get('/tab/api/rounds/r1/results', sso())).status).toBe(403);
  });

  it('serves an export file behind the token; an unknown or unavailable format is a 4xx in French', async () => {
    const file = await get('/tab/api/rounds/r1/export/csv', sso());
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe('attachment; filename=consultation-1.csv');
    expect(file.headers.get('cache-control')).toBe('no-store');
    expect(await file.text()).toBe('a;b\r\n');
    expect(calls.at(-1)).toMatchObject({ what: 'export', args: ['r1', 'csv'] });
    const unknown = await get('/tab/api/rounds/r1/export/docx', sso());
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain(
      "Format d'export inconnu « docx »",
    );
    const pdf = await get('/tab/api/rounds/r1/export/pdf', sso());
    expect(pdf.status).toBe(404);
    expect((await get('/tab/api/rounds/r1/export/csv', undefined)).status).toBe(401);
  });

  it('validates a follow-up before its handler: the refusal names the field, in French', async () => {
    const post = (body: unknown) =>
      fetch(`${server.url}/tab/api/rounds/r1/followups`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sso()}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ok = { organisation: 'CS1', enjeu: 2, reponse: 'retenue', justification: 'Repris.' };
    expect((await post(ok)).status).toBe(200);
    expect(calls.at(-1)).toMatchObject({ what: 'recordFollowup', args: ['r1', ok] });
    calls.length = 0;
    const refused = async (body: unknown) => {
      const res = await post(body);
      return [res.status, ((await res.json()) as { error: unknown }).error];
    };
    expect(await refused({ ...ok, reponse: 'bof' })).toEqual([
      422,
      {
        code: 'FOLLOWUP_RESPONSE_UNKNOWN',
        field: 'reponse',
        message:
          'Réponse « bof » inconnue : retenue, partielle (partiellement retenue), non-retenue ou sans-objet.',
      },
    ]);
    expect(await refused({ ...ok, justification: 'x'.repeat(2001) })).toEqual([
      422,
      {
        code: 'FOLLOWUP_JUSTIFICATION_TOO_LONG',
        field: 'justification',
        message: 'La justification fait 2001 caractères : 2000 au plus.',
      },
    ]);
    expect(await refused({ ...ok, justification: undefined })).toEqual([
      422,
      expect.objectContaining({ code: 'FOLLOWUP_JUSTIFICATION_MISSING', field: 'justification' }),
    ]);
    expect(await refused({ ...ok, enjeu: 'deux' })).toEqual([
      422,
      expect.objectContaining({ code: 'FORM_INVALID', field: 'enjeu' }),
    ]);
    expect(calls).toHaveLength(0);
    expect((await get('/tab/api/rounds/r1/followups', sso())).status).toBe(200);
  });

  it('serves the page and the teams-js bundle without a token', async () => {
    const page = await get('/tab/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('lang="fr"');
    const lib = await get('/tab/vendor/teams-js.js');
    expect(lib.status).toBe(200);
    expect((await lib.text()).length).toBeGreaterThan(10000);
  });
});
