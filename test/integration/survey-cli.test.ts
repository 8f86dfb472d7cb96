import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NO_OUTBOX, type AppDeps } from '../../src/app/deps';
import { joinSurvey } from '../../src/app/survey/participants';
import { saveSurveyAnswer } from '../../src/app/survey/answer-survey';
import { createLogger } from '../../src/logger';
import { cli } from '../support/cli';
import { createTestDb, type TestDb } from '../support/db';

describe('concerto round create --grid, status, evaluation codes|participants, export: survey rounds from the CLI', () => {
  let t: TestDb;
  let tenantId: string;
  let deps: AppDeps;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'concerto-survey-cli-'));
  const env = { PUBLIC_URL: 'https://concerto.example' };

  beforeAll(async () => {
    t = await createTestDb({ label: 'survey_cli' });
    expect((await cli(t, ['seed', 'demo'])).code).toBe(0);
    tenantId = (await t.db.tenant.findFirstOrThrow({ where: { code: '94' } })).id;
    deps = { db: t.db, now: () => new Date(), log: createLogger('silent'), outbox: NO_OUTBOX };
  });
  afterAll(async () => t.drop());

  const orgId = async (code: string) =>
    (await t.db.organisation.findFirstOrThrow({ where: { tenantId, code } })).id;

  it('prepares then launches a survey per organisation; status shows each organisation’s state; exports evaluation-<n>.*', async () => {
    const create = await cli(t, [
      'round',
      'create',
      '--grid',
      'evaluation-94',
      '--per',
      'organisation',
      '--orgs',
      'CD94,FCS94,MSA-IDF',
      '--deadline',
      '+3j',
      '--rappels',
      'aucun',
    ]);
    expect(create.err).toBe('');
    expect(create.code).toBe(0);
    const n = /Évaluation n° (\d+) préparée/.exec(create.out)![1]!;
    expect(create.out).toContain(
      "sur la grille « Évaluer l'animation de la vie sociale dans le Val-de-Marne » : une réponse par organisation, 3 organisations invitées",
    );
    expect(create.out).toContain(`Lancez-la avec : concerto round launch ${n}`);
    const list = await cli(t, ['round', 'list']);
    expect(list.out).toMatch(
      new RegExp(`n° ${n} +en préparation +grille evaluation-94 +3 invitées`),
    );

    const launch = await cli(t, ['round', 'launch', n]);
    expect(launch.err).toBe('');
    expect(launch.out).toMatch(new RegExp(`^Évaluation n° ${n} ouverte`));

    const round = await t.db.round.findFirstOrThrow({ where: { tenantId, number: Number(n) } });
    const contact = async (code: string) => ({
      kind: 'contact' as const,
      organisationId: await orgId(code),
      label: `Contact ${code}`,
    });
    const saved = await saveSurveyAnswer(deps, {
      tenantId,
      roundId: round.id,
      respondent: await contact('CD94'),
      values: { 'case-1-1': 'Les effets sur les habitants', 'note-1-1': '3', 'case-2-1': 'Oui' },
      locale: 'fr',
    });
    expect(saved.saved).toBe(true);
    const all: Record<string, string> = {};
    for (let l = 1; l <= 4; l++)
      for (let q = 1; q <= 4; q++) {
        all[`case-${l}-${q}`] = `Texte ${l}.${q}`;
        all[`note-${l}-${q}`] = '4';
      }
    const done = await saveSurveyAnswer(deps, {
      tenantId,
      roundId: round.id,
      respondent: await contact('FCS94'),
      values: all,
      finish: true,
      locale: 'fr',
    });
    expect(done.state).toBe('finished');

    const status = await cli(t, ['round', 'status', n]);
    expect(status.code).toBe(0);
    expect(status.out).toContain(`Évaluation n° ${n} — ouverte — échéance`);
    expect(status.out).toContain('Terminées : 1 sur 3 ; commencées : 2');
    expect(status.out).toMatch(/CD94 +.* : brouillon \(2 cases sur 16\)/);
    expect(status.out).toMatch(/FCS94 +.* : terminée/);
    expect(status.out).toMatch(/MSA-IDF +.* : rien/);

    const exp = await cli(t, ['round', 'export', n, '--format', 'all', '--out', dir]);
    expect(exp.err).toBe('');
    for (const ext of ['csv', 'xlsx', 'pdf', 'md'])
      expect(existsSync(path.join(dir, `evaluation-${n}.${ext}`))).toBe(true);
    expect(exp.out).toContain(`evaluation-${n}.csv`);
    expect(readFileSync(path.join(dir, `evaluation-${n}.md`), 'utf8')).toContain('Texte 4.4');
    expect(
      readFileSync(path.join(dir, `evaluation-${n}.pdf`))
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const csvOnly = await cli(t, ['round', 'export', n, '--format', 'csv', '--out', dir]);
    expect(csvOnly.out).toBe(`Écrit : ${path.join(dir, `evaluation-${n}.csv`)}`);

    // Codes are for a survey answered per person.
    const codes = await cli(t, ['evaluation', 'codes', n, '--table', 'Table 1', '--nombre', '3']);
    expect(codes.code).toBe(1);
    expect(codes.err).toContain('se remplit une fois par organisation');

    const remind = await cli(t, ['round', 'remind', n]);
    expect(remind.code).toBe(0);
    expect(remind.out).toMatch(new RegExp(`^Évaluation n° ${n} : `));
    const deadline = await cli(t, ['round', 'deadline', n, '+5j']);
    expect(deadline.out).toMatch(new RegExp(`^Évaluation n° ${n} : nouvelle date limite`));
    const close = await cli(t, ['round', 'close', n]);
    expect(close.code).toBe(0);
  });

  it('creates and opens at once a survey per person, anonymous: codes by table, participants, status by table', async () => {
    const create = await cli(
      t,
      [
        'round',
        'create',
        '--grid',
        'evaluation-94',
        '--per',
        'personne',
        '--anonyme',
        '--deadline',
        '+2j',
        '--rappels',
        'aucun',
        '--lancer',
      ],
      { env },
    );
    expect(create.err).toBe('');
    const n = /Évaluation n° (\d+) préparée/.exec(create.out)![1]!;
    expect(create.out).toContain('une réponse par personne, anonyme, 0 organisation invitée');
    expect(create.out).toContain(`Évaluation n° ${n} ouverte`);
    const round = await t.db.round.findFirstOrThrow({ where: { tenantId, number: Number(n) } });
    expect(round.anonymous).toBe(true);
    expect(round.status).toBe('open');
    expect(create.out).toContain(
      `Lien de la journée : https://concerto.example/grille/${round.eventCode}`,
    );

    const codes = await cli(t, ['evaluation', 'codes', n, '--table', 'Table 3', '--nombre', '4'], {
      env,
    });
    expect(codes.err).toBe('');
    expect(codes.out).toContain(`Évaluation n° ${n}, Table 3 : 4 codes tirés.`);
    expect(codes.out).toContain(
      `Lien de la journée : https://concerto.example/grille/${round.eventCode}`,
    );
    const printed = codes.out
      .split('\n')
      .filter((l) => l.startsWith('  '))
      .map((l) => l.trim());
    expect(printed).toHaveLength(4);
    await cli(t, ['evaluation', 'codes', n, '--table', 'Table 1', '--nombre', '2']);
    const badCount = await cli(t, [
      'evaluation',
      'codes',
      n,
      '--table',
      'Table 1',
      '--nombre',
      'dix',
    ]);
    expect(badCount.code).toBe(1);
    expect(badCount.err).toContain('--nombre');
    expect(badCount.err).toContain('dix');

    const joined = await joinSurvey(deps, { eventCode: round.eventCode!, code: printed[0]! });
    await saveSurveyAnswer(deps, {
      tenantId,
      roundId: round.id,
      respondent: { kind: 'participant', participantId: joined.participant.id, label: '' },
      values: { 'case-1-1': 'Une idée', 'note-1-1': '2' },
      locale: 'fr',
    });

    const participants = await cli(t, ['evaluation', 'participants', n], { env });
    expect(participants.code).toBe(0);
    expect(participants.out).toContain(`Évaluation n° ${n} : 6 participants`);
    expect(participants.out).toContain(`  ${printed[0]}  en cours`);
    expect(participants.out).toContain(`  ${printed[1]}  pas commencée  (code pas encore utilisé)`);
    expect(participants.out.indexOf('Table 1')).toBeLessThan(participants.out.indexOf('Table 3'));

    const status = await cli(t, ['round', 'status', n]);
    expect(status.out).toContain('une réponse par personne, anonyme');
    expect(status.out).toContain('  Table 1 : 2 codes, 0 utilisé, 0 en cours, 0 terminée');
    expect(status.out).toContain('  Table 3 : 4 codes, 1 utilisé, 1 en cours, 0 terminée');
  });

  it('refuses in French, exit 1, nothing created: unknown grid, --per wrong or missing, --anonyme per organisation, both or neither of --version/--grid', async () => {
    const before = await t.db.round.count();
    const cases: [string[], RegExp][] = [
      [['--grid', 'inconnue', '--per', 'organisation'], /grille/i],
      [
        ['--grid', 'evaluation-94', '--per', 'tout-le-monde'],
        /--per organisation ou --per personne/,
      ],
      [['--grid', 'evaluation-94'], /--per organisation ou --per personne/],
      [
        ['--grid', 'evaluation-94', '--per', 'organisation', '--anonyme'],
        /--anonyme ne vaut que pour --per personne/,
      ],
      [['--grid', 'evaluation-94', '--version', '1', '--per', 'personne'], /l’un ou l’autre/],
      [[], /l’un ou l’autre/],
      [
        ['--grid', 'evaluation-94', '--per', 'personne', '--silence-favorable'],
        /--silence-favorable ne vaut que pour une consultation/,
      ],
      [
        ['--version', '1', '--per', 'personne'],
        /--per ne vaut que pour une évaluation sur une grille/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await cli(t, ['round', 'create', ...args, '--deadline', '+3j']);
      expect({ args, code: r.code }).toEqual({ args, code: 1 });
      expect(r.err).toMatch(message);
    }
    expect(await t.db.round.count()).toBe(before);
  });
});
