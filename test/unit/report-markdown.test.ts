import { mdText } from '../../src/app/report-markdown';

describe('Markdown escaping of user text in the synthesis', () => {
  it.each([
    ['Val-de-Marne (EPCI) : 50 % ! ok.', 'Val-de-Marne (EPCI) : 50 % ! ok.'],
    ['*gras* _souligné_ `code` ~barré~', '\\*gras\\* \\_souligné\\_ \\`code\\` \\~barré\\~'],
    ['[lien](http://x) ![img](y)', '\\[lien\\](http://x) !\\[img\\](y)'],
    ['<script>alert(1)</script>', '\\<script\\>alert(1)\\</script\\>'],
    ['a | b', 'a \\| b'],
    ['&amp; &#60; & seul', '\\&amp; \\&#60; & seul'],
    ['# titre', '# titre'],
    ['- liste', '- liste'],
    ['=cmd', '=cmd'],
    ['ligne 1\n# ligne 2\r\n- ligne 3', 'ligne 1 # ligne 2 - ligne 3'],
    ['a\\b', 'a\\\\b'],
  ])('%j → %j', (input, expected) => {
    expect(mdText(input)).toBe(expected);
  });

  it.each([
    ['# titre', '\\# titre'],
    ['- liste', '\\- liste'],
    ['+ liste', '\\+ liste'],
    ['> citation', '\\> citation'],
    ['=== règle', '\\=== règle'],
    ['1. numéro', '1\\. numéro'],
    ['12) numéro', '12\\) numéro'],
    ['Val-de-Marne', 'Val-de-Marne'],
  ])('at the start of a line, %j → %j', (input, expected) => {
    expect(mdText(input, true)).toBe(expected);
  });
});
