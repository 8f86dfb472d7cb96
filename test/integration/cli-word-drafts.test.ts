import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import {
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx';
import { createTestDb, type TestDb } from '../support/db';
import { cli } from '../support/cli';
import { getDraftVersion } from '../../src/app/get-draft-version';
import { renderDraftPage } from '../../src/http/draft-page';

type Block =
  | { h1: string }
  | { h2: string }
  | { h3: string }
  | { p: string }
  | { rich: { text: string; bold?: boolean; italics?: boolean }[] }
  | { bullet: string }
  | { numbered: string }
  | { table: string[][] };

/** A Word document built as a pilot would write it: styles Titre 1/2, lists, bold, a table. */
async function docx(blocks: Block[], properties: Record<string, string> = {}): Promise<Buffer> {
  const children = blocks.map((b) => {
    if ('h1' in b) return new Paragraph({ text: b.h1, heading: HeadingLevel.HEADING_1 });
    if ('h2' in b) return new Paragraph({ text: b.h2, heading: HeadingLevel.HEADING_2 });
    if ('h3' in b) return new Paragraph({ text: b.h3, heading: HeadingLevel.HEADING_3 });
    if ('p' in b) return new Paragraph({ text: b.p });
    if ('rich' in b) return new Paragraph({ children: b.rich.map((r) => new TextRun(r)) });
    if ('bullet' in b) return new Paragraph({ text: b.bullet, bullet: { level: 0 } });
    if ('numbered' in b)
      return new Paragraph({ text: b.numbered, numbering: { reference: 'num', level: 0 } });
    return new Table({
      rows: b.table.map(
        (cells) =>
          new TableRow({
            children: cells.map((c) => new TableCell({ children: [new Paragraph(c)] })),
          }),
      ),
    });
  });
  const doc = new Document({
    customProperties: Object.entries(properties).map(([name, value]) => ({ name, value })),
    numbering: {
      config: [
        {
          reference: 'num',
          levels: [{ level: 0, format: 'decimal', text: '%1.', alignment: 'left' }],
        },
      ],
    },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}

const SCHEMA_2026: Block[] = [
  { h1: 'Schéma directeur AVS du Val-de-Marne 2026-2030' },
  { p: 'Projet soumis à l’avis des partenaires.' },
  { h2: 'Développer l’offre' },
  {
    rich: [
      { text: 'Trois ' },
      { text: 'priorités', bold: true },
      { text: ' pour ' },
      { text: '2026', italics: true },
      { text: ' :' },
    ],
  },
  { bullet: 'ouvrir des places' },
  { bullet: 'former les animateurs' },
  {
    table: [
      ['Commune', 'Places'],
      ['Ivry-sur-Seine', '12'],
      ['Vitry-sur-Seine', '8'],
    ],
  },
  { h2: 'Piloter ensemble' },
  { numbered: 'un comité par an' },
  { numbered: 'un bilan à mi-parcours' },
  { h3: 'Calendrier' },
  { p: 'Premier comité en mars <script>alert(1)</script>.' },
];

describe('drafts from Word, draft show and two schémas with the same version number', () => {
  let t: TestDb;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'concerto-word-'));
  const file = async (name: string, blocks: Block[], props: Record<string, string> = {}) => {
    const p = path.join(dir, name);
    writeFileSync(p, await docx(blocks, props));
    return p;
  };
  const versions = () => t.db.draftVersion.count();

  beforeAll(async () => {
    t = await createTestDb();
    const r = await cli(t, ['tenant', 'create', '--code', '94', '--name', 'Caf du Val-de-Marne']);
    expect(r.code).toBe(0);
  });
  afterAll(async () => t.drop());

  it('imports a Word draft: Titre 1 the title, Titre 2 the enjeux, lists, emphasis and tables kept', async () => {
    const p = await file('projet.docx', SCHEMA_2026, { Période: '2026-2030', Version: '1' });
    const r = await cli(t, ['draft', 'import', p]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        'Version importée : « Schéma directeur AVS du Val-de-Marne 2026-2030 », version 1 du schéma n° 1 (2026-2030), 2 enjeux :',
        '  1. Développer l’offre',
        '  2. Piloter ensemble',
      ].join('\n'),
    );
    const enjeux = await t.db.enjeu.findMany({ orderBy: { position: 'asc' } });
    expect(enjeux[0]!.body).toBe(
      [
        'Trois **priorités** pour *2026* :',
        '',
        '- ouvrir des places',
        '- former les animateurs',
        '',
        '| Commune | Places |',
        '| --- | --- |',
        '| Ivry-sur-Seine | 12 |',
        '| Vitry-sur-Seine | 8 |',
      ].join('\n'),
    );
    expect(enjeux[1]!.body).toContain('1. un comité par an\n2. un bilan à mi-parcours');
    expect(enjeux[1]!.body).toContain('### Calendrier');

    // The same document again: nothing changes.
    const again = await cli(t, ['draft', 'import', p]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^Version déjà importée, inchangée/);
    expect(await versions()).toBe(1);
  });

  it('takes the period and version from options, which win over the document’s properties', async () => {
    const p = await file('v2.docx', SCHEMA_2026, { Période: '2026-2030', Version: '1' });
    const r = await cli(t, ['draft', 'import', p, '--version', '2']);
    expect(r.err).toBe('');
    expect(r.out).toContain('version 2 du schéma n° 1 (2026-2030)');
    expect(await versions()).toBe(2);

    // Another text under version 2: refused, the way to number it said for Word.
    const changed = await file('v2-bis.docx', [...SCHEMA_2026, { p: 'Ajout.' }], {
      Période: '2026-2030',
      Version: '2',
    });
    const refused = await cli(t, ['draft', 'import', changed]);
    expect(refused.code).toBe(1);
    expect(refused.err).toBe(
      'Erreur : La version 2 de ce schéma existe déjà avec un autre texte : numérotez la nouvelle version (--version 3, ou la propriété « Version » du document).',
    );
    expect(await versions()).toBe(2);
  });

  it('shows a version with its text in plain lines (draft show <schéma> <version>)', async () => {
    const r = await cli(t, ['draft', 'show', '1', '1']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('« Schéma directeur AVS du Val-de-Marne 2026-2030 », version 1');
    expect(r.out).toContain('Schéma n° 1, période 2026-2030');
    expect(r.out).toContain(
      [
        '1. Développer l’offre',
        '',
        '   Trois priorités pour 2026 :',
        '',
        '   • ouvrir des places',
        '   • former les animateurs',
        '',
        '   Commune | Places',
        '   Ivry-sur-Seine | 12',
      ].join('\n'),
    );
    expect(r.out).toContain('   1. un comité par an\n   2. un bilan à mi-parcours');
  });

  it('renders the Word text on the draft page as safe HTML: lists and tables kept, script inert', async () => {
    const v = await t.db.draftVersion.findFirstOrThrow({ where: { version: 1 } });
    const html = renderDraftPage((await getDraftVersion(t, v.id))!);
    expect(html).toMatch(/<ul>\s*<li>ouvrir des places<\/li>\s*<li>former les animateurs<\/li>/);
    expect(html).toMatch(/<ol>\s*<li>un comité par an<\/li>/);
    expect(html).toContain('<strong>priorités</strong>');
    expect(html).toMatch(/<table>[\s\S]*<th>Commune<\/th>[\s\S]*<td>Ivry-sur-Seine<\/td>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script');
  });

  it.each<[string, Block[], Record<string, string>, RegExp]>([
    [
      'no Titre 1',
      [{ h2: 'Accueil' }, { p: 'Texte.' }],
      { Période: '2026-2030', Version: '9' },
      /n'a pas de titre : mettez le titre du schéma dans un paragraphe en style « Titre 1 »/,
    ],
    [
      'no Titre 2',
      [{ h1: 'Schéma' }, { p: 'Texte sans enjeu.' }],
      { Période: '2026-2030', Version: '9' },
      /ne contient aucun enjeu : chaque enjeu est un paragraphe en style « Titre 2 »/,
    ],
    [
      'an enjeu without text',
      [{ h1: 'Schéma' }, { h2: 'Accueil' }, { p: 'Texte.' }, { h2: 'Jeunesse' }],
      { Période: '2026-2030', Version: '9' },
      /L'enjeu « Jeunesse » \(Titre 2\) n'a pas de texte/,
    ],
    [
      'an empty Titre 2',
      [{ h1: 'Schéma' }, { h2: 'Accueil' }, { p: 'A.' }, { h2: '  ' }, { p: 'B.' }],
      { Période: '2026-2030', Version: '9' },
      /Un paragraphe en style « Titre 2 » est vide/,
    ],
    [
      'two enjeux with one title',
      [{ h1: 'Schéma' }, { h2: 'Accueil' }, { p: 'A.' }, { h2: ' accueil ' }, { p: 'B.' }],
      { Période: '2026-2030', Version: '9' },
      /Deux enjeux \(Titre 2\) portent le même intitulé « accueil »/,
    ],
    [
      'text under a Titre 1 after the enjeux',
      [{ h1: 'Schéma' }, { h2: 'Accueil' }, { p: 'A.' }, { h1: 'Annexes' }, { p: 'B.' }],
      { Période: '2026-2030', Version: '9' },
      /Du texte suit le « Titre 1 » « Annexes », placé après les enjeux/,
    ],
    [
      'no period nor version',
      [{ h1: 'Schéma' }, { h2: 'Accueil' }, { p: 'A.' }],
      {},
      /Il manque la période et la version du projet : donnez --period 2026-2030 --version 2, ou renseignez les propriétés personnalisées « Période » et « Version »/,
    ],
    [
      'a version that is not a number',
      [{ h1: 'Schéma' }, { h2: 'Accueil' }, { p: 'A.' }],
      { Période: '2026-2030', Version: 'deux' },
      /La version « deux » n'est pas un nombre entier positif/,
    ],
    [
      'another Caf’s document',
      [{ h1: 'Schéma' }, { h2: 'Accueil' }, { p: 'A.' }],
      { Période: '2026-2030', Version: '9', Caf: '93' },
      /Ce document est celui de la Caf « 93 » \(propriété « Caf » du document\), pas de « 94 »/,
    ],
  ])(
    'refuses a document with %s, in French, storing nothing',
    async (_, blocks, props, message) => {
      const before = await versions();
      const schemas = await t.db.schema.count();
      const r = await cli(t, ['draft', 'import', await file('refuse.docx', blocks, props)]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^Erreur : /);
      expect(r.err).toMatch(message);
      expect(r.out).toBe('');
      expect(await versions()).toBe(before);
      expect(await t.db.schema.count()).toBe(schemas);
    },
  );

  it('refuses a file that is not a Word document, naming it, storing nothing', async () => {
    const before = await versions();
    const notZip = path.join(dir, 'faux.docx');
    writeFileSync(notZip, 'ceci n’est pas un document Word');
    const zip = new AdmZip();
    zip.addFile('lisezmoi.txt', Buffer.from('bonjour'));
    const otherZip = path.join(dir, 'archive.docx');
    zip.writeZip(otherZip);
    const truncated = path.join(dir, 'coupe.docx');
    const full = await docx(SCHEMA_2026, { Période: '2026-2030', Version: '7' });
    writeFileSync(truncated, full.subarray(0, Math.floor(full.length / 2)));
    // A Word 97-2003 document (OLE compound file): to be saved again as .docx.
    const oldDoc = path.join(dir, 'ancien.doc');
    writeFileSync(oldDoc, Buffer.from('d0cf11e0a1b11ae1000000000000000000000000', 'hex'));
    for (const [p, name] of [
      [oldDoc, 'ancien.doc'],
      [notZip, 'faux.docx'],
      [otherZip, 'archive.docx'],
      [truncated, 'coupe.docx'],
    ]) {
      const r = await cli(t, ['draft', 'import', p!]);
      expect(r.code).toBe(1);
      expect(r.err).toBe(
        `Erreur : « ${name} » n'est pas un document Word lisible (.docx) : ouvrez-le dans Word et enregistrez-le au format « Document Word (.docx) » (l'ancien format .doc n'est pas lu). Rien n'a été importé.`,
      );
    }
    const missing = await cli(t, ['draft', 'import', path.join(dir, 'absent.docx')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('Impossible de lire');
    expect(await versions()).toBe(before);
  });

  it('refuses a version number two schémas share unless --schema says which', async () => {
    const md = path.join(__dirname, '../fixtures/schema-94-v1.md');
    const imported = await cli(t, ['draft', 'import', md]);
    expect(imported.out).toContain('version 1 du schéma n° 2 (2016-2020)');

    const list = await cli(t, ['draft', 'list']);
    expect(list.out).toBe(
      [
        'Schéma n° 1 « Schéma directeur AVS du Val-de-Marne 2026-2030 » (2026-2030)',
        '  v1  Schéma directeur AVS du Val-de-Marne 2026-2030 — 2 enjeux',
        '  v2  Schéma directeur AVS du Val-de-Marne 2026-2030 — 2 enjeux',
        "Schéma n° 2 « Schéma directeur de l'animation de la vie sociale du Val-de-Marne » (2016-2020)",
        "  v1  Schéma directeur de l'animation de la vie sociale du Val-de-Marne — 3 enjeux",
      ].join('\n'),
    );

    await cli(t, ['orgs', 'import', path.join(__dirname, '../../src/data/partners-94.csv')]);
    const ambiguous = await cli(t, ['round', 'create', '--version', '1', '--deadline', '+3j']);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.err).toBe(
      "Erreur : Plusieurs schémas ont une version 1 : n° 1 « Schéma directeur AVS du Val-de-Marne 2026-2030 » (2026-2030), n° 2 « Schéma directeur de l'animation de la vie sociale du Val-de-Marne » (2016-2020). Précisez lequel avec --schema (par exemple --schema 2).",
    );
    expect(await t.db.round.count()).toBe(0);
    expect((await cli(t, ['draft', 'show', '1'])).err).toMatch(
      /Plusieurs schémas ont une version 1/,
    );

    // Version 2 exists in one schéma only: no --schema needed.
    expect((await cli(t, ['draft', 'show', '2'])).out).toMatch(/version 2\nSchéma n° 1/);

    const bySchema = await cli(t, [
      'round',
      'create',
      '--schema',
      '2',
      '--version',
      '1',
      '--deadline',
      '+3j',
      '--orgs',
      'CD94',
    ]);
    expect(bySchema.err).toBe('');
    expect(bySchema.out).toContain('Consultation n° 1 préparée : 1 organisation invitée, 3 enjeux');
    const round = await t.db.round.findFirstOrThrow({
      include: { draftVersion: { include: { schema: true } } },
    });
    expect(round.draftVersion!.schema.period).toBe('2016-2020');

    // By period too, and the period's schéma's own text.
    const byPeriod = await cli(t, ['draft', 'show', '--schema', '2026-2030', '1']);
    expect(byPeriod.out).toContain('Schéma n° 1, période 2026-2030');

    const unknown = await cli(t, ['draft', 'show', '3', '1']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/^Erreur : Aucun schéma « 3 » dans cette Caf\. Schémas : n° 1 /);
    const noVersion = await cli(t, ['draft', 'show', '2', '5']);
    expect(noVersion.err).toBe(
      'Erreur : Aucune version 5 du schéma « 2 » importée (voir « concerto draft list »).',
    );
    const badVersion = await cli(t, ['round', 'create', '--version', 'abc', '--deadline', '+3j']);
    expect(badVersion.err).toMatch(/^Erreur : Version « abc » invalide/);
  });
});
