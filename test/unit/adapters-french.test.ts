import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/**
 * « The same words on every channel »: what a Slack or Teams user reads comes from the text
 * catalogue (src/domain/catalogue, through domain/chat-words.ts, console-words.ts,
 * web-words.ts and cli-words.ts), not from the channels. This reads the string literals of the
 * chat adapters' text, listener and rendering files, of the pilots' console pages
 * (src/http/console*.ts), of the web pages a partner answers on (src/http: the ballot, the
 * survey's pages) and of the whole CLI, with the TypeScript parser (so comments never count) and
 * refuses French in them: an accented letter or French quotes. Journal lines (log.info…) and
 * internal errors (new …Error) are for operators and are skipped. The Teams tab's browser script
 * (public/*.js) is read the same way, and held to more: no literal of two words at all (its
 * words come from the API); its pages (public/*.html) are templates whose visible text is the
 * server's (`{{name}}`).
 */
const ROOT = join(__dirname, '../../src');
const SCOPE = [
  'adapters/slack/i18n.ts',
  'adapters/slack/render',
  'adapters/slack/listeners',
  'adapters/slack/concerto',
  'adapters/teams/i18n.ts',
  'adapters/teams/render.ts',
  'adapters/teams/render-survey.ts',
  'adapters/teams/routes',
  'adapters/teams/concerto',
  'adapters/teams/export-link.ts',
  'adapters/slack/oauth-pages.ts',
  'adapters/email/render.ts',
  'http/console.ts',
  'http/console-pages.ts',
  'http/console-surveys.ts',
  'http/console-survey-codes.ts',
  'http/console-grids.ts',
  'http/ballot-page.ts',
  'http/ballot.ts',
  'http/survey-event.ts',
  'http/survey-pages.ts',
  'http/survey-participant-email.ts',
  'http/grid-page.ts',
  'http/draft-page.ts',
  'http/client-errors.ts',
  'http/accept-language.ts',
  'adapters/teams/tab/router.ts',
  'cli',
];
const FRENCH = /[àâçéèêëîïôûùüÿœæÀÂÇÉÈÊËÎÏÔÛÙÜŒ«»]/;
/** The Teams tab's browser files: its script and pages write no word (the catalogue does). */
const TAB_PUBLIC = 'adapters/teams/tab/public';
/** A sentence, accented or not: two words of letters (« Aucun avis », "Suite enregistree"). */
const WORDS = /\p{L}{2,}[\s\u00a0\u202f]+\p{L}{2,}/u;

function files(path: string, ext = '.ts'): string[] {
  if (!statSync(path).isDirectory()) return path.endsWith(ext) ? [path] : [];
  return readdirSync(path).flatMap((f) => files(join(path, f), ext));
}

/** A literal inside a journal call or an internal error, which users never read. */
function forOperators(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (
      ts.isCallExpression(n) &&
      /\blog(ger)?\.(info|warn|error|debug|trace|fatal)$/.test(n.expression.getText())
    )
      return true;
    if (ts.isNewExpression(n) && /Error$/.test(n.expression.getText())) return true;
  }
  return false;
}

function frenchLiterals(file: string): string[] {
  return literalsIn(file, readFileSync(file, 'utf8'));
}

/**
 * The string literals of a source that read as French, or as `sentence` too (the tab's script):
 * a class name (`class: 'barre barre-…'`) and the 'use strict' directive are not sentences.
 */
function literalsIn(file: string, text: string, sentence?: RegExp): string[] {
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS,
  );
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isStringLiteral(node) ||
        ts.isNoSubstitutionTemplateLiteral(node) ||
        ts.isTemplateHead(node) ||
        ts.isTemplateMiddle(node) ||
        ts.isTemplateTail(node)) &&
      (FRENCH.test(node.text) ||
        (sentence !== undefined && sentence.test(node.text) && !codeWord(node))) &&
      !forOperators(node)
    ) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(
        `${file.startsWith(ROOT) ? file.slice(ROOT.length + 1) : file}:${line + 1}: ${node.text}`,
      );
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** A class name or a directive: words of the code, not for users. */
function codeWord(node: ts.Node): boolean {
  const p = node.parent;
  if (ts.isExpressionStatement(p)) return true;
  if (ts.isBinaryExpression(p) && ts.isPropertyAssignment(p.parent)) return codeWord(p);
  return ts.isPropertyAssignment(p) && p.name.getText() === 'class';
}

/** The tab's scripts: no French, and no sentence in any language either. */
const tabScriptWords = (file: string, text = readFileSync(file, 'utf8')) =>
  literalsIn(file, text, WORDS);

/**
 * A tab page's words: French anywhere outside comments, or visible text other than the server's
 * `{{name}}` and the product's name.
 */
function pageWords(file: string, text = readFileSync(file, 'utf8')): string[] {
  const html = text.replace(/<!--[\s\S]*?-->/g, '');
  const where = file.startsWith(ROOT) ? file.slice(ROOT.length + 1) : file;
  const found = FRENCH.test(html) ? [`${where}: ${FRENCH.exec(html)![0]}`] : [];
  for (const [, node] of html.matchAll(/>([^<]*)</g)) {
    const visible = node!.replace(/\{\{\w+\}\}|\bConcerto\b/g, '').trim();
    if (visible) found.push(`${where}: ${visible}`);
  }
  for (const [, name, value] of html.matchAll(/\s(title|alt|placeholder|aria-label)="([^"]*)"/g))
    if (!/^\{\{\w+\}\}$/.test(value!)) found.push(`${where}: ${name}="${value}"`);
  return found;
}

describe('the chat adapters and the CLI write no French sentence (the catalogue does)', () => {
  it('finds French where there is some (the check can fail)', () => {
    const probe = join(__dirname, '../../src/domain/catalogue/fr.ts');
    expect(frenchLiterals(probe).length).toBeGreaterThan(10);
    const cliProbe = join(__dirname, '../../src/domain/catalogue/cli-fr.ts');
    expect(frenchLiterals(cliProbe).length).toBeGreaterThan(100);
  });

  it("finds French or a sentence put back in the tab's script or pages (the check can fail)", () => {
    const js = join(ROOT, TAB_PUBLIC, 'tab.js');
    expect(tabScriptWords(js, "say('Connexion impossible : ' + e.message, true);")).toHaveLength(1);
    expect(tabScriptWords(js, "el('option', { value: '', text: 'Aucun avis' });")).toHaveLength(1);
    expect(tabScriptWords(js, "el('h2', { text: 'Résultats' });")).toHaveLength(1);
    // Comments and the code's own strings are not words for users.
    expect(
      tabScriptWords(js, "// « Suites données »\nfetch('/tab/api' + p, { headers: h });"),
    ).toEqual([]);
    const html = join(ROOT, TAB_PUBLIC, 'index.html');
    expect(pageWords(html, '<p id="statut">Connexion à Microsoft Teams…</p>')).not.toEqual([]);
    expect(pageWords(html, '<title>Concerto — configuration</title>')).not.toEqual([]);
    expect(pageWords(html, '<a class="skip" href="#contenu">Go to content</a>')).not.toEqual([]);
    expect(pageWords(html, '<!-- à faire --><p>{{connecting}}</p><h1>Concerto</h1>')).toEqual([]);
  });

  it("scans the tab's script and both its pages", () => {
    const dir = join(ROOT, TAB_PUBLIC);
    expect(files(dir, '.js').map((f) => f.slice(dir.length + 1))).toEqual(
      expect.arrayContaining(['tab.js', 'config.js']),
    );
    expect(
      files(dir, '.html')
        .map((f) => f.slice(dir.length + 1))
        .sort(),
    ).toEqual(['config.html', 'index.html']);
  });

  it("has none in the Teams tab's script and pages (the API sends the member's words)", () => {
    const dir = join(ROOT, TAB_PUBLIC);
    const found = [
      ...files(dir, '.js').flatMap((f) => tabScriptWords(f)),
      ...files(dir, '.html').flatMap((f) => pageWords(f)),
    ];
    expect(found).toEqual([]);
  });

  it('scans every file of the CLI', () => {
    const cli = files(join(ROOT, 'cli')).map((f) => f.slice(ROOT.length + 1));
    expect(cli).toEqual(
      expect.arrayContaining(['cli/main-cli.ts', 'cli/french.ts', 'cli/commands/core.ts']),
    );
  });

  it('has none in the Slack, Teams, e-mail and console text, listener and rendering files, nor in the CLI', () => {
    const found = SCOPE.flatMap((p) => files(join(ROOT, p))).flatMap(frenchLiterals);
    expect(found).toEqual([]);
  });
});
