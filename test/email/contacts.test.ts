import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDb, type TestDb } from '../support/db';
import { cli } from '../support/cli';

describe('concerto orgs contact / orgs import email: the e-mail contacts of organisations', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb({ label: 'contacts' });
    expect((await cli(t, ['seed', 'demo'])).code).toBe(0);
  });
  afterAll(async () => t.drop());

  const destinations = async (code: string) =>
    (
      await t.db.destination.findMany({
        where: { platform: 'email', organisation: { code } },
        orderBy: { address: 'asc' },
      })
    ).map((d) => `${d.address}:${d.active ? 'active' : 'inactive'}`);

  it('adds a titular then a substitute, each with an e-mail destination, lists and removes them', async () => {
    const first = await cli(t, [
      'orgs',
      'contact',
      'add',
      'CD94',
      ' Direction.AVS@ValDeMarne.fr ',
      '--nom',
      'Mme Durand',
    ]);
    expect(first.code).toBe(0);
    expect(first.out).toBe(
      'Contact titulaire ajouté à Conseil départemental du Val-de-Marne (CD94) : direction.avs@valdemarne.fr.',
    );
    const second = await cli(t, ['orgs', 'contact', 'add', 'CD94', 'suppleant@valdemarne.fr']);
    expect(second.out).toContain('Contact suppléant ajouté');
    expect(await destinations('CD94')).toEqual([
      'direction.avs@valdemarne.fr:active',
      'suppleant@valdemarne.fr:active',
    ]);
    expect((await cli(t, ['orgs', 'contact', 'list', 'CD94'])).out).toBe(
      [
        'CD94           titulaire  direction.avs@valdemarne.fr (Mme Durand)',
        'CD94           suppléant  suppleant@valdemarne.fr',
        '2 contacts.',
      ].join('\n'),
    );

    // A new titular demotes the previous one.
    await cli(t, ['orgs', 'contact', 'add', 'CD94', 'suppleant@valdemarne.fr', '--titulaire']);
    const rows = await t.db.contact.findMany({
      where: { organisation: { code: 'CD94' } },
      orderBy: { email: 'asc' },
    });
    expect(rows.map((c) => [c.email, c.titular])).toEqual([
      ['direction.avs@valdemarne.fr', false],
      ['suppleant@valdemarne.fr', true],
    ]);

    const removed = await cli(t, ['orgs', 'contact', 'remove', 'CD94', 'SUPPLEANT@valdemarne.fr']);
    expect(removed.out).toBe(
      'Contact retiré de Conseil départemental du Val-de-Marne (CD94) : suppleant@valdemarne.fr.',
    );
    expect(await destinations('CD94')).toEqual([
      'direction.avs@valdemarne.fr:active',
      'suppleant@valdemarne.fr:inactive',
    ]);
    expect(
      (await t.db.auditEvent.findMany({ where: { action: { startsWith: 'contact.' } } })).length,
    ).toBe(4);
  });

  it('refuses a bad address, an unknown organisation and an unknown contact in French, changing nothing', async () => {
    const before = await t.db.contact.count();
    const bad = await cli(t, ['orgs', 'contact', 'add', 'CD94', 'pas-une-adresse']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('Adresse électronique invalide : « pas-une-adresse »');
    const unknown = await cli(t, ['orgs', 'contact', 'add', 'NOPE', 'a@b.fr']);
    expect(unknown.err).toContain("Aucune organisation n'a le code « NOPE »");
    const missing = await cli(t, ['orgs', 'contact', 'remove', 'CD94', 'inconnu@b.fr']);
    expect(missing.err).toContain("n'a pas de contact « inconnu@b.fr »");
    expect(await t.db.contact.count()).toBe(before);
  });

  it('imports contacts from the register’s email column, first address titular, and stops on a bad one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'concerto-contacts-'));
    const csv = path.join(dir, 'orgs.csv');
    writeFileSync(
      csv,
      [
        'code,name,kind,commune_insee,email',
        'FCS94,Fédération des centres sociaux et socioculturels du Val-de-Marne,federation,94028,"fede@fcs94.org; accueil@fcs94.org"',
        'CD94,Conseil départemental du Val-de-Marne,departement,94028,',
      ].join('\n'),
    );
    const r = await cli(t, ['orgs', 'import', csv]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Contacts par courriel : 2 ajoutés, 0 retiré.');
    expect(await destinations('FCS94')).toEqual([
      'accueil@fcs94.org:active',
      'fede@fcs94.org:active',
    ]);
    expect((await t.db.contact.findFirst({ where: { email: 'fede@fcs94.org' } }))?.titular).toBe(
      true,
    );
    // An empty cell leaves CD94's contacts alone.
    expect(await destinations('CD94')).toEqual([
      'direction.avs@valdemarne.fr:active',
      'suppleant@valdemarne.fr:inactive',
    ]);

    // The register now lists one address: the other is removed.
    writeFileSync(
      csv,
      'code,name,kind,commune_insee,email\nFCS94,Fédération des centres sociaux et socioculturels du Val-de-Marne,federation,94028,fede@fcs94.org\n',
    );
    expect((await cli(t, ['orgs', 'import', csv])).out).toContain('0 ajouté, 1 retiré.');
    expect(await destinations('FCS94')).toEqual([
      'accueil@fcs94.org:inactive',
      'fede@fcs94.org:active',
    ]);

    writeFileSync(
      csv,
      'code,name,kind,commune_insee,email\nFCS94,Fédération des centres sociaux et socioculturels du Val-de-Marne,federation,94028,fede@fcs94.org;oups@\n',
    );
    const bad = await cli(t, ['orgs', 'import', csv]);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('ligne 2 : email : Adresse électronique invalide : « oups@ »');
    expect(await destinations('FCS94')).toEqual([
      'accueil@fcs94.org:inactive',
      'fede@fcs94.org:active',
    ]);
  });
});
