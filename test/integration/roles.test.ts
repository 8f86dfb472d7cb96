import { roundStatusFor } from '../../src/app/get-round-status';
import { createLogger } from '../../src/logger';
import { NO_OUTBOX, type AppDeps } from '../../src/app/deps';
import { isDomainError } from '../../src/domain/errors';
import { cli } from '../support/cli';
import { createTestDb, type TestDb } from '../support/db';

/** « statut » on any channel follows domain/roles.ts: what each role sees of a round. */
let t: TestDb;
let deps: AppDeps;
let tenantId: string;
let cd94: string;
beforeAll(async () => {
  t = await createTestDb();
  deps = { db: t.db, now: () => new Date(), log: createLogger('silent'), outbox: NO_OUTBOX };
  expect((await cli(t, ['seed', 'demo'])).code).toBe(0);
  const create = [
    'round',
    'create',
    '--version',
    '1',
    '--deadline',
    '+3j',
    '--orgs',
    'CD94,DDCS94',
  ];
  expect((await cli(t, [...create, '--resultats', 'apres'])).code).toBe(0);
  expect((await cli(t, [...create, '--resultats', 'pendant'])).code).toBe(0);
  expect((await cli(t, ['round', 'launch', '1'])).code).toBe(0);
  expect((await cli(t, ['round', 'launch', '2'])).code).toBe(0);
  tenantId = (await t.db.tenant.findFirstOrThrow()).id;
  cd94 = (await t.db.organisation.findFirstOrThrow({ where: { code: 'CD94' } })).id;
});
afterAll(async () => t.drop());

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (isDomainError(e) ? e.code : String(e)),
  );
const text = (m: { sections: { text: string }[] }) => m.sections.map((s) => s.text).join('\n');

it('a pilot sees live tallies and who has not answered', async () => {
  const m = await roundStatusFor(
    deps,
    { tenantId, role: 'pilot', organisationId: null },
    '1',
    'slack',
  );
  expect(text(m)).toContain('Sans réponse : ');
});

it('an observer sees what its organisation’s partners see: nothing live unless the round shows it, never who is missing', async () => {
  const observer = { tenantId, role: 'observer', organisationId: cd94 };
  expect(await codeOf(roundStatusFor(deps, observer, '1', 'slack'))).toBe('RESULTS_NOT_VISIBLE');
  const during = await roundStatusFor(deps, observer, '2', 'slack');
  expect(text(during)).not.toContain('Sans réponse');
  const partner = { tenantId, role: 'partner', organisationId: cd94 };
  expect(await codeOf(roundStatusFor(deps, partner, '1', 'slack'))).toBe('RESULTS_NOT_VISIBLE');
  expect(text(await roundStatusFor(deps, partner, '2', 'slack'))).not.toContain('Sans réponse');
});
