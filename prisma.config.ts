import { defineConfig } from 'prisma/config';

// Prisma 7 reads the connection string here, not from schema.prisma. The default matches
// src/config.ts so `prisma migrate deploy` works on a fresh machine as `concerto db migrate` does.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/concerto',
  },
});
