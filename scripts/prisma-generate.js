#!/usr/bin/env node
// Runs `prisma generate`. Prisma's CLI wants its schema-engine binary even to generate, and
// cannot download it on machines without internet access; generating the client never runs
// it, so any existing file will do (Prisma's documented PRISMA_SCHEMA_ENGINE_BINARY override).
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
const cli = path.join(__dirname, '..', 'node_modules', 'prisma', 'build', 'index.js');
execFileSync(process.execPath, [cli, 'generate'], { stdio: ['ignore', 'ignore', 'inherit'], env });
