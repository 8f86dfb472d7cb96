import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Where Teams may frame the tab: the hosts Microsoft documents for tabs' `frame-ancestors`
 * (Teams on the web, its subdomains, and the Microsoft 365 hosts — microsoft365.com/office.com
 * and *.cloud.microsoft — that run Teams apps too).
 */
export const TEAMS_FRAME_ANCESTORS = [
  'teams.microsoft.com',
  '*.teams.microsoft.com',
  '*.cloud.microsoft',
  '*.office.com',
] as const;

/** Where teams-js reads the origins it accepts messages from (validDomains.json). */
export const TEAMS_JS_VALID_DOMAINS_ORIGIN = 'https://res.cdn.office.net';

/** Paths whose pages Teams frames (the tab and its configuration page). */
export const TAB_PREFIX = '/tab';
/** bull-board's page (src/queue/dashboard.ts): a React app with inline styles and Google Fonts. */
export const DASHBOARD_PREFIX = '/admin/queues';

const base = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

const everywherePolicy = () =>
  helmet({ contentSecurityPolicy: { useDefaults: false, directives: base } });

/**
 * The headers helmet sets on every response outside the tab and the dashboard, as a list: for the
 * responses answered before Express (src/http/server.ts, directRoute). Read off helmet itself.
 */
export function securityHeaderList(): [string, string][] {
  const headers = new Map<string, string>();
  const res = {
    setHeader(name: string, value: unknown) {
      headers.set(name.toLowerCase(), String(value));
      return res;
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  };
  let done = false;
  everywherePolicy()({} as never, res as never, () => {
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously');
  return [...headers];
}

/**
 * helmet, with one policy per kind of page: every response gets a CSP, `nosniff`, no
 * `X-Powered-By`, and the rest of helmet's defaults (HSTS, Referrer-Policy, COOP/CORP…).
 *  - everything: framing refused (`frame-ancestors 'none'` and X-Frame-Options);
 *  - the tab: framed by Teams' hosts only, and no X-Frame-Options (it cannot name them, and a
 *    browser honouring it would refuse Teams); COOP left out, so Teams' sign-in pop-ups keep
 *    their opener;
 *  - the queue dashboard: bull-board's inline styles and fonts allowed, nothing else.
 * Pages that need a stricter policy (the draft page: `default-src 'none'`) set their own header.
 */
export function securityHeaders(): RequestHandler {
  const everywhere = everywherePolicy();
  const tab = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        ...base,
        frameAncestors: [...TEAMS_FRAME_ANCESTORS],
        // teams-js fetches the list of Teams' host origins from Microsoft's CDN (it falls back on
        // a built-in list when it cannot).
        connectSrc: ["'self'", TEAMS_JS_VALID_DOMAINS_ORIGIN],
      },
    },
    frameguard: false,
    crossOriginOpenerPolicy: false,
  });
  const dashboard = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        ...base,
        styleSrc: ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
        fontSrc: ["'self'", 'https://fonts.gstatic.com', 'data:'],
      },
    },
  });
  return (req, res, next) => {
    // Express sub-applications (bull-board's router is one) set X-Powered-By again: refuse it.
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name: string, value: number | string | readonly string[]) =>
      name.toLowerCase() === 'x-powered-by' ? res : setHeader(name, value);
    const path = req.path;
    // The tab's API answers JSON to the tab's own scripts: it is never framed.
    if (
      (path === TAB_PREFIX || path.startsWith(`${TAB_PREFIX}/`)) &&
      !path.startsWith(`${TAB_PREFIX}/api/`)
    )
      return tab(req, res, next);
    if (path === DASHBOARD_PREFIX || path.startsWith(`${DASHBOARD_PREFIX}/`))
      return dashboard(req, res, next);
    return everywhere(req, res, next);
  };
}
