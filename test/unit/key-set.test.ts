import { generateKeyPairSync } from 'node:crypto';
import pino from 'pino';
import { KeySet } from '../../src/adapters/teams/key-set';

/** KeySet with a fake JWKS endpoint and a fixed clock: when it fetches, and when it does not. */
describe('KeySet', () => {
  const jwk = (kid: string) => ({
    ...generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }),
    kid,
    use: 'sig',
  });
  const log = pino({ level: 'silent' });

  function setup(initial: object[]) {
    let now = 1_000_000;
    let keys = initial;
    let fail = false;
    const fetches: string[] = [];
    const fetchImpl = (async (url: string) => {
      fetches.push(url);
      await new Promise((r) => setTimeout(r, 5));
      if (fail) return new Response('nope', { status: 503 });
      return Response.json({ keys });
    }) as typeof fetch;
    const set = new KeySet({
      name: 'test',
      jwksUri: 'https://keys.example/jwks',
      unknownKidIntervalMs: 30_000,
      refreshMs: 3_600_000,
      log,
      fetchImpl,
      now: () => now,
    });
    return {
      set,
      fetches,
      tick: (ms: number) => (now += ms),
      publish: (k: object[]) => (keys = k),
      failing: (on: boolean) => (fail = on),
    };
  }

  it('fetches once for concurrent lookups, then serves known kids from memory', async () => {
    const s = setup([jwk('a')]);
    const found = await Promise.all([s.set.get('a'), s.set.get('a'), s.set.get('zz')]);
    expect(found.map((k) => Boolean(k))).toEqual([true, true, false]);
    expect(s.fetches).toHaveLength(1);
    s.tick(10 * 60_000);
    expect(await s.set.get('a')).toBeDefined();
    expect(s.fetches).toHaveLength(1);
    s.set.close();
  });

  it('refuses unknown kids without fetching within the interval, fetches once after it', async () => {
    const s = setup([jwk('a')]);
    await s.set.get('a');
    for (let i = 0; i < 20; i++) expect(await s.set.get(`forged-${i}`)).toBeUndefined();
    expect(s.fetches).toHaveLength(1);
    // A key rotated in is found at the first lookup after the interval.
    s.publish([jwk('a'), jwk('b')]);
    s.tick(30_000);
    expect(await s.set.get('b')).toBeDefined();
    expect(s.fetches).toHaveLength(2);
    s.set.close();
  });

  it('keeps the keys it knows when a fetch fails', async () => {
    const s = setup([jwk('a')]);
    await s.set.get('a');
    s.failing(true);
    s.tick(60_000);
    expect(await s.set.get('unknown')).toBeUndefined();
    expect(s.fetches).toHaveLength(2);
    expect(await s.set.get('a')).toBeDefined();
    s.set.close();
  });

  it('refreshes on a schedule', async () => {
    let fetched = 0;
    const key = jwk('a');
    const set = new KeySet({
      name: 'test',
      jwksUri: async () => 'https://keys.example/jwks',
      refreshMs: 20,
      log,
      fetchImpl: (async () => {
        fetched++;
        return Response.json({ keys: [key] });
      }) as typeof fetch,
    });
    await set.refresh();
    await new Promise((r) => setTimeout(r, 120));
    set.close();
    expect(fetched).toBeGreaterThanOrEqual(3);
  });
});
