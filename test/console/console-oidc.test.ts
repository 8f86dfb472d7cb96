import { existsSync } from 'node:fs';
import { axeViolations } from '../support/axe';
import { chromium } from 'playwright-core';
import { CLI_ACTOR } from '../../src/app/deps';
import { ballotKey } from '../../src/app/ballot-links';
import { addPilot } from '../../src/app/console-auth';
import { setIdentityProvider } from '../../src/app/console-oidc';
import { mountConsole } from '../../src/http/console';
import { createHttpApp, listen, type RunningServer } from '../../src/http/server';
import {
  CookieJar,
  loginAtProvider,
  startOidcProvider,
  type RunningProvider,
} from '../support/oidc-provider';
import { createHarness, silentLog, type Harness } from '../queue/support/harness';

/**
 * The pilots' console: sign-in with the Caf's OpenID Connect identity provider, against a real
 * provider (oidc-provider, in this process on port 3117) and the real server (port 3107),
 * over HTTP: the provider's login and consent pages are submitted as a browser would.
 */
const CONCERTO_PORT = 3107;
const PROVIDER_PORT = 3117;
const BASE = `http://127.0.0.1:${CONCERTO_PORT}`;
const CALLBACK = `${BASE}/console/connexion/oidc/retour`;
const key = ballotKey({ secret: 'console-oidc-test', databaseUrl: '' });
const CLIENT_SECRET = 'secret-du-client-concerto-chez-le-fournisseur';
const CHROMIUM = '/usr/bin/chromium';
const itWithChromium = existsSync(CHROMIUM) ? it : it.skip;
const ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

describe('pilots’ console: sign-in with OpenID Connect', () => {
  let h: Harness;
  let server: RunningServer;
  let provider: RunningProvider;
  let clockOffsetMs = 0;

  beforeAll(async () => {
    h = await createHarness();
    h.deps.now = () => new Date(Date.now() + clockOffsetMs);
    h.deps.publicUrl = BASE;
    const app = await createHttpApp({
      deps: h.deps,
      log: silentLog,
      redis: { ping: async () => 'PONG' },
      mount: (a) =>
        mountConsole(a, {
          deps: h.deps,
          log: silentLog,
          key,
          oidc: {
            env: { CAF94_OIDC_SECRET: CLIENT_SECRET },
            CONCERTO_ENCRYPTION_KEY: ENCRYPTION_KEY,
          },
        }),
    });
    server = await listen(app, CONCERTO_PORT, '127.0.0.1');
    provider = await startOidcProvider({
      port: PROVIDER_PORT,
      clientId: 'concerto-caf94',
      clientSecret: CLIENT_SECRET,
      redirectUri: CALLBACK,
      accounts: {
        pilote: { email: 'Pilote@Caf94.test', email_verified: true },
        nonverifie: { email: 'pilote@caf94.test', email_verified: false },
        inconnu: { email: 'personne@caf94.test', email_verified: true },
        partenaire: { email: 'partenaire@caf94.test', email_verified: true },
        autre: { email: 'pilote@caf75.test', email_verified: true },
      },
    });

    await addPilot(h.deps, {
      tenantId: h.tenantId,
      email: 'pilote@caf94.test',
      name: 'Mme Pilote',
      actor: CLI_ACTOR,
    });
    await h.tdb.db.member.create({
      data: {
        tenantId: h.tenantId,
        role: 'observer',
        displayName: 'M. Observateur',
        email: 'partenaire@caf94.test',
      },
    });
    const other = await h.tdb.db.tenant.create({ data: { code: '75', name: 'Caf de Paris' } });
    await addPilot(h.deps, {
      tenantId: other.id,
      email: 'pilote@caf75.test',
      name: 'M. Parisien',
      actor: CLI_ACTOR,
    });
    await configure({ secretEnv: 'CAF94_OIDC_SECRET' });
  });

  const configure = (o: { secretEnv: string; seal?: boolean }) =>
    setIdentityProvider(h.deps, {
      tenantId: h.tenantId,
      issuer: provider.issuer,
      clientId: 'concerto-caf94',
      label: 'Connexion Caf 94',
      secretEnv: o.secretEnv,
      seal: o.seal ?? false,
      secrets: {
        env: { CAF94_OIDC_SECRET: CLIENT_SECRET },
        CONCERTO_ENCRYPTION_KEY: ENCRYPTION_KEY,
      },
      actor: CLI_ACTOR,
    });

  afterAll(async () => {
    await server?.close();
    await provider?.close();
    await h?.close();
  });

  afterEach(() => {
    clockOffsetMs = 0;
  });

  const sessions = () => h.tdb.db.consoleSession.count();

  const get = (jar: CookieJar, path: string) =>
    fetch(path.startsWith('http') ? path : `${BASE}${path}`, {
      redirect: 'manual',
      headers: { cookie: jar.header() },
    }).then((r) => {
      jar.take(r);
      return r;
    });

  /** The sign-in page of Caf 94, then its « Se connecter avec … » link: the provider's address. */
  async function start(jar: CookieJar, caf = '94') {
    const html = await (await get(jar, `/console/connexion?caf=${caf}`)).text();
    const href = /<a class="bouton" href="([^"]+)">Se connecter avec/.exec(html)?.[1];
    return get(jar, href ?? `/console/connexion/oidc?caf=${caf}`);
  }

  /** Start, log in at the provider as `login`: the callback address (not yet requested). */
  async function toCallback(jar: CookieJar, login: string, o: { abort?: boolean } = {}) {
    const res = await start(jar);
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location.startsWith(`${provider.issuer}/`)).toBe(true);
    return loginAtProvider(location, login, { callbackPrefix: CALLBACK, ...o });
  }

  /** A refusal: its status, its French message, no session opened, no session cookie. */
  async function expectRefused(res: Response, status: number, message: RegExp) {
    const html = (await res.text()).replace(/&#39;/g, "'");
    expect(res.status).toBe(status);
    expect(html).toContain('<h1>Connexion refusée</h1>');
    expect(html).toMatch(message);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('concerto_console='))).toBe(false);
  }

  it('offers « Se connecter avec … » on the sign-in page of a Caf with a provider, not elsewhere', async () => {
    const jar = new CookieJar();
    const with94 = await (await get(jar, '/console/connexion?caf=94')).text();
    expect(with94).toContain('Se connecter avec Connexion Caf 94');
    expect(with94).toContain('Avec votre compte de Caf du Val-de-Marne');
    for (const path of ['/console/connexion?caf=75', '/console/connexion']) {
      expect(await (await get(jar, path)).text()).not.toContain('Se connecter avec');
    }
  });

  it('signs a pilot of the Caf in: PKCE, state and nonce sent; same session as the link; audited', async () => {
    const jar = new CookieJar();
    const res = await start(jar);
    const authorization = new URL(res.headers.get('location')!);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorization.searchParams.get('state')).toBeTruthy();
    expect(authorization.searchParams.get('nonce')).toBeTruthy();
    expect(authorization.searchParams.get('redirect_uri')).toBe(CALLBACK);
    expect(jar.cookies.get('concerto_console_oidc')).toBe(authorization.searchParams.get('state'));
    // The database keeps the state's hash, not the state.
    const attempt = await h.tdb.db.consoleOidcAttempt.findFirstOrThrow({
      orderBy: { createdAt: 'desc' },
    });
    expect(attempt.stateHash).not.toBe(authorization.searchParams.get('state'));

    const callback = await loginAtProvider(authorization.href, 'pilote', {
      callbackPrefix: CALLBACK,
    });
    const before = await sessions();
    const back = await get(jar, callback);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('/console');
    expect(jar.cookies.has('concerto_console')).toBe(true);
    expect(jar.cookies.has('concerto_console_oidc')).toBe(false);
    expect(await sessions()).toBe(before + 1);

    const consolePage = await get(jar, '/console');
    expect(consolePage.status).toBe(200);
    const html = await consolePage.text();
    expect(html).toContain('Caf du Val-de-Marne (Mme Pilote)');

    const event = await h.tdb.db.auditEvent.findFirstOrThrow({
      where: { action: 'console.signed_in' },
      orderBy: { at: 'desc' },
    });
    expect(event.data).toEqual({ via: 'oidc', issuer: provider.issuer });
    expect(event.actor).toBe('Mme Pilote');
  });

  it('refuses a replayed callback (the attempt is single use)', async () => {
    const jar = new CookieJar();
    const callback = await toCallback(jar, 'pilote');
    const stateCookie = jar.cookies.get('concerto_console_oidc')!;
    expect((await get(jar, callback)).status).toBe(303);
    const before = await sessions();
    // The same answer again, with the state's cookie as it was (a copied request).
    const replay = new CookieJar();
    replay.cookies.set('concerto_console_oidc', stateCookie);
    await expectRefused(await get(replay, callback), 410, /a déjà servi/);
    expect(await sessions()).toBe(before);
  });

  it('refuses a callback whose state is not the one this browser started (login CSRF)', async () => {
    const victim = new CookieJar();
    await start(victim);
    const attacker = new CookieJar();
    const callback = await toCallback(attacker, 'pilote');
    const before = await sessions();
    await expectRefused(
      await get(victim, callback),
      400,
      /ne correspond à aucune connexion commencée dans ce navigateur/,
    );
    // Without any cookie, or with the state changed in the address: the same.
    await expectRefused(await get(new CookieJar(), callback), 400, /aucune connexion commencée/);
    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'x'.repeat(43));
    attacker.cookies.set('concerto_console_oidc', 'x'.repeat(43));
    await expectRefused(await get(attacker, tampered.href), 400, /aucune connexion commencée/);
    expect(await sessions()).toBe(before);
  });

  it('refuses an answer from another issuer', async () => {
    const jar = new CookieJar();
    const callback = new URL(await toCallback(jar, 'pilote'));
    expect(callback.searchParams.get('iss')).toBe(provider.issuer);
    callback.searchParams.set('iss', 'https://faux-fournisseur.example');
    const before = await sessions();
    await expectRefused(await get(jar, callback.href), 403, /émetteur inattendu/);
    expect(await sessions()).toBe(before);
  });

  it('refuses an ID token whose nonce is not the attempt’s', async () => {
    const jar = new CookieJar();
    const callback = await toCallback(jar, 'pilote');
    await h.tdb.db.consoleOidcAttempt.updateMany({
      where: { usedAt: null },
      data: { nonce: 'un-autre-nonce-que-celui-envoye' },
    });
    const before = await sessions();
    await expectRefused(await get(jar, callback), 403, /nonce inattendu/);
    expect(await sessions()).toBe(before);
  });

  it('refuses an expired ID token (Concerto’s clock: the token lives 60 s)', async () => {
    const jar = new CookieJar();
    const callback = await toCallback(jar, 'pilote');
    clockOffsetMs = 5 * 60_000; // within the attempt's 10 minutes, past the token's minute
    const before = await sessions();
    await expectRefused(await get(jar, callback), 403, /jeton d'identité a expiré/);
    expect(await sessions()).toBe(before);
  });

  it('refuses an attempt older than 10 minutes', async () => {
    const jar = new CookieJar();
    const callback = await toCallback(jar, 'pilote');
    clockOffsetMs = 11 * 60_000;
    await expectRefused(await get(jar, callback), 410, /a pris plus de 10 minutes/);
  });

  it('refuses when the user cancels at the provider', async () => {
    const jar = new CookieJar();
    const callback = await toCallback(jar, 'pilote', { abort: true });
    expect(new URL(callback).searchParams.get('error')).toBe('access_denied');
    await expectRefused(await get(jar, callback), 403, /a refusé la connexion \(access_denied\)/);
  });

  it.each([
    ['nonverifie', /n'atteste pas que votre adresse électronique est vérifiée/],
    ['inconnu', /Aucun pilote de Caf du Val-de-Marne n'a l'adresse personne@caf94\.test/],
    ['partenaire', /membre de Caf du Val-de-Marne qui n'est pas pilote/],
    ['autre', /pilote d'une autre Caf, pas de Caf du Val-de-Marne/],
  ])('refuses the account « %s » with a precise page and no session', async (login, message) => {
    const jar = new CookieJar();
    const callback = await toCallback(jar, login);
    const before = await sessions();
    await expectRefused(await get(jar, callback), 403, message);
    expect(await sessions()).toBe(before);
    expect(jar.cookies.has('concerto_console')).toBe(false);
  });

  it('refuses to start for a Caf without a provider, or an unknown one', async () => {
    const jar = new CookieJar();
    await expectRefused(await start(jar, '75'), 404, /La Caf « 75 » n'a pas configuré/);
    await expectRefused(await start(jar, 'inconnue'), 404, /La Caf « inconnue » n'a pas configuré/);
    expect(jar.cookies.has('concerto_console_oidc')).toBe(false);
  });

  it('signs in with a secret stored sealed; says so when the secret is missing', async () => {
    await configure({ secretEnv: 'CAF94_OIDC_SECRET', seal: true });
    try {
      const jar = new CookieJar();
      const back = await get(jar, await toCallback(jar, 'pilote'));
      expect(back.status).toBe(303);
      expect(jar.cookies.has('concerto_console')).toBe(true);

      await configure({ secretEnv: 'VARIABLE_ABSENTE' });
      await expectRefused(
        await start(new CookieJar()),
        500,
        /variable d'environnement VARIABLE_ABSENTE absente/,
      );
    } finally {
      await configure({ secretEnv: 'CAF94_OIDC_SECRET' });
    }
  });

  itWithChromium(
    'in Chromium: the button, the provider’s login and consent, the console; a refusal page',
    async () => {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      try {
        for (const [login, landing] of [
          ['pilote', 'Caf du Val-de-Marne (Mme Pilote)'],
          ['inconnu', 'Connexion refusée'],
        ] as const) {
          const context = await browser.newContext();
          // Only this machine: the provider's development pages ask for a web font.
          await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (r) => r.abort());
          const page = await context.newPage();
          await page.goto(`${BASE}/console/connexion?caf=94`);
          expect(await axeViolations(page)).toEqual([]);
          await page.getByRole('link', { name: 'Se connecter avec Connexion Caf 94' }).click();
          await page.waitForURL(`${provider.issuer}/**`);
          await page.fill('input[name=login]', login);
          await page.fill('input[name=password]', 'mot-de-passe');
          await page.click('button[type=submit]');
          await page.waitForSelector('input[name=prompt][value=consent]', { state: 'attached' });
          await page.click('button[type=submit]');
          await page.waitForURL(`${BASE}/console**`);
          expect(await page.textContent('body')).toContain(landing);
          expect(await axeViolations(page)).toEqual([]);
          const cookies = await context.cookies(`${BASE}/console`);
          expect(cookies.some((c) => c.name === 'concerto_console')).toBe(login === 'pilote');
          await context.close();
        }
      } finally {
        await browser.close();
      }
    },
  );
});
