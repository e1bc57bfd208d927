/**
 * The safe Markdown subset broadcasts are written in: headings (#–###), paragraphs, line breaks,
 * bullet and numbered lists, quotes, **bold**, *italic*, `code` and [links](https://…).
 * Everything is HTML-escaped before any markup is recognised, so raw HTML never survives; links
 * are kept only for http(s) and mailto; images are reduced to their alt text. Nothing else exists,
 * which is the allow-list.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const SAFE_URL = /^(https?:\/\/|mailto:)[^\s]+$/i;

export function isSafeUrl(url: string): boolean {
  return SAFE_URL.test(url);
}

const TOKEN = '\u0000';

/** Inline markup on one line of raw text; returns HTML. */
function inline(raw: string): string {
  const codes: string[] = [];
  let text = raw.replace(/`([^`]+)`/g, (_, code: string) => {
    codes.push(`<code>${escapeHtml(code)}</code>`);
    return `${TOKEN}${codes.length - 1}${TOKEN}`;
  });
  const links: string[] = [];
  text = text.replace(/(!?)\[([^\]]*)\]\(([^)\s]*)\)/g, (_, bang: string, label: string, url: string) => {
    const labelHtml = escapeHtml(label);
    const html =
      !bang && isSafeUrl(url)
        ? `<a href="${escapeHtml(url)}" rel="noopener noreferrer nofollow" target="_blank">${labelHtml}</a>`
        : labelHtml;
    links.push(html);
    return `${TOKEN}L${links.length - 1}${TOKEN}`;
  });
  let html = escapeHtml(text)
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>');
  html = html.replace(new RegExp(`${TOKEN}(L?)(\\d+)${TOKEN}`, 'g'), (_, kind: string, n: string) =>
    kind === 'L' ? links[Number(n)]! : codes[Number(n)]!,
  );
  return html;
}

type Block =
  | { type: 'p' | 'ul' | 'ol' | 'quote'; lines: string[] }
  | { type: 'h'; level: number; text: string };

function blocks(md: string): Block[] {
  const out: Block[] = [];
  let current: Extract<Block, { lines: string[] }> | null = null;
  const push = (type: 'p' | 'ul' | 'ol' | 'quote', line: string) => {
    if (!current || current.type !== type) {
      current = { type, lines: [] };
      out.push(current);
    }
    current.lines.push(line);
  };
  for (const rawLine of md.replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.replace(/\s+$/, '');
    const heading = line.match(/^(#{1,3})\s+(.*)$/);
    const bullet = line.match(/^\s*[-*+]\s+(.*)$/);
    const numbered = line.match(/^\s*\d+[.)]\s+(.*)$/);
    const quote = line.match(/^>\s?(.*)$/);
    if (line.trim() === '') {
      current = null;
    } else if (heading) {
      out.push({ type: 'h', level: heading[1]!.length, text: heading[2]! });
      current = null;
    } else if (bullet) {
      push('ul', bullet[1]!);
    } else if (numbered) {
      push('ol', numbered[1]!);
    } else if (quote) {
      push('quote', quote[1]!);
    } else {
      push('p', line);
    }
  }
  return out;
}

export function renderMarkdown(md: string): string {
  return blocks(md)
    .map((b) => {
      if (b.type === 'h') return `<h${b.level + 2}>${inline(b.text)}</h${b.level + 2}>`;
      if (b.type === 'ul' || b.type === 'ol')
        return `<${b.type}>${b.lines.map((l) => `<li>${inline(l)}</li>`).join('')}</${b.type}>`;
      const body = b.lines.map(inline).join('<br>');
      return b.type === 'quote' ? `<blockquote><p>${body}</p></blockquote>` : `<p>${body}</p>`;
    })
    .join('\n');
}

/** The same text without markup, for chat groups and copy-and-paste relays; safe links stay as (url). */
export function toPlainText(md: string): string {
  return md
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) =>
      line
        .replace(/^(#{1,3})\s+/, '')
        .replace(/^>\s?/, '')
        .replace(/^\s*[-*+]\s+/, '• ')
        .replace(/(!?)\[([^\]]*)\]\(([^)\s]*)\)/g, (_, bang: string, label: string, url: string) =>
          !bang && isSafeUrl(url) ? `${label}（${url}）` : label,
        )
        .replace(/\*\*([^*]+)\*\*/g, '$1')
        .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1$2')
        .replace(/`([^`]+)`/g, '$1'),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
