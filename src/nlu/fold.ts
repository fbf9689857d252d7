/**
 * The form every comparison is made in: lowercase, no diacritics. Apart from normalize.ts so that
 * what normalize.ts itself needs at load (contractions.ts) can fold without importing it.
 */

/** Letters NFKD does not decompose but users type interchangeably with their ASCII spelling. */
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', ł: 'l', đ: 'd', ı: 'i' };

/** Input from the outside world may not be a string at all ({"$gt": ""} from a JSON body). */
export function asText(text: unknown): string {
  return typeof text === 'string' ? text : '';
}

/** Lowercase without diacritics: the form every comparison is made in. */
export function fold(text: string): string {
  return asText(text)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[œæßøłđı]/g, (c) => LIGATURES[c] ?? c);
}
