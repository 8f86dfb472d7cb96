import { ballotKey } from '../../src/app/ballot-links';
import { chartLinkSigner } from '../../src/app/chart-links';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createRuntime } from '../../src/runtime';
import type { Db } from '../../src/store/db';

/**
 * The results messages carry chart images only with a real public address: the runtime signs
 * chart links when PUBLIC_URL is set, with the link key (CONCERTO_LINK_SECRET), and not in the
 * demo (no PUBLIC_URL: http://localhost, which Slack and Teams cannot reach).
 */
const quiet = createLogger('silent');
const target = {
  tenantId: '11111111-1111-4111-8111-111111111111',
  roundId: '22222222-2222-4222-8222-222222222222',
  enjeuId: '33333333-3333-4333-8333-333333333333',
};

it('signs chart links only when PUBLIC_URL is set, with the link key', async () => {
  const demo = createRuntime(loadConfig({}), quiet, { db: {} as Db, redisLog: quiet });
  const deployed = createRuntime(
    loadConfig({
      PUBLIC_URL: 'https://concerto.caf94.example/',
      CONCERTO_LINK_SECRET: 's'.repeat(32),
    }),
    quiet,
    { db: {} as Db, redisLog: quiet },
  );
  try {
    expect(demo.deps.chartLinks).toBeUndefined();
    const url = deployed.deps.chartLinks!.url(target);
    expect(url).toMatch(/^https:\/\/concerto\.caf94\.example\/charts\/[^/]+\.png$/);
    // What the web process verifies with (processes.ts: the same link key).
    const verifier = chartLinkSigner({
      key: ballotKey({ secret: 's'.repeat(32), databaseUrl: '' }),
      publicUrl: 'https://concerto.caf94.example',
    });
    expect(verifier.verify(url.split('/').pop()!)).toEqual(target);
  } finally {
    await demo.close();
    await deployed.close();
  }
});
