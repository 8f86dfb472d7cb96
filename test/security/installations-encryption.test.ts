import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Installation } from '@slack/bolt';
import {
  PrismaInstallationStore,
  reencryptInstallations,
} from '../../src/store/repositories/slack-installations';
import { slackTokenResolver } from '../../src/adapters/slack/notifier';
import { slackBotTokenLookup } from '../../src/app/slack-installations';
import { loadConfig } from '../../src/config';
import { SecretBox } from '../../src/store/secret-box';
import { createDb, type Db } from '../../src/store/db';
import { MIGRATIONS_DIR, migrate } from '../../src/store/migrate';
import { TEST_DATABASE_URL } from '../support/db';
import { cli } from '../support/cli';

const key = () => randomBytes(32).toString('base64');
const installation = (team: string, token: string): Installation<'v2', false> => ({
  team: { id: team, name: 'Caf' },
  enterprise: undefined,
  user: { id: 'U1', token: undefined, scopes: undefined },
  bot: { id: 'B1', userId: 'UBOT', token, scopes: ['chat:write'] },
  isEnterpriseInstall: false,
  authVersion: 'v2',
});
const query = (team: string) => ({
  teamId: team,
  isEnterpriseInstall: false,
  enterpriseId: undefined,
});
const oauthEnv = {
  SLACK_CLIENT_ID: 'c',
  SLACK_CLIENT_SECRET: 's',
  SLACK_STATE_SECRET: 'st',
  SLACK_SIGNING_SECRET: 'sig',
};

/**
 * Slack installations' tokens are encrypted at rest (AES-256-GCM, key from the environment, key
 * id stored with each row), rows written before the migration stay readable, and keys rotate.
 */
describe('Slack installations encrypted at rest', () => {
  const schema = `enc_${randomBytes(5).toString('hex')}`;
  let db: Db;
  let sql: Client;

  beforeAll(async () => {
    // The schema as it was before the migration, with an installation stored in clear.
    const before = mkdtempSync(path.join(os.tmpdir(), 'concerto-mig-'));
    for (const name of readdirSync(MIGRATIONS_DIR)) {
      if (name < '20261205110000')
        cpSync(path.join(MIGRATIONS_DIR, name), path.join(before, name), { recursive: true });
    }
    await migrate({ url: TEST_DATABASE_URL, schema, dir: before });
    sql = new Client({
      connectionString: TEST_DATABASE_URL,
      options: `-c search_path="${schema}"`,
    });
    await sql.connect();
    await sql.query(
      `INSERT INTO slack_installations (id, install_key, team_id, data, updated_at)
       VALUES (gen_random_uuid(), 'T:-:TOLD', 'TOLD', $1, now())`,
      [JSON.stringify(installation('TOLD', 'xoxb-old-plain'))],
    );
    const applied = await migrate({ url: TEST_DATABASE_URL, schema });
    expect(applied.applied).toContain('20261205110000_encrypted_installations');
    db = createDb({ url: TEST_DATABASE_URL, schema });
  });

  afterAll(async () => {
    await db?.$disconnect();
    await sql?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await sql?.end();
  });

  /** Every column of the row as text: what a database dump or a backup would show. */
  const rawRow = async (team: string) =>
    (
      await sql.query(`SELECT s::text AS t, key_id FROM slack_installations s WHERE team_id = $1`, [
        team,
      ])
    ).rows[0] as { t: string; key_id: string | null } | undefined;

  it('keeps a row written in clear before the migration readable, and encrypts it once a key is set', async () => {
    expect(await new PrismaInstallationStore(db).fetchInstallation(query('TOLD'))).toMatchObject({
      bot: { token: 'xoxb-old-plain' },
    });
    const box = SecretBox.fromKeys(key());
    const store = new PrismaInstallationStore(db, undefined, box);
    expect((await store.fetchInstallation(query('TOLD'))).bot?.token).toBe('xoxb-old-plain');
    const raw = await rawRow('TOLD');
    expect(raw?.t).not.toContain('xoxb-old-plain');
    expect(raw?.key_id).toBe(box.currentKeyId);
  });

  it('stores new installations encrypted; the store and the notifier read them with the key, not without', async () => {
    const k = key();
    const config = loadConfig({ ...oauthEnv, CONCERTO_ENCRYPTION_KEY: k });
    const store = new PrismaInstallationStore(db, undefined, SecretBox.fromConfig(config));
    await store.storeInstallation(installation('TNEW', 'xoxb-new-secret'));
    expect((await rawRow('TNEW'))?.t).not.toContain('xoxb-new-secret');
    expect((await store.fetchInstallation(query('TNEW'))).bot?.token).toBe('xoxb-new-secret');
    expect(await slackTokenResolver(config, slackBotTokenLookup({ db }, config))('TNEW')).toBe(
      'xoxb-new-secret',
    );
    await expect(new PrismaInstallationStore(db).fetchInstallation(query('TNEW'))).rejects.toThrow(
      /CONCERTO_ENCRYPTION_KEY/,
    );
    await expect(
      new PrismaInstallationStore(db, undefined, SecretBox.fromKeys(key())).fetchInstallation(
        query('TNEW'),
      ),
    ).rejects.toThrow();
  });

  it('refuses a ciphertext moved to another workspace row', async () => {
    const box = SecretBox.fromKeys(key());
    const store = new PrismaInstallationStore(db, undefined, box);
    await store.storeInstallation(installation('TA', 'xoxb-a'));
    await store.storeInstallation(installation('TB', 'xoxb-b'));
    await sql.query(
      `UPDATE slack_installations SET data_sealed = (SELECT data_sealed FROM slack_installations WHERE team_id = 'TA') WHERE team_id = 'TB'`,
    );
    await expect(store.fetchInstallation(query('TB'))).rejects.toThrow();
  });

  it('rotates: a new key with the old one listed reads old rows and re-encrypts them, on read or all at once', async () => {
    const oldKey = key();
    const newKey = key();
    const oldBox = SecretBox.fromKeys(oldKey);
    await new PrismaInstallationStore(db, undefined, oldBox).storeInstallation(
      installation('TR1', 'xoxb-r1'),
    );
    await new PrismaInstallationStore(db, undefined, oldBox).storeInstallation(
      installation('TR2', 'xoxb-r2'),
    );
    const rotated = SecretBox.fromKeys(newKey, [oldKey]);
    expect(rotated.currentKeyId).not.toBe(oldBox.currentKeyId);

    // On read.
    const store = new PrismaInstallationStore(db, undefined, rotated);
    expect((await store.fetchInstallation(query('TR1'))).bot?.token).toBe('xoxb-r1');
    expect((await rawRow('TR1'))?.key_id).toBe(rotated.currentKeyId);
    expect((await rawRow('TR2'))?.key_id).toBe(oldBox.currentKeyId);

    // All at once (`concerto slack reencrypt`): every row on the new key, then the old key can go.
    // A row still in clear (written without a key) goes too.
    await new PrismaInstallationStore(db).storeInstallation(installation('TPLAIN', 'xoxb-plain'));
    const report = await reencryptInstallations(db, rotated);
    expect(report.reencrypted).toBe(2); // TR2 and TPLAIN (TR1 was done on read)
    // Rows of keys it was not given (earlier tests' random keys) are reported, not touched.
    expect(report.unreadable.sort()).toEqual(['T:-:TA', 'T:-:TB', 'T:-:TNEW', 'T:-:TOLD']);
    const { rows } = await sql.query<{ key_id: string | null; plain: boolean }>(
      `SELECT key_id, data IS NOT NULL AS plain FROM slack_installations WHERE team_id IN ('TR1', 'TR2', 'TPLAIN')`,
    );
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.key_id === rotated.currentKeyId && !r.plain)).toBe(true);
    // The same from the command line, with the rotation's environment: nothing left to do but
    // the rows of unknown keys, reported with a non-zero exit.
    const run = await cli({ db, url: TEST_DATABASE_URL }, ['slack', 'reencrypt'], {
      env: { CONCERTO_ENCRYPTION_KEY: newKey, CONCERTO_ENCRYPTION_OLD_KEYS: oldKey },
    });
    expect(run.out).toContain('Installations Slack : 0 chiffrée avec la clé');
    expect(run.err).toContain('T:-:TOLD');
    expect(run.code).not.toBe(0);
    expect((await cli({ db, url: TEST_DATABASE_URL }, ['slack', 'reencrypt'])).err).toContain(
      'CONCERTO_ENCRYPTION_KEY',
    );
    const newOnly = new PrismaInstallationStore(db, undefined, SecretBox.fromKeys(newKey));
    expect((await newOnly.fetchInstallation(query('TR2'))).bot?.token).toBe('xoxb-r2');
    expect(await reencryptInstallations(db, rotated)).toMatchObject({ reencrypted: 0 });
  });

  it('refuses production without a key when Slack installations are stored, and keys of the wrong size', () => {
    expect(() => loadConfig({ ...oauthEnv, NODE_ENV: 'production' })).toThrow(
      /CONCERTO_ENCRYPTION_KEY/,
    );
    expect(() =>
      loadConfig({ ...oauthEnv, NODE_ENV: 'production', CONCERTO_ENCRYPTION_KEY: key() }),
    ).not.toThrow();
    expect(() =>
      loadConfig({ CONCERTO_ENCRYPTION_KEY: randomBytes(16).toString('base64') }),
    ).toThrow(/32 octets/);
    expect(() =>
      loadConfig({ CONCERTO_ENCRYPTION_KEY: key(), CONCERTO_ENCRYPTION_OLD_KEYS: `${key()},abc` }),
    ).toThrow(/CONCERTO_ENCRYPTION_OLD_KEYS/);
    // Outside production (demo, tests) it works without a key, in clear.
    expect(() => loadConfig(oauthEnv)).not.toThrow();
  });
});
