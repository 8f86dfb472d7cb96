/**
 * What user text may not hold: NUL (Postgres' text cannot store it), the other C0 control
 * characters but tab, line feed and carriage return, DEL, and UTF-16 surrogates without their
 * pair (not characters at all: they come from a cut or forged string).
 */
const INVALID =
  // Control characters are what this pattern is about.
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const INVALID_ALL = new RegExp(INVALID.source, 'g');

export function hasInvalidCharacters(text: string): boolean {
  return INVALID.test(text);
}

/**
 * The text without what it may not hold, for text the user did not type in a form (display
 * names from a platform profile): control characters dropped, lone surrogates replaced by U+FFFD.
 */
export function cleanText(text: string): string {
  return text.replace(INVALID_ALL, (c) => (/[\uD800-\uDFFF]/.test(c) ? '\uFFFD' : ''));
}

/**
 * A word as a user types it, folded for matching against known words: accents and case dropped,
 * spaces, dashes and apostrophes as `_` (« Non-retenue » → « non_retenue », « Espace de vie
 * sociale » → « espace_de_vie_sociale »).
 */
export function typedKey(raw: string): string {
  return raw
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s'’-]+/g, '_');
}
