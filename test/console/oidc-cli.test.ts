import { randomBytes } from 'node:crypto';
import { createTestDb, type TestDb } from '../support/db';
import { cli } from '../support/cli';

/**
 * `concerto oidc set|show|remove`: a Caf's identity provider for the pilots' console. The secret
 * is named (an environment variable), never given nor printed; `--chiffrer` stores it sealed.
 */
describe('concerto oidc set|show|remove', () => {
  let t: TestDb;
  const SECRET = 'le-secret-du-client-ne-doit-jamais-sortir';
  beforeAll(async () => {
    t = await createTestDb({ label: 'oidc_cli' });
    expect((await cli(t, ['seed', 'demo'])).code).toBe(0);
  });
  afterAll(async () => t.drop());

  it('says when the Caf has none', async () => {
    const r = await cli(t, ['oidc', 'show']);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("La Caf « 94 » n'a pas configuré de fournisseur d'identité");
    expect((await cli(t, ['oidc', 'remove'])).err).toContain("n'a pas configuré");
  });

  it('stores the variable’s name, shows the configuration without the secret, removes it', async () => {
    const set = await cli(
      t,
      [
        'oidc',
        'set',
        '--issuer',
        'https://connexion.caf94.fr/realms/caf',
        '--client-id',
        'concerto',
        '--client-secret-env',
        'CAF94_OIDC_SECRET',
        '--nom',
        'Compte Caf 94',
      ],
      { env: { CAF94_OIDC_SECRET: SECRET } },
    );
    expect(set.err).toBe('');
    expect(set.code).toBe(0);
    expect(set.out).toBe(
      [
        "Fournisseur d'identité configuré : Compte Caf 94 (https://connexion.caf94.fr/realms/caf).",
        "Secret du client : variable d'environnement CAF94_OIDC_SECRET.",
        'Adresse de retour à déclarer chez le fournisseur : http://localhost:3000/console/connexion/oidc/retour',
      ].join('\n'),
    );
    const show = await cli(t, ['oidc', 'show']);
    expect(show.out).toContain('Émetteur : https://connexion.caf94.fr/realms/caf');
    expect(show.out).toContain('Client : concerto');
    const row = await t.db.identityProvider.findFirstOrThrow();
    expect(row.clientSecretEnv).toBe('CAF94_OIDC_SECRET');
    expect(row.clientSecretSealed).toBeNull();
    expect(JSON.stringify((await t.db.auditEvent.findMany()).map((e) => e.data))).not.toContain(
      SECRET,
    );

    const removed = await cli(t, ['oidc', 'remove']);
    expect(removed.code).toBe(0);
    expect(await t.db.identityProvider.count()).toBe(0);
  });

  it('with --chiffrer, stores the secret sealed with CONCERTO_ENCRYPTION_KEY, never in clear', async () => {
    const key = randomBytes(32).toString('base64');
    const args = [
      'oidc',
      'set',
      '--issuer',
      'https://connexion.caf94.fr',
      '--client-id',
      'concerto',
      '--client-secret-env',
      'CAF94_OIDC_SECRET',
      '--chiffrer',
    ];
    const noKey = await cli(t, args, { env: { CAF94_OIDC_SECRET: SECRET } });
    expect(noKey.code).not.toBe(0);
    expect(noKey.err).toContain('CONCERTO_ENCRYPTION_KEY');
    const noVar = await cli(t, args, { env: { CONCERTO_ENCRYPTION_KEY: key } });
    expect(noVar.err).toContain('la variable CAF94_OIDC_SECRET est vide ou absente');
    expect(await t.db.identityProvider.count()).toBe(0);

    const ok = await cli(t, args, {
      env: { CAF94_OIDC_SECRET: SECRET, CONCERTO_ENCRYPTION_KEY: key },
    });
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Secret du client : chiffré \(clé [0-9a-f]{16}\)\./);
    expect(ok.out + ok.err).not.toContain(SECRET);
    const row = await t.db.identityProvider.findFirstOrThrow();
    expect(row.clientSecretEnv).toBeNull();
    expect(Buffer.from(row.clientSecretSealed!).toString('latin1')).not.toContain(SECRET);
  });

  it.each([
    [['--issuer', 'http://connexion.caf94.fr'], 'une adresse https est attendue'],
    [['--issuer', 'pas une adresse'], "n'est pas une adresse"],
    [['--client-secret-env', 'mon secret'], "n'est pas un nom de variable d'environnement"],
    [['--client-id', ' '], "l'identifiant du client est vide"],
  ])('refuses %j with a French message, storing nothing', async (override, message) => {
    const opts: Record<string, string> = {
      '--issuer': 'https://connexion.caf94.fr',
      '--client-id': 'concerto',
      '--client-secret-env': 'CAF94_OIDC_SECRET',
      [override[0]!]: override[1]!,
    };
    await cli(t, ['oidc', 'remove']);
    const r = await cli(t, ['oidc', 'set', ...Object.entries(opts).flat()]);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain(message);
    expect(await t.db.identityProvider.count()).toBe(0);
  });
});
