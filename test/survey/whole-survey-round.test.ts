import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { createInviteCode } from '../../src/app/create-invite-code';
import { CLI_ACTOR } from '../../src/app/deps';
import { readCsv } from '../../src/app/csv';
import { DEMO_PILOT_EMAIL } from '../../src/app/seed-demo';
import { SURVEY_CSV_HEADERS } from '../../src/app/survey-report-csv';
import { SURVEY_XLSX_SHEETS } from '../../src/app/survey-report-xlsx';
import { createAndLaunchSurvey } from '../../src/app/survey/create-survey';
import { createParticipantCodes } from '../../src/app/survey/participants';
import { consoleClient, formToken, type CookieJar } from '../support/console-client';
import { slackGridClient, waitUntil, type SlackGridView } from '../support/slack-grid';
import { gridLevel, input, teamsGridClient, texts } from '../support/teams-grid';
import {
  startWholeConcerto,
  WHOLE_SLACK_SECRET,
  WHOLE_SLACK_TEAM,
  type WholeConcerto,
} from '../support/whole-concerto';

/**
 * A whole evaluation round on the demo grid (Val-de-Marne, 4 levels × 4 questions rated 1 … 4),
 * on Concerto as it runs: one web server (Slack, Teams, the web pages, the console, the chart
 * images), the delivery worker, the reminder job through the queue.
 *
 * (a) Per organisation: DDCS94 answers in Slack (a modal per level, a draft first, then « J'ai
 * terminé la grille »), CD94 in Teams (a card per level), FCS94 saves a draft in Teams and stops,
 * MSA-IDF does nothing. The reminder reaches FCS94 and MSA-IDF only, once, in their channels;
 * the pilot closes from the console; the results (message with the heat map's PNG, console page
 * with its SVG, the four exports) hold exactly what was entered.
 *
 * (b) Per person: participants join from the journée's link with their table's code, one named,
 * one without a name; a draft, then finished; the contribution without a name shows without one.
 */
const MARIE = { userId: 'U0MARIE', channelId: 'C0DDCS' };
const CLAUDE = { id: '29:claude', name: 'Claude Commune', aadObjectId: 'aad-claude' };
const FANNY = { id: '29:fanny', name: 'Fanny Fédération', aadObjectId: 'aad-fanny' };
const GRID_TITLE = "Évaluer l'animation de la vie sociale dans le Val-de-Marne";
const dir = mkdtempSync(join(tmpdir(), 'concerto-whole-'));
const squash = (s: string) => s.replace(/\s+/g, ' ');

jest.setTimeout(60_000);

let c: WholeConcerto;
let jar: CookieJar;
let web: ReturnType<typeof consoleClient>;
let slack: ReturnType<typeof slackGridClient>;
const teams = teamsGridClient({
  url: () => c.base,
  serviceUrl: () => c.connector.url,
  token: () => c.botToken(),
});

beforeAll(async () => {
  c = await startWholeConcerto();
  web = consoleClient({ base: () => c.base, deps: () => c.deps, key: c.key });
  slack = slackGridClient({
    fake: c.fake,
    url: () => `${c.base}/slack/events`,
    secret: WHOLE_SLACK_SECRET,
    teamId: WHOLE_SLACK_TEAM,
  });
  jar = (await web.signIn(DEMO_PILOT_EMAIL, c.tenantId)).jar;
  c.fake.setUserName(MARIE.userId, 'Marie Dupont');
  const code = async (organisationCode: string) =>
    (
      await createInviteCode(c.deps, {
        tenantId: c.tenantId,
        role: 'partner',
        organisationCode,
        actor: CLI_ACTOR,
      })
    ).code;
  expect(await slack.command(MARIE, `rejoindre ${await code('DDCS94')}`)).toContain('Compte relié');
  expect(await teams.say(CLAUDE, `rejoindre ${await code('CD94')}`)).toBe(200);
  expect(await teams.say(FANNY, `rejoindre ${await code('FCS94')}`)).toBe(200);
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await c?.close();
});

const org = (code: string) =>
  c.tdb.db.organisation.findUniqueOrThrow({
    where: { tenantId_code: { tenantId: c.tenantId, code } },
  });
/** An organisation's answer as stored: finished or not, and its cells [level, question, text, rating]. */
async function answerOf(roundId: string, code: string) {
  const response = await c.tdb.db.surveyResponse.findFirst({
    where: { roundId, organisationId: (await org(code)).id },
    include: { cells: { orderBy: [{ level: 'asc' }, { question: 'asc' }] } },
  });
  return {
    finished: !!response?.finishedAt,
    cells: (response?.cells ?? []).map((x) => [x.level, x.question, x.text, x.rating]),
  };
}
/** The round's messages of a kind, once the worker has sent them: `<platform> <address>`, sorted. */
async function sentMessages(roundId: string, kind: string, count: number) {
  const rows = await waitFor(`${count} ${kind} sent`, async () => {
    const found = await c.tdb.db.delivery.findMany({
      where: { dedupeKey: { startsWith: `round:${roundId}:` }, kind },
      include: { destination: true },
    });
    // At least `count`, all sent: the callers compare the whole list, extras included.
    return found.length >= count && found.every((d) => d.status === 'sent') && found;
  });
  return rows.map((d) => `${d.destination.platform} ${d.destination.address}`).sort();
}
async function waitFor<T>(what: string, fn: () => Promise<T | false>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const teamsSent = (conversationId: string, words: string) =>
  c.connector.calls.filter(
    (x) => x.conversationId === conversationId && JSON.stringify(x.body).includes(words),
  );
const slackSent = (channel: string, words: string) =>
  slack.postsTo(channel).filter((body) => body.includes(words));

describe('an evaluation per organisation, in Slack and Teams, from launch to exports', () => {
  let roundId = '';
  let n = 0;
  let reminded: string[] = [];

  it('launches on the demo grid: the four organisations are invited in their channels', async () => {
    const { created } = await createAndLaunchSurvey(c.deps, {
      tenantId: c.tenantId,
      gridCode: 'evaluation-94',
      answerMode: 'organisation',
      organisations: { codes: ['DDCS94', 'CD94', 'FCS94', 'MSA-IDF'] },
      deadline: new Date(Date.now() + 3 * 86_400_000),
      reminderSchedule: ['P2D'],
      actor: CLI_ACTOR,
    });
    roundId = created.round.id;
    n = created.round.number;
    expect(await sentMessages(roundId, 'round.invitation', 7)).toEqual([
      'console CD94',
      'console DDCS94',
      'console FCS94',
      'console MSA-IDF',
      `slack ${MARIE.channelId}`,
      `teams a:${CLAUDE.id}`,
      `teams a:${FANNY.id}`,
    ]);
    const [invitation] = slackSent(MARIE.channelId, `Évaluation n° ${n}`);
    expect(invitation).toContain('Remplir la grille');
    expect(invitation).toContain('4 niveaux × 4 questions');
    expect(teamsSent(`a:${CLAUDE.id}`, 'Remplir la grille')).toHaveLength(1);
  });

  it('Slack: DDCS94 saves two levels, leaves, comes back and finishes the grid', async () => {
    const opened = await slack.click(MARIE, roundId);
    const v1 = (opened as { view: SlackGridView }).view;
    expect(v1.title.text).toBe('Niveau 1/4');
    const level1 = { 'case-1-1': 'Les effets sur les habitants', 'note-1-1': '3' };
    const level2 = { 'case-2-1': 'Les quartiers prioritaires', 'note-2-1': '2' };
    const r1 = await slack.submit(MARIE, v1, level1);
    expect(r1.answer?.response_action).toBe('update');
    const v2 = (r1.answer as { view: SlackGridView }).view;
    expect(v2.title.text).toBe('Niveau 2/4');
    const r2 = await slack.submit(MARIE, v2, level2);
    expect((r2.answer as { view: SlackGridView }).view.title.text).toBe('Niveau 3/4');
    // The modal closed at level 3: a draft of two cells.
    expect(await answerOf(roundId, 'DDCS94')).toEqual({
      finished: false,
      cells: [
        [1, 1, 'Les effets sur les habitants', 3],
        [2, 1, 'Les quartiers prioritaires', 2],
      ],
    });

    const again = ((await slack.click(MARIE, roundId)) as { view: SlackGridView }).view;
    expect(again.blocks.find((b) => b.block_id === 'grid:case-1-1')?.element?.initial_value).toBe(
      'Les effets sur les habitants',
    );
    const w2 = ((await slack.submit(MARIE, again, level1)).answer as { view: SlackGridView }).view;
    const w3 = ((await slack.submit(MARIE, w2, level2)).answer as { view: SlackGridView }).view;
    const w4 = (
      (await slack.submit(MARIE, w3, { 'case-3-4': 'Avec les bénévoles', 'note-3-4': '4' }))
        .answer as { view: SlackGridView }
    ).view;
    expect(w4.title.text).toBe('Niveau 4/4');
    const last = await slack.submit(MARIE, w4, { 'case-4-1': 'Les projets' }, { finish: true });
    expect(last).toEqual({ status: 200, answer: undefined });
    const [dm] = await waitUntil(
      'the confirmation',
      () => slack.postsTo(MARIE.userId).length > 0 && slack.postsTo(MARIE.userId),
    );
    expect(dm).toContain('Grille enregistrée : 4 cases sur 16, terminée.');
    expect(await answerOf(roundId, 'DDCS94')).toEqual({
      finished: true,
      cells: [
        [1, 1, 'Les effets sur les habitants', 3],
        [2, 1, 'Les quartiers prioritaires', 2],
        [3, 4, 'Avec les bénévoles', 4],
        [4, 1, 'Les projets', null],
      ],
    });
  });

  it('Teams: CD94 fills a card per level and finishes; FCS94 saves level 1 and stops', async () => {
    const save = async (who: typeof CLAUDE, level: number, values: Record<string, string>) => {
      const res = await teams.execute(who, 'survey.save', gridLevel(roundId, level, values));
      expect(res.status).toBe(200);
      return res.card;
    };
    const first = await teams.execute(CLAUDE, 'avis.open', { roundId });
    expect(JSON.stringify(first.card)).toContain('1 sur 4 : Généralités');
    expect(input(first.card, 'case-1-1')).toMatchObject({ label: 'Que regarde-t-on ?' });
    expect(
      JSON.stringify(await save(CLAUDE, 1, { 'case-1-1': 'Les moyens engagés', 'note-1-1': '1' })),
    ).toContain('2 sur 4 : Territoires');
    await save(CLAUDE, 2, { 'case-2-1': 'Les communes', 'note-2-1': '3' });
    expect(JSON.stringify(await save(CLAUDE, 3, {}))).toContain('4 sur 4 : Actions');
    const done = await save(CLAUDE, 4, { 'case-4-4': 'Les élus', 'note-4-4': '2', finish: 'true' });
    expect(texts(done)).toContain('Grille enregistrée : 3 cases sur 16, terminée.');

    const draft = await save(FANNY, 1, { 'case-1-1': 'Les publics accueillis', 'note-1-1': '2' });
    expect(texts(draft)).toContain('Niveau 1 enregistré.');
    expect(await answerOf(roundId, 'CD94')).toEqual({
      finished: true,
      cells: [
        [1, 1, 'Les moyens engagés', 1],
        [2, 1, 'Les communes', 3],
        [4, 4, 'Les élus', 2],
      ],
    });
    expect(await answerOf(roundId, 'FCS94')).toEqual({
      finished: false,
      cells: [[1, 1, 'Les publics accueillis', 2]],
    });
    expect(await answerOf(roundId, 'MSA-IDF')).toEqual({ finished: false, cells: [] });
  });

  it('the reminder job reminds FCS94 (draft) and MSA-IDF (nothing) once, in their channels, and no one else', async () => {
    const reminder = await c.tdb.db.plannedReminder.findFirstOrThrow({
      where: { roundId, kind: { startsWith: 'round.reminder.' } },
    });
    // Time compressed: the reminder planned two days before the deadline falls due now.
    const due = await c.tdb.db.plannedReminder.update({
      where: { id: reminder.id },
      data: { dueAt: new Date(Date.now() + 100) },
    });
    await c.deps.outbox.remindersPlanned([due.id]);
    await waitFor(
      'the reminder done',
      async () =>
        (await c.tdb.db.plannedReminder.findUniqueOrThrow({ where: { id: due.id } })).status ===
        'sent',
    );
    // Handed to the queue again (as the sweep may): nothing more.
    await c.deps.outbox.remindersPlanned([due.id]);
    reminded = await sentMessages(roundId, 'round.reminder', 3);
    expect(reminded).toEqual(['console FCS94', 'console MSA-IDF', `teams a:${FANNY.id}`]);
    expect(teamsSent(`a:${FANNY.id}`, 'Rappel : évaluation')).toHaveLength(1);
    expect(teamsSent(`a:${FANNY.id}`, 'enregistrée en brouillon')).toHaveLength(1);
    expect(teamsSent(`a:${CLAUDE.id}`, 'Rappel')).toHaveLength(0);
    expect(slackSent(MARIE.channelId, 'Rappel')).toHaveLength(0);
    const consoleReminders = c.console.sent.filter((x) => x.message.kind === 'round.reminder');
    expect(consoleReminders.map((x) => [x.target.address, x.message.text[0]]).sort()).toEqual([
      ['FCS94', expect.stringContaining('Votre grille est enregistrée en brouillon')],
      ['MSA-IDF', expect.stringContaining('Votre organisation n’a pas encore rempli la grille')],
    ]);
  });

  it('the pilot closes from the console: results in every channel, the heat map a real PNG', async () => {
    const page = await (await web.get(`/console/consultations/${n}`, jar)).text();
    const closed = await web.post(
      `/console/consultations/${n}/clore`,
      { jeton: formToken(page) },
      jar,
    );
    expect(closed.status).toBe(303);
    expect(await sentMessages(roundId, 'round.results', 8)).toEqual([
      'console CD94',
      'console DDCS94',
      'console FCS94',
      'console MSA-IDF',
      'console pilotes',
      `slack ${MARIE.channelId}`,
      `teams a:${CLAUDE.id}`,
      `teams a:${FANNY.id}`,
    ]);
    const results = c.console.sent.find(
      (x) => x.message.kind === 'round.results' && x.target.address === 'pilotes',
    )!.message;
    expect(results.title).toBe(`Résultats de l’évaluation n° ${n} : ${GRID_TITLE}`);
    expect(results.text[0]).toBe('2 organisations sur 4 ont terminé la grille, 1 en brouillon.');
    const body = results.sections.map((s) => s.text).join('\n');
    expect(body).toContain('Que regarde-t-on ? : 3 contributions, note moyenne 2 sur 4');

    const [slackResults] = slackSent(MARIE.channelId, 'Résultats de l’évaluation');
    expect(slackResults).toContain('Que regarde-t-on ? : 3 contributions, note moyenne 2 sur 4');
    const image = /"image_url":"([^"]+)"/.exec(slackResults!)![1]!;
    expect(image.startsWith(`${c.base}/charts/`)).toBe(true);
    const png = await fetch(image);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toMatch(/^image\/png/);
    const bytes = Buffer.from(await png.arrayBuffer());
    expect(bytes.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    // A real image: the IHDR chunk's width and height.
    expect(bytes.readUInt32BE(16)).toBeGreaterThan(200);
    expect(bytes.readUInt32BE(20)).toBeGreaterThan(200);
    expect(teamsSent(`a:${CLAUDE.id}`, image)).toHaveLength(1);
    // A link altered by one character is refused.
    const at = image.length - 6;
    const altered = `${image.slice(0, at)}${image[at] === 'A' ? 'B' : 'A'}${image.slice(at + 1)}`;
    expect((await fetch(altered)).status).toBe(404);
    // Still exactly one reminder each, the queue long settled.
    expect(await sentMessages(roundId, 'round.reminder', 3)).toEqual(reminded);
  });

  it('the console shows each organisation’s state and the heat map with the means entered', async () => {
    const html = await (await web.get(`/console/consultations/${n}`, jar)).text();
    expect(html).toContain('<dd id="etat">close</dd>');
    expect(html).toMatch(/\(DDCS94\)<\/th><td>terminée/);
    expect(html).toMatch(/\(CD94\)<\/th><td>terminée/);
    expect(html).toMatch(/\(FCS94\)<\/th><td>brouillon \(1 case sur 16\)/);
    expect(html).toMatch(/\(MSA-IDF\)<\/th><td><span class="sans">rien<\/span>/);
    const svg = /<svg [^>]*role="img"[\s\S]*?<\/svg>/.exec(html)![0];
    expect(svg).toContain('Note moyenne par case');
    // The means, level by level, question by question: only the rated cells carry one.
    const means = [
      ...svg.matchAll(/font-weight="bold" text-anchor="middle" fill="[^"]+">([^<]+)</g),
    ].map((m) => m[1]);
    expect(means).toEqual(['2', '2,5', '4', '2']);
    // Its text alternative, shown below it: the extremes with their number of ratings.
    const caption = /<figcaption>([^<]+)<\/figcaption>/.exec(html)![1]!;
    expect(caption).toContain(
      'note moyenne la plus haute : 4, «\u00a0Acteurs — Avec qui ?\u00a0» (1 note) ; la plus basse : 2, «\u00a0Généralités — Que regarde-t-on ?\u00a0» (3 notes), «\u00a0Actions — Avec qui ?\u00a0» (1 note)',
    );
    expect(caption).toContain('12 cases sans note. 8 contributions en tout.');
    expect(html).toMatch(/3 contributions ; note moyenne 2 sur 4 ; répartition : /);
    expect(html).toContain(
      'Les quartiers prioritaires <span class="qui">— Marie Dupont (Direction départementale de la cohésion sociale du Val-de-Marne)</span>',
    );
    expect(html).toContain(
      'Les élus <span class="qui">— Claude Commune (Conseil départemental du Val-de-Marne)</span>',
    );
  });

  it('exports CSV, XLSX, PDF and Markdown with exactly what was entered', async () => {
    const download = async (file: string) => {
      const res = await web.get(`/console/consultations/${n}/${file}`, jar);
      expect({ file, status: res.status }).toEqual({ file, status: 200 });
      return Buffer.from(await res.arrayBuffer());
    };
    const DDCS = 'Direction départementale de la cohésion sociale du Val-de-Marne';
    const CD = 'Conseil départemental du Val-de-Marne';
    const FCS = 'Fédération des centres sociaux et socioculturels du Val-de-Marne';

    const csv = (await download('export.csv')).toString('utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = readCsv(csv, [...SURVEY_CSV_HEADERS]).map((r) => r.values);
    expect(
      rows.map((r) => [
        `${r['niveau_n']}-${r['question_n']}`,
        r['auteur'],
        r['organisation'],
        r['contribution'],
        r['note'],
        r['terminee'],
      ]),
    ).toEqual([
      ['1-1', 'Marie Dupont', DDCS, 'Les effets sur les habitants', '3', 'oui'],
      ['1-1', 'Claude Commune', CD, 'Les moyens engagés', '1', 'oui'],
      ['1-1', 'Fanny Fédération', FCS, 'Les publics accueillis', '2', 'non'],
      ['2-1', 'Marie Dupont', DDCS, 'Les quartiers prioritaires', '2', 'oui'],
      ['2-1', 'Claude Commune', CD, 'Les communes', '3', 'oui'],
      ['3-4', 'Marie Dupont', DDCS, 'Avec les bénévoles', '4', 'oui'],
      ['4-1', 'Marie Dupont', DDCS, 'Les projets', '', 'oui'],
      ['4-4', 'Claude Commune', CD, 'Les élus', '2', 'oui'],
    ]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await download('export.xlsx')) as unknown as ArrayBuffer);
    const summary = wb.getWorksheet(SURVEY_XLSX_SHEETS.summary)!;
    const rowOf = (first: string) => {
      let found = 0;
      summary.eachRow((row, i) => {
        if (!found && row.getCell(1).value === first) found = i;
      });
      return found;
    };
    // Rows: a title, the questions, then one row per level; columns: the level, then q1 … q4.
    const table = (title: string) => {
      const at = rowOf(title);
      expect(at).toBeGreaterThan(0);
      return [1, 2, 3, 4].map((l) =>
        [2, 3, 4, 5].map((q) => summary.getRow(at + 1 + l).getCell(q).value ?? null),
      );
    };
    expect(table('Note moyenne par case')).toEqual([
      [2, null, null, null],
      [2.5, null, null, null],
      [null, null, null, 4],
      [null, null, null, 2],
    ]);
    expect(table('Contributions par case')).toEqual([
      [3, 0, 0, 0],
      [2, 0, 0, 0],
      [0, 0, 0, 1],
      [1, 0, 0, 1],
    ]);
    expect(wb.getWorksheet('Niveau 1')!.rowCount).toBe(2 + 3);

    const pdf = await download('export.pdf');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const file = join(dir, 'evaluation.pdf');
    writeFileSync(file, pdf);
    const text = squash(
      execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }),
    );
    expect(text).toContain('Réponses commencées : 3 sur 4 organisations invitées ; terminées : 2.');
    expect(text).toContain('Niveau 2. Territoires');
    expect(text).toContain('note moyenne : 2,5 sur 4');
    for (const words of ['Les quartiers prioritaires', 'Les publics accueillis', 'Les élus'])
      expect(text).toContain(words);
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Tagged:\s+yes/);

    const md = (await download('synthese.md')).toString('utf8');
    expect(md).toContain('## 2. Territoires');
    expect(md).toContain('### 1.1 Que regarde-t-on ?');
    expect(md).toContain(`**Marie Dupont (${DDCS})** : Les effets sur les habitants`);
    expect(md).toContain(`**Fanny Fédération (${FCS})** : Les publics accueillis`);
    expect(md).toContain('Note moyenne : 2,5 sur 4');
  });
});

describe('an evaluation per person, from the journée’s link with table codes', () => {
  it('two participants join (one without a name), a draft then finished; the nameless contribution shows without a name', async () => {
    const { created } = await createAndLaunchSurvey(c.deps, {
      tenantId: c.tenantId,
      gridCode: 'evaluation-94',
      answerMode: 'person',
      deadline: new Date(Date.now() + 86_400_000),
      reminderSchedule: 'aucun',
      actor: CLI_ACTOR,
    });
    const n = created.round.number;
    const codes = async (table: string, count: number) =>
      (
        await createParticipantCodes(c.deps, {
          tenantId: c.tenantId,
          round: String(n),
          table,
          count,
          actor: CLI_ACTOR,
        })
      ).codes;
    const [zoe, absent] = await codes('Table 1', 2);
    const [nameless] = await codes('Table 2', 1);

    // The journée's link, as the console shows it to the pilot.
    const page = await (await web.get(`/console/consultations/${n}`, jar)).text();
    const link = /<dt>Lien de la journée<\/dt><dd>([^<]+)<\/dd>/.exec(page)![1]!;
    expect(link).toBe(`${c.base}/grille/${created.round.eventCode}`);
    const eventCode = link.split('/').pop()!;

    const answer = async (code: string, name: string, steps: Record<string, string>[]) => {
      const { jar: session, res } = await web.joinEvent(eventCode, code, name);
      expect(res.status).toBe(303);
      for (const values of steps) {
        const form = await (await web.get(`/grille/${eventCode}/reponse`, session)).text();
        const saved = await web.post(
          `/grille/${eventCode}/reponse`,
          { jeton: formToken(form), ...values },
          session,
        );
        expect(saved.status).toBe(303);
      }
    };
    const stateOf = async (code: string) => {
      const p = await c.tdb.db.surveyParticipant.findFirstOrThrow({
        where: { roundId: created.round.id, code: code.replace('-', '') },
        include: { response: { include: { cells: true } } },
      });
      const r = p.response;
      return { name: p.name, finished: !!r?.finishedAt, cells: r?.cells.length ?? 0 };
    };
    await answer(zoe!, 'Zoé Martin', [
      { 'case-1-1': 'Les familles du quartier', 'note-1-1': '4', action: 'brouillon' },
    ]);
    expect(await stateOf(zoe!)).toEqual({ name: 'Zoé Martin', finished: false, cells: 1 });
    await answer(zoe!, '', [
      {
        'case-1-1': 'Les familles du quartier',
        'note-1-1': '4',
        'case-2-2': 'Des ateliers de quartier',
        'note-2-2': '3',
        action: 'terminer',
      },
    ]);
    expect(await stateOf(zoe!)).toEqual({ name: 'Zoé Martin', finished: true, cells: 2 });
    await answer(nameless!, '', [
      { 'case-1-1': 'Une parole sans nom', 'note-1-1': '1', action: 'terminer' },
    ]);
    expect(await stateOf(nameless!)).toEqual({ name: null, finished: true, cells: 1 });

    const before = await (await web.get(`/console/consultations/${n}`, jar)).text();
    expect(before).toContain(
      '<tr><th scope="row">Table 1</th><td>2</td><td>1</td><td>0</td><td>1</td></tr>',
    );
    expect(before).toContain(
      '<tr><th scope="row">Table 2</th><td>1</td><td>1</td><td>0</td><td>1</td></tr>',
    );
    const closed = await web.post(
      `/console/consultations/${n}/clore`,
      { jeton: formToken(before) },
      jar,
    );
    expect(closed.status).toBe(303);
    expect(await sentMessages(created.round.id, 'round.results', 1)).toEqual(['console pilotes']);
    const message = c.console.sent.find(
      (x) => x.message.kind === 'round.results' && x.message.title.includes(`n° ${n} `),
    )!.message;
    expect(message.text[0]).toBe('2 participants ont terminé la grille, 0 en brouillon.');
    expect(message.sections.map((s) => s.text).join('\n')).toContain(
      'Que regarde-t-on ? : 2 contributions, note moyenne 2,5 sur 4',
    );
    const chart = message.sections[0]!.chart!;
    expect(chart.url.startsWith(`${c.base}/charts/`)).toBe(true);
    const png = await fetch(chart.url);
    expect(png.headers.get('content-type')).toMatch(/^image\/png/);
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString('latin1'),
    ).toBe('PNG');

    const html = await (await web.get(`/console/consultations/${n}`, jar)).text();
    expect(html).toContain('Les familles du quartier <span class="qui">— Zoé Martin</span>');
    expect(html).toContain('<li>Une parole sans nom</li>');
    const csv = await (await web.get(`/console/consultations/${n}/export.csv`, jar)).text();
    expect(
      readCsv(csv, [...SURVEY_CSV_HEADERS]).map((r) => [
        r.values['auteur'],
        r.values['contribution'],
      ]),
    ).toEqual([
      ['Zoé Martin', 'Les familles du quartier'],
      ['', 'Une parole sans nom'],
      ['Zoé Martin', 'Des ateliers de quartier'],
    ]);
    expect(csv).not.toContain(absent!);
    const md = await (await web.get(`/console/consultations/${n}/synthese.md`, jar)).text();
    expect(md).toContain('**Zoé Martin** : Les familles du quartier');
    expect(md).toContain('\n- Une parole sans nom\n');
  });
});
