// @ts-check
const { TestEnvironment } = require('jest-environment-node');

/**
 * jest's node environment, plus Node's own `require` for the test files (as
 * `globalThis.__nativeRequire`). openid-client 6 and oidc-provider 9 are ESM only: Node ≥ 20.19
 * loads them with require(esm), jest's module system does not. jest.config.js maps
 * `openid-client` to test/support/esm/openid-client.ts, which loads it through this require:
 * the library then runs in Node's own realm (its URL, fetch and Uint8Array are the ones jest
 * passes to tests too).
 */
class NativeRequireEnvironment extends TestEnvironment {
  /** @param {any[]} args */
  constructor(...args) {
    // @ts-expect-error jest passes (config, context)
    super(...args);
    this.global.__nativeRequire = require;
  }
}
module.exports = NativeRequireEnvironment;
