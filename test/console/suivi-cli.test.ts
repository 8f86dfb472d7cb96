import { recordProxyAvis } from '../../src/app/cast-avis';
import { closeRound } from '../../src/app/close-round';
import { CLI_ACTOR } from '../../src/app/deps';
import { launchRound } from '../../src/app/launch-round';
import { nextEnjeuText } from '../../src/app/list-followups';
import { FOLLOWUP_LABELS } from '../../src/domain/followup';
import { pdfInputOf } from '../../src/app/report-pdf';
import { buildRoundReport } from '../../src/app/round-report';
import { recordFollowup } from '../../src/app/record-followup';
import { cli } from '../support/cli';
import { roundOnVersion2 } from '../support/rounds';
import {
  createDraftRound,
  createHarness,
  seedOrganisations,
  type Harness,
} from '../queue/support/harness';

/**
 * `concerto suivi list|set`: the follow-up of the avis of a closed round (issue [10] item 1), run
 * as the real CLI against the test database: what is recorded, what is refused (nothing stored),
 * the audit event, the link to an enjeu of the next version, and the exports' table.
 */
describe('concerto suivi', () => {
  let h: Harness;
  let roundId: string;

  const proxy = (org: string, position: number, choice: string, comment: string | null) =>
    recordProxyAvis(h.deps, {
      tenantId: h.tenantId,
      roundId,
      organisationCode: org,
      source: 'courrier',
      votes: [{ enjeuId: enjeuIds[position - 1]!, choice, comment }],
      actor: CLI_ACTOR,
    });
  let enjeuIds: string[] = [];

  beforeAll(async () => {
    h = await createHarness();
    await seedOrganisations(h, ['CS1', 'CS2', 'CS3']);
    const round = await createDraftRound(h, {
      codes: ['CS1', 'CS2', 'CS3'],
      deadline: new Date(Date.now() + 86_400_000),
      reminderSchedule: 'aucun',
    });
    roundId = round.id;
    enjeuIds = (
      await h.tdb.db.enjeu.findMany({
        where: { draftVersionId: round.draftVersionId! },
        orderBy: { position: 'asc' },
      })
    ).map((e) => e.id);
    await launchRound(h.deps, { tenantId: h.tenantId, roundId, actor: CLI_ACTOR });
    await proxy('CS1', 1, 'defavorable', 'Manque de moyens\nEnjeu 9 · FAUX (ligne forgée)');
    await proxy('CS1', 2, 'favorable', null);
    await proxy('CS2', 1, 'favorable_avec_reserves', '=HYPERLINK("http://evil")');
    await proxy('CS3', 1, 'favorable', 'Bravo pour la démarche');
  }, 60_000);

  afterAll(async () => h?.close());

  const run = (args: string[]) => cli(h.tdb, args);
  const followups = () => h.tdb.db.avisFollowup.count();

  it('refuses a follow-up while the round is open, and stores nothing', async () => {
    const r = await run([
      'suivi',
      'set',
      '1',
      '--org',
      'CS1',
      '--enjeu',
      '1',
      '--reponse',
      'retenue',
      '--justification',
      'Ajouté',
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "La consultation n° 1 est ouverte : les suites données aux avis s'enregistrent une fois la consultation close.",
    );
    expect(await followups()).toBe(0);
    await closeRound(h.deps, { tenantId: h.tenantId, roundId, actor: CLI_ACTOR });
  });

  it('lists the réserves, défavorables and comments of a closed round, all pending', async () => {
    const r = await run(['suivi', 'list', '1']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^Consultation n° 1 \(close\) : Schéma directeur/);
    // The avis favorable without a comment calls for nothing; the favourable one with a comment does.
    expect(r.out).not.toContain('Enjeu 2 · CS1');
    expect(r.out).toContain('Enjeu 1 · CS1 (Structure CS1) · Défavorable');
    expect(r.out).toContain('Enjeu 1 · CS2 (Structure CS2) · Favorable avec réserves');
    expect(r.out).toContain('Enjeu 1 · CS3 (Structure CS3) · Favorable');
    // A comment's newline cannot forge a line of the list.
    expect(r.out).toContain('  Commentaire : Manque de moyens Enjeu 9 · FAUX (ligne forgée)');
    expect(lines.filter((l) => l.startsWith('Enjeu '))).toHaveLength(3);
    expect(lines.filter((l) => l === '  Réponse : à faire')).toHaveLength(3);
    expect(lines.at(-1)).toBe('3 avis, dont 3 sans suite enregistrée.');
  });

  it('refuses bad input with a French message, and stores nothing', async () => {
    const set = (o: Record<string, string>) =>
      run([
        'suivi',
        'set',
        o.round ?? '1',
        '--org',
        o.org ?? 'CS1',
        '--enjeu',
        o.enjeu ?? '1',
        '--reponse',
        o.reponse ?? 'retenue',
        '--justification',
        o.justification ?? 'Ajouté au plan d’action',
        ...(o.suivant ? ['--enjeu-suivant', o.suivant] : []),
      ]);
    const cases: [Record<string, string>, string][] = [
      [{ enjeu: '2' }, "L'avis de « Structure CS1 » sur l'enjeu 2 n'appelle pas de suite"],
      [
        { org: 'CS3', enjeu: '2' },
        "L'organisation « Structure CS3 » n'a pas donné d'avis sur l'enjeu 2",
      ],
      [{ enjeu: '9' }, 'Enjeu « 9 » introuvable dans cette consultation : de 1 à 3.'],
      [{ org: 'NOPE' }, "Aucune organisation n'a le code « NOPE »."],
      [{ reponse: 'peut-être' }, 'Réponse « peut-être » inconnue : retenue, partielle'],
      [{ justification: '   ' }, 'La justification est obligatoire'],
      [
        { justification: 'x'.repeat(2001) },
        'La justification fait 2001 caractères : 2000 au plus.',
      ],
      [{ suivant: '3' }, "Aucune version du schéma postérieure à la version 1 n'est importée"],
      [{ round: '7' }, 'Consultation « 7 » introuvable.'],
    ];
    for (const [o, message] of cases) {
      const r = await set(o);
      expect({ o, code: r.code }).toEqual({ o, code: 1 });
      expect(r.err).toContain(message);
    }
    // Another Caf's pilot does not reach this round.
    await h.tdb.db.tenant.create({ data: { code: '75', name: 'Caf de Paris' } });
    const other = await run([
      '--caf',
      '75',
      'suivi',
      'set',
      '1',
      '--org',
      'CS1',
      '--enjeu',
      '1',
      '--reponse',
      'retenue',
      '--justification',
      'x',
    ]);
    expect(other.code).toBe(1);
    expect(other.err).toContain('Consultation « 1 » introuvable.');
    expect(await followups()).toBe(0);
    expect(await h.tdb.db.auditEvent.count({ where: { action: 'followup.record' } })).toBe(0);
  });

  it('records a follow-up, links it to an enjeu of the next version, replaces it, and audits each', async () => {
    await roundOnVersion2(h.deps, {
      tenantId: h.tenantId,
      codes: ['CS1', 'CS2'],
      deadline: new Date(Date.now() + 7 * 86_400_000),
    });
    const bad = await run([
      'suivi',
      'set',
      '1',
      '--org',
      'CS1',
      '--enjeu',
      '1',
      '--reponse',
      'partielle',
      '--justification',
      'x',
      '--enjeu-suivant',
      '1.2',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(
      "« 1.2 » n'est pas un enjeu d'une version postérieure du même schéma",
    );

    const ok = await run([
      'suivi',
      'set',
      '1',
      '--org',
      'CS1',
      '--enjeu',
      '1',
      '--reponse',
      'partielle',
      '--justification',
      'Les moyens sont revus à la hausse dans la version 2.',
      '--enjeu-suivant',
      '4',
    ]);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.out).toBe(
      'Suite enregistrée : consultation n° 1, enjeu 1, CS1 — Partiellement retenue (version 2, enjeu 4 : Évaluer le schéma).',
    );
    const again = await run([
      'suivi',
      'set',
      '1',
      '--org',
      'CS2',
      '--enjeu',
      '1',
      '--reponse',
      'non retenue',
      '--justification',
      'Hors du champ du schéma.',
    ]);
    expect(again.out).toContain('Suite enregistrée');
    const replaced = await run([
      'suivi',
      'set',
      '1',
      '--org',
      'CS2',
      '--enjeu',
      '1',
      '--reponse',
      'sans-objet',
      '--justification',
      'La réserve porte sur un dispositif supprimé.',
      '--enjeu-suivant',
      '2.1',
    ]);
    expect(replaced.out).toContain('Suite remplacée');
    expect(await followups()).toBe(2);

    const events = await h.tdb.db.auditEvent.findMany({
      where: { action: 'followup.record' },
      orderBy: { id: 'asc' },
    });
    expect(events).toHaveLength(3);
    expect(events[2]!.actor).toBe('cli');
    expect(events[2]!.subjectType).toBe('avis');
    expect(events[2]!.data).toMatchObject({
      round: 1,
      organisation: 'CS2',
      enjeu: 1,
      response: 'sans_objet',
      nextEnjeu: { version: 2, position: 1 },
      previous: { response: 'non_retenue', justification: 'Hors du champ du schéma.' },
    });

    const list = await run(['suivi', 'list', '1']);
    expect(list.out).toContain(
      [
        'Enjeu 1 · CS1 (Structure CS1) · Défavorable',
        '  Commentaire : Manque de moyens Enjeu 9 · FAUX (ligne forgée)',
        '  Réponse : Partiellement retenue',
        '  Justification : Les moyens sont revus à la hausse dans la version 2.',
        '  Enjeu suivant : version 2, enjeu 4 : Évaluer le schéma',
      ].join('\n'),
    );
    expect(list.out.split('\n').at(-1)).toBe('3 avis, dont 1 sans suite enregistrée.');
  });

  it('refuses an enjeu of another Caf’s draft as the next enjeu', async () => {
    const otherTenant = await h.tdb.db.tenant.findUniqueOrThrow({ where: { code: '75' } });
    const schema = await h.tdb.db.schema.create({
      data: { tenantId: otherTenant.id, title: 'Schéma de Paris', period: '2026-2030' },
    });
    const draft = await h.tdb.db.draftVersion.create({
      data: {
        tenantId: otherTenant.id,
        schemaId: schema.id,
        version: 5,
        title: 'Schéma de Paris',
        markdown: '',
        checksum: 'p',
        enjeux: { create: [{ position: 1, title: 'Un', body: 'Texte.' }] },
      },
      include: { enjeux: true },
    });
    await expect(
      recordFollowup(h.deps, {
        tenantId: h.tenantId,
        round: '1',
        organisationCode: 'CS3',
        enjeu: 1,
        response: 'retenue',
        justification: 'Merci.',
        nextEnjeu: draft.enjeux[0]!.id,
        actor: CLI_ACTOR,
      }),
    ).rejects.toThrow("n'est pas un enjeu d'une version postérieure du même schéma");
    expect(await followups()).toBe(2);
  });

  it('gives the exports the rows of the « tableau de prise en compte des avis »', async () => {
    // The report behind the XLSX and Markdown, and the PDF's input, carry the table.
    const report = await buildRoundReport(h.deps, { tenantId: h.tenantId, round: '1' });
    const rows = report.followups;
    expect(
      rows.map((r) => [
        r.enjeu.position,
        r.organisation.code,
        r.avisLabel,
        r.response ? FOLLOWUP_LABELS[r.response].fr : '',
        r.nextEnjeu ? nextEnjeuText(r.nextEnjeu) : '',
      ]),
    ).toEqual([
      [1, 'CS1', 'Défavorable', 'Partiellement retenue', 'version 2, enjeu 4 : Évaluer le schéma'],
      [
        1,
        'CS2',
        'Favorable avec réserves',
        'Sans objet',
        expect.stringMatching(/^version 2, enjeu 1 : /),
      ],
      [1, 'CS3', 'Favorable', '', ''],
    ]);
    expect(rows[1]!.comment).toBe('=HYPERLINK("http://evil")');
    expect(rows[1]!.justification).toBe('La réserve porte sur un dispositif supprimé.');

    expect(
      report.followups.map((f) => [f.organisation.code, f.response, f.nextEnjeu?.position ?? null]),
    ).toEqual([
      ['CS1', 'partiellement_retenue', 4],
      ['CS2', 'sans_objet', 1],
      ['CS3', null, null],
    ]);
    expect(pdfInputOf(report).followups).toEqual([
      expect.objectContaining({
        organisation: 'Structure CS1',
        response: 'partiellement_retenue',
        laterEnjeu: 'v2 — 4. Évaluer le schéma',
      }),
      expect.objectContaining({ organisation: 'Structure CS2', response: 'sans_objet' }),
    ]);
  });
});
