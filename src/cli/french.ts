import type { Option } from 'commander';

/**
 * Commander writes its errors and help headings in English; pilots read French. These rewrite
 * what commander prints (its wording is stable across versions 12–14), leaving anything
 * unrecognised as it is.
 */
const ERRORS: [RegExp, (...m: string[]) => string][] = [
  [/^error: unknown command '(.+?)'/, (c) => `Erreur : commande inconnue « ${c} ».`],
  [/^error: unknown option '(.+?)'/, (o) => `Erreur : option inconnue « ${o} ».`],
  [
    /^error: required option '(.+?)' not specified/,
    (o) => `Erreur : l'option obligatoire ${o} manque.`,
  ],
  [/^error: missing required argument '(.+?)'/, (a) => `Erreur : l'argument « ${a} » manque.`],
  [
    /^error: option '(.+?)' argument '(.*?)' is invalid\. Allowed choices are (.+?)\.$/m,
    (o, v, c) => `Erreur : « ${v} » n'est pas une valeur possible de ${o} (valeurs : ${c}).`,
  ],
  [/^error: option '(.+?)' argument missing/, (o) => `Erreur : l'option ${o} attend une valeur.`],
  [
    /^error: too many arguments(?: for '(.+?)')?\. Expected (\d+) arguments? but got (\d+)\./,
    (c, e, g) =>
      `Erreur : trop d'arguments${c ? ` pour « ${c} »` : ''} (${e} attendu${Number(e) > 1 ? 's' : ''}, ${g} reçu${Number(g) > 1 ? 's' : ''}).`,
  ],
];

export function frenchError(text: string): string {
  let out = text;
  for (const [re, fr] of ERRORS) {
    const m = re.exec(out);
    if (m) {
      out = out.replace(m[0], fr(...m.slice(1).map((x) => x ?? '')));
      break;
    }
  }
  return out.replace(/\(Did you mean (.+?)\?\)/, '(Vouliez-vous dire $1 ?)');
}

export function frenchHelp(text: string): string {
  return text
    .replace(/^Usage: /m, 'Utilisation : ')
    .replace(/^Options:$/m, 'Options :')
    .replace(/^Commands:$/m, 'Commandes :')
    .replace(/^Arguments:$/m, 'Arguments :')
    .replace(/\(default: /g, '(par défaut : ')
    .replace(/\(choices: /g, '(valeurs : ')
    .replace(/\[options\]/g, '[options]')
    .replace(/\[command\]/g, '[commande]');
}

/**
 * An option's line of help in French: « (valeurs : a, b ; par défaut : a) ». Commander writes
 * "(choices: …, default: …)" in English, and "default: false" for a flag, which says nothing.
 */
export function frenchOptionDescription(option: Option): string {
  const extra: string[] = [];
  if (option.argChoices) extra.push(`valeurs : ${option.argChoices.join(', ')}`);
  const d: unknown = option.defaultValue;
  if (d !== undefined && d !== false && !(Array.isArray(d) && d.length === 0)) {
    extra.push(
      `par défaut : ${option.defaultValueDescription ?? (typeof d === 'string' ? d : JSON.stringify(d))}`,
    );
  }
  return extra.length > 0 ? `${option.description} (${extra.join(' ; ')})` : option.description;
}
