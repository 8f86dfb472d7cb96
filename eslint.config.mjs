import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'src/generated/',
      'coverage/',
      'src/adapters/teams/tab/public/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain Node scripts and configs (CommonJS).
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Configuration is parsed once in src/config.ts and passed in (STYLE.md).
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings from src/config.ts.' },
      ],
    },
  },
  {
    files: [
      'src/config.ts',
      'src/main.ts',
      'src/cli/main-cli.ts',
      'test/**',
      'bench/**',
      'scripts/**',
      '*.js',
      '*.mjs',
      'prisma.config.ts',
    ],
    rules: { 'no-restricted-properties': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);
