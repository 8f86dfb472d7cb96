import { CLI_EN } from './catalogue/cli-en';
import { CLI_FR, type CliWords } from './catalogue/cli-fr';
import type { Locale } from './types';

export type { CliWords } from './catalogue/cli-fr';

/**
 * What the command line says (catalogue/cli-fr.ts CLI_FR, catalogue/cli-en.ts CLI_EN): French
 * by default, English when CONCERTO_LOCALE=en.
 */
export function cliWords(locale: Locale | undefined): CliWords {
  return locale === 'en' ? CLI_EN : CLI_FR;
}
