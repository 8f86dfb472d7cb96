import { createTestDb, type TestDb } from '../support/db';
import { cli } from '../support/cli';

describe('concerto pilot add|list and concerto console link', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb({ label: 'pilots' });
    const seed = await cli(t, ['seed', 'demo']);
    expect(seed.code).toBe(0);
    expect(seed.out).toContain('pilote : pilote@caf94.example');
  });
  afterAll(async () => t.drop());

  it('adds a pilot with a lower-cased address, once, and lists the pilots', async () => {
    const add = await cli(t, ['pilot', 'add', ' M.Martin@Caf94.fr ', '--nom', 'M. Martin']);
    expect(add.code).toBe(0);
    expect(add.out).toBe(
      'Pilote ajouté : M. Martin <m.martin@caf94.fr>. Connexion : http://localhost:3000/console',
    );
    const again = await cli(t, ['pilot', 'add', 'm.martin@caf94.fr']);
    expect(again.out).toContain('Pilote mis à jour : M. Martin');
    expect(await t.db.member.count({ where: { email: 'm.martin@caf94.fr' } })).toBe(1);
    expect((await cli(t, ['pilot', 'list'])).out).toBe(
      [
        `${'m.martin@caf94.fr'.padEnd(36)} M. Martin`,
        `${'pilote@caf94.example'.padEnd(36)} Pilote de démonstration`,
        '2 pilotes.',
      ].join('\n'),
    );
    const bad = await cli(t, ['pilot', 'add', 'pas-une-adresse']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('Adresse électronique invalide');
  });

  it('prints a sign-in link for a pilot, and refuses an address that is no pilot’s', async () => {
    const r = await cli(t, ['console', 'link', 'pilote@caf94.example']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^Lien de connexion pour Pilote de démonstration \(valable 15 minutes, une seule fois\) :\nhttp:\/\/localhost:3000\/console\/connexion\/[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/,
    );
    const token = r.out.split('/').pop()!;
    const row = await t.db.consoleSignInLink.findFirstOrThrow();
    expect(row.tokenHash).not.toContain(token);
    const nobody = await cli(t, ['console', 'link', 'personne@caf94.example']);
    expect(nobody.code).not.toBe(0);
    expect(nobody.err).toContain("Aucun pilote de cette Caf n'a l'adresse personne@caf94.example");
  });
});
