/**
 * Phrases with gaps, for sentences a family writes in more than one way: in a vocabulary phrase,
 * "*" stands for up to four words of any kind ("took * pills" is "took pills", "took all his
 * pills", "took a bunch of pills"; "took * * pills" up to eight). Whole words only, folded like
 * everything else (see normalize.ts).
 */
import { words, type PhraseMatch } from './normalize';

/** How many words one "*" may stand for. */
export const GAP = 4;

interface Entry<T> {
  w: string[];
  value: T;
}

/** The words of a phrase, "*" kept as a gap; `compared`: the phrase is words as compared already, split at spaces only. */
function patternWords(phrase: string, compared: boolean): string[] {
  return phrase
    .trim()
    .split(/\s+/)
    .flatMap((part) => (part === '*' || compared ? [part] : words(part)));
}

export class GappedPhrases<T> {
  private readonly byFirst = new Map<string, Entry<T>[]>();

  /**
   * `compared`: the phrases' words are already as the text's are compared (danger.ts respells both
   * sides): "laise" of "laisse" must not be read again as a word of its own ("l'aise").
   */
  constructor(
    entries: Iterable<readonly [string, T]> = [],
    private readonly compared = false,
  ) {
    for (const [phrase, value] of entries) this.add(phrase, value);
  }

  add(phrase: string, value: T): void {
    const w = patternWords(phrase, this.compared);
    // A phrase starts and ends with a word: a gap at either end would match anything.
    while (w[0] === '*') w.shift();
    while (w[w.length - 1] === '*') w.pop();
    if (w.length === 0) return;
    const bucket = this.byFirst.get(w[0]) ?? [];
    bucket.push({ w, value });
    this.byFirst.set(w[0], bucket);
  }

  /** The phrases that start at token `i`: each with the shortest span it covers. */
  at(tokens: readonly string[], i: number): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    for (const e of this.byFirst.get(tokens[i]) ?? []) {
      const end = matchFrom(e.w, 1, tokens, i + 1);
      if (end !== null) out.push({ start: i, end, value: e.value });
    }
    return out;
  }

  /** Every occurrence of every phrase. */
  all(tokens: readonly string[]): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    for (let i = 0; i < tokens.length; i++) out.push(...this.at(tokens, i));
    return out;
  }
}

/** Where pattern words from `p` on match tokens from `t` on: the end of the shortest match, or null. */
function matchFrom(w: readonly string[], p: number, tokens: readonly string[], t: number): number | null {
  if (p === w.length) return t;
  if (w[p] === '*') {
    for (let skip = 0; skip <= GAP && t + skip <= tokens.length; skip++) {
      const end = matchFrom(w, p + 1, tokens, t + skip);
      if (end !== null) return end;
    }
    return null;
  }
  return t < tokens.length && tokens[t] === w[p] ? matchFrom(w, p + 1, tokens, t + 1) : null;
}
