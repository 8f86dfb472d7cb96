import AdmZip from 'adm-zip';
import mammoth from 'mammoth';
import TurndownService from 'turndown';
import { stringify as stringifyYaml } from 'yaml';
import { DomainError } from '../domain/errors';

/**
 * A Word draft (.docx) as the Markdown draft the parser reads (domain/draft.ts): mammoth turns
 * the document into HTML by its paragraph styles (« Titre 1 » → h1, « Titre 2 » → h2, lists,
 * bold, italics, tables), turndown turns that HTML into Markdown (tables as pipe tables), and the
 * front matter is made from the first Heading 1 (the title), the Caf and the period and version
 * given as options or as the document's custom properties « Période » and « Version »
 * (docProps/custom.xml; « Caf » too when present).
 */
export interface WordDraftMeta {
  /** The Caf importing it (its code): the front matter's `caf` unless the document names one. */
  caf: string;
  period?: string;
  version?: string;
  /** The file's name, for the refusal of a file that is not a Word document. */
  file: string;
}

export async function wordDraftToMarkdown(docx: Buffer, meta: WordDraftMeta): Promise<string> {
  const properties = readCustomProperties(docx, meta.file);
  let html: string;
  try {
    html = (
      await mammoth.convertToHtml(
        { buffer: docx },
        {
          styleMap: ["p[style-name='Title'] => h1:fresh", "p[style-name='Titre'] => h1:fresh"],
          ignoreEmptyParagraphs: false,
        },
      )
    ).value;
  } catch {
    throw new DomainError('DRAFT_WORD_UNREADABLE', { file: meta.file });
  }
  const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html);
  const title = h1 ? htmlText(h1[1] ?? '') : '';
  if (!title) throw new DomainError('DRAFT_WORD_NO_TITLE');
  for (const h2 of html.matchAll(/<h2[^>]*>([\s\S]*?)<\/h2>/g)) {
    if (!htmlText(h2[1] ?? '')) throw new DomainError('DRAFT_EMPTY_TITLE', { line: 0, word: true });
  }

  const period = (meta.period ?? prop(properties, ['période', 'periode', 'period']) ?? '').trim();
  const rawVersion = (meta.version ?? prop(properties, ['version']) ?? '').trim();
  const missing: ('period' | 'version')[] = [];
  if (!period) missing.push('period');
  if (!rawVersion) missing.push('version');
  const badVersion = rawVersion && !/^[1-9]\d{0,8}$/.test(rawVersion) ? rawVersion : undefined;
  if (missing.length > 0 || badVersion !== undefined)
    throw new DomainError('DRAFT_WORD_METADATA', {
      missing,
      ...(badVersion !== undefined ? { badVersion } : {}),
    });
  const caf = prop(properties, ['caf'])?.trim() || meta.caf;

  const frontMatter = stringifyYaml({ caf, title, period, version: Number(rawVersion) });
  return `---\n${frontMatter}---\n\n${htmlToMarkdown(html)}\n`;
}

/** Draft HTML (mammoth's) as Markdown: ATX headings, « - » lists, pipe tables, no images. */
export function htmlToMarkdown(html: string): string {
  const td = new TurndownService({
    headingStyle: 'atx',
    bulletListMarker: '-',
    emDelimiter: '*',
    codeBlockStyle: 'fenced',
  });
  td.addRule('images', { filter: 'img', replacement: () => '' });
  td.addRule('tables', {
    filter: 'table',
    replacement: (_content, node) => `\n\n${pipeTable(td, node as HTMLElement)}\n\n`,
  });
  return td
    .turndown(html)
    .replace(/^(\s*)([-*]|\d+\.) {2,}/gm, '$1$2 ')
    .trim();
}

/** A table as a Markdown pipe table: its first row is the header; cells on one line. */
function pipeTable(td: TurndownService, table: HTMLElement): string {
  const rows = Array.from(table.querySelectorAll('tr')).map((tr) =>
    Array.from(tr.children)
      .filter((c) => /^(td|th)$/i.test(c.tagName))
      .map((c) =>
        td
          .turndown(c.innerHTML)
          .replace(/\s*\n+\s*/g, ' ')
          .replace(/\|/g, '\\|')
          .trim(),
      ),
  );
  const width = Math.max(1, ...rows.map((r) => r.length));
  if (rows.length === 0) return '';
  const line = (cells: string[]) =>
    `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
  return [
    line(rows[0]!),
    line(Array.from({ length: width }, () => '---')),
    ...rows.slice(1).map(line),
  ].join('\n');
}

/** The document's custom properties (name → text), from docProps/custom.xml; none if absent. */
function readCustomProperties(docx: Buffer, file: string): Map<string, string> {
  let xml: string | undefined;
  try {
    const zip = new AdmZip(docx);
    if (!zip.getEntry('word/document.xml')) throw new Error('not a Word document');
    xml = zip.getEntry('docProps/custom.xml')?.getData().toString('utf8');
  } catch {
    throw new DomainError('DRAFT_WORD_UNREADABLE', { file });
  }
  const props = new Map<string, string>();
  if (!xml) return props;
  for (const m of xml.matchAll(/<property\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/property>/g)) {
    const value = /<vt:[^>]+>([\s\S]*?)<\/vt:[^>]+>/.exec(m[2] ?? '');
    props.set(
      xmlText(m[1] ?? '')
        .normalize('NFC')
        .trim()
        .toLocaleLowerCase('fr'),
      xmlText(value?.[1] ?? ''),
    );
  }
  return props;
}

function prop(props: Map<string, string>, names: string[]): string | undefined {
  for (const n of names) {
    const v = props.get(n);
    if (v !== undefined && v.trim() !== '') return v;
  }
  return undefined;
}

function xmlText(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** An HTML fragment's text: tags dropped, entities decoded, spaces collapsed. */
function htmlText(s: string): string {
  return xmlText(s.replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}
