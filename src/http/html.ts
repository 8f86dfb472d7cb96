const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes user text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Headers of the pages reached by a personal link or a session (web ballot, pilots' console): no
 * script, forms only to this site, never framed, cached, indexed or named in a referrer.
 */
export function privatePageHeaders<R extends import('express').Response>(res: R): R {
  return res
    .type('text/html; charset=utf-8')
    .setHeader(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    )
    .setHeader('cache-control', 'no-store')
    .setHeader('x-robots-tag', 'noindex, nofollow')
    .setHeader('referrer-policy', 'no-referrer') as R;
}
