import MarkdownIt from 'markdown-it';

/**
 * An enjeu's Markdown as plain text for the channels that show text (Slack, Teams, e-mail, the
 * CLI): one paragraph per block, each list item on its own line (« • » or « 1. », indented when
 * nested), a table row per line (« cell | cell »), emphasis markers dropped, a link as its text
 * followed by its address when that is a web or mail address. Raw HTML is never interpreted.
 */
const md = new MarkdownIt({ html: false, linkify: false });

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

export function markdownToPlainText(markdown: string): string {
  const lines: string[] = [];
  const lists: { ordered: boolean; n: number }[] = [];
  let prefix = '';
  let row: string[] | null = null;
  const blank = () => {
    if (lines.length > 0 && lines[lines.length - 1] !== '') lines.push('');
  };
  for (const t of md.parse(markdown, {})) {
    switch (t.type) {
      case 'bullet_list_open':
      case 'ordered_list_open':
        if (lists.length === 0) blank();
        lists.push({
          ordered: t.type === 'ordered_list_open',
          n: Number(t.attrGet('start') ?? 1) - 1,
        });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        if (lists.length === 0) blank();
        break;
      case 'list_item_open': {
        const l = lists[lists.length - 1];
        if (l) {
          l.n += 1;
          prefix = '  '.repeat(lists.length - 1) + (l.ordered ? `${l.n}. ` : '• ');
        }
        break;
      }
      case 'table_open':
        blank();
        break;
      case 'tr_open':
        row = [];
        break;
      case 'tr_close':
        if (row) lines.push(row.join(' | '));
        row = null;
        break;
      case 'table_close':
      case 'paragraph_close':
      case 'heading_close':
      case 'blockquote_close':
        if (lists.length === 0) blank();
        break;
      case 'fence':
      case 'code_block':
        lines.push(...t.content.replace(/\n$/, '').split('\n'));
        blank();
        break;
      case 'hr':
        lines.push('—');
        blank();
        break;
      case 'inline': {
        const text = inlineText(t.children ?? []);
        if (row) row.push(text.replace(/\s*\n\s*/g, ' '));
        else if (lists.length > 0) {
          const indent = prefix || '  '.repeat(lists.length);
          lines.push(...text.split('\n').map((l, i) => (i === 0 ? indent : '  ') + l));
          prefix = '';
        } else lines.push(...text.split('\n'));
        break;
      }
      default:
        break;
    }
  }
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function inlineText(children: Token[]): string {
  let out = '';
  const links: { href: string; start: number }[] = [];
  for (const c of children) {
    switch (c.type) {
      case 'text':
      case 'code_inline':
        out += c.content;
        break;
      case 'softbreak':
        out += ' ';
        break;
      case 'hardbreak':
        out += '\n';
        break;
      case 'image':
        out += c.content;
        break;
      case 'link_open':
        links.push({ href: String(c.attrGet('href') ?? ''), start: out.length });
        break;
      case 'link_close': {
        const l = links.pop();
        if (l && /^(https?:|mailto:)/i.test(l.href)) {
          const label = out.slice(l.start).trim();
          const shown = l.href.replace(/^mailto:/i, '');
          if (label !== shown && label !== l.href) out += ` (${shown})`;
        }
        break;
      }
      default:
        break;
    }
  }
  return out;
}
