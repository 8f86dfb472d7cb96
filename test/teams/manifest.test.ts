import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';

/**
 * Validation as @microsoft/app-manifest's ManifestUtil.validateManifestAgainstSchema does it
 * (ajv draft-04 + formats on the schema it bundles). Its index cannot be loaded: it requires
 * fs-extra without declaring it.
 */
const MANIFEST_PKG = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
const fromManifestPkg = (id: string) =>
  require(require.resolve(id, { paths: [MANIFEST_PKG] })) as { default: new (o: object) => Ajv };
interface Ajv {
  compile(schema: object): ((data: unknown) => boolean) & {
    errors?: { instancePath: string; message?: string }[] | null;
  };
}
const ManifestUtil = {
  async validateManifestAgainstSchema(manifest: unknown, schema: object): Promise<string[]> {
    const ajv = new (fromManifestPkg('ajv-draft-04').default)({
      allErrors: true,
      strictTypes: false,
    });
    (fromManifestPkg('ajv-formats').default as unknown as (a: Ajv, f: string[]) => void)(ajv, [
      'uri',
      'email',
      'regex',
    ]);
    const validate = ajv.compile(schema);
    return validate(manifest)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
  },
};

const { buildPackage, fillManifest } = require('../../scripts/teams-package.js') as {
  fillManifest: (
    t: string,
    v: { clientId?: string; publicUrl?: string; version?: string },
  ) => Record<string, unknown>;
  buildPackage: (v: { clientId: string; publicUrl: string; version: string; outDir: string }) => {
    file: string;
    manifest: Record<string, unknown>;
  };
};

const ROOT = path.join(__dirname, '..', '..');
const TEMPLATE = readFileSync(path.join(ROOT, 'manifests/teams/manifest.json'), 'utf8');
const CLIENT_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

function bundledSchema(manifest: Record<string, unknown>): Record<string, unknown> {
  const version = String(manifest.manifestVersion);
  const file = path.join(
    MANIFEST_PKG,
    `build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`,
  );
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

describe('Teams app package', () => {
  it('fills the manifest from the configuration and validates against the bundled schema, offline', async () => {
    const manifest = fillManifest(TEMPLATE, {
      clientId: CLIENT_ID,
      publicUrl: 'https://concerto.caf94.example/',
      version: '0.1.0',
    });
    const errors = await ManifestUtil.validateManifestAgainstSchema(
      manifest as never,
      bundledSchema(manifest) as never,
    );
    expect(errors).toEqual([]);
    expect(manifest).toMatchObject({
      id: CLIENT_ID,
      validDomains: ['concerto.caf94.example'],
      webApplicationInfo: { id: CLIENT_ID, resource: `api://concerto.caf94.example/${CLIENT_ID}` },
      bots: [{ botId: CLIENT_ID, scopes: ['personal', 'team', 'groupChat'] }],
    });
    expect(JSON.stringify(manifest)).not.toContain('{{');
    const commands = (
      manifest.bots as { commandLists: { commands: { title: string }[] }[] }[]
    )[0]!.commandLists[0]!.commands.map((c) => c.title);
    expect(commands).toEqual([
      'rejoindre',
      'aide',
      'consultations',
      'lancer',
      'statut',
      'relancer',
      'clore',
      'exporter',
      'agrements',
    ]);
  });

  it('the schema check would catch a broken manifest', async () => {
    const manifest = fillManifest(TEMPLATE, {
      clientId: CLIENT_ID,
      publicUrl: 'https://concerto.example',
      version: '0.1.0',
    });
    delete (manifest as Record<string, unknown>).name;
    const errors = await ManifestUtil.validateManifestAgainstSchema(
      manifest as never,
      bundledSchema(manifest) as never,
    );
    expect(errors.join('\n')).toMatch(/name/);
  });

  it('refuses to fill without a client id or a public URL', () => {
    expect(() =>
      fillManifest(TEMPLATE, { clientId: '', publicUrl: 'pas une url', version: '0.1.0' }),
    ).toThrow(/TEAMS_CLIENT_ID[\s\S]*PUBLIC_URL/);
  });

  it('builds the zip with the manifest and two PNG icons of the required sizes', () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'concerto-teams-'));
    const { file } = buildPackage({
      clientId: CLIENT_ID,
      publicUrl: 'https://concerto.example',
      version: '1.2.3',
      outDir,
    });
    const zip = new AdmZip(file);
    expect(
      zip
        .getEntries()
        .map((e) => e.entryName)
        .sort(),
    ).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const size = (name: string) => {
      const png = zip.readFile(name)!;
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      return [png.readUInt32BE(16), png.readUInt32BE(20), png[25]];
    };
    expect(size('color.png')).toEqual([192, 192, 6]);
    // Outline: 32×32 with an alpha channel (colour type 6), transparent background.
    expect(size('outline.png')).toEqual([32, 32, 6]);
    expect(JSON.parse(zip.readAsText('manifest.json')).version).toBe('1.2.3');
  });
});
