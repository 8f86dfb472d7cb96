import { createServer, type Server } from 'node:http';
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';

/**
 * A stand-in for Microsoft's signing-key endpoints, for tests. It generates an RSA key pair at
 * start, serves its public half as a JWKS under every path the Teams SDK and the tab middleware
 * fetch keys from, and signs tokens with the private half:
 *
 *   GET /v1/.well-known/openidconfiguration   Bot Framework OpenID metadata (jwks_uri → /v1/.well-known/keys)
 *   GET /v1/.well-known/keys                  the JWKS (the SDK derives this path from the metadata URL)
 *   GET /<tenant>/discovery/v2.0/keys         the JWKS again (Entra-issued tokens)
 *
 * A second key pair that the JWKS does not list signs "forged" tokens.
 */
export interface TestJwks {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Pass to mountTeams({ auth: { openIdMetadataUrl } }). */
  openIdMetadataUrl: string;
  /** Pass to the tab middleware as its JWKS URI. */
  keysUrl: string;
  kid: string;
  /** A Bot Framework connector token, as Teams sends on every activity. */
  botToken(opts: BotTokenOptions): string;
  /** An AAD (Entra) SSO token, as teams-js getAuthToken() returns to the tab. */
  ssoToken(opts: SsoTokenOptions): string;
  /** How many times the keys were fetched (JWKS caching). */
  keyFetches(): number;
  close(): Promise<void>;
}

export interface BotTokenOptions {
  audience: string;
  serviceUrl: string;
  issuer?: string;
  /** Seconds from now; negative for an expired token. Default 3600. */
  expiresIn?: number;
  /** Sign with a key the JWKS does not publish. */
  forged?: boolean;
  /** The header's key id. Default: the published key's. */
  kid?: string;
}

export interface SsoTokenOptions {
  audience: string;
  tenantId: string;
  oid: string;
  name?: string;
  upn?: string;
  /** Default: v2 issuer https://login.microsoftonline.com/<tid>/v2.0. */
  issuer?: string;
  expiresIn?: number;
  forged?: boolean;
  scp?: string;
  /** The header's key id. Default: the published key's. */
  kid?: string;
}

function rsa(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

export async function startJwks(): Promise<TestJwks> {
  const good = rsa();
  const forged = rsa();
  const kid = `test-${randomUUID()}`;
  const jwk = {
    ...good.publicKey.export({ format: 'jwk' }),
    kid,
    use: 'sig',
    alg: 'RS256',
    kty: 'RSA',
  };
  let fetches = 0;
  let url = '';

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    res.setHeader('content-type', 'application/json');
    if (
      path.endsWith('/openidconfiguration') ||
      path.endsWith('/.well-known/openid-configuration')
    ) {
      res.end(
        JSON.stringify({
          issuer: 'https://api.botframework.com',
          jwks_uri: `${url}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
      return;
    }
    if (path.endsWith('/keys')) {
      fetches++;
      res.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const sign = (payload: object, expiresIn: number, useForged?: boolean, keyid = kid) =>
    jwt.sign(
      payload,
      (useForged ? forged : good).privateKey.export({ format: 'pem', type: 'pkcs8' }),
      {
        algorithm: 'RS256',
        keyid,
        expiresIn,
        notBefore: expiresIn < 0 ? expiresIn - 60 : -5,
      },
    );

  return {
    url,
    openIdMetadataUrl: `${url}/v1/.well-known/openidconfiguration`,
    keysUrl: `${url}/v1/.well-known/keys`,
    kid,
    botToken: (o) =>
      sign(
        {
          iss: o.issuer ?? 'https://api.botframework.com',
          aud: o.audience,
          serviceurl: o.serviceUrl,
        },
        o.expiresIn ?? 3600,
        o.forged,
        o.kid,
      ),
    ssoToken: (o) =>
      sign(
        {
          iss: o.issuer ?? `https://login.microsoftonline.com/${o.tenantId}/v2.0`,
          aud: o.audience,
          tid: o.tenantId,
          oid: o.oid,
          name: o.name ?? 'Test User',
          preferred_username: o.upn ?? 'test.user@example.org',
          scp: o.scp ?? 'access_as_user',
          ver: '2.0',
        },
        o.expiresIn ?? 3600,
        o.forged,
        o.kid,
      ),
    keyFetches: () => fetches,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
