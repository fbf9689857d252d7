/**
 * A message cut into clauses, each with the time it speaks of, so that a fact is about now only if
 * its own words say so: "he was refused at the border in 2015, he is in Montréal" is a refusal
 * then and Montréal now; "she's in Cancún on holiday but lives in Montreal" is Cancún now.
 */
import { LANGUAGES, type Lang } from '../../dialogs/context';
import { digitsValue, tokenize, type Token } from './normalize';
import { wordIndex } from './placeWords';

/**
 * What a clause says about time, strongest first: on the way somewhere (not there yet), before
 * (a year, "was", "hace"), usually ("lives in", "is from"), now ("right now", "is", "since
 * yesterday" is now too), just before ("yesterday"), or nothing said (an answer to "where is he
 * now?" is about now).
 */
export type Tense = 'toward' | 'past' | 'recent' | 'habitual' | 'now' | null;

export interface Clause {
  /** Token range [start, end). */
  start: number;
  end: number;
  /** Character range in the text. */
  from: number;
  to: number;
  tense: Tense;
}

/** Words that start a new clause even without punctuation ("... but he lives in Montreal"). */
const BREAKS = new Set(['but', 'pero', 'mais', 'pis', 'sino', 'though', 'however', 'although', 'aunque', 'cependant', 'sauf', 'whereas', 'while', 'mientras']);

/** Years a clause can be about: one in the past is "before". */
function pastYear(tok: Token, thisYear: number): boolean {
  const y = digitsValue(tok.t);
  return y !== null && tok.t.length === 4 && y >= 1900 && y <= thisYear;
}

function tenseOf(w: string[], tokens: Token[], langs: readonly Lang[], thisYear: number): Tense {
  const has = (key: 'toward' | 'past' | 'recent' | 'habitual' | 'now') => wordIndex(key, langs).some(w);
  // "à Lyon pour le travail": what they are there for is no way there ("pour" alone is one: "l'avion pour Miami").
  const purpose = wordIndex('purpose', langs).all(w);
  const toward = wordIndex('toward', langs)
    .all(w)
    .some((m) => !purpose.some((p) => p.start <= m.start && m.end <= p.end));
  if (toward) return 'toward';
  if (has('past') || tokens.some((t) => pastYear(t, thisYear))) return 'past';
  if (has('habitual')) return 'habitual';
  if (has('now')) {
    // "On est allés à la frontière hier", "we were... we're back": a helper verb with "yesterday" is about yesterday;
    // a word for now that says it ("still", "since yesterday", "right now") keeps it now.
    const aux = wordIndex('nowAuxiliary', langs).all(w);
    const onlyHelpers = wordIndex('now', langs)
      .all(w)
      .every((m) => aux.some((a) => a.start <= m.start && m.end <= a.end));
    return has('recent') && onlyHelpers ? 'recent' : 'now';
  }
  if (has('recent')) return 'recent';
  return null;
}

/** Clauses of the text: cut at punctuation that ends a phrase and at contrast words. */
export function clausesOf(text: string, thisYear: number, langs: readonly Lang[] = LANGUAGES): { tokens: Token[]; clauses: Clause[] } {
  const tokens = tokenize(text);
  const clauses: Clause[] = [];
  let start = 0;
  const close = (end: number) => {
    if (end <= start) return;
    const part = tokens.slice(start, end);
    clauses.push({
      start,
      end,
      from: part[0].start,
      to: part[part.length - 1].end,
      tense: tenseOf(
        part.map((t) => t.t),
        part,
        langs,
        thisYear,
      ),
    });
    start = end;
  };
  for (let i = 0; i < tokens.length; i++) {
    if (i > start && BREAKS.has(tokens[i].t)) close(i);
    // Punctuation between this word and the next ends the clause: not a hyphen or an apostrophe
    // inside a name, nor the dot of an abbreviation ("St. Catharines", "U.S.", "N.-B.").
    const next = tokens[i + 1];
    if (next && next.start > tokens[i].end) {
      const between = text.slice(tokens[i].end, next.start);
      const sentenceEnd = /\.\s/.test(between) && tokens[i].raw.length >= 3;
      if (/[,;!?\n:()]/.test(between) || sentenceEnd) close(i + 1);
    }
  }
  close(tokens.length);
  // "at the border, but that was in 2019": the clause before a past one that points back at it is past too.
  const back = wordIndex('backReference', langs);
  for (let i = 1; i < clauses.length; i++) {
    const c = clauses[i];
    const w = tokens.slice(c.start, c.end).map((t) => t.t);
    const first = BREAKS.has(w[0]) ? 1 : 0;
    if (c.tense === 'past' && back.at(w, first).length && clauses[i - 1].tense === null) clauses[i - 1].tense = 'past';
  }
  return { tokens, clauses };
}

/** The clause a token is in. */
export function clauseAt(clauses: readonly Clause[], token: number): Clause | undefined {
  return clauses.find((c) => token >= c.start && token < c.end);
}
