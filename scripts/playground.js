#!/usr/bin/env node
/*
 * `npm run playground`: tries Concerto's Teams bot without a Microsoft 365 tenant.
 *
 *   1. builds Concerto if dist/ is missing or older than src/ (`--no-build` skips it),
 *   2. migrates the database and loads the Val-de-Marne demo (idempotent),
 *   3. prints two one-time codes, one for a pilot and one for the DDCS 94 (partner),
 *   4. starts `node dist/main.js all` with TEAMS_LOCAL_MODE=true (no token checks: refused when
 *      NODE_ENV=production),
 *   5. starts the Microsoft 365 Agents Playground (`agentsplayground`, devDependency
 *      @microsoft/m365agentsplayground) against http://localhost:<PORT>/api/messages.
 *
 * Ctrl+C stops both. Settings come from the environment as usual (DATABASE_URL, REDIS_URL, PORT);
 * PLAYGROUND_PORT sets the playground's port (default 56150).
 */
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const main = path.join(root, 'dist', 'main.js');
const port = Number(process.env.PORT || 3000);
const playgroundPort = Number(process.env.PLAYGROUND_PORT || 56150);
const env = {
  ...process.env,
  NODE_ENV: process.env.NODE_ENV === 'production' ? 'production' : 'development',
  TEAMS_LOCAL_MODE: 'true',
  // Local mode refuses real credentials (it checks no token): the playground needs none.
  TEAMS_CLIENT_ID: '',
  TEAMS_CLIENT_SECRET: '',
  PORT: String(port),
};

function say(line) {
  process.stdout.write(`[playground] ${line}\n`);
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'generated') newest = Math.max(newest, newestMtime(p));
    } else newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    say(`échec : ${cmd} ${args.join(' ')}`);
    process.exit(r.status || 1);
  }
  return r;
}

function concerto(args) {
  const r = spawnSync(process.execPath, [main, ...args], { cwd: root, env, encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(r.stderr || '');
    say(`échec : concerto ${args.join(' ')}`);
    process.exit(r.status || 1);
  }
  return r.stdout;
}

async function waitForHealth(url, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.ok) return true;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

async function main_() {
  if (env.NODE_ENV === 'production') {
    say('le mode local est interdit avec NODE_ENV=production.');
    process.exit(1);
  }
  const stale =
    !fs.existsSync(main) || fs.statSync(main).mtimeMs < newestMtime(path.join(root, 'src'));
  if (!process.argv.includes('--no-build') && stale) {
    say('compilation (npm run build)…');
    run('npm', ['run', 'build']);
  }
  say('migration de la base et données de démonstration…');
  concerto(['db', 'migrate']);
  concerto(['seed', 'demo']);
  // The playground has one user: linking again with another code switches their role, hence
  // a second pilot code to come back to the pilot's commands after answering as a partner.
  const code = (out) => (/Code : (\S+)/.exec(out) || [])[1];
  const pilotCode = code(concerto(['invite', 'create', '--role', 'pilot']));
  const partnerCode = code(concerto(['invite', 'create', '--org', 'DDCS94']));
  const pilotCode2 = code(concerto(['invite', 'create', '--role', 'pilot']));

  say(`démarrage de Concerto (mode local Teams) sur le port ${port}…`);
  const app = spawn(process.execPath, [main, 'all'], { cwd: root, env, stdio: 'inherit' });
  const children = [app];
  const stop = () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  app.on('exit', (status) => {
    say(`Concerto s'est arrêté (code ${status}).`);
    stop();
    process.exitCode = status || 0;
  });
  if (!(await waitForHealth(`http://localhost:${port}/healthz`, 60_000))) {
    say(`Concerto ne répond pas sur http://localhost:${port}/healthz.`);
    stop();
    process.exit(1);
  }

  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js', { paths: [root] });
  const endpoint = `http://localhost:${port}/api/messages`;
  say(`Agents Playground sur http://localhost:${playgroundPort} → ${endpoint}`);
  const playground = spawn(
    process.execPath,
    [cli, '-e', endpoint, '-c', 'msteams', '-p', String(playgroundPort), '--dt'],
    { cwd: root, env, stdio: 'inherit' },
  );
  children.push(playground);
  playground.on('exit', stop);

  say('');
  say('Dans la fenêtre du playground (voir docs/teams.md) :');
  say(`  1. conversation personnelle : rejoindre ${pilotCode}   → vous êtes pilote`);
  say('     puis « lancer » : choisissez la DDCS du Val-de-Marne et une date limite');
  say(`  2. canal de l'équipe : rejoindre ${partnerCode}   → vous représentez la DDCS 94`);
  say('     puis « consultations » : remplissez la carte d’avis et enregistrez');
  say(`  3. conversation personnelle : rejoindre ${pilotCode2}   → pilote à nouveau`);
  say('     puis « statut », « relancer », « exporter », « clore », « agrements »');
  say('Ctrl+C arrête tout.');
}

main_().catch((err) => {
  say(String((err && err.stack) || err));
  process.exit(1);
});
