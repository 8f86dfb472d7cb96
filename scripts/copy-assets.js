#!/usr/bin/env node
// Copies the non-TypeScript files the compiled program reads at run time (demo data, tab page)
// next to it in dist/.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
for (const dir of ['src/data', 'src/adapters/teams/tab/public']) {
  const from = path.join(root, dir);
  if (!fs.existsSync(from)) continue;
  fs.cpSync(from, path.join(root, 'dist', dir.replace(/^src\//, '')), { recursive: true });
}
