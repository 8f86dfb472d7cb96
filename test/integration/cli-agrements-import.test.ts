import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { createTestDb, type TestDb } from '../support/db';
import { cli } from '../support/cli';
import { NO_OUTBOX } from '../../src/app/deps';

/**
 * `concerto agrements import` as a Caf pilot uses it: registers kept in Excel (.xlsx, or CSV saved
 * by French Excel in Windows-1252), checked against the database, --update, --dry-run, exit codes.
 */
describe('agrements import', () => {
  let t: TestDb;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'concerto-agr-'));
  const HEADER = [
    'structure_code',
    'structure_name',
    'kind',
    'commune_insee',
    'start_date',
    'end_date',
  ];
  const csv = (name: string, lines: string[], sep = ',') => {
    const file = path.join(dir, name);
    writeFileSync(file, [HEADER.join(sep), ...lines].join('\r\n') + '\r\n');
    return file;
  };
  const counts = async () => ({
    agrements: await t.db.agrement.count(),
    organisations: await t.db.organisation.count(),
    reminders: await t.db.plannedReminder.count(),
    audits: await t.db.auditEvent.count(),
  });
  const org = (code: string) => t.db.organisation.findFirstOrThrow({ where: { code } });

  beforeAll(async () => {
    t = await createTestDb();
    expect((await cli(t, ['tenant', 'create', '--code', '94', '--name', 'Caf 94'])).code).toBe(0);
    // A partner that is not a structure.
    const partners = path.join(dir, 'partners.csv');
    writeFileSync(partners, 'code,name,kind\nCD94,Conseil départemental,departement\n');
    expect((await cli(t, ['orgs', 'import', partners])).code).toBe(0);
  });
  afterAll(async () => t.drop());

  it('reads an .xlsx workbook directly: date cells, French dates as text, kinds as written in registers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Registre');
    ws.addRow([
      'Structure_Code',
      'Structure_Name',
      'Kind',
      'Commune_INSEE',
      'Start_Date',
      'End_Date',
    ]);
    ws.addRow([
      'XL-1',
      'Centre social Étoile',
      'Animation globale',
      '94028',
      new Date(Date.UTC(2026, 0, 1)),
      new Date(Date.UTC(2029, 11, 31)),
    ]);
    ws.addRow(['XL-2', 'EVS Les Lilas', 'EVS', '94041', '01/07/2026', '30/06/2028']);
    ws.getCell('A3').font = { bold: true };
    ws.addRow([]); // an empty row Excel leaves behind
    ws.addRow(['XL-3', 'Centre Arc-en-ciel', 'acf', '94046', '2026-01-01', '31/12/2029']);
    wb.addWorksheet('Notes').addRow(['ignored']);
    const file = path.join(dir, 'registre.xlsx');
    await wb.xlsx.writeFile(file);

    const handedOver: string[] = [];
    const outbox = {
      ...NO_OUTBOX,
      remindersPlanned: async (ids: string[]) => void handedOver.push(...ids),
    };
    const r = await cli(t, ['agrements', 'import', file], { deps: { outbox } });
    expect(r.err).not.toContain('Erreur');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Fichier lu : classeur Excel, 3 lignes de données.');
    // Every reminder planned is handed to the queue, once.
    const planned = await t.db.plannedReminder.findMany({ select: { id: true } });
    expect(planned.length).toBeGreaterThan(0);
    expect([...handedOver].sort()).toEqual(planned.map((p) => p.id).sort());
    expect(r.out).toContain(`${planned.length} rappels de renouvellement programmés`);
    expect(r.out).toContain(
      'Agréments : 3 importés, 0 déjà présent, 0 ligne refusée, 3 structures créées',
    );
    const a = await t.db.agrement.findFirstOrThrow({
      where: { organisation: { code: 'XL-1' } },
      include: { organisation: true },
    });
    expect(a.organisation.name).toBe('Centre social Étoile');
    expect(a.kind).toBe('animation_globale');
    expect(a.startDate.toISOString().slice(0, 10)).toBe('2026-01-01');
    expect(a.endDate.toISOString().slice(0, 10)).toBe('2029-12-31');
    const b = await t.db.agrement.findFirstOrThrow({ where: { organisation: { code: 'XL-2' } } });
    expect([
      b.kind,
      b.startDate.toISOString().slice(0, 10),
      b.endDate.toISOString().slice(0, 10),
    ]).toEqual(['evs', '2026-07-01', '2028-06-30']);
    expect((await org('XL-3')).communeInsee).toBe('94046');
    expect(await t.db.plannedReminder.count({ where: { agrementId: a.id } })).toBeGreaterThan(0);
    // Not a terminal: one line per phase, on the error stream.
    expect(r.err).toMatch(/Lecture du fichier : .* en [\d,]+ s\./);
    expect(r.err).toMatch(/Vérification : 3 lignes en/);
    expect(r.err).toMatch(/Écriture : 3 lignes en/);
    expect(r.err).toMatch(/Rappels de renouvellement : 3 lignes en/);

    // Again: nothing new.
    const again = await cli(t, ['agrements', 'import', file]);
    expect(again.code).toBe(0);
    expect(again.out).toContain('Agréments : 0 importé, 3 déjà présents');
  });

  it('reads a CSV saved by French Excel in Windows-1252 with « ; » and French dates', async () => {
    // « Centre social Étoile du Sud », « Maison des familles Hélène-Boucher » in Windows-1252.
    const latin1 = (s: string) =>
      Buffer.from([...s].map((c) => ({ É: 0xc9, é: 0xe9, è: 0xe8 })[c] ?? c.charCodeAt(0)));
    const file = path.join(dir, 'excel-fr.csv');
    writeFileSync(
      file,
      Buffer.concat([
        latin1(HEADER.join(';') + '\r\n'),
        latin1('W-1;Centre social Étoile du Sud;animation_globale;94028;01/01/2026;31/12/2029\r\n'),
        latin1('W-2;Maison des familles Hélène-Boucher;evs;94041;1/9/2026;31/8/2029\r\n'),
      ]),
    );
    expect(readableAsUtf8(file)).toBe(false);
    const r = await cli(t, ['agrements', 'import', file]);
    expect(r.err).not.toContain('Erreur');
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'Fichier lu : CSV Windows-1252 (Excel), séparateur « ; », 2 lignes de données.',
    );
    expect((await org('W-1')).name).toBe('Centre social Étoile du Sud');
    expect((await org('W-2')).name).toBe('Maison des familles Hélène-Boucher');
    const a = await t.db.agrement.findFirstOrThrow({ where: { organisation: { code: 'W-2' } } });
    expect(a.startDate.toISOString().slice(0, 10)).toBe('2026-09-01');

    // UTF-8 with a BOM and « , »: read as UTF-8.
    const bom = path.join(dir, 'bom.csv');
    writeFileSync(
      bom,
      '\uFEFF' + HEADER.join(',') + '\nW-3,Centre Éléonore,evs,94028,2026-01-01,2028-12-31\n',
    );
    const r2 = await cli(t, ['agrements', 'import', bom]);
    expect(r2.code).toBe(0);
    expect(r2.out).toContain('CSV UTF-8, séparateur « , »');
    expect((await org('W-3')).name).toBe('Centre Éléonore');
  });

  it('refuses an agrément overlapping one already registered, with its line; --skip-invalid imports the rest', async () => {
    const base = csv('base.csv', [
      'OV-1,Centre Ouest,animation_globale,94028,2026-01-01,2029-12-31',
      'OV-3,Centre Centre,animation_collective_familles,94028,2026-01-01,2029-12-31',
    ]);
    expect((await cli(t, ['agrements', 'import', base])).code).toBe(0);
    const before = await counts();
    const file = csv('overlap.csv', [
      'OV-1,Centre Ouest,animation_globale,94028,2027-01-01,2030-12-31',
      'OV-2,Centre Est,animation_globale,94028,2026-01-01,2029-12-31',
      // Same start, another end: not a silent change either.
      'OV-3,Centre Centre,animation_collective_familles,94028,2026-01-01,2028-12-31',
    ]);
    const r = await cli(t, ['agrements', 'import', file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('2 lignes invalides');
    expect(r.err).toMatch(
      /ligne 2 : chevauche l'agrément « [^»]+ » de OV-1 déjà enregistré du 01\/01\/2026 au 31\/12\/2029 : corrigez les dates/,
    );
    expect(r.err).toMatch(
      /ligne 4 : .* déjà enregistré avec une fin le 31\/12\/2029 \(le fichier dit 31\/12\/2028\)/,
    );
    expect(await counts()).toEqual(before);

    const skip = await cli(t, ['agrements', 'import', file, '--skip-invalid']);
    expect(skip.code).toBe(3);
    expect(skip.out).toMatch(/ligne 2 refusée : chevauche/);
    expect(skip.out).toContain('Agréments : 1 importé, 0 déjà présent, 2 lignes refusées');
    expect(await t.db.agrement.count({ where: { organisation: { code: 'OV-1' } } })).toBe(1);
    expect(await t.db.agrement.count({ where: { organisation: { code: 'OV-2' } } })).toBe(1);
  });

  it('reports a changed name or commune with its line, and applies it only with --update', async () => {
    const base = csv('named.csv', [
      'RN-1,Centre Jaurès,animation_globale,94028,2026-01-01,2029-12-31',
    ]);
    expect((await cli(t, ['agrements', 'import', base])).code).toBe(0);
    const renamed = csv('renamed.csv', [
      'RN-1,Centre social Jean-Jaurès,animation_globale,94041,2026-01-01,2029-12-31',
      'RN-1,Centre social Jean-Jaurès,animation_collective_familles,94041,2026-01-01,2029-12-31',
    ]);
    const before = await counts();
    const r = await cli(t, ['agrements', 'import', renamed]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "ligne 2 : la structure RN-1 s'appelle « Centre Jaurès » dans Concerto, « Centre social Jean-Jaurès » dans le fichier et est rattachée à la commune 94028 dans Concerto, 94041 dans le fichier : relancez avec --update",
    );
    expect(await counts()).toEqual(before);
    expect((await org('RN-1')).name).toBe('Centre Jaurès');

    const dry = await cli(t, ['agrements', 'import', renamed, '--update', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain(
      'ligne 2 : structure RN-1 serait mise à jour (nom « Centre Jaurès » → « Centre social Jean-Jaurès », commune 94028 → 94041).',
    );
    expect((await org('RN-1')).name).toBe('Centre Jaurès');

    const u = await cli(t, ['agrements', 'import', renamed, '--update']);
    expect(u.code).toBe(0);
    expect(u.out).toContain(
      'ligne 2 : structure RN-1 mise à jour (nom « Centre Jaurès » → « Centre social Jean-Jaurès »',
    );
    expect(u.out).toContain(
      'Agréments : 1 importé, 1 déjà présent, 0 ligne refusée, 0 structure créée, 1 structure mise à jour',
    );
    const o = await org('RN-1');
    expect([o.name, o.communeInsee]).toEqual(['Centre social Jean-Jaurès', '94041']);
  });

  it('refuses a row whose code is a partner that is not a structure as a line problem, covered by --skip-invalid', async () => {
    const file = csv('partner.csv', [
      'NS-1,Centre Nord,evs,94028,2026-01-01,2028-12-31',
      'CD94,Conseil départemental,animation_globale,94028,2026-01-01,2029-12-31',
    ]);
    const before = await counts();
    const r = await cli(t, ['agrements', 'import', file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      'ligne 3 : le code CD94 désigne « Conseil départemental », un partenaire de type departement, pas un centre social ni un EVS : corrigez le code de la structure.',
    );
    expect(await counts()).toEqual(before);
    const skip = await cli(t, ['agrements', 'import', file, '--skip-invalid']);
    expect(skip.code).toBe(3);
    expect(skip.out).toContain('ligne 3 refusée : le code CD94');
    expect(await t.db.agrement.count({ where: { organisation: { code: 'NS-1' } } })).toBe(1);
    expect(await t.db.agrement.count({ where: { organisation: { code: 'CD94' } } })).toBe(0);
  });

  it('--dry-run shows what would change and writes nothing; exit codes say whether anything was saved', async () => {
    const file = csv('dry.csv', [
      'DR-1,Centre Sud,animation_globale,94028,01/01/2026,31/12/2029',
      'OV-1,Centre Ouest,animation_globale,94028,2026-01-01,2029-12-31', // already there
      'DR-2,Centre Bis,animation_globale,94028,2026-01-01,2035-12-31', // too long
    ]);
    const before = await counts();
    const dry = await cli(t, ['agrements', 'import', file, '--dry-run']);
    expect(dry.code).toBe(1); // the import itself would refuse the file
    expect(dry.out).toContain('ligne 4 refusée : Un agrément dure au plus 4 ans');
    expect(dry.out).toContain(
      'Simulation (--dry-run), rien n’a été enregistré. L’import donnerait : 1 agrément créé, 1 structure créée, 0 structure mise à jour, 1 agrément inchangé, 1 ligne refusée.',
    );
    expect(dry.out).toContain('relancez avec --skip-invalid');
    const dry2 = await cli(t, ['agrements', 'import', file, '--dry-run', '--skip-invalid']);
    expect(dry2.code).toBe(3);
    expect(await counts()).toEqual(before);

    const onlyKnown = csv('known.csv', [
      'OV-1,Centre Ouest,animation_globale,94028,2026-01-01,2029-12-31',
      'BAD,,evs,94028,2026-01-01,2028-12-31',
    ]);
    const nothing = await cli(t, ['agrements', 'import', onlyKnown, '--skip-invalid']);
    expect(nothing.code).toBe(1); // nothing new to save, a line refused
    expect(nothing.out).toContain('ligne 3 refusée : structure_name : nom de structure manquant');

    const old = path.join(dir, 'registre.xls');
    writeFileSync(old, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    const xls = await cli(t, ['agrements', 'import', old]);
    expect(xls.code).toBe(1);
    expect(xls.err).toContain('est un classeur Excel 97-2003 (.xls)');
    expect(xls.err).toContain('enregistrez-le au format « Classeur Excel (.xlsx) »');
    const missing = csv('cols.csv', [], ';');
    writeFileSync(missing, 'structure_code;nom\n');
    expect((await cli(t, ['agrements', 'import', missing])).err).toContain(
      'Colonnes manquantes dans la première ligne du fichier : structure_name, kind, commune_insee, start_date, end_date',
    );
    expect(await counts()).toEqual(before);

    const ok = await cli(t, ['agrements', 'import', file, '--skip-invalid']);
    expect(ok.code).toBe(3);
    expect(await t.db.agrement.count({ where: { organisation: { code: 'DR-1' } } })).toBe(1);
  });
});

function readableAsUtf8(file: string): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(require('node:fs').readFileSync(file));
    return true;
  } catch {
    return false;
  }
}
