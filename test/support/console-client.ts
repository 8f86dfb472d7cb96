import { createSignInLink } from '../../src/app/console-auth';
import type { AppDeps } from '../../src/app/deps';

/** A browser's cookies for one site, enough for these tests. */
export class CookieJar {
  cookies = new Map<string, string>();
  take(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** The CSRF token (`jeton`) of a console page's first form. */
export const formToken = (html: string) => /name="jeton" value="([^"]+)"/.exec(html)?.[1] ?? '';

/**
 * The pilots' console over HTTP as a browser without JavaScript uses it: GET and form POST (no
 * redirects followed), and the sign-in by a link made as the CLI makes it.
 */
export function consoleClient(o: { base: () => string; deps: () => AppDeps; key: Buffer }) {
  const get = (path: string, jar?: CookieJar) =>
    fetch(`${o.base()}${path}`, {
      redirect: 'manual',
      headers: jar ? { cookie: jar.header() } : {},
    });
  const post = (path: string, form: Record<string, string>, jar?: CookieJar) =>
    fetch(`${o.base()}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(jar ? { cookie: jar.header() } : {}),
      },
      body: new URLSearchParams(form).toString(),
    });
  /** Opens a fresh sign-in link and presses « Se connecter »: the jar holds the session. */
  async function signIn(email: string, tenantId: string) {
    const { url } = await createSignInLink(o.deps(), {
      key: o.key,
      publicUrl: o.base(),
      tenantId,
      email,
    });
    const jar = new CookieJar();
    const page = await get(new URL(url).pathname, jar);
    jar.take(page);
    const res = await post(new URL(url).pathname, { jeton: formToken(await page.text()) }, jar);
    jar.take(res);
    return { jar, url, page, res };
  }
  /**
   * A participant of a journée: opens the event page `/grille/<event>` and types a code (and a
   * name); the jar then holds the participant's session.
   */
  async function joinEvent(eventCode: string, code: string, name = '') {
    const jar = new CookieJar();
    const page = await get(`/grille/${eventCode}`, jar);
    jar.take(page);
    const res = await post(
      `/grille/${eventCode}`,
      { jeton: formToken(await page.text()), code, nom: name },
      jar,
    );
    jar.take(res);
    return { jar, res };
  }
  return { get, post, signIn, joinEvent };
}
