import { CLI_EN } from '../../src/domain/catalogue/cli-en';
import { CLI_FR } from '../../src/domain/catalogue/cli-fr';
import { createTestDb, type TestDb } from '../support/db';
import { cli } from '../support/cli';

/**
 * The CLI speaks French unless CONCERTO_LOCALE=en: the same commands, the words of
 * catalogue/cli-en.ts (and the English refusals of catalogue/en.ts).
 */
const EN = { env: { CONCERTO_LOCALE: 'en' } };

describe('concerto in English (CONCERTO_LOCALE=en), French by default', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => t.drop());

  it('prints its results in English with CONCERTO_LOCALE=en, in French without it', async () => {
    const seeded = await cli(t, ['seed', 'demo'], EN);
    expect(seeded.code).toBe(0);
    expect(seeded.out).toMatch(/^Demonstration Caf "Caf du Val-de-Marne" \(code 94\) ready\.\n/);
    expect(seeded.out).toContain('  communes: 47');

    const now = () => new Date('2026-12-01T09:00:00Z');
    const created = await cli(
      t,
      ['round', 'create', '--version', '1', '--deadline', '11/12/2026 17:00', '--orgs', 'CD94'],
      { ...EN, now },
    );
    expect(created.code).toBe(0);
    expect(created.out).toMatch(
      /^Consultation no\. 1 prepared: 1 organisation invited, \d+ enjeux, deadline 11\/12\/2026 at 17:00\.\nLaunch it with: concerto round launch 1$/,
    );

    const listEn = await cli(t, ['round', 'list'], EN);
    expect(listEn.out).toBe('no. 1  in preparation v1  1 invited  deadline 11/12/2026 at 17:00');
    const listFr = await cli(t, ['round', 'list']);
    expect(listFr.out).toBe('n° 1  en préparation v1  1 invitées  échéance 11/12/2026 à 17:00');
    // CONCERTO_LOCALE=fr (or anything but en…) is French too.
    expect((await cli(t, ['round', 'list'], { env: { CONCERTO_LOCALE: 'fr' } })).out).toBe(
      listFr.out,
    );
  });

  it('refuses in English: the error catalogue, commander, its help', async () => {
    const refused = await cli(t, ['round', 'status', '99'], EN);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^Error: /);
    expect(refused.err).not.toMatch(/^Erreur/);
    const refusedFr = await cli(t, ['round', 'status', '99']);
    expect(refusedFr.err).toMatch(/^Erreur : /);

    const unknown = await cli(t, ['roudn'], EN);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Error: unknown command "roudn".');
    expect((await cli(t, ['roudn'])).err).toContain('Erreur : commande inconnue « roudn ».');

    const help = await cli(t, ['--help'], EN);
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: concerto');
    // Commander wraps the descriptions: compare their first words.
    expect(help.out).toContain(CLI_EN.program.description.slice(0, 40));
    expect(help.out).toMatch(new RegExp(`\\nCommands:\\n  db +${CLI_EN.db.description}\\n`));
    expect(help.out).toContain('(default: DEFAULT_TENANT, 94)');
    expect(help.out).toContain('Exit code:');
    expect(help.out).not.toContain(CLI_FR.program.description.slice(0, 40));
    const helpFr = await cli(t, ['--help']);
    expect(helpFr.out).toContain('Utilisation : concerto');
    expect(helpFr.out).toContain(CLI_FR.program.description.slice(0, 40));
    expect(helpFr.out).toMatch(new RegExp(`\\nCommandes :\\n  db +${CLI_FR.db.description}\\n`));
    expect(helpFr.out).toContain('Code de sortie :');
  });
});
