import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDraft } from '../../src/domain/draft';
import { diffDrafts } from '../../src/domain/draft-diff';
import { domainCode as codeOf } from '../support/errors';

const fixture = (name: string) =>
  readFileSync(path.join(__dirname, '..', 'fixtures', name), 'utf8');
const head = '---\ncaf: "94"\ntitle: "Schéma"\nperiod: "2016-2020"\nversion: 1\n---\n';

describe('parseDraft', () => {
  it('reads the front matter and one enjeu per level-2 heading of the Val-de-Marne draft', () => {
    const d = parseDraft(fixture('schema-94-v1.md'));
    expect(d.frontMatter).toEqual({
      caf: '94',
      title: "Schéma directeur de l'animation de la vie sociale du Val-de-Marne",
      period: '2016-2020',
      version: 1,
    });
    expect(d.enjeux.map((e) => e.title)).toEqual([
      "Élaborer une politique départementale de l'animation de la vie sociale",
      'Définir un cadre politique de référence pour structurer et renforcer le pilotage du secteur',
      'Renforcer le partenariat pour mieux partager, mobiliser et agir de manière coordonnée',
    ]);
    expect(d.enjeux[0]!.body).toMatch(/^Diagnostic : l'offre/);
    expect(d.enjeux[0]!.position).toBe(1);
    expect(d.preamble).toMatch(/^Projet soumis/);
  });

  it('refuses a draft without front matter or with an incomplete one, naming the missing keys', () => {
    expect(codeOf(() => parseDraft('## A\ntexte'))).toBe('DRAFT_NO_FRONT_MATTER');
    expect(() => parseDraft('---\ncaf: "94"\n---\n## A\ntexte')).toThrow(
      /« title » manquant.*« period » manquant.*version/,
    );
    expect(
      codeOf(() => parseDraft(head.replace('version: 1', 'version: zéro') + '## A\ntexte')),
    ).toBe('DRAFT_FRONT_MATTER_INVALID');
  });

  it('refuses a draft with no enjeu', () => {
    expect(
      codeOf(() => parseDraft(head + '# Titre\n\nDu texte sans enjeu.\n### Un sous-titre\n')),
    ).toBe('DRAFT_NO_ENJEU');
  });

  it('refuses an empty enjeu, naming it', () => {
    expect(() => parseDraft(head + '## Premier\ntexte\n## Vide\n\n## Troisième\ntexte')).toThrow(
      /« Vide »/,
    );
    expect(codeOf(() => parseDraft(head + '## Premier\ntexte\n## Vide\n'))).toBe(
      'DRAFT_EMPTY_ENJEU',
    );
  });

  it('refuses two enjeux with the same title (case and spaces ignored), naming it', () => {
    expect(() => parseDraft(head + '## Pilotage\na\n## pilotage \nb')).toThrow(
      /même titre « pilotage »/,
    );
  });

  it('ignores headings inside code blocks and keeps level-3 headings in the enjeu', () => {
    const d = parseDraft(head + '## A\n```\n## pas un enjeu\n```\n### détail\ntexte');
    expect(d.enjeux).toHaveLength(1);
    expect(d.enjeux[0]!.body).toContain('### détail');
  });
});

describe('diffDrafts', () => {
  it('compares v1 and v2 enjeu by enjeu: three changed, one added, with the changed passages', () => {
    const v1 = parseDraft(fixture('schema-94-v1.md')).enjeux;
    const v2 = parseDraft(fixture('schema-94-v2.md')).enjeux;
    const diff = diffDrafts(v1, v2);
    expect(diff.map((d) => d.kind)).toEqual(['changed', 'changed', 'changed', 'added']);
    const first = diff[0]!;
    if (first.kind !== 'changed') throw new Error('expected a change');
    expect(first.passages.map((p) => p.added).join(' ')).toContain(
      "communes de l'est du département",
    );
    const second = diff[1]!;
    if (second.kind !== 'changed') throw new Error('expected a change');
    expect(second.passages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          removed: expect.stringContaining('annuel'),
          added: expect.stringContaining('deux fois par an'),
        }),
      ]),
    );
    expect(diff[3]).toMatchObject({ kind: 'added', title: 'Évaluer le schéma' });
  });

  it('reports removed and unchanged enjeux', () => {
    const diff = diffDrafts(
      [
        { title: 'A', body: 'même texte' },
        { title: 'B', body: 'supprimé' },
      ],
      [{ title: 'a', body: 'même   texte' }],
    );
    expect(diff).toEqual([
      { kind: 'unchanged', title: 'a' },
      { kind: 'removed', title: 'B', before: 'supprimé' },
    ]);
  });
});
