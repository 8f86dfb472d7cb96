import { expiringMac } from './expiring-mac';
import { DomainError } from '../domain/errors';

/**
 * Signed, expiring links to the PNG chart of one enjeu's results, for the results messages of
 * Slack (an `image` block), Teams (an Adaptive Card `Image`) and e-mail (`<img>`): those
 * platforms fetch the image themselves, without a session. The link names the tenant, the round
 * and the enjeu, and is signed (HMAC-SHA256, as the Teams export links, with the link key
 * CONCERTO_LINK_SECRET under its own label): nobody can make one for another enjeu, round or
 * Caf. The image is served by src/http/charts.ts only for a round whose results its readers may
 * see (domain/roles.ts: closed, or open with results visible during the round).
 *
 * `/charts/<tenantId>.<roundId>.<enjeuId>.<exp>.<sig>.png`
 */
export const CHART_PATH = '/charts';

/** Default lifetime: 90 days (a results message stays in a channel; Teams fetches on display). */
export const CHART_LINK_TTL_MS = 90 * 24 * 3600_000;

export interface ChartLinkTarget {
  tenantId: string;
  roundId: string;
  enjeuId: string;
}

export interface ChartLinkSigner {
  url(o: ChartLinkTarget): string;
  /** The target of a token (the last path segment, `.png` included); DomainError otherwise. */
  verify(file: string): ChartLinkTarget;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function chartLinkSigner(o: {
  key: Buffer;
  publicUrl: string;
  ttlMs?: number;
  now?: () => number;
}): ChartLinkSigner {
  const mac = expiringMac(o.key, 'concerto/chart-link');
  const ttl = o.ttlMs ?? CHART_LINK_TTL_MS;
  const now = o.now ?? Date.now;
  const base = o.publicUrl.replace(/\/+$/, '');
  const fields = (t: ChartLinkTarget) => [t.tenantId, t.roundId, t.enjeuId];
  return {
    url(t) {
      const exp = mac.expiry(now(), ttl);
      const sig = mac.sign(fields(t), exp);
      return `${base}${CHART_PATH}/${t.tenantId}.${t.roundId}.${t.enjeuId}.${exp}.${sig}.png`;
    },
    verify(file) {
      const m =
        /^([0-9a-f-]{36})\.([0-9a-f-]{36})\.([0-9a-f-]{36})\.(\d{1,12})\.([A-Za-z0-9_-]{43})\.png$/.exec(
          file,
        );
      if (!m || !UUID.test(m[1]!) || !UUID.test(m[2]!) || !UUID.test(m[3]!))
        throw new DomainError('CHART_LINK_INVALID');
      const target = { tenantId: m[1]!, roundId: m[2]!, enjeuId: m[3]! };
      if (!mac.matches(fields(target), m[4]!, m[5]!)) throw new DomainError('CHART_LINK_INVALID');
      // Checked after the signature: only a link Concerto made is told it has expired.
      if (Number(m[4]) * 1000 < now()) throw new DomainError('CHART_LINK_EXPIRED');
      return target;
    },
  };
}
