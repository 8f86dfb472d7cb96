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
 * internal errors (new …Error) are for operators and are skipped.
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
  'http/grid-page.ts',
  'http/draft-page.ts',
  'http/client-errors.ts',
  'http/accept-language.ts',
  'adapters/teams/tab/router.ts',
  'cli',
];
const FRENCH = /[àâçéèêëîïôûùüÿœæÀÂÇÉÈÊËÎÏÔÛÙÜŒ«»]/;

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return path.endsWith('.ts') ? [path] : [];
  return readdirSync(path).flatMap((f) => files(join(path, f)));
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
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isStringLiteral(node) ||
        ts.isNoSubstitutionTemplateLiteral(node) ||
        ts.isTemplateHead(node) ||
        ts.isTemplateMiddle(node) ||
        ts.isTemplateTail(node)) &&
      FRENCH.test(node.text) &&
      !forOperators(node)
    ) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${file.slice(ROOT.length + 1)}:${line + 1}: ${node.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the chat adapters and the CLI write no French sentence (the catalogue does)', () => {
  it('finds French where there is some (the check can fail)', () => {
    const probe = join(__dirname, '../../src/domain/catalogue/fr.ts');
    expect(frenchLiterals(probe).length).toBeGreaterThan(10);
    const cliProbe = join(__dirname, '../../src/domain/catalogue/cli-fr.ts');
    expect(frenchLiterals(cliProbe).length).toBeGreaterThan(100);
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
