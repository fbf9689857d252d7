/**
 * Text normalisation and whole-word phrase matching.
 *
 * Everything the NLU compares goes through `fold` so that "Français", "francais" and "FRANÇAIS"
 * are the same word, and through `tokenize` so that phrases only ever match whole words
 * ("no" never matches inside "nothing", "end" never inside "weekend").
 */
import { asText, fold } from './fold';
import { contractionParts, elidedBeforeName } from './contractions';

export { asText, fold };

/** Folded, whitespace collapsed, surrounding punctuation and symbols removed. */
export function normalize(text: string): string {
  return fold(text)
    .replace(/\s+/gu, ' ')
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '');
}

/** One word of the user's text: its folded form and where it sits in the original text. */
export interface Token {
  /** Folded form, letters only or digits only. */
  t: string;
  /** The original characters (case and accents kept). */
  raw: string;
  start: number;
  end: number;
}

/**
 * Words of the text. Letters and digits are split apart ("3months" -> "3", "months";
 * "2nd" -> "2", "nd") so numbers are always their own token; apostrophes, hyphens and dots
 * separate words ("j'ai" -> "j", "ai"; "U.S." -> "u", "s"), and a contraction typed without its
 * apostrophe is split the same way ("jai" -> "j", "ai"; see contractions.ts), the same way for the
 * text and for the vocabulary so both sides agree.
 */
export function tokenize(text: string): Token[] {
  const s = asText(text);
  const out: Token[] = [];
  // Each part where it was typed ("3months": "3" at 0, "months" at 1), so that cutting the text at
  // a word cuts there and not before the number glued to it.
  for (const m of s.matchAll(/\p{N}+|[\p{L}\p{M}]+/gu)) {
    const start = m.index ?? 0;
    const raw = m[0];
    const end = start + raw.length;
    const folded = fold(raw).match(/\p{N}+|\p{L}+/gu) ?? [];
    const one = folded.length === 1 ? folded[0] : null;
    const glued = one === null ? null : (contractionParts(one) ?? elidedBeforeName(raw));
    if (glued && raw.length === one?.length) {
      // "cest" as "c" "est", each part where it was typed (see contractions.ts).
      let at = start;
      for (const part of glued) {
        out.push({ t: part, raw: s.slice(at, at + part.length), start: at, end: at + part.length });
        at += part.length;
      }
      continue;
    }
    // A letter NFKD spreads over several parts shares its word's span ("½": "1", "2").
    for (const part of glued ?? folded) out.push({ t: part, raw, start, end });
  }
  return out;
}

/** The folded words of a phrase. */
export function words(text: string): string[] {
  return tokenize(text).map((k) => k.t);
}

/**
 * The words of a phrase and, for each contraction in it, the one word it is typed as without its
 * apostrophe ("j'accepte": "j", "accepte", "jaccepte"): for lists a single typed word is looked up
 * in or corrected to, which see a word before it is split.
 */
export function spellings(text: string): string[] {
  const glued = [...asText(text).matchAll(/\p{L}+(?:['’]\p{L}+)+/gu)].map((m) => fold(m[0]).replace(/['’]/gu, '')).filter((g) => contractionParts(g) !== null);
  return [...words(text), ...glued];
}

/**
 * A comparable key for a whole message or phrase: its words joined by spaces, or, for a message
 * with no words at all ("?", "??"), its symbols with repeats collapsed so "??" is "?".
 */
export function keyOf(text: string): string {
  const w = words(text);
  if (w.length > 0) return w.join(' ');
  return fold(text)
    .replace(/\s+/gu, '')
    .replace(/(.)\1+/gu, '$1');
}

/** A phrase found in a token list: tokens [start, end) carry `value`. */
export interface PhraseMatch<T> {
  start: number;
  end: number;
  value: T;
}

/**
 * Phrases indexed by first word, so scanning a long message stays linear in its length.
 * Phrases with no words ("?") can only match a whole message (see `whole`).
 */
export class PhraseIndex<T> {
  private readonly byFirst = new Map<string, { w: string[]; value: T }[]>();
  private readonly wholeKeys = new Map<string, T[]>();

  constructor(entries: Iterable<readonly [string, T]> = []) {
    for (const [phrase, value] of entries) this.add(phrase, value);
  }

  add(phrase: string, value: T): void {
    const key = keyOf(phrase);
    if (!key) return;
    const list = this.wholeKeys.get(key) ?? [];
    list.push(value);
    this.wholeKeys.set(key, list);
    const w = words(phrase);
    if (w.length === 0) return;
    const bucket = this.byFirst.get(w[0]) ?? [];
    bucket.push({ w, value });
    // Longest first, so the first hit at a position is the longest phrase there.
    bucket.sort((a, b) => b.w.length - a.w.length);
    this.byFirst.set(w[0], bucket);
  }

  /** Values whose phrase is exactly this key (see keyOf). */
  whole(key: string): T[] {
    return this.wholeKeys.get(key) ?? [];
  }

  /** Phrases that start exactly at token `i`, longest first. */
  at(tokens: readonly string[], i: number): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    for (const e of this.byFirst.get(tokens[i]) ?? []) {
      if (i + e.w.length > tokens.length) continue;
      let ok = true;
      for (let j = 1; j < e.w.length; j++) {
        if (tokens[i + j] !== e.w[j]) {
          ok = false;
          break;
        }
      }
      if (ok) out.push({ start: i, end: i + e.w.length, value: e.value });
    }
    return out;
  }

  /** Every occurrence of every phrase, overlapping ones included. */
  all(tokens: readonly string[]): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    for (let i = 0; i < tokens.length; i++) out.push(...this.at(tokens, i));
    return out;
  }

  /** True when some phrase occurs in the tokens. */
  some(tokens: readonly string[]): boolean {
    for (let i = 0; i < tokens.length; i++) if (this.at(tokens, i).length > 0) return true;
    return false;
  }
}

/**
 * Keep the longest phrases and drop the ones they overlap: "not in the us" wins over "in the us",
 * "not guilty" over "guilty". Result in text order.
 */
export function longestMatches<T>(matches: readonly PhraseMatch<T>[]): PhraseMatch<T>[] {
  const sorted = [...matches].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: PhraseMatch<T>[] = [];
  for (const m of sorted) {
    if (kept.every((k) => m.end <= k.start || m.start >= k.end)) kept.push(m);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * Remove politeness and greetings at both ends ("STOP please", "hi, english please") so the
 * rest can be compared as a whole message.
 */
export function stripEnds(tokens: readonly string[], fillers: PhraseIndex<unknown>): string[] {
  let t = [...tokens];
  for (let changed = true; changed && t.length > 0;) {
    changed = false;
    const head = fillers.at(t, 0)[0];
    if (head && head.end < t.length) {
      t = t.slice(head.end);
      changed = true;
      continue;
    }
    for (let i = 1; i < t.length; i++) {
      const tail = fillers.at(t, i).find((m) => m.end === t.length);
      if (tail) {
        t = t.slice(0, i);
        changed = true;
        break;
      }
    }
  }
  return t;
}

/** A run of digits as a number (only plain digits: "2", "2009"). */
export function digitsValue(token: string): number | null {
  return /^[0-9]+$/.test(token) && token.length <= 9 ? Number.parseInt(token, 10) : null;
}

/** The text right after `end` starts with punctuation (or the text ends there). */
export function punctuationAfter(text: string, end: number): boolean {
  const rest = asText(text).slice(end).trimStart();
  return rest.length === 0 || /^[\p{P}]/u.test(rest);
}

export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
