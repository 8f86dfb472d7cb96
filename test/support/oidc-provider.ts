import { nativeRequire } from './esm/native';
import { CookieJar } from './console-client';

/**
 * A real OpenID Connect provider for the tests: `oidc-provider` (panva's reference
 * implementation, certified), in this process, with one confidential client and test accounts,
 * and its development login and consent pages (devInteractions: any login, any password).
 * ESM only: loaded by Node's own require (test/support/esm/native-require-environment.js).
 */
export interface TestAccount {
  email: string;
  email_verified: boolean;
}

export interface RunningProvider {
  issuer: string;
  close(): Promise<void>;
}

export async function startOidcProvider(o: {
  port: number;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  accounts: Record<string, TestAccount>;
  /** ID tokens' lifetime, in seconds (default 60). */
  idTokenTtl?: number;
}): Promise<RunningProvider> {
  const { startProvider } = nativeRequire<{
    startProvider(p: Record<string, unknown>): Promise<RunningProvider>;
  }>(require.resolve('./esm/oidc-provider-server.js'));
  return startProvider({
    port: o.port,
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    redirectUri: o.redirectUri,
    accountsJson: JSON.stringify(o.accounts),
    idTokenTtl: o.idTokenTtl ?? 60,
  });
}

export { CookieJar };

/** The first form of a page: its action and its fields (hidden and others with a value). */
function firstForm(html: string, base: string) {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`no form in the provider's page:\n${html.slice(0, 500)}`);
  const fields = new URLSearchParams();
  for (const m of form[2]!.matchAll(/<input[^>]*>/gi)) {
    const name = /name="([^"]*)"/.exec(m[0])?.[1];
    const value = /value="([^"]*)"/.exec(m[0])?.[1];
    if (name && value !== undefined) fields.set(name, value);
  }
  return { action: new URL(form[1]!.replace(/&amp;/g, '&'), base).href, fields };
}

/**
 * Plays the user at the provider, from the authorization address Concerto redirected to: logs
 * in as `login` (devInteractions), consents, and returns the callback address the provider
 * redirects to (Concerto's /console/connexion/oidc/retour?code=…), without requesting it.
 * `abort`: the user cancels at the login page instead (the provider answers access_denied).
 */
export async function loginAtProvider(
  authorizationUrl: string,
  login: string,
  o: { callbackPrefix: string; abort?: boolean },
): Promise<string> {
  const jar = new CookieJar();
  let url = authorizationUrl;
  let method = 'GET';
  let body: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    if (url.startsWith(o.callbackPrefix)) return url;
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        cookie: jar.header(),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body: body.toString() } : {}),
    });
    jar.take(res);
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      url = new URL(location, url).href;
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await res.text();
    if (res.status !== 200)
      throw new Error(`provider answered ${res.status}: ${html.slice(0, 500)}`);
    if (o.abort && /name="login"/.test(html)) {
      const abort = /href="([^"]*\/abort)"/.exec(html);
      if (!abort) throw new Error('no abort link on the login page');
      url = new URL(abort[1]!, url).href;
      method = 'GET';
      body = undefined;
      continue;
    }
    const f = firstForm(html, url);
    if (/name="login"/.test(html)) {
      f.fields.set('login', login);
      f.fields.set('password', 'mot-de-passe');
    }
    url = f.action;
    method = 'POST';
    body = f.fields;
  }
  throw new Error('the provider never redirected back to Concerto');
}
