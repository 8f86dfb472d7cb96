#!/usr/bin/env node
'use strict';
/**
 * Builds the Teams app package to upload (Teams admin centre or "Upload a custom app"):
 * manifests/teams/build/concerto-teams.zip = manifest.json (placeholders filled) + color.png +
 * outline.png.
 *
 * Reads TEAMS_CLIENT_ID (required: the bot id, the app id and the SSO application id),
 * PUBLIC_URL (required, https in production: the tab and the valid domain) and, optionally,
 * TEAMS_APP_VERSION (default: package.json's version).
 *
 *   TEAMS_CLIENT_ID=… PUBLIC_URL=https://concerto.example.org node scripts/teams-package.js
 */
const fs = require('node:fs');
const path = require('node:path');
const AdmZip = require('adm-zip');

const DIR = path.join(__dirname, '..', 'manifests', 'teams');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Fills the manifest template; throws one message listing every missing or bad value. */
function fillManifest(template, { clientId, publicUrl, version }) {
  const problems = [];
  if (!clientId || !GUID.test(clientId))
    problems.push('TEAMS_CLIENT_ID : un identifiant d’application Entra (GUID) est requis');
  let url;
  try {
    url = new URL(publicUrl);
  } catch {
    problems.push('PUBLIC_URL : une URL publique (https://…) est requise');
  }
  if (!/^\d+\.\d+\.\d+$/.test(version || ''))
    problems.push(`version : « ${version} » n’est pas de la forme 1.2.3`);
  if (problems.length) throw new Error(`Paquet Teams impossible :\n  - ${problems.join('\n  - ')}`);
  const base = url.href.replace(/\/+$/, '');
  const values = {
    TEAMS_CLIENT_ID: clientId,
    PUBLIC_URL: base,
    PUBLIC_HOST: url.host,
    APP_VERSION: version,
  };
  const filled = template.replace(/\{\{(\w+)\}\}/g, (m, key) => {
    if (!(key in values)) throw new Error(`Paramètre inconnu dans le manifeste : ${m}`);
    // Values land inside JSON strings.
    return JSON.stringify(values[key]).slice(1, -1);
  });
  return JSON.parse(filled);
}

function buildPackage({ clientId, publicUrl, version, outDir = path.join(DIR, 'build') }) {
  const template = fs.readFileSync(path.join(DIR, 'manifest.json'), 'utf8');
  const manifest = fillManifest(template, { clientId, publicUrl, version });
  fs.mkdirSync(outDir, { recursive: true });
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
  zip.addFile('color.png', fs.readFileSync(path.join(DIR, 'color.png')));
  zip.addFile('outline.png', fs.readFileSync(path.join(DIR, 'outline.png')));
  const file = path.join(outDir, 'concerto-teams.zip');
  zip.writeZip(file);
  return { file, manifest };
}

module.exports = { fillManifest, buildPackage };

if (require.main === module) {
  try {
    const pkg = require('../package.json');
    const { file } = buildPackage({
      clientId: process.env.TEAMS_CLIENT_ID,
      publicUrl: process.env.PUBLIC_URL,
      version: process.env.TEAMS_APP_VERSION || pkg.version,
    });
    console.log(`Paquet Teams : ${path.relative(process.cwd(), file)}`);
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
