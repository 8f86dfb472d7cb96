import type { Express } from 'express';
import { CLI_ACTOR, NO_OUTBOX, type AppDeps } from '../../src/app/deps';
import { closeRound } from '../../src/app/close-round';
import { createInviteCode } from '../../src/app/create-invite-code';
import { importGrid } from '../../src/app/import-grid';
import { seedDemo } from '../../src/app/seed-demo';
import { createAndLaunchSurvey } from '../../src/app/survey/create-survey';
import { mountTeamsForConcerto } from '../../src/adapters/teams/concerto-handlers';
import { renderMessage } from '../../src/adapters/teams/render';
import type { NeutralMessage } from '../../src/domain/messages';
import { createHttpApp } from '../../src/http/server';
import { createTestDb, type TestDb } from '../support/db';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { startJwks, type TestJwks } from '../support/jwks';
import { CLIENT_ID, captureLogger, listen, teamsConfig } from './helpers';
import { gridLevel, input, teamsGridClient, texts, elements } from '../support/teams-grid';

/**
 * A survey round's grid filled in from Teams, against the real web server and Postgres: the
 * invitation's button (avis.open) opens level 1, each card saves its level (survey.save), the
 * last one finishes the grid. Bot Framework activities in wire format with signed tokens.
 */
const MARIE = { id: '29:marie', name: 'Marie Dupont', aadObjectId: 'aad-marie' };
const OLGA = { id: '29:olga', name: 'Olga Observe', aadObjectId: 'aad-olga' };
const CLAUDE = { id: '29:claude', name: 'Claude Commune', aadObjectId: 'aad-claude' };
describe('a survey round filled in from Teams', () => {
  let t: TestDb;
  let jwks: TestJwks;
  let connector: FakeConnector;
  let server: Awaited<ReturnType<typeof listen>>;
  let deps: AppDeps;
  let tenantId: string;
  let clock = new Date('2026-11-28T09:00:00Z');
  let roundId = '';

  beforeAll(async () => {
    [t, jwks, connector] = await Promise.all([createTestDb(), startJwks(), startFakeConnector()]);
    const config = teamsConfig({
      PUBLIC_URL: 'https://concerto.caf94.example',
      TEAMS_BOT_OPENID_METADATA_URL: jwks.openIdMetadataUrl,
      TEAMS_SERVICE_URLS: `${connector.url}/`,
    });
    const { log } = captureLogger(process.env.TEAMS_TEST_LOG ?? 'silent');
    deps = { db: t.db, now: () => clock, log, outbox: NO_OUTBOX };
    tenantId = (await seedDemo(deps, { actor: CLI_ACTOR })).tenant.id;
    const app: Express = await createHttpApp({
      deps,
      log,
      redis: { ping: async () => 'PONG' },
      mount: async (expressApp) => {
        await mountTeamsForConcerto(expressApp, {
          config,
          deps,
          log,
          endpoints: { loginEndpoint: connector.url },
        });
      },
    });
    server = await listen(app);
    // Marie (DDCS94, partner), Olga (DDCS94, observer), Claude (CD94, not invited) link their
    // Teams accounts with the Caf's codes.
    const link = async (
      from: typeof MARIE,
      role: 'partner' | 'observer',
      organisationCode: string,
    ) => {
      const { code } = await createInviteCode(deps, {
        tenantId,
        organisationCode,
        role,
        actor: CLI_ACTOR,
      });
      const status = await teams().say(from, `rejoindre ${code}`);
      expect(status).toBe(200);
    };
    await link(MARIE, 'partner', 'DDCS94');
    await link(OLGA, 'observer', 'DDCS94');
    await link(CLAUDE, 'partner', 'CD94');
    const { created } = await createAndLaunchSurvey(deps, {
      tenantId,
      gridCode: 'evaluation-94',
      answerMode: 'organisation',
      organisations: { codes: ['DDCS94'] },
      deadline: new Date('2026-12-15T17:00:00Z'),
      reminderSchedule: 'aucun',
      actor: CLI_ACTOR,
    });
    roundId = created.round.id;
  });

  afterAll(async () => {
    await server?.close();
    await connector?.close();
    await jwks?.close();
    await t?.drop();
  });

  const token = () => jwks.botToken({ audience: CLIENT_ID, serviceUrl: connector.url });
  const teams = () =>
    teamsGridClient({ url: () => server.url, serviceUrl: () => connector.url, token });
  const execute = async (
    from: typeof MARIE,
    verb: string,
    data: Record<string, unknown>,
    over: Record<string, unknown> = {},
  ) => {
    const res = await teams().execute(from, verb, data, over);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/vnd.microsoft.card.adaptive');
    return res.card;
  };
  const org = (code: string) =>
    t.db.organisation.findUniqueOrThrow({ where: { tenantId_code: { tenantId, code } } });
  const cellsOf = async (code: string) =>
    t.db.surveyCell.findMany({
      where: { response: { roundId, organisationId: (await org(code)).id } },
      orderBy: [{ level: 'asc' }, { question: 'asc' }],
    });
  const level = (n: number, over: Record<string, string> = {}) => gridLevel(roundId, n, over);

  it('opens level 1 of the grid from the invitation’s button', async () => {
    const delivery = await t.db.delivery.findFirstOrThrow({
      where: {
        kind: 'round.invitation',
        destination: { platform: 'teams', address: `a:${MARIE.id}` },
      },
    });
    const invitation = renderMessage(delivery.payload as unknown as NeutralMessage);
    const button = invitation.actions?.[0] as { verb: string; data: Record<string, unknown> };
    expect(button).toMatchObject({ verb: 'avis.open', title: 'Remplir la grille' });

    const card = await execute(MARIE, button.verb, button.data);
    expect(texts(card)[0]).toMatch(/^Évaluation n° \d+ : Évaluer l'animation de la vie sociale/);
    expect(JSON.stringify(card)).toContain('1 sur 4 : Généralités');
    expect(input(card, 'case-1-1')).toMatchObject({
      type: 'Input.Text',
      label: 'Que regarde-t-on ?',
      placeholder: 'Les effets, les moyens, les publics, les partenariats…',
      isMultiline: true,
      maxLength: 1000,
    });
    expect(input(card, 'note-1-4')).toMatchObject({
      type: 'Input.ChoiceSet',
      label: 'Note — Avec qui ?',
    });
    expect(input(card, 'note-1-1')!.choices!.map((c) => c.title)).toEqual([
      '1 : À construire',
      '2 : Amorcé',
      '3 : En place',
      '4 : Consolidé',
    ]);
    // Level 1 only: not another level's fields, no « previous » on the first level.
    expect(input(card, 'case-2-1')).toBeUndefined();
    expect(card.actions).toEqual([
      expect.objectContaining({
        verb: 'survey.save',
        title: 'Enregistrer et continuer',
        data: { roundId, level: 1, go: 'next' },
      }),
    ]);
  });

  it('saves level 1 (that level only, as the signed user) and shows level 2', async () => {
    const cd94 = await org('CD94');
    const card = await execute(
      MARIE,
      'survey.save',
      level(1, {
        'case-1-1': 'Les effets sur les habitants',
        'note-1-1': '3',
        'case-1-3': 'Avant le renouvellement',
        // Another level's field and an organisation in the data: ignored.
        'case-2-1': 'glissé dans les données',
        organisationId: cd94.id,
      }),
    );
    expect(texts(card)).toContain('Niveau 1 enregistré.');
    expect(JSON.stringify(card)).toContain('2 sur 4 : Territoires');
    expect(card.actions?.map((a) => a.title)).toEqual([
      'Enregistrer et continuer',
      'Niveau précédent',
    ]);
    expect((await cellsOf('DDCS94')).map((c) => [c.level, c.question, c.text, c.rating])).toEqual([
      [1, 1, 'Les effets sur les habitants', 3],
      [1, 3, 'Avant le renouvellement', null],
    ]);
    expect(await cellsOf('CD94')).toEqual([]);
    const history = await t.db.surveyCellHistory.findFirstOrThrow({
      where: { response: { roundId }, level: 1, question: 1 },
    });
    expect(history).toMatchObject({ givenByLabel: 'Marie Dupont', channel: 'teams' });
  });

  it('refuses a contribution of 1001 characters on level 2: the same card, as typed, nothing saved', async () => {
    const long = 'x'.repeat(1001);
    const card = await execute(
      MARIE,
      'survey.save',
      level(2, { 'case-2-1': long, 'case-2-2': 'Des entretiens', 'note-2-2': '2' }),
    );
    expect(JSON.stringify(card)).toContain('2 sur 4 : Territoires');
    expect(input(card, 'case-2-1')!.value).toBe(long);
    expect(input(card, 'case-2-2')!.value).toBe('Des entretiens');
    expect(input(card, 'note-2-2')!.value).toBe('2');
    const errors = elements(card).filter((e) => e.color === 'Attention');
    expect(errors.map((e) => (e.text ?? '').replace(/\\/g, ''))).toEqual([
      '1 case à corriger : rien n’a été enregistré.',
      '1001 caractères : 1000 au plus. Raccourcissez la contribution.',
    ]);
    // The error sits in the container of its field.
    const container = card.body.find((e) => e.items?.some((i) => i.id === 'case-2-1'))!;
    expect(container.items!.some((i) => i.color === 'Attention')).toBe(true);
    expect((await cellsOf('DDCS94')).filter((c) => c.level === 2)).toEqual([]);
  });

  it('goes back a level (saving it), then completes and finishes the grid', async () => {
    const back = await execute(
      MARIE,
      'survey.save',
      level(2, { 'case-2-2': 'Des entretiens', 'note-2-2': '2', go: 'previous' }),
    );
    expect(JSON.stringify(back)).toContain('1 sur 4 : Généralités');
    expect(input(back, 'case-1-1')!.value).toBe('Les effets sur les habitants');
    expect(input(back, 'note-1-1')!.value).toBe('3');

    await execute(
      MARIE,
      'survey.save',
      level(2, { 'case-2-2': 'Des entretiens', 'note-2-2': '2' }),
    );
    const last = await execute(
      MARIE,
      'survey.save',
      level(3, { 'case-3-1': 'Les centres sociaux', 'note-3-1': '4' }),
    );
    expect(JSON.stringify(last)).toContain('4 sur 4 : Actions');
    expect(input(last, 'finish')).toMatchObject({ type: 'Input.Toggle', value: 'false' });
    expect(last.actions?.[0]?.title).toBe('Enregistrer');

    const done = await execute(
      MARIE,
      'survey.save',
      level(4, { 'case-4-4': 'Les habitants, les élus', 'note-4-4': '1', finish: 'true' }),
    );
    expect(texts(done)).toContain('Grille enregistrée : 5 cases sur 16, terminée.');
    expect(done.actions).toEqual([
      expect.objectContaining({ verb: 'avis.open', data: { roundId } }),
    ]);
    expect((await cellsOf('DDCS94')).map((c) => [c.level, c.question, c.text, c.rating])).toEqual([
      [1, 1, 'Les effets sur les habitants', 3],
      [1, 3, 'Avant le renouvellement', null],
      [2, 2, 'Des entretiens', 2],
      [3, 1, 'Les centres sociaux', 4],
      [4, 4, 'Les habitants, les élus', 1],
    ]);
    const response = await t.db.surveyResponse.findFirstOrThrow({ where: { roundId } });
    expect(response.finishedAt).not.toBeNull();

    // Opened again, in English: the toggle remembers, and unticked the grid is a draft again.
    const again = await execute(MARIE, 'avis.open', { roundId }, { locale: 'en-GB' });
    expect(again.actions?.[0]?.title).toBe('Save and continue');
    const draft = await execute(
      MARIE,
      'survey.save',
      level(4, { 'case-4-4': 'Les habitants, les élus', 'note-4-4': '1', finish: 'false' }),
      { locale: 'en-GB' },
    );
    expect(texts(draft)).toContain('Grid saved: 5 of 16 cells, draft.');
    expect(
      (await t.db.surveyResponse.findFirstOrThrow({ where: { roundId } })).finishedAt,
    ).toBeNull();
  });

  it('refuses the observer and a partner not invited, in French, on a card; nothing saved', async () => {
    const before = await t.db.surveyCellHistory.count();
    const observer = await execute(OLGA, 'avis.open', { roundId });
    expect(texts(observer).join(' ')).toContain(
      'Vous suivez votre organisation sans la représenter',
    );
    expect(observer.actions ?? []).toEqual([]);
    const saved = await execute(OLGA, 'survey.save', level(1, { 'case-1-1': 'Olga écrit' }));
    expect(texts(saved).join(' ')).toContain('sans la représenter');
    const stranger = await execute(CLAUDE, 'survey.save', level(1, { 'case-1-1': 'Claude' }));
    expect(texts(stranger).join(' ')).toContain('Votre organisation n’est pas invitée');
    expect(await t.db.surveyCellHistory.count()).toBe(before);
    expect(await cellsOf('CD94')).toEqual([]);
  });

  it('refuses a per-person round: it is filled in with a participant code', async () => {
    const { created } = await createAndLaunchSurvey(deps, {
      tenantId,
      gridCode: 'evaluation-94',
      answerMode: 'person',
      deadline: new Date('2026-12-15T17:00:00Z'),
      reminderSchedule: 'aucun',
      actor: CLI_ACTOR,
    });
    const card = await execute(MARIE, 'avis.open', { roundId: created.round.id });
    expect(texts(card).join(' ')).toContain('se remplit une fois par personne');
  });

  it('works for any grid: a 3 × 5 grid imported as Markdown', async () => {
    await importGrid(deps, {
      tenantId,
      fileName: 'petite.md',
      actor: CLI_ACTOR,
      text: [
        '---',
        'code: petite-grille',
        'titre: Bilan des ateliers',
        'notation: [Faible, Moyen, Fort]',
        '---',
        '| | Public | Lieu | Durée | Coût | Suite |',
        '|---|---|---|---|---|---|',
        '| Printemps | Qui est venu ? | | | | |',
        '| Été | | | | | |',
        '| Automne | | | | | Et après ? |',
      ].join('\n'),
    });
    const { created } = await createAndLaunchSurvey(deps, {
      tenantId,
      gridCode: 'petite-grille',
      answerMode: 'organisation',
      organisations: { codes: ['DDCS94'] },
      deadline: new Date('2026-12-15T17:00:00Z'),
      reminderSchedule: 'aucun',
      actor: CLI_ACTOR,
    });
    const small = created.round.id;
    const first = await execute(MARIE, 'avis.open', { roundId: small });
    expect(JSON.stringify(first)).toContain('1 sur 3 : Printemps');
    expect(input(first, 'case-1-5')).toMatchObject({ label: 'Suite' });
    expect(input(first, 'case-1-1')!.placeholder).toBe('Qui est venu ?');
    expect(input(first, 'note-1-1')!.choices!.map((c) => c.title)).toEqual([
      '1 : Faible',
      '2 : Moyen',
      '3 : Fort',
    ]);
    const values = (n: number, over: Record<string, string>) => ({
      roundId: small,
      level: n,
      go: 'next',
      ...Object.fromEntries([1, 2, 3, 4, 5].map((q) => [`case-${n}-${q}`, ''])),
      ...over,
    });
    await execute(MARIE, 'survey.save', values(1, { 'case-1-1': 'Des familles', 'note-1-1': '3' }));
    const last = await execute(MARIE, 'survey.save', values(2, {}));
    expect(JSON.stringify(last)).toContain('3 sur 3 : Automne');
    expect(input(last, 'case-3-5')!.placeholder).toBe('Et après ?');
    const done = await execute(
      MARIE,
      'survey.save',
      values(3, { 'case-3-5': 'Une autre saison', finish: 'true' }),
    );
    expect(texts(done)).toContain('Grille enregistrée : 2 cases sur 15, terminée.');
  });

  it('takes a level too large for one card over several, saving each part without touching the rest', async () => {
    const questions = Array.from({ length: 10 }, (_, i) => `Q${i + 1}`);
    await importGrid(deps, {
      tenantId,
      fileName: 'large.md',
      actor: CLI_ACTOR,
      text: [
        '---',
        'code: grille-large',
        'titre: Dix questions',
        'notation: [Faible, Moyen, Fort, Très fort]',
        '---',
        `| | ${questions.join(' | ')} |`,
        `|---|${questions.map(() => '---').join('|')}|`,
        `| Ateliers | ${questions.map(() => '').join(' | ')} |`,
        `| Accueil | ${questions.map(() => '').join(' | ')} |`,
      ].join('\n'),
    });
    const { created } = await createAndLaunchSurvey(deps, {
      tenantId,
      gridCode: 'grille-large',
      answerMode: 'organisation',
      organisations: { codes: ['DDCS94'] },
      deadline: new Date('2026-12-15T17:00:00Z'),
      reminderSchedule: 'aucun',
      actor: CLI_ACTOR,
    });
    const large = created.round.id;
    // Level 1 saved whole: ten contributions of 1000 characters of 3 bytes each (’ € …).
    const long = (q: number) => `${q} ${'’€…'.repeat(334)}`.slice(0, 1000);
    const level1 = Object.fromEntries(questions.map((_, i) => [`case-1-${i + 1}`, long(i + 1)]));
    const second = await execute(MARIE, 'survey.save', {
      roundId: large,
      level: 1,
      go: 'next',
      ...level1,
    });
    expect(JSON.stringify(second)).toContain('2 sur 2 : Accueil');
    // Back to level 1: too large for one card, it opens on its first questions.
    const part1 = await execute(MARIE, 'survey.save', { roundId: large, level: 2, go: 'previous' });
    expect(Buffer.byteLength(JSON.stringify(part1), 'utf8')).toBeLessThan(28 * 1024);
    const to = questions.filter((_, i) => input(part1, `case-1-${i + 1}`)).length;
    expect(to).toBeGreaterThan(0);
    expect(to).toBeLessThan(10);
    expect(input(part1, 'case-1-10')).toBeUndefined();
    expect(JSON.stringify(part1)).toContain(`1 à ${to} sur 10`);
    const data = part1.actions![0]!.data!;
    expect(data).toMatchObject({ level: 1, go: 'next', from: 1, to });
    // Saving that part changes its cells only: the others are not emptied.
    const part2 = await execute(MARIE, 'survey.save', {
      ...data,
      ...Object.fromEntries(
        Array.from({ length: to }, (_, i) => [
          `case-1-${i + 1}`,
          i === 0 ? 'Plus court' : long(i + 1),
        ]),
      ),
    });
    expect(texts(part2)).toContain(`Questions 1 à ${to} du niveau 1 enregistrées.`);
    expect(input(part2, `case-1-${to + 1}`)).toBeDefined();
    expect(input(part2, 'case-1-1')).toBeUndefined();
    const cells = await t.db.surveyCell.findMany({
      where: { response: { roundId: large, organisationId: (await org('DDCS94')).id } },
      orderBy: { question: 'asc' },
    });
    expect(cells.map((c) => c.text)).toEqual([
      'Plus court',
      ...questions.slice(1).map((_, i) => long(i + 2)),
    ]);
    // « Questions précédentes » goes back to the level's first card.
    const previous = part2.actions!.find((a) => a.data?.go === 'previous')!;
    expect(previous.title).toBe('Questions précédentes');
  });

  it('refuses after the deadline, then once closed, on a card; nothing saved', async () => {
    const before = await t.db.surveyCellHistory.count();
    clock = new Date('2026-12-16T09:00:00Z');
    const late = await execute(MARIE, 'survey.save', level(1, { 'case-1-2': 'trop tard' }));
    expect(texts(late).join(' ')).toContain('date limite');
    expect(texts(late).join(' ')).toContain('est passée');
    clock = new Date('2026-11-30T09:00:00Z');
    await closeRound(deps, { tenantId, roundId, actor: CLI_ACTOR });
    const closed = await execute(MARIE, 'avis.open', { roundId });
    expect(texts(closed).join(' ')).toContain('est close : elle ne reçoit plus de contributions');
    expect(closed.actions ?? []).toEqual([]);
    const save = await execute(MARIE, 'survey.save', level(1, { 'case-1-2': 'après la clôture' }));
    expect(texts(save).join(' ')).toContain('est close');
    expect(await t.db.surveyCellHistory.count()).toBe(before);
  });
});
