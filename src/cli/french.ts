import type { Option } from 'commander';
import type { CliWords } from '../domain/cli-words';

/**
 * Commander writes its errors and help headings in English; pilots read French. These rewrite
 * what commander prints (its wording is stable across versions 12–14) in the CLI's words
 * (catalogue/cli-fr.ts `commander`), leaving anything unrecognised as it is.
 */
type Commander = CliWords['commander'];
const ERRORS: [RegExp, (c: Commander, ...m: string[]) => string][] = [
  [/^error: unknown command '(.+?)'/, (w, c) => w.unknownCommand(c)],
  [/^error: unknown option '(.+?)'/, (w, o) => w.unknownOption(o)],
  [/^error: required option '(.+?)' not specified/, (w, o) => w.requiredOption(o)],
  [/^error: missing required argument '(.+?)'/, (w, a) => w.missingArgument(a)],
  [
    /^error: option '(.+?)' argument '(.*?)' is invalid\. Allowed choices are (.+?)\.$/m,
    (w, o, v, c) => w.invalidChoice(o, v, c),
  ],
  [/^error: option '(.+?)' argument missing/, (w, o) => w.optionMissingValue(o)],
  [
    /^error: too many arguments(?: for '(.+?)')?\. Expected (\d+) arguments? but got (\d+)\./,
    (w, c, e, g) => w.tooManyArguments(c, e, g),
  ],
];

export function errorOutput(text: string, words: CliWords): string {
  const w = words.commander;
  let out = text;
  for (const [re, say] of ERRORS) {
    const m = re.exec(out);
    if (m) {
      out = out.replace(m[0], say(w, ...m.slice(1).map((x) => x ?? '')));
      break;
    }
  }
  return out.replace(/\(Did you mean (.+?)\?\)/, w.didYouMean);
}

export function helpText(text: string, words: CliWords): string {
  const w = words.commander;
  return text
    .replace(/^Usage: /m, w.usage)
    .replace(/^Options:$/m, w.options)
    .replace(/^Commands:$/m, w.commands)
    .replace(/^Arguments:$/m, w.arguments)
    .replace(/\(default: /g, w.defaultOpen)
    .replace(/\(choices: /g, w.choicesOpen)
    .replace(/\[options\]/g, w.optionsPlaceholder)
    .replace(/\[command\]/g, w.commandPlaceholder);
}

/**
 * An option's line of help: « (valeurs : a, b ; par défaut : a) ». Commander writes
 * "(choices: …, default: …)" in English, and "default: false" for a flag, which says nothing.
 */
export function optionDescription(option: Option, words: CliWords): string {
  const w = words.commander;
  const extra: string[] = [];
  if (option.argChoices) extra.push(w.choices(option.argChoices.join(', ')));
  const d: unknown = option.defaultValue;
  if (d !== undefined && d !== false && !(Array.isArray(d) && d.length === 0)) {
    extra.push(
      w.default(option.defaultValueDescription ?? (typeof d === 'string' ? d : JSON.stringify(d))),
    );
  }
  return extra.length > 0
    ? `${option.description} (${extra.join(w.separator)})`
    : option.description;
}
