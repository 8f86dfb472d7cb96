import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDb, type TestDb } from '../support/db';
import { createLogger } from '../../src/logger';
import { CLI_ACTOR, type AppDeps, type Outbox } from '../../src/app/deps';
import { seedDemo } from '../../src/app/seed-demo';
import { createRound } from '../../src/app/create-round';
import { launchRound } from '../../src/app/launch-round';
import { recordProxyAvis } from '../../src/app/cast-avis';
import { closeRound } from '../../src/app/close-round';
import { pdfInputOf, renderRoundReportPdf } from '../../src/app/report-pdf';
import { buildRoundReport } from '../../src/app/round-report';

/** The PDF synthesis of a real round: launched, answered by proxy, closed with silence favourable. */
describe('the PDF synthesis of a round of the database', () => {
  let t: TestDb;
  let deps: AppDeps;
  let clock = new Date('2026-11-28T09:00:00Z');
  const outbox: Outbox = {
    async deliveriesCreated() {},
    async remindersPlanned() {},
    async remindersCancelled() {},
  };
  let tenantId: string;
  let roundNumber: number;

  beforeAll(async () => {
    t = await createTestDb();
    deps = { db: t.db, now: () => clock, log: createLogger('silent'), outbox };
    await seedDemo(deps, { actor: CLI_ACTOR });
    const tenant = await t.db.tenant.findFirstOrThrow();
    tenantId = tenant.id;
    const draft = await t.db.draftVersion.findFirstOrThrow({
      include: { enjeux: { orderBy: { position: 'asc' } } },
    });
    const { round } = await createRound(deps, {
      tenantId,
      draftVersionId: draft.id,
      organisations: { codes: ['CD94', 'DDCS94', 'FCS94', 'COM-94028'] },
      deadline: new Date('2026-12-11T16:00:00Z'),
      silenceMeansFavorable: true,
      actor: CLI_ACTOR,
    });
    roundNumber = round.number;
    await launchRound(deps, { tenantId, roundId: round.id, actor: CLI_ACTOR });
    const [e1, e2] = draft.enjeux;
    clock = new Date('2026-12-03T13:05:00Z');
    await recordProxyAvis(deps, {
      tenantId,
      roundId: round.id,
      organisationCode: 'CD94',
      votes: [
        {
          enjeuId: e1!.id,
          choice: 'favorable_avec_reserves',
          comment: '<img src=x onerror=alert(1)> =SUM(A1) | # titre\nSeconde ligne',
        },
        { enjeuId: e2!.id, choice: 'defavorable', comment: 'Moyens insuffisants pour l’EVS.' },
      ],
      source: 'courrier du 3 décembre',
      actor: CLI_ACTOR,
    });
    await recordProxyAvis(deps, {
      tenantId,
      roundId: round.id,
      organisationCode: 'DDCS94',
      votes: [{ enjeuId: e1!.id, choice: 'favorable' }],
      source: 'mail',
      actor: CLI_ACTOR,
    });
    clock = new Date('2026-12-11T16:00:00Z');
    await closeRound(deps, { tenantId, roundId: round.id, actor: CLI_ACTOR });
  });
  afterAll(async () => t.drop());

  it('maps the round, its avis, silences and non-responders', async () => {
    const input = pdfInputOf(
      await buildRoundReport(deps, { tenantId, round: String(roundNumber) }),
    );
    expect(input.tenant).toEqual({ name: 'Caf du Val-de-Marne', timezone: 'Europe/Paris' });
    expect(input.round.status).toBe('closed');
    const byName = Object.fromEntries(input.organisations.map((o) => [o.code, o]));
    // three enjeux in the demo draft: the Département answered two, the silence counts for the third
    expect(byName.CD94).toMatchObject({ answered: 'some', bySilence: true, commune: 'Créteil' });
    expect(byName.DDCS94).toMatchObject({ answered: 'some', bySilence: true });
    expect(byName.FCS94).toMatchObject({ answered: 'none', bySilence: true, kind: 'Fédération' });
    expect(input.nonResponders.map((o) => o.code).sort()).toEqual(['COM-94028', 'FCS94']);
    const e1 = input.enjeux[0]!;
    expect(e1.counts).toEqual({
      favorable: 1,
      favorable_avec_reserves: 1,
      defavorable: 0,
      abstention: 0,
    });
    expect(e1.silence).toBe(2);
    expect(e1.noAnswer).toBe(0);
    const cd = e1.avis.find((a) => a.organisation.startsWith('Conseil départemental'))!;
    expect(cd).toMatchObject({ proxy: true, silent: false, avis: 'favorable_avec_reserves' });
    expect(cd.date.toISOString()).toBe('2026-12-03T13:05:00.000Z');
    expect(input.followups).toEqual([]);
  });

  it('writes a tagged PDF that names every organisation, with the hostile comment as text', async () => {
    const pdf = await renderRoundReportPdf(
      await buildRoundReport(deps, { tenantId, round: String(roundNumber) }),
    );
    const file = join(mkdtempSync(join(tmpdir(), 'concerto-pdf-db-')), 'synthese.pdf');
    writeFileSync(file, pdf);
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/^Tagged:\s+yes$/m);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], {
      encoding: 'utf8',
    }).replace(/\s+/g, ' ');
    expect(text).toContain(`Synthèse de la consultation n° ${roundNumber}`);
    expect(text).toContain('Date limite : vendredi 11 décembre 2026 à 17 h 00');
    expect(text).toContain('<img src=x onerror=alert(1)> =SUM(A1) | # titre Seconde ligne');
    expect(text).toContain('le 3 décembre 2026 à 14 h 05');
    expect(text).toContain('Favorables par silence (4)');
    expect(text).toContain(
      'Saisi par la Caf pour le compte de Conseil départemental du Val-de-Marne (cli) · source : courrier du 3 décembre',
    );
    expect(text).toContain('Fédération des centres sociaux et socioculturels du Val-de-Marne');
    expect(text).toContain('Aucune suite enregistrée.');
    expect(text).toContain('Organisations sans réponse');
  });
});
