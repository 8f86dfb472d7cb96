import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { startSlackServer } from '../support/slack-server';
import { createInviteCode } from '../../src/app/create-invite-code';
import { CLI_ACTOR, NO_OUTBOX, type AppDeps } from '../../src/app/deps';
import { importGrid } from '../../src/app/import-grid';
import { seedDemo } from '../../src/app/seed-demo';
import { createAndLaunchSurvey } from '../../src/app/survey/create-survey';
import { closeRound } from '../../src/app/close-round';
import { ZConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { deletePrefixKeys } from '../support/redis';
import { createTestDb, type TestDb } from '../support/db';
import { FakeSlack } from '../support/fake-slack';
import {
  slackGridClient,
  waitUntil,
  type SlackGridView as View,
  type SlackStateValues as StateValues,
} from '../support/slack-grid';

/**
 * A survey round's grid filled in from Slack: the invitation's button (`avis.open`) of a survey
 * round opens the grid level by level; each level is saved on its own; refused fields answer
 * under their block and save nothing; the last level closes with a direct message. Signed
 * requests to the real web server, real Postgres and Redis, a local fake of Slack's Web API.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'survey-signing-secret-0123456789abcdef';
const TEAM = 'T0CAF94';
const MARIE = { userId: 'U0MARIE', channelId: 'C0DDCS' };
const OLGA = { userId: 'U0OLGA', channelId: 'C0OLGA' };
const JEAN = { userId: 'U0JEAN', channelId: 'C0CD94' };

const GRID_3X5 = [
  '---',
  'code: bilan-3x5',
  'titre: Bilan de mi-parcours',
  'notation:',
  '  libelles: [Non, Plutôt non, Plutôt oui, Oui]',
  '  questions: [Quoi ?, Combien ?]',
  '---',
  '# Bilan',
  '',
  'Une grille pour le bilan.',
  '',
  '| Niveau | Quoi ? | Comment ? | Quand ? | Combien ? | Avec qui ? |',
  '| --- | --- | --- | --- | --- | --- |',
  '| Quartier | Les besoins | | | | |',
  '| Commune | | | | | Les élus |',
  '| Département | | | | | |',
].join('\n');

describe('a survey grid filled in from Slack', () => {
  jest.setTimeout(60_000);
  let t: TestDb;
  let fake: FakeSlack;
  let redis: Redis;
  let server: Awaited<ReturnType<typeof startSlackServer>>;
  let deps: AppDeps;
  let tenantId: string;
  let url = '';
  let roundId = '';
  let later = 0;
  const prefix = `test-slack-survey-${randomBytes(5).toString('hex')}`;

  beforeAll(async () => {
    [t, fake] = await Promise.all([createTestDb(), new FakeSlack().start()]);
    const log = createLogger(process.env.SLACK_TEST_LOG ?? 'silent');
    redis = new Redis(REDIS_URL);
    // The server's clock, moved on by `later` to pass a deadline.
    deps = { db: t.db, now: () => new Date(Date.now() + later), log, outbox: NO_OUTBOX };
    tenantId = (await seedDemo(deps, { actor: CLI_ACTOR })).tenant.id;
    const config = ZConfig.parse({
      NODE_ENV: 'test',
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      SLACK_BOT_TOKEN: 'xoxb-survey',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
    });
    server = await startSlackServer({ config, deps, log, redis });
    url = `${server.base}/slack/events`;
    for (const [who, role, code] of [
      [MARIE, 'partner', 'DDCS94'],
      [OLGA, 'observer', 'DDCS94'],
      [JEAN, 'partner', 'CD94'],
    ] as const) {
      const c = await createInviteCode(deps, {
        tenantId,
        role,
        organisationCode: code,
        actor: CLI_ACTOR,
      });
      expect(await command(who, `rejoindre ${c.code}`)).toMatch(/Compte relié|Bienvenue|relié/);
    }
    const { created } = await createAndLaunchSurvey(deps, {
      tenantId,
      gridCode: 'evaluation-94',
      answerMode: 'organisation',
      organisations: { codes: ['DDCS94', 'CD94'] },
      deadline: new Date(Date.now() + 3 * 86_400_000),
      reminderSchedule: 'aucun',
      actor: CLI_ACTOR,
    });
    roundId = created.round.id;
  });

  afterAll(async () => {
    await server?.close();
    await redis?.quit();
    await deletePrefixKeys(prefix);
    await fake?.stop();
    await t?.drop();
  });

  const client = () => slackGridClient({ fake, url: () => url, secret: SECRET, teamId: TEAM });
  const command = (who: { userId: string; channelId: string }, text: string) =>
    client().command(who, text);
  const click = (who: { userId: string; channelId: string }, round: string) =>
    client().click(who, round);
  const submit = async (
    who: { userId: string },
    view: View,
    values: Record<string, string>,
    o: { finish?: boolean; extra?: StateValues } = {},
  ) => {
    const { status, answer } = await client().submit(who, view, values, o);
    expect(status).toBe(200);
    return answer;
  };

  const cellsOf = async (round: string, organisationCode: string) => {
    const org = await t.db.organisation.findFirstOrThrow({
      where: { tenantId, code: organisationCode },
    });
    const response = await t.db.surveyResponse.findFirst({
      where: { roundId: round, organisationId: org.id },
      include: { cells: { orderBy: [{ level: 'asc' }, { question: 'asc' }] } },
    });
    return {
      finishedAt: response?.finishedAt ?? null,
      cells: (response?.cells ?? []).map((c) => [c.level, c.question, c.text, c.rating]),
    };
  };
  const dmsTo = (userId: string) => client().postsTo(userId);

  it('a partner opens the grid from the button, saves it level by level and finishes it', async () => {
    const opened = await click(MARIE, roundId);
    expect('view' in opened).toBe(true);
    const v1 = (opened as { view: View }).view;
    expect(v1.callback_id).toBe('survey.submit');
    expect(v1.title.text).toBe('Niveau 1/4');
    expect(v1.submit.text).toBe('Enregistrer et continuer');
    expect(JSON.parse(v1.private_metadata)).toEqual({ roundId, level: 1 });
    const inputs = v1.blocks.filter((b) => b.type === 'input');
    // 4 questions, each a text and a rating; no finish checkbox before the last level.
    expect(inputs.map((b) => b.block_id)).toEqual([
      'grid:case-1-1',
      'grid:note-1-1',
      'grid:case-1-2',
      'grid:note-1-2',
      'grid:case-1-3',
      'grid:note-1-3',
      'grid:case-1-4',
      'grid:note-1-4',
    ]);
    const text = inputs[0]!;
    expect(text.label?.text).toBe('1. Que regarde-t-on ?');
    expect(text.element?.max_length).toBe(1000);
    expect(inputs[1]!.element?.options?.map((o) => o.text.text)).toEqual([
      '1. À construire',
      '2. Amorcé',
      '3. En place',
      '4. Consolidé',
    ]);
    expect(JSON.stringify(v1.blocks)).toContain('Niveau 1 : Généralités');

    // Level 1, with a forged field of level 2 that must not be saved.
    const r1 = await submit(
      MARIE,
      v1,
      { 'case-1-1': 'Les effets sur les habitants', 'note-1-1': '3', 'case-1-2': 'Entretiens' },
      { extra: { 'grid:case-2-1': { value: { type: 'plain_text_input', value: 'forgé' } } } },
    );
    expect(r1?.response_action).toBe('update');
    const v2 = (r1 as { view: View }).view;
    expect(v2.title.text).toBe('Niveau 2/4');
    expect(JSON.parse(v2.private_metadata)).toEqual({ roundId, level: 2 });
    expect(v2.blocks.filter((b) => b.type === 'input')[0]?.block_id).toBe('grid:case-2-1');
    expect(JSON.stringify(v2.blocks)).toContain('2 cases remplies sur 16');
    expect((await cellsOf(roundId, 'DDCS94')).cells).toEqual([
      [1, 1, 'Les effets sur les habitants', 3],
      [1, 2, 'Entretiens', null],
    ]);

    // Level 2 with a contribution too long: the error under its block, nothing saved.
    const bad = await submit(MARIE, v2, { 'case-2-1': 'x'.repeat(1001), 'case-2-2': 'gardé ?' });
    expect(bad?.response_action).toBe('errors');
    const errors = (bad as { errors: Record<string, string> }).errors;
    expect(Object.keys(errors)).toEqual(['grid:case-2-1']);
    expect(errors['grid:case-2-1']).toMatch(/1001 caractères : 1000 au plus/);
    expect((await cellsOf(roundId, 'DDCS94')).cells).toHaveLength(2);

    const r2 = await submit(MARIE, v2, { 'case-2-1': 'Les quartiers', 'note-2-1': '2' });
    const v3 = (r2 as { view: View }).view;
    expect(v3.title.text).toBe('Niveau 3/4');
    const r3 = await submit(MARIE, v3, { 'case-3-4': 'Avec les habitants', 'note-3-4': '4' });
    const v4 = (r3 as { view: View }).view;
    expect(v4.title.text).toBe('Niveau 4/4');
    expect(v4.submit.text).toBe('Enregistrer');
    const finish = v4.blocks.find((b) => b.block_id === 'grid:finish');
    expect(finish?.element?.options?.[0]?.text.text).toBe("J'ai terminé la grille");
    expect(finish?.element?.initial_options).toBeUndefined();

    const before = dmsTo(MARIE.userId).length;
    const last = await submit(MARIE, v4, { 'case-4-1': 'Les projets' }, { finish: true });
    // Acknowledged empty: Slack closes the modal.
    expect(last).toBeUndefined();
    const [dm] = await waitUntil(
      'the confirmation',
      () => dmsTo(MARIE.userId).length > before && dmsTo(MARIE.userId).slice(before),
    );
    expect(dm).toContain('Grille enregistrée : 5 cases sur 16, terminée.');
    const stored = await cellsOf(roundId, 'DDCS94');
    expect(stored.finishedAt).not.toBeNull();
    expect(stored.cells).toEqual([
      [1, 1, 'Les effets sur les habitants', 3],
      [1, 2, 'Entretiens', null],
      [2, 1, 'Les quartiers', 2],
      [3, 4, 'Avec les habitants', 4],
      [4, 1, 'Les projets', null],
    ]);
    const history = await t.db.surveyCellHistory.findMany({ where: { channel: 'slack' } });
    expect(history.length).toBeGreaterThanOrEqual(5);

    // Opened again: the saved values in place; the last level's checkbox ticked.
    const again = ((await click(MARIE, roundId)) as { view: View }).view;
    const first = again.blocks.find((b) => b.block_id === 'grid:case-1-1');
    expect(first?.element?.initial_value).toBe('Les effets sur les habitants');
    expect(
      again.blocks.find((b) => b.block_id === 'grid:note-1-1')?.element?.initial_option?.value,
    ).toBe('3');
  });

  it('an observer is refused in French, no modal opened, nothing saved', async () => {
    const opened = await click(OLGA, roundId);
    expect('refusal' in opened).toBe(true);
    expect((opened as { refusal: string }).refusal).toContain(
      'Vous suivez votre organisation sans la représenter',
    );
    // A forged submission from the observer saves nothing either.
    const forged: View = {
      callback_id: 'survey.submit',
      private_metadata: JSON.stringify({ roundId, level: 1 }),
      title: { text: 'Niveau 1/4' },
      submit: { text: 'x' },
      blocks: [{ type: 'input', block_id: 'grid:case-1-3', element: { type: 'plain_text_input' } }],
    };
    const res = await submit(OLGA, forged, { 'case-1-3': 'Par un observateur' });
    expect(res?.response_action).toBe('errors');
    expect(JSON.stringify(res)).toContain('sans la représenter');
    expect((await cellsOf(roundId, 'DDCS94')).cells).toHaveLength(5);
  });

  it('refuses, in French, a closed, past, per-person or not-invited survey', async () => {
    const survey = (
      codes: string[] | null,
      answerMode: 'organisation' | 'person' = 'organisation',
    ) =>
      createAndLaunchSurvey(deps, {
        tenantId,
        gridCode: 'evaluation-94',
        answerMode,
        ...(codes ? { organisations: { codes } } : {}),
        deadline: new Date(Date.now() + 3 * 86_400_000),
        reminderSchedule: 'aucun',
        actor: CLI_ACTOR,
      }).then((r) => r.created.round);
    const refusalOf = async (who: { userId: string; channelId: string }, round: string) => {
      const opened = await click(who, round);
      expect('refusal' in opened).toBe(true);
      return (opened as { refusal: string }).refusal;
    };
    const opens = fake.callsTo('views.open').length;

    const closed = await survey(['CD94']);
    await closeRound(deps, { tenantId, roundId: closed.id, actor: CLI_ACTOR });
    expect(await refusalOf(JEAN, closed.id)).toContain(
      `L’évaluation n° ${closed.number} est close`,
    );

    const perPerson = await survey(null, 'person');
    expect(await refusalOf(JEAN, perPerson.id)).toContain(
      `L’évaluation n° ${perPerson.number} se remplit une fois par personne`,
    );

    const notInvited = await survey(['DDCS94']);
    expect(await refusalOf(JEAN, notInvited.id)).toContain(
      `Votre organisation n’est pas invitée à l’évaluation n° ${notInvited.number}.`,
    );

    const past = await survey(['CD94']);
    later = 4 * 86_400_000;
    try {
      expect(await refusalOf(JEAN, past.id)).toContain(
        `La date limite de l’évaluation n° ${past.number} est passée`,
      );
    } finally {
      later = 0;
    }
    expect(fake.callsTo('views.open')).toHaveLength(opens);
  });

  it('a 3 × 5 grid imported in Markdown works without code changes', async () => {
    await importGrid(deps, { tenantId, text: GRID_3X5, fileName: 'bilan.md', actor: CLI_ACTOR });
    const { created } = await createAndLaunchSurvey(deps, {
      tenantId,
      gridCode: 'bilan-3x5',
      answerMode: 'organisation',
      organisations: { codes: ['CD94'] },
      deadline: new Date(Date.now() + 3 * 86_400_000),
      reminderSchedule: 'aucun',
      actor: CLI_ACTOR,
    });
    const round = created.round.id;
    const v1 = ((await click(JEAN, round)) as { view: View }).view;
    expect(v1.title.text).toBe('Niveau 1/3');
    const inputs = v1.blocks.filter((b) => b.type === 'input');
    // 5 texts, 2 rated questions (Quoi ?, Combien ?).
    expect(inputs.map((b) => b.block_id)).toEqual([
      'grid:case-1-1',
      'grid:note-1-1',
      'grid:case-1-2',
      'grid:case-1-3',
      'grid:case-1-4',
      'grid:note-1-4',
      'grid:case-1-5',
    ]);
    // The cell's prompt is its hint.
    expect(inputs[0]!.hint?.text).toBe('Les besoins');
    expect(inputs[1]!.element?.options).toHaveLength(4);

    const r1 = await submit(JEAN, v1, { 'case-1-1': 'Accès aux droits', 'note-1-1': '4' });
    const v2 = (r1 as { view: View }).view;
    expect(v2.title.text).toBe('Niveau 2/3');
    expect(v2.blocks.find((b) => b.block_id === 'grid:case-2-5')?.hint?.text).toBe('Les élus');
    const r2 = await submit(JEAN, v2, { 'case-2-5': 'Le maire' });
    const v3 = (r2 as { view: View }).view;
    expect(v3.title.text).toBe('Niveau 3/3');
    expect(v3.blocks.some((b) => b.block_id === 'grid:finish')).toBe(true);
    const before = dmsTo(JEAN.userId).length;
    expect(await submit(JEAN, v3, { 'note-3-4': '1' }, { finish: false })).toBeUndefined();
    const [dm] = await waitUntil(
      'the confirmation',
      () => dmsTo(JEAN.userId).length > before && dmsTo(JEAN.userId).slice(before),
    );
    expect(dm).toContain('Grille enregistrée : 3 cases sur 15, brouillon.');
    const stored = await cellsOf(round, 'CD94');
    expect(stored.finishedAt).toBeNull();
    expect(stored.cells).toEqual([
      [1, 1, 'Accès aux droits', 4],
      [2, 5, 'Le maire', null],
      [3, 4, '', 1],
    ]);
  });
});
