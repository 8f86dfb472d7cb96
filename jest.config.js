/** @type {import('jest').Config} */
module.exports = {
  // jest's node environment plus Node's own require, for ESM-only packages (openid-client,
  // oidc-provider): see test/support/esm/native-require-environment.js.
  testEnvironment: '<rootDir>/test/support/esm/native-require-environment.js',
  roots: ['<rootDir>/test', '<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // jwks-rsa (under the Teams SDK) needs jose 6, ESM only: Node loads it, jest cannot.
  moduleNameMapper: {
    '^jose$': '<rootDir>/test/teams/jose-cjs.ts',
    '^openid-client$': '<rootDir>/test/support/esm/openid-client.ts',
  },
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testTimeout: 60000,
};
