import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/main-cli';
import { MAX_ROUND_INVITATIONS } from '../../src/app/create-round';
import { createTestDb, type TestDb } from '../support/db';
import { cli } from '../support/cli';

/**
 * Every mistake answered in French with what to do, and an exit code that says whether anything
 * was saved (1: nothing). The CLI runs against a real Postgres schema.
 */
let t: TestDb;
const dir = mkdtempSync(path.join(os.tmpdir(), 'concerto-cli-errors-'));
beforeAll(async () => {
  t = await createTestDb();
  expect((await cli(t, ['seed', 'demo'])).code).toBe(0);
});
afterAll(async () => t.drop());

const NO_STACK = /\n\s+at |Prisma|invocation|node_modules/;

async function rounds() {
  return t.db.round.count();
}

describe('round create: numbers, deadlines, organisations', () => {
  const base = ['round', 'create', '--deadline', '+3j', '--orgs', 'CD94'];

  it('--version abc: a French answer naming the option, nothing saved', async () => {
    const r = await cli(t, [...base, '--version', 'abc']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'Erreur : Version « abc » invalide : donnez le numéro de la version, un entier positif (par exemple 2 ; voir « concerto draft list »).',
    );
    expect(r.err).not.toMatch(NO_STACK);
    expect(await rounds()).toBe(0);
  });

  it('--deadline +100000j: refused, the deadline falls within 365 days', async () => {
    const r = await cli(t, ['round', 'create', '--version', '1', '--deadline', '+100000j']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^Erreur : La date limite doit tomber dans les 365 jours qui viennent\./);
    const huge = await cli(t, [
      'round',
      'create',
      '--version',
      '1',
      '--deadline',
      '+9999999999999j',
    ]);
    expect(huge.code).toBe(1);
    expect(huge.err).toMatch(/365 jours/);
    expect(await rounds()).toBe(0);
  });

  it('a local time in the spring DST gap is refused, not moved an hour on', async () => {
    const now = () => new Date('2027-03-01T10:00:00Z');
    for (const input of ['28/03/2027 02:30', '2027-03-28 02:30']) {
      const r = await cli(t, ['round', 'create', '--version', '1', '--deadline', input], { now });
      expect(r.code).toBe(1);
      expect(r.err).toBe(
        `Erreur : L'heure « ${input} » n'existe pas (Europe/Paris) : c'est la nuit du passage à l'heure d'été, où l'on passe de 2 h à 3 h. Choisissez une autre heure, par exemple 03:30.`,
      );
    }
    expect(await rounds()).toBe(0);
    // 03:30 the same night exists: accepted, and written in the CLI's one date style.
    const ok = await cli(
      t,
      ['round', 'create', '--version', '1', '--deadline', '28/03/2027 03:30', '--orgs', 'CD94'],
      { now },
    );
    expect(ok.err).toBe('');
    expect(ok.out).toContain('date limite 28/03/2027 à 03:30.');
    await t.db.invitation.deleteMany();
    await t.db.round.deleteMany();
  });

  it('--orgs naming the Caf itself is refused', async () => {
    const r = await cli(t, [
      'round',
      'create',
      '--version',
      '1',
      '--deadline',
      '+3j',
      '--orgs',
      'CD94,CAF94',
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      "Erreur : La Caf ne s'invite pas elle-même (CAF94) : ses pilotes suivent la consultation. Retirez ce code de --orgs.",
    );
    expect(await rounds()).toBe(0);
  });

  it('--kinds with a list of codes is refused (it only chooses among all organisations)', async () => {
    const r = await cli(t, [...base, '--version', '1', '--kinds', 'commune']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^Erreur : --kinds choisit parmi toutes les organisations/);
    expect(await rounds()).toBe(0);
    const all = await cli(t, [
      'round',
      'create',
      '--version',
      '1',
      '--deadline',
      '+3j',
      '--orgs',
      'all',
      '--kinds',
      'commune',
    ]);
    expect(all.out).toContain('47 organisations invitées');
    await t.db.invitation.deleteMany();
    await t.db.round.deleteMany();
  });

  it('--orgs all on a very large Caf: a bounded, clear refusal', async () => {
    const tenant = await t.db.tenant.findFirstOrThrow({ where: { code: '94' } });
    await t.db.organisation.createMany({
      data: Array.from({ length: MAX_ROUND_INVITATIONS }, (_, i) => ({
        tenantId: tenant.id,
        code: `BIG-${i}`,
        name: `Espace de vie sociale ${i}`,
        kind: 'evs' as const,
      })),
    });
    try {
      const r = await cli(t, ['round', 'create', '--version', '1', '--deadline', '+3j']);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        /^Erreur : 5\d{3} organisations à inviter : une consultation en invite au plus 5000\. Choisissez-les avec --kinds/,
      );
      expect(await rounds()).toBe(0);
    } finally {
      await t.db.organisation.deleteMany({ where: { code: { startsWith: 'BIG-' } } });
    }
  });
});

it('other bad numbers: --limit abc and a duration of 99999999 days, answered in French', async () => {
  const limit = await cli(t, ['queue', 'failed', '--limit', 'abc']);
  expect(limit.code).toBe(1);
  expect(limit.err).toBe(
    "Erreur : « abc » n'est pas une valeur possible de --limit : indiquez un nombre entier de 1 à 10000.",
  );
  const due = await cli(t, ['reminders', 'list', '--due-within', '99999999j']);
  expect(due.code).toBe(1);
  expect(due.err).toBe(
    'Erreur : Durée trop longue : « 99999999j ». Au plus 3653 jours (10 ans), par exemple 7j, 6m, 2a.',
  );
});

it('demo communes are named as French writes them: du, des, d’', async () => {
  const names = (await t.db.organisation.findMany({ where: { kind: 'commune' } })).map(
    (o) => o.name,
  );
  expect(names).toContain('Commune du Kremlin-Bicêtre');
  expect(names).toContain('Commune du Perreux-sur-Marne');
  expect(names).toContain("Commune d'Alfortville");
  expect(names).toContain('Commune de La Queue-en-Brie');
  expect(names).toContain("Commune de L'Haÿ-les-Roses");
  expect(names.filter((n) => /\bde Le |\bde Les /.test(n))).toEqual([]);
});

describe('invitation codes', () => {
  it('an observer code without --org is worded for an observer of the Caf', async () => {
    const r = await cli(t, ['invite', 'create', '--role', 'observer']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^Pour un observateur de la Caf, valable jusqu'au \d{2}\/\d{2}\/\d{4} à \d{2}:\d{2}\.$/m,
    );
  });

  it('a pilot code for an organisation is refused', async () => {
    const before = await t.db.inviteCode.count();
    const r = await cli(t, ['invite', 'create', '--role', 'pilot', '--org', 'CD94']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      "Erreur : Un code pilote ne désigne pas d'organisation : les pilotes sont ceux de la Caf. Retirez --org.",
    );
    expect(await t.db.inviteCode.count()).toBe(before);
  });
});

describe('round export', () => {
  it('refuses a round in preparation or cancelled, and an --out that is a file or under one', async () => {
    const created = await cli(t, [
      'round',
      'create',
      '--version',
      '1',
      '--deadline',
      '+3j',
      '--orgs',
      'CD94',
    ]);
    const n = /n° (\d+)/.exec(created.out)![1]!;
    const out = path.join(dir, 'draft');
    const draft = await cli(t, ['round', 'export', n, '--out', out]);
    expect(draft.code).toBe(1);
    expect(draft.err).toBe(
      `Erreur : La consultation n° ${n} est en préparation : elle n'a pas de résultats à exporter. Lancez-la d'abord (concerto round launch ${n}).`,
    );
    expect(await cli(t, ['round', 'cancel', n])).toMatchObject({ code: 0 });
    const cancelled = await cli(t, ['round', 'export', n, '--out', out]);
    expect(cancelled.err).toBe(
      `Erreur : La consultation n° ${n} a été annulée : elle n'a pas de résultats à exporter.`,
    );
    expect(readdirSync(dir)).toEqual([]);

    const second = await cli(t, [
      'round',
      'create',
      '--version',
      '1',
      '--deadline',
      '+3j',
      '--orgs',
      'CD94',
    ]);
    const m = /n° (\d+)/.exec(second.out)![1]!;
    await cli(t, ['round', 'launch', m]);
    const file = path.join(dir, 'un-fichier.txt');
    writeFileSync(file, 'x');
    const onFile = await cli(t, ['round', 'export', m, '--out', file]);
    expect(onFile.code).toBe(1);
    expect(onFile.err).toBe(
      `Erreur : « ${file} » est un fichier, pas un dossier. Indiquez avec --out un dossier (il est créé s'il n'existe pas).`,
    );
    const under = await cli(t, ['round', 'export', m, '--out', path.join(file, 'sous-dossier')]);
    expect(under.code).toBe(1);
    expect(under.err).toBe(
      `Erreur : Impossible d'écrire dans « ${path.join(file, 'sous-dossier')} » : un élément du chemin est un fichier, pas un dossier. Indiquez avec --out un dossier où vous pouvez écrire.`,
    );
    const ok = await cli(t, ['round', 'export', m, '--out', path.join(dir, 'resultats')]);
    expect(ok.code).toBe(0);
    expect(readdirSync(path.join(dir, 'resultats')).sort()).toEqual([
      `consultation-${m}.csv`,
      `consultation-${m}.md`,
      `consultation-${m}.pdf`,
      `consultation-${m}.xlsx`,
    ]);
  });
});

describe('the database, as the operator has it', () => {
  async function run(args: string[], env: Record<string, string>) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, {
      env: { LOG_LEVEL: 'info', QUEUE_PREFIX: `i14-${process.pid}`, ...env },
      out: (s) => out.push(s),
      err: (s) => err.push(s),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('no such database: French, names it, says to run db migrate, exit 1, no stack', async () => {
    const url = new URL(t.url);
    url.pathname = '/concerto_no_such_database_i14';
    const r = await run(['round', 'list'], { DATABASE_URL: url.toString() });
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'Erreur : la base de données « concerto_no_such_database_i14 » n’existe pas sur le serveur (DATABASE_URL). ' +
        'Rien n’a été enregistré. Créez-la et appliquez les migrations avec : concerto db migrate',
    );
    expect(r.out).toBe('');
  });

  it('a database never migrated: French, says to run db migrate, exit 1', async () => {
    const url = new URL(t.url);
    url.searchParams.set('schema', `empty_${Date.now()}`);
    const r = await run(['round', 'list'], { DATABASE_URL: url.toString() });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /n’est pas initialisée \(ses tables manquent\)\. Rien n’a été enregistré\. Appliquez les migrations avec : concerto db migrate$/,
    );
    expect(r.err).not.toMatch(NO_STACK);
  });

  it('a user Postgres does not know: French, says to correct DATABASE_URL, exit 1', async () => {
    const url = new URL(t.url);
    url.username = 'concerto_nobody_i14';
    url.password = 'faux';
    const r = await run(['round', 'list'], { DATABASE_URL: url.toString() });
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'Erreur : PostgreSQL refuse la connexion : l’utilisateur ou le mot de passe de ' +
        'DATABASE_URL est incorrect, ou n’a pas accès à cette base. Rien n’a été enregistré ; ' +
        'corrigez DATABASE_URL, puis réessayez.',
    );
  });

  it('an unexpected failure: no stack, no library internals, exit 3 (LOG_LEVEL=debug has them)', async () => {
    const r = await cli(t, ['round', 'list'], {
      deps: {
        get db(): never {
          throw new TypeError('Cannot read properties of undefined (reading findMany)');
        },
      },
    });
    expect(r.code).toBe(4);
    expect(r.err).toBe(
      'Erreur inattendue : la commande n’a pas abouti. Relancez-la avec LOG_LEVEL=debug pour ' +
        'voir le détail, et signalez-le si cela se reproduit.',
    );
  });

  it('a configuration with several problems: all listed in French, exit 2, nothing done', async () => {
    const r = await run(['round', 'list'], {
      DATABASE_URL: t.url,
      PORT: '',
      NODE_ENV: 'production',
      TEAMS_LOCAL_MODE: 'true',
    });
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      [
        'Configuration invalide (2 problèmes) :',
        '  - PORT : vide : indiquez un numéro de port de 1 à 65535, ou retirez la variable (3000 par défaut)',
        '  - TEAMS_LOCAL_MODE : le mode local (sans authentification) est interdit en production',
        'Corrigez ces variables d’environnement, puis relancez. Rien n’a été fait.',
      ].join('\n'),
    );
  });
});

it('help is French throughout: no "default:" nor "choices:"', async () => {
  const r = await cli(t, ['round', 'create', '--help']);
  expect(r.code).toBe(0);
  expect(r.out).toContain('(par défaut : 7j,2j,matin)');
  expect(r.out.replace(/\s+/g, ' ')).toContain('(valeurs : pendant, apres ; par défaut : apres)');
  expect(r.out).not.toMatch(/default|choices/);
});
