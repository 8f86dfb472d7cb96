/**
 * The hosts an activity's `serviceUrl` may name. Replies, proactive messages and card updates go
 * there with the bot's own access token, so a URL Concerto does not know is refused before the
 * bot runs and never stored.
 *
 * A pattern is a URL prefix: same scheme, same host (`*.` matches one or more subdomain labels),
 * same port (the scheme's default when none is given), and the path starts with the pattern's.
 */
export interface ServiceUrlPattern {
  protocol: string;
  /** Lower-case host name, without the `*.` of a wildcard. */
  hostname: string;
  wildcard: boolean;
  port: string;
  /** Ends with `/`. */
  path: string;
}

const withSlash = (p: string) => (p.endsWith('/') ? p : `${p}/`);

export function parseServiceUrlPattern(pattern: string): ServiceUrlPattern {
  const wildcard = pattern.includes('://*.');
  const u = new URL(wildcard ? pattern.replace('://*.', '://') : pattern);
  return {
    protocol: u.protocol,
    hostname: u.hostname.toLowerCase(),
    wildcard,
    port: u.port,
    path: withSlash(u.pathname),
  };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Is `serviceUrl` one of the patterns? `loopback` also accepts http(s)://localhost and the
 * loopback addresses on any port (local mode: the Agents Playground).
 */
export function serviceUrlAllowed(
  serviceUrl: unknown,
  patterns: readonly ServiceUrlPattern[],
  opts: { loopback?: boolean } = {},
): boolean {
  if (typeof serviceUrl !== 'string' || serviceUrl.length > 2048) return false;
  let u: URL;
  try {
    u = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (u.username || u.password) return false;
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return false;
  const host = u.hostname.toLowerCase();
  if (opts.loopback && LOOPBACK.has(host)) return true;
  const path = withSlash(u.pathname);
  return patterns.some(
    (p) =>
      p.protocol === u.protocol &&
      (p.wildcard ? host.endsWith(`.${p.hostname}`) : host === p.hostname) &&
      p.port === u.port &&
      path.startsWith(p.path),
  );
}

/** Trailing slashes and case do not make two service URLs different (the SDK compares so too). */
export function sameServiceUrl(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\/+$/, '').toLowerCase();
  return norm(a) === norm(b);
}
