// @ts-check
/**
 * Starts oidc-provider (ESM only) with its configuration built here, in Node's own realm:
 * oidc-provider checks its configuration's objects as plain objects of its realm, which objects
 * made in a jest test file are not. Loaded with Node's require (native-require-environment.js).
 *
 * @param {{ port: number; clientId: string; clientSecret: string; redirectUri: string;
 *   accountsJson: string; idTokenTtl: number }} o
 */
async function startProvider(o) {
  const Provider = require('oidc-provider').default;
  /** @type {Record<string, { email: string; email_verified: boolean }>} */
  const accounts = JSON.parse(o.accountsJson);
  const issuer = `http://127.0.0.1:${o.port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: String(o.clientId),
        client_secret: String(o.clientSecret),
        redirect_uris: [String(o.redirectUri)],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    /** @param {unknown} _ctx @param {string} sub */
    async findAccount(_ctx, sub) {
      const a = accounts[sub];
      if (!a) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...a }) };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    pkce: { required: () => true },
    ttl: {
      IdToken: Number(o.idTokenTtl),
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 600,
      Interaction: 600,
      Session: 600,
    },
    cookies: { keys: ['concerto-test-provider-cookie-key'] },
    features: { devInteractions: { enabled: true } },
  });
  /** @type {import('node:http').Server} */
  const server = await new Promise((resolve, reject) => {
    const s = provider.listen(o.port, '127.0.0.1');
    s.once('listening', () => resolve(s));
    s.once('error', reject);
  });
  return {
    issuer,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}
module.exports = { startProvider };
