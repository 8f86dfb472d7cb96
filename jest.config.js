/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // jwks-rsa (under the Teams SDK) needs jose 6, ESM only: Node loads it, jest cannot.
  moduleNameMapper: { '^jose$': '<rootDir>/test/teams/jose-cjs.ts' },
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testTimeout: 60000,
};
