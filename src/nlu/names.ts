/**
 * A list of people's names: "Ana, Luis and Marta", "Jean et Marie", "José y María", one per line.
 * Names are kept as typed (accents and capitals matter to the attorney).
 */
import { LANGUAGES, type Lang } from '../../dialogs/context';
import { isNone } from './commands';
import { asText, escapeRegExp } from './normalize';
import { vocab } from './vocab';

/** Separators: punctuation, line breaks, and the word "and" of any language between spaces. */
const SEPARATOR = new RegExp(`\\s*(?:[,;\\n\\r&+]+|\\s(?:${[...new Set(LANGUAGES.flatMap((l) => vocab(l).and))].map(escapeRegExp).join('|')})\\s)\\s*`, 'iu');

export function parseNames(text: string, lang: Lang): string[] | null {
  const s = asText(text).trim();
  if (!s) return null;
  if (isNone(s, lang)) return [];
  const names = s
    .split(SEPARATOR)
    .map((n) => n.replace(/^[\s\p{P}]+|[\s.,;:!?]+$/gu, '').trim())
    .filter((n) => n.length > 0);
  return names.length > 0 ? names : null;
}
