import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import { chromium, type Browser } from 'playwright-core';
import { recordProxyAvis } from '../../src/app/cast-avis';
import { closeRound } from '../../src/app/close-round';
import { createInviteCode } from '../../src/app/create-invite-code';
import { createRound } from '../../src/app/create-round';
import { CLI_ACTOR, NO_OUTBOX, type AppDeps } from '../../src/app/deps';
import { importDraft } from '../../src/app/import-draft';
import { launchRound } from '../../src/app/launch-round';
import { linkIdentity } from '../../src/app/link-identity';
import { seedDemo } from '../../src/app/seed-demo';
import { mountTeamsForConcerto } from '../../src/adapters/teams/concerto-handlers';
import { createHttpApp } from '../../src/http/server';
import { createTestDb, type TestDb } from '../support/db';
import { startJwks, type TestJwks } from '../support/jwks';
import { CLIENT_ID, TENANT_ID, captureLogger, listen, teamsConfig } from './helpers';

/**
 * « Suites données aux avis » from the Teams tab (issue [10] item 1): the tab's API against the
 * real web server and Postgres (a pilot lists and records, a partner is refused, bad input is
 * refused in French with nothing stored, an open round or another Caf's round is refused), then
 * a pilot records a follow-up from the page in headless Chromium (Debian's `chromium`).
 */
const CHROMIUM = '/usr/bin/chromium';
const HOST = 'concerto.caf94.example';
const hasChromium = existsSync(CHROMIUM);
const itWithChromium = hasChromium ? it : it.skip;
const HOSTILE_COMMENT = '<img src=x onerror="window.pwned=1"> Pas assez de moyens';

const stubTeams = (token: string) => `
  window.microsoftTeams = {
    app: { initialize: function () { return Promise.resolve(); } },
    authentication: {
      getAuthToken: function () { return Promise.resolve(${JSON.stringify(token)}); },
    },
  };`;

interface FollowupsBody {
  pending: number;
  laterEnjeux: { id: string; label: string }[];
  items: {
    avisId: string;
    enjeu: { position: number };
    organisation: { code: string };
    avis: string;
    comment: string | null;
    followup: {
      response: string;
      label: string;
      justification: string;
      recordedBy: string;
      nextEnjeu: { id: string; version: number; position: number } | null;
    } | null;
  }[];
}

describe('follow-up of avis from the Teams tab', () => {
  let t: TestDb;
  let jwks: TestJwks;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser | undefined;
  let deps: AppDeps;
  let tenantId: string;
  let closedId: string;
  let openId: string;
  let otherCafRoundId: string;

  const link = async (tid: string, oid: string, name: string, role: 'pilot' | 'partner') => {
    const { code } = await createInviteCode(deps, {
      tenantId: tid,
      role,
      actor: CLI_ACTOR,
      ...(role === 'partner' ? { organisationCode: 'DDCS94' } : {}),
    });
    await linkIdentity(deps, {
      code,
      platform: 'teams',
      workspaceId: TENANT_ID,
      userId: oid,
      displayName: name,
    });
  };

  beforeAll(async () => {
    [t, jwks] = await Promise.all([createTestDb(), startJwks()]);
    const { log } = captureLogger('silent');
    deps = { db: t.db, now: () => new Date('2026-11-28T09:00:00Z'), log, outbox: NO_OUTBOX };
    tenantId = (await seedDemo(deps, { actor: CLI_ACTOR })).tenant.id;
    await link(tenantId, 'aad-marie', 'Marie Dupont', 'partner');
    await link(tenantId, 'aad-pilot', 'Paul Pilote', 'pilot');
    const draft = await t.db.draftVersion.findFirstOrThrow({ where: { tenantId } });
    const round = async (tid: string, draftVersionId: string, codes: string[]) => {
      const created = await createRound(deps, {
        tenantId: tid,
        draftVersionId,
        organisations: { codes },
        deadline: new Date('2026-12-15T17:00:00Z'),
        actor: CLI_ACTOR,
      });
      await launchRound(deps, { tenantId: tid, roundId: created.round.id, actor: CLI_ACTOR });
      return created.round.id;
    };
    closedId = await round(tenantId, draft.id, ['DDCS94', 'CD94']);
    const enjeux = await t.db.enjeu.findMany({
      where: { draftVersionId: draft.id },
      orderBy: { position: 'asc' },
    });
    await recordProxyAvis(deps, {
      tenantId,
      roundId: closedId,
      organisationCode: 'DDCS94',
      source: 'courrier',
      votes: [
        { enjeuId: enjeux[0]!.id, choice: 'defavorable', comment: HOSTILE_COMMENT },
        { enjeuId: enjeux[1]!.id, choice: 'favorable', comment: null },
      ],
      actor: CLI_ACTOR,
    });
    await recordProxyAvis(deps, {
      tenantId,
      roundId: closedId,
      organisationCode: 'CD94',
      source: 'courriel',
      votes: [
        { enjeuId: enjeux[1]!.id, choice: 'favorable_avec_reserves', comment: 'Une réserve' },
      ],
      actor: CLI_ACTOR,
    });
    await closeRound(deps, { tenantId, roundId: closedId, actor: CLI_ACTOR });
    openId = await round(tenantId, draft.id, ['DDCS94']);
    // Version 2 of the schéma: its enjeux are where a follow-up may point.
    await importDraft(deps, {
      tenantId,
      markdown: readFileSync(path.join(__dirname, '..', 'fixtures', 'schema-94-v2.md'), 'utf8'),
      actor: CLI_ACTOR,
    });

    // Another Caf, its own pilot and closed round.
    const other = await t.db.tenant.create({ data: { code: '75', name: 'Caf de Paris' } });
    await link(other.id, 'aad-paris', 'Pierre Paris', 'pilot');
    const otherDraft = await importDraft(deps, {
      tenantId: other.id,
      markdown: readFileSync(
        path.join(__dirname, '..', 'fixtures', 'schema-94-v1.md'),
        'utf8',
      ).replace('caf: "94"', 'caf: "75"'),
      actor: CLI_ACTOR,
    });
    await t.db.organisation.create({
      data: { tenantId: other.id, code: 'DDCS75', name: 'DDCS de Paris', kind: 'etat' },
    });
    otherCafRoundId = await round(other.id, otherDraft.draftVersion.id, ['DDCS75']);
    await closeRound(deps, { tenantId: other.id, roundId: otherCafRoundId, actor: CLI_ACTOR });

    const config = teamsConfig({ PUBLIC_URL: `https://${HOST}` });
    const app: Express = await createHttpApp({
      deps,
      log,
      redis: { ping: async () => 'PONG' },
      mount: async (expressApp) => {
        await mountTeamsForConcerto(expressApp, {
          config,
          deps,
          log,
          endpoints: { openIdMetadataUrl: jwks.openIdMetadataUrl },
          tabJwksUri: `${jwks.url}/common/discovery/v2.0/keys`,
        });
      },
    });
    server = await listen(app);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await jwks?.close();
    await t?.drop();
  });

  const token = (oid: string) =>
    jwks.ssoToken({ audience: `api://${HOST}/${CLIENT_ID}`, tenantId: TENANT_ID, oid });
  const get = (roundId: string, oid = 'aad-pilot') =>
    fetch(`${server.url}/tab/api/rounds/${roundId}/followups`, {
      headers: { authorization: `Bearer ${token(oid)}` },
    });
  const post = (roundId: string, body: unknown, oid = 'aad-pilot') =>
    fetch(`${server.url}/tab/api/rounds/${roundId}/followups`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token(oid)}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const refusal = async (res: Response) =>
    [res.status, ((await res.json()) as { error: unknown }).error] as const;
  const stored = () => t.db.avisFollowup.count({ where: { roundId: closedId } });

  it('lists the avis that call for a follow-up to a pilot, and records one', async () => {
    const list = await get(closedId);
    expect(list.status).toBe(200);
    const before = (await list.json()) as FollowupsBody;
    // The défavorable of DDCS94 on enjeu 1 and the réserve of CD94 on enjeu 2; not the favorable.
    expect(before.items.map((i) => [i.enjeu.position, i.organisation.code, i.avis])).toEqual([
      [1, 'DDCS94', 'Défavorable'],
      [2, 'CD94', 'Favorable avec réserves'],
    ]);
    expect(before.pending).toBe(2);
    expect(before.items[0]!.followup).toBeNull();
    expect(before.laterEnjeux.length).toBeGreaterThan(0);
    expect(before.laterEnjeux[0]!.label).toMatch(/^Version 2, enjeu 1 : /);

    const res = await post(closedId, {
      organisation: 'CD94',
      enjeu: 2,
      reponse: 'partiellement_retenue',
      justification: '  La réserve est reprise dans la version 2.  ',
      enjeuSuivant: before.laterEnjeux[0]!.id,
    });
    expect(res.status).toBe(200);
    const after = (await res.json()) as FollowupsBody;
    expect(after.pending).toBe(1);
    expect(after.items[1]!.followup).toMatchObject({
      response: 'partiellement_retenue',
      label: 'Partiellement retenue',
      justification: 'La réserve est reprise dans la version 2.',
      recordedBy: 'Paul Pilote',
      nextEnjeu: { id: before.laterEnjeux[0]!.id, version: 2, position: 1 },
    });
    const row = await t.db.avisFollowup.findFirstOrThrow({ where: { roundId: closedId } });
    expect(row.response).toBe('partiellement_retenue');
    const audit = await t.db.auditEvent.findFirst({
      where: { tenantId, action: 'followup.record' },
    });
    expect(audit).not.toBeNull();
  });

  it('gives a pilot the closed rounds to reach from the tab, not a partner', async () => {
    const me = async (oid: string) =>
      (await (
        await fetch(`${server.url}/tab/api/me`, {
          headers: { authorization: `Bearer ${token(oid)}` },
        })
      ).json()) as { closedRounds: { id: string; number: number }[] };
    expect((await me('aad-pilot')).closedRounds.map((r) => [r.id, r.number])).toEqual([
      [closedId, 1],
    ]);
    expect((await me('aad-marie')).closedRounds).toEqual([]);
    expect((await me('aad-paris')).closedRounds.map((r) => r.id)).toEqual([otherCafRoundId]);
  });

  it('refuses a partner (403) on the list and on a recording', async () => {
    const n = await stored();
    expect(await refusal(await get(closedId, 'aad-marie'))).toEqual([
      403,
      expect.objectContaining({ code: 'FORBIDDEN' }),
    ]);
    const res = await post(
      closedId,
      { organisation: 'DDCS94', enjeu: 1, reponse: 'retenue', justification: 'Oui' },
      'aad-marie',
    );
    expect(res.status).toBe(403);
    expect(await stored()).toBe(n);
  });

  it('refuses bad input with the catalogue’s French under the field, nothing stored', async () => {
    const n = await stored();
    expect(
      await refusal(
        await post(closedId, {
          organisation: 'DDCS94',
          enjeu: 1,
          reponse: 'peut-être',
          justification: 'Oui',
        }),
      ),
    ).toEqual([
      422,
      {
        code: 'FOLLOWUP_RESPONSE_UNKNOWN',
        field: 'reponse',
        message:
          'Réponse « peut-être » inconnue : retenue, partielle (partiellement retenue), non-retenue ou sans-objet.',
      },
    ]);
    expect(
      await refusal(
        await post(closedId, { organisation: 'DDCS94', enjeu: 1, justification: 'Oui' }),
      ),
    ).toEqual([
      422,
      {
        code: 'FOLLOWUP_RESPONSE_UNKNOWN',
        field: 'reponse',
        message:
          'Choisissez la réponse de la Caf : retenue, partiellement retenue, non retenue ou sans objet.',
      },
    ]);
    expect(
      await refusal(
        await post(closedId, {
          organisation: 'DDCS94',
          enjeu: 1,
          reponse: 'retenue',
          justification: 'é'.repeat(2001),
        }),
      ),
    ).toEqual([
      422,
      {
        code: 'FOLLOWUP_JUSTIFICATION_TOO_LONG',
        field: 'justification',
        message: 'La justification fait 2001 caractères : 2000 au plus.',
      },
    ]);
    expect(
      await refusal(
        await post(closedId, {
          organisation: 'DDCS94',
          enjeu: 1,
          reponse: 'retenue',
          justification: '   ',
        }),
      ),
    ).toEqual([
      422,
      expect.objectContaining({ code: 'FOLLOWUP_JUSTIFICATION_MISSING', field: 'justification' }),
    ]);
    expect(
      await refusal(
        await post(closedId, {
          organisation: 'DDCS94',
          enjeu: 1,
          reponse: 'retenue',
          justification: 'Oui',
          enjeuSuivant: 'n’importe quoi',
        }),
      ),
    ).toEqual([
      422,
      expect.objectContaining({ code: 'FOLLOWUP_NEXT_ENJEU_INVALID', field: 'enjeuSuivant' }),
    ]);
    // A favorable without comment calls for no follow-up.
    expect(
      await refusal(
        await post(closedId, {
          organisation: 'DDCS94',
          enjeu: 2,
          reponse: 'retenue',
          justification: 'Oui',
        }),
      ),
    ).toEqual([422, expect.objectContaining({ code: 'FOLLOWUP_NOT_NEEDED' })]);
    expect(await stored()).toBe(n);
  });

  it('refuses an open round (409) and another Caf’s round (404)', async () => {
    const body = { organisation: 'DDCS94', enjeu: 1, reponse: 'retenue', justification: 'Oui' };
    const [status, error] = await refusal(await post(openId, body));
    expect(status).toBe(409);
    expect(error).toMatchObject({ code: 'FOLLOWUP_ROUND_NOT_CLOSED' });
    expect((error as { message: string }).message).toContain('une fois la consultation close');
    expect((await get(openId)).status).toBe(409);
    // The Paris pilot does not see the Créteil round, nor the other way round.
    expect(await refusal(await get(closedId, 'aad-paris'))).toEqual([
      404,
      expect.objectContaining({ code: 'ROUND_NOT_FOUND' }),
    ]);
    expect((await post(otherCafRoundId, body)).status).toBe(404);
    expect((await post('not-a-uuid', body)).status).toBe(404);
    expect(await t.db.avisFollowup.count()).toBe(1);
  });

  itWithChromium(
    'a pilot records a follow-up from the tab, the error under the field first',
    async () => {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
      const page = await browser.newPage({ viewport: { width: 900, height: 1400 } });
      await page.route('**/tab/vendor/teams-js.js', (route) =>
        route.fulfill({
          contentType: 'application/javascript',
          body: stubTeams(token('aad-pilot')),
        }),
      );
      // The tab opens on the open round; the pilot goes to the closed one from the list.
      const before = await t.db.avisFollowup.count({ where: { roundId: closedId } });
      await page.goto(`${server.url}/tab/`);
      await page
        .getByRole('navigation', { name: 'Consultations closes : suites données aux avis' })
        .getByRole('link', { name: /^Consultation n° 1 : / })
        .click();
      const section = page.getByRole('region', { name: 'Suites données aux avis' });
      await section.waitFor();
      const item = section.getByRole('article', { name: /^Enjeu 1 : .*\(DDCS94\)$/ });
      expect(await item.textContent()).toContain('Suite : à faire');
      // Hostile text is shown as text.
      expect(await item.locator('blockquote').textContent()).toBe(HOSTILE_COMMENT);
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBe(
        undefined,
      );

      // No response chosen: the French refusal under the radios, nothing stored.
      await item.getByLabel('Justification').fill('Les moyens sont revus dans la version 2.');
      await item.getByRole('button', { name: 'Enregistrer la suite' }).click();
      const fieldError = item.locator('.erreur-champ:not([hidden])');
      await fieldError.waitFor();
      expect(await fieldError.textContent()).toBe(
        'Choisissez la réponse de la Caf : retenue, partiellement retenue, non retenue ou sans objet.',
      );
      expect(await t.db.avisFollowup.count({ where: { roundId: closedId } })).toBe(before);
      await item.screenshot({ path: '/tmp/tab-suivi-erreur.png' });

      await item
        .getByRole('group', { name: 'Réponse de la Caf' })
        .getByLabel('Retenue', { exact: true })
        .check();
      await item.getByLabel(/Enjeu de la version suivante/).selectOption({ index: 2 });
      await item.getByRole('button', { name: 'Enregistrer la suite' }).click();
      await page.getByText(/^Suite enregistrée : enjeu 1/).waitFor();
      const refreshed = page
        .getByRole('region', { name: 'Suites données aux avis' })
        .getByRole('article', { name: /^Enjeu 1 : .*\(DDCS94\)$/ });
      expect(await refreshed.textContent()).toContain('Suite : Retenue, par Paul Pilote');
      expect(await refreshed.textContent()).toContain('Repris dans la version 2, enjeu 2');
      const row = await t.db.avisFollowup.findFirstOrThrow({
        where: { roundId: closedId, avis: { organisation: { code: 'DDCS94' } } },
        include: { avis: { include: { organisation: true } } },
      });
      expect([row.avis.organisation.code, row.response, row.justification]).toEqual([
        'DDCS94',
        'retenue',
        'Les moyens sont revus dans la version 2.',
      ]);
      expect(await t.db.avisFollowup.count({ where: { roundId: closedId } })).toBe(before + 1);
      await page
        .getByRole('region', { name: 'Suites données aux avis' })
        .screenshot({ path: '/tmp/tab-suivi.png' });
      await page.close();
    },
    60_000,
  );
});
