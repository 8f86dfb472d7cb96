import type { Locale } from '../domain/types';
import { webWords } from '../domain/web-words';
import { escapeHtml } from './html';
import { MARKDOWN_STYLE, markdownToHtml } from './markdown';

interface DraftForPage {
  title: string;
  version: number;
  schema: { period: string };
  enjeux: { position: number; title: string; body: string }[];
}

/**
 * The full draft, enjeu by enjeu, as a plain accessible page. Titles are escaped; each enjeu's
 * text is its Markdown rendered safely (http/markdown.ts: lists, emphasis, tables; no raw HTML).
 */
export function renderDraftPage(d: DraftForPage, locale: Locale = 'fr'): string {
  const w = webWords(locale);
  const enjeux = d.enjeux
    .map(
      (e) =>
        `<section aria-labelledby="e${e.position}"><h2 id="e${e.position}">${e.position}. ${escapeHtml(e.title)}</h2><div class="texte">${markdownToHtml(e.body)}</div></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="${w.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${w.draft.title(escapeHtml(d.title), d.version)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.55;color:#1b1b1b;background:#fff}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;color:#000091}${MARKDOWN_STYLE}</style>
</head><body><main><h1>${escapeHtml(d.title)}</h1><p>${w.draft.meta(d.version, escapeHtml(d.schema.period))}</p>
${enjeux}</main></body></html>`;
}
