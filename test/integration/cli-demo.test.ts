import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDb, type TestDb } from '../support/db';
import { cli } from '../support/cli';
import { readAsFrenchExcel } from '../support/french-excel';

describe('the admin CLI on the demo tenant', () => {
  let t: TestDb;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'concerto-cli-'));
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => t.drop());

  it('seeds the demo twice without duplicating anything', async () => {
    const first = await cli(t, ['seed', 'demo']);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain('agréments : 98 importés');
    const second = await cli(t, ['seed', 'demo']);
    expect(second.code).toBe(0);
    // Numbers agreed: « 0 importé » (French singular for 0 and 1).
    expect(second.out).toContain('agréments : 0 importé, 98 déjà présents');
    expect(await t.db.organisation.count({ where: { kind: 'commune' } })).toBe(47);
    expect(await t.db.agrement.count()).toBe(98);
    expect(await t.db.draftVersion.count()).toBe(1);
  });

  it('runs a round: create, launch, avis recorded by proxy, close, export with a correct tally', async () => {
    const create = await cli(t, [
      'round',
      'create',
      '--version',
      '1',
      '--deadline',
      '+3j',
      '--orgs',
      'CD94,DDCS94,FCS94,MSA-IDF',
      '--silence-favorable',
    ]);
    expect(create.err).toBe('');
    expect(create.out).toContain('Consultation n° 1 préparée : 4 organisations invitées, 3 enjeux');
    const launch = await cli(t, ['round', 'launch', '1']);
    expect(launch.out).toContain("4 invitations en file d'envoi");
    // Deadline in 3 days: the « 7 days before » reminder of the default schedule is in the past.
    expect(launch.out).toMatch(
      /Le rappel « 7 jours avant » \(.+\) tombe dans le passé : il n’est pas programmé\./,
    );
    expect(await t.db.delivery.count({ where: { kind: 'round.invitation' } })).toBe(4);

    const refused = await cli(t, [
      'avis',
      'record',
      '--round',
      '1',
      '--org',
      'CD94',
      '--enjeu',
      '1',
      '--avis',
      'défavorable',
      '--source',
      'courrier du 3 décembre',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/doit être motivé/);
    expect(await t.db.avis.count()).toBe(0);

    expect(
      (
        await cli(t, [
          'avis',
          'record',
          '--round',
          '1',
          '--org',
          'CD94',
          '--enjeu',
          'tous',
          '--avis',
          'favorable',
          '--source',
          'courrier du 3 décembre',
        ])
      ).code,
    ).toBe(0);
    expect(
      (
        await cli(t, [
          'avis',
          'record',
          '--round',
          '1',
          '--org',
          'DDCS94',
          '--enjeu',
          '2',
          '--avis',
          'defavorable',
          '--commentaire',
          'Le comité annuel ne suffit pas.',
          '--source',
          'mail du 4 décembre',
        ])
      ).code,
    ).toBe(0);

    const status = await cli(t, ['round', 'status', '1']);
    expect(status.out).toContain('Organisations ayant répondu à tout : 1/4');

    const close = await cli(t, ['round', 'close', '1']);
    expect(close.out).toContain('Consultation n° 1 close');
    // 3 enjeux × 4 organisations = 12, minus the 4 given: 8 favorable by silence
    expect(close.out).toContain('8 avis favorables par absence de réponse');
    expect(await t.db.avis.count({ where: { channel: 'implicit' } })).toBe(8);
    // CD94 answered everything, DDCS94 one enjeu, FCS94 and MSA-IDF nothing: silence is not an answer.
    expect(close.out).toContain(
      '1 organisation sur 4 a répondu à tous les enjeux, 3 favorables par silence (dont 1 en partie).',
    );
    const closedStatus = await cli(t, ['round', 'status', '1']);
    expect(closedStatus.out).toContain(
      'Organisations ayant répondu à tout : 1/4, 3 favorables par silence (dont 1 en partie)',
    );
    expect(closedStatus.out).not.toContain('4/4');
    expect(closedStatus.out).toContain('2/4 ont répondu, 2 favorables par silence');

    const exp = await cli(t, ['round', 'export', '1', '--out', dir]);
    expect(exp.code).toBe(0);
    const csv = readAsFrenchExcel(readFileSync(path.join(dir, 'consultation-1.csv')));
    expect(csv.bom).toBe(true);
    expect(csv.rows).toHaveLength(1 + 12);
    expect(csv.rows.every((r) => r.length === 11)).toBe(true);
    expect(csv.rows).toContainEqual(
      expect.arrayContaining([
        'DDCS94',
        'Direction départementale de la cohésion sociale du Val-de-Marne',
        'Défavorable',
        'Le comité annuel ne suffit pas.',
      ]),
    );
    expect(csv.rows.map((r) => r[7])).toContain('courrier ou mail, saisi par la Caf');
    const md = readFileSync(path.join(dir, 'consultation-1.md'), 'utf8');
    // Enjeu 2: CD94 and DDCS94 answered, the two others are favorable by silence, named.
    expect(md).toContain('Réponses : 2 sur 4, 2 favorables par silence');
    expect(md).not.toContain('Réponses : 4 sur 4');
    expect(md).toContain(
      '- Organisations invitées : 4 ; ayant répondu à tous les enjeux : 1 ; favorables par silence : 3 (dont 1 en partie)',
    );
    expect(md).toContain(
      // Names as typed: Markdown needs no escape for « - ».
      'Favorables par silence : Fédération des centres sociaux et socioculturels du Val-de-Marne, MSA Île-de-France.',
    );
    expect(csv.rows).toContainEqual(
      expect.arrayContaining([
        'FCS94',
        'Favorable',
        'absence de réponse (vaut avis favorable)',
        'oui',
      ]),
    );
    expect(md).toMatch(/\| Défavorable \| 1 \|/);
    expect(md).toContain('Le comité annuel ne suffit pas.');

    const again = await cli(t, ['round', 'close', '1']);
    expect(again.out).toContain('était déjà close');
  });

  it('refuses a malformed agrément register, reporting every bad row by line, and imports nothing', async () => {
    const file = path.join(dir, 'bad.csv');
    writeFileSync(
      file,
      [
        'structure_code,structure_name,kind,commune_insee,start_date,end_date',
        'X-1,Centre A,animation_globale,94028,2026-01-01,2029-12-31',
        'X-2,Centre B,animation_globale,94028,2026-01-01,2031-01-01',
        'X-3,Centre C,animation_globale,94028,2026-05-01,2026-01-01',
        'X-4,Centre D,evs,99999,2026-01-01,2028-12-31',
        'X-5,Centre E,crèche,94028,2026-01-01,2028-12-31',
        'X-1,Centre A,animation_globale,94028,2026-01-01,2029-12-31',
        'X-6,Centre F,evs,94028,2026-13-01,2028-12-31',
      ].join('\n'),
    );
    const before = await t.db.agrement.count();
    const r = await cli(t, ['agrements', 'import', file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('6 lignes invalides');
    expect(r.err).toMatch(/ligne 3 : Un agrément dure au plus 4 ans/);
    expect(r.err).toMatch(/ligne 4 : La date de fin .* doit être postérieure/);
    expect(r.err).toMatch(/ligne 5 : commune_insee : code INSEE inconnu « 99999 »/);
    expect(r.err).toMatch(/ligne 6 : kind : type d'agrément inconnu/);
    expect(r.err).toMatch(/ligne 7 : doublon de la ligne 2/);
    expect(r.err).toMatch(
      /ligne 8 : start_date : date invalide « 2026-13-01 » : écrivez-la JJ\/MM\/AAAA/,
    );
    expect(await t.db.agrement.count()).toBe(before);

    const skip = await cli(t, ['agrements', 'import', file, '--skip-invalid']);
    // 3: saved in part (the refused lines were left out).
    expect(skip.code).toBe(3);
    expect(skip.out).toContain('Agréments : 1 importé, ');
    expect(await t.db.agrement.count()).toBe(before + 1);
  });

  it('tells how to use an invitation code in each channel, with its own command wording', async () => {
    const r = await cli(t, ['invite', 'create', '--role', 'pilot']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'Dans Slack : `/concerto rejoindre <code>` ; dans Teams : « rejoindre <code> ».',
    );
  });

  it('answers an unknown command or a bad argument clearly and changes nothing', async () => {
    const unknown = await cli(t, ['rond', 'list']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Erreur : commande inconnue « rond ».');
    expect((await cli(t, ['round', 'create', '--deadline', '+3j'])).err).toContain(
      'Erreur : Indiquez --version <n> (une consultation sur un projet) ou --grid <code> (une évaluation sur une grille), l’un ou l’autre.',
    );
    expect((await cli(t, ['invite', 'create', '--role', 'chef'])).err).toContain(
      "Erreur : « chef » n'est pas une valeur possible de --role <rôle> (valeurs : pilot, partner, observer).",
    );
    expect((await cli(t, ['round', 'launch'])).err).toContain("Erreur : l'argument « n » manque.");
    const help = await cli(t, ['round', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('Utilisation : concerto round');
    expect(help.out).toContain('Commandes :');
    expect((await cli(t, ['round', 'launch', '99'])).err).toContain(
      'Consultation « 99 » introuvable',
    );
    expect(
      (await cli(t, ['round', 'create', '--version', '1', '--deadline', 'demain midi'])).err,
    ).toContain('Date limite illisible');
    expect(
      (await cli(t, ['round', 'create', '--version', '1', '--deadline', '2020-01-01'])).err,
    ).toContain('doit être dans le futur');
    expect((await cli(t, ['orgs', 'import', '/nonexistent.csv'])).err).toContain(
      'Impossible de lire',
    );
    expect(await t.db.round.count()).toBe(1);
  });
});
