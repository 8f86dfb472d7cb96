/**
 * The layering of ARCHITECTURE.md, checked by `npm run lint` (depcruise) and by
 * test/unit/layering.test.ts.
 *
 *   channels (src/adapters, src/http, src/cli) → src/app → src/store → Postgres
 *                                        ↘ src/domain ↙
 *
 * The composition root (src/main.ts, src/runtime.ts) builds the database client and may import
 * the store; the CLI's process commands reach it only through src/runtime.ts.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'channels-without-store',
      comment:
        'A channel (Slack, Teams bot and tab, console, HTTP, CLI) parses, calls a use case in src/app and renders its answer: no repository, Prisma client or SQL driver.',
      severity: 'error',
      from: { path: '^src/(adapters|http|cli)/' },
      to: {
        path: ['^src/(store|generated)/', '(^|/)node_modules/(@prisma/|@types/pg/|pg/)'],
      },
    },
    {
      name: 'domain-is-pure',
      comment:
        'src/domain holds the rules: it imports nothing of the use cases, the store, the queue, the channels or the composition root.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: {
        path: [
          '^src/(app|store|adapters|http|cli|queue|generated)/',
          '^src/(main|runtime|config)\\.ts$',
          '(^|/)node_modules/(@prisma/|@types/pg/|pg/)',
        ],
      },
    },
    {
      name: 'store-below-app',
      comment:
        'src/store holds the SQL and Prisma calls; the use cases call it, never the other way round.',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: ['^src/(app|queue|adapters|http|cli)/', '^src/(main|runtime)\\.ts$'] },
    },
    {
      name: 'reports-render-only',
      comment:
        'src/reports draws charts and documents (SVG, PNG, PDF) from plain data: any layer may call it, it reads nothing itself (no use case, store, queue, channel, Prisma or pg).',
      severity: 'error',
      from: { path: '^src/reports/' },
      to: {
        path: [
          '^src/(app|store|adapters|http|cli|queue|generated)/',
          '^src/(main|runtime|config)\\.ts$',
          '(^|/)node_modules/(@prisma/|@types/pg/|pg/)',
        ],
      },
    },
    {
      name: 'no-circular',
      comment: 'No module reaches itself through its imports.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    // `import type` counts: a channel holding the Prisma client's type holds the client.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: ['node_modules', '^src/generated/'] },
    moduleSystems: ['cjs', 'es6'],
  },
};
