import MarkdownIt from 'markdown-it';

/**
 * An enjeu's Markdown as HTML for the draft page and the web ballot: paragraphs, lists, emphasis,
 * tables and links kept; raw HTML never passes (`html: false`: `<script>` is shown as text);
 * links only to web and mail addresses (markdown-it refuses javascript:, vbscript:, file: and
 * data:; other schemes are shown as text here), opened without referrer; images shown as their
 * description (the pages load nothing from elsewhere).
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
md.disable('image');
const defaultValidate = md.validateLink.bind(md);
md.validateLink = (url) => defaultValidate(url) && /^(https?:|mailto:)/i.test(url.trim());
md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  tokens[idx]!.attrSet('rel', 'noopener noreferrer nofollow');
  return self.renderToken(tokens, idx, options);
};

export function markdownToHtml(markdown: string): string {
  return md.render(markdown);
}

/** Styles for the rendered text's tables (the pages' own styles cover the rest). */
export const MARKDOWN_STYLE =
  '.texte table{border-collapse:collapse;margin:.5rem 0}.texte th,.texte td{border:1px solid #929292;padding:.25rem .5rem;text-align:left;vertical-align:top}.texte ul,.texte ol{padding-left:1.5rem}';
