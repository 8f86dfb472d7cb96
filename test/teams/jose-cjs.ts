import { createPublicKey, type JsonWebKey } from 'node:crypto';

/**
 * jwks-rsa 4 (used by the Teams SDK) requires `jose` 6, which is ESM only: Node ≥ 20.19 loads it
 * with require(esm), jest's module system does not. jest.config.js maps `jose` to this shim for
 * every test file (moduleNameMapper). jwks-rsa only imports a public JWK, which node:crypto does (a KeyObject, that jwks-rsa exports as PEM itself).
 */
export async function importJWK(jwk: JsonWebKey): Promise<ReturnType<typeof createPublicKey>> {
  return createPublicKey({ key: jwk, format: 'jwk' });
}

export async function exportSPKI(key: ReturnType<typeof createPublicKey>): Promise<string> {
  return key.export({ format: 'pem', type: 'spki' }).toString();
}
