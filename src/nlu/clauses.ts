/**
 * The pieces of a short answer, as typed: its clauses ("Ana Pérez, but her passport says Ana
 * Perez Morales" is "Ana Pérez" and "but her passport says…"), and the words around a value that
 * are not the value ("umm", "my name is", "the", "in"). Everything works on the family's own
 * text, so what is kept keeps their spelling, accents and capitals.
 */
import { LANGUAGES, type Lang } from '../../dialogs/context';
import { detectLanguage } from './language';
import { PhraseIndex, asText, tokenize, words, type Token } from './normalize';
import { perLang, vocab, type Vocab } from './vocab';

/** A clause of the message: its text and where it sits in the message. */
export interface Clause {
  text: string;
  start: number;
  end: number;
  /** What separates it from the clause before: ',' '.' '(' ')' ';' a word ("but"), or '' for the first. */
  sep: string;
}

/** The conversation's language, and the one the text itself is written in when it differs. */
export function languagesOf(text: string, lang: Lang): Lang[] {
  const detected = detectLanguage(text);
  return detected && detected !== lang ? [lang, detected] : [lang];
}

type ValueList = keyof Vocab['values'];

/** One of the `values` phrase lists of each language, as an index (built once). */
export const valueIndex = (key: ValueList) => perLang((v) => new PhraseIndex(v.values[key].map((p) => [p, true] as const)));

const INDEXES = new Map<ValueList, (lang: Lang) => PhraseIndex<true>>();
/** The index of a `values` list in one language. */
export function listIn(key: ValueList, lang: Lang): PhraseIndex<true> {
  let get = INDEXES.get(key);
  if (!get) {
    get = valueIndex(key);
    INDEXES.set(key, get);
  }
  return get(lang);
}

/** Politeness and greetings (vocab `filler`) and discourse fillers (`values.fillers`). */
const politeness = perLang((v) => new PhraseIndex(v.filler.map((p) => [p, true] as const)));

/** The longest phrase of any of these lists starting at token i (its end), or -1. */
export function phraseAt(tokens: readonly string[], i: number, keys: readonly ValueList[], langs: readonly Lang[]): number {
  let end = -1;
  for (const l of langs) for (const k of keys) for (const m of listIn(k, l).at(tokens, i)) end = Math.max(end, m.end);
  return end;
}

/** Every word of the text belongs to these lists ("his daughter", "el otro chofer", "soy yo"); an empty text does. */
export function onlyListed(text: string, keys: readonly ValueList[], langs: readonly Lang[]): boolean {
  const w = words(text);
  for (let i = 0; i < w.length;) {
    const end = phraseAt(w, i, keys, langs);
    if (end <= i) return false;
    i = end;
  }
  return true;
}

/** Whether any phrase of these lists occurs in the tokens (from token `from`). */
export function hasPhrase(tokens: readonly string[], keys: readonly ValueList[], langs: readonly Lang[], from = 0): boolean {
  for (let i = from; i < tokens.length; i++) if (phraseAt(tokens, i, keys, langs) > 0) return true;
  return false;
}

/** Trim spaces and punctuation at both ends, but keep a closing parenthesis, quote or "#" that belongs to the value. */
export function trimText(s: string): string {
  const t = s
    .replace(/^[\s,.;:!?¡¿\-–—*"“”«»]+/u, '')
    .replace(/[\s,.;:!¡¿\-–—*"“”«»]+$/u, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
  // A quote that closes inside the value keeps the one that opened it ('"theft" under $5000').
  const opening = /^[\s,.;:!?¡¿\-–—*]*(["“«])/u.exec(s)?.[1];
  return opening && closesUnopened(t) ? opening + t : t;
}

/** Whether a closing quote in the text has no opening one before it. */
function closesUnopened(t: string): boolean {
  const count = (re: RegExp) => (t.match(re) ?? []).length;
  return count(/"/g) % 2 === 1 || count(/”/g) > count(/“/g) || count(/»/g) > count(/«/g);
}

/**
 * Remove leading phrases of these lists (repeatedly, in any order) from a raw text, so long as
 * something is left. Returns what is left, as typed.
 */
export function stripLeading(raw: string, keys: readonly ValueList[], langs: readonly Lang[], politenessToo = false): string {
  let s = trimText(raw);
  for (;;) {
    const tokens = tokenize(s);
    const w = tokens.map((t) => t.t);
    // A phrase that ends before a possessive is not one: "i am the traveler" is not cut from "i am
    // the traveler's sister" (where "i am" is).
    const possessiveAt = (e: number) => tokens[e]?.t === 's' && /^['’]$/u.test(s.slice(tokens[e - 1].end, tokens[e].start));
    const ends: number[] = [];
    for (const l of langs) for (const k of keys) for (const m of listIn(k, l).at(w, 0)) ends.push(m.end);
    if (politenessToo) for (const l of langs) for (const m of politeness(l).at(w, 0)) ends.push(m.end);
    const end = Math.max(-1, ...ends.filter((e) => !possessiveAt(e)));
    // Parts of one typed word share its place ("in9" is "in" and "9"): a phrase that ends inside a
    // word cuts nothing, and cutting nothing again would never end.
    if (end <= 0 || end >= tokens.length || tokens[end].start === tokens[end - 1].start) return s;
    s = trimText(s.slice(tokens[end].start));
  }
}

/** Remove trailing phrases of these lists (and politeness: "le soir svp") from a raw text, so long as something is left. */
export function stripTrailing(raw: string, keys: readonly ValueList[], langs: readonly Lang[]): string {
  let s = trimText(raw);
  for (;;) {
    const tokens = tokenize(s);
    const w = tokens.map((t) => t.t);
    let cut = -1;
    for (let i = 1; i < w.length && cut < 0; i++) {
      const ends = (idx: PhraseIndex<true>) => idx.at(w, i).some((m) => m.end === w.length);
      // Not inside a typed word ("2pm", "in9"): cutting there would cut the whole word.
      if (tokens[i].start === tokens[i - 1].start) continue;
      if (langs.some((l) => ends(politeness(l)) || keys.some((k) => ends(listIn(k, l))))) cut = i;
    }
    if (cut < 0) return s;
    s = trimText(s.slice(0, tokens[cut].start));
  }
}

/** Fillers, politeness and greetings off both ends ("umm", "so", "please", "thanks"). */
export function withoutFillers(raw: string, langs: readonly Lang[]): string {
  return stripTrailing(stripLeading(raw, ['fillers'], langs, true), ['fillers'], langs);
}

/** Titles of every language ("dr", "sra", "mme"), whose dot does not end a sentence. */
const TITLES = new Set(LANGUAGES.flatMap((l) => vocab(l).values.titles.map((t) => t.toLowerCase())));

/** Abbreviations whose dot does not end a sentence ("Dr.", "No.", "U.S."): one or two letters, or a title. */
function endsSentence(text: string, dot: number): boolean {
  // Only the word just before the dot matters (and looking at it alone keeps a long text linear).
  const before = /([\p{L}\p{N}]+)$/u.exec(text.slice(Math.max(0, dot - 24), dot))?.[1] ?? '';
  if (before.length === 0) return true;
  if (/^\p{L}{1,2}$/u.test(before)) return false;
  return !TITLES.has(before.toLowerCase());
}

/**
 * The clauses of a message: split at sentence ends, semicolons, commas, dashes between spaces,
 * line breaks and parentheses, and before the words that begin another clause ("but", "pero",
 * "mais"). The separator itself belongs to no clause; a clause begun by "but" keeps its "but".
 */
export function clausesOf(raw: string, lang: Lang): Clause[] {
  const text = asText(raw);
  const cuts: Array<{ at: number; skip: number; sep: string }> = [];
  for (const m of text.matchAll(/[;\n\r()[\]]+|,|\s[-–—]+\s|[.!?…]+(?=\s|$)/gu)) {
    const at = m.index ?? 0;
    if (m[0].startsWith('.') && !endsSentence(text, at)) continue;
    const sep = /[()[\]]/u.test(m[0]) ? (/[)\]]/u.test(m[0]) ? ')' : '(') : m[0].includes(',') ? ',' : m[0].trim().charAt(0) || '-';
    cuts.push({ at, skip: m[0].length, sep });
  }
  // "but" and its kin begin a clause of their own (in the conversation's language and the text's).
  const tokens: Token[] = tokenize(text);
  const w = tokens.map((t) => t.t);
  const langs = languagesOf(text, lang);
  for (let i = 1; i < w.length; i++) if (phraseAt(w, i, ['breaks'], langs) > i) cuts.push({ at: tokens[i].start, skip: 0, sep: w[i] });
  cuts.sort((a, b) => a.at - b.at);
  const out: Clause[] = [];
  let from = 0;
  let sep = '';
  const push = (start: number, end: number) => {
    const piece = text.slice(start, end);
    const lead = piece.length - piece.trimStart().length;
    const t = piece.trim();
    if (/[\p{L}\p{N}]/u.test(t)) out.push({ text: t, start: start + lead, end: start + lead + t.length, sep: out.length ? sep : '' });
  };
  for (const c of cuts) {
    if (c.at < from) continue;
    push(from, c.at);
    from = c.at + c.skip;
    // A word that separates ("but") is kept in its clause, so it is both the separator and the clause's start.
    sep = c.sep;
  }
  push(from, text.length);
  return out;
}

/** The message from the start of clause `i` to its end, as typed (what follows a value: its details). */
export function restFrom(raw: string, clauses: readonly Clause[], i: number): string {
  if (i >= clauses.length) return '';
  return trimText(asText(raw).slice(clauses[i].start));
}

/** The message but clause `i`, as typed (the details around a value given in the middle). */
export function allBut(raw: string, clauses: readonly Clause[], i: number): string {
  const s = asText(raw);
  const before = i > 0 ? trimText(s.slice(0, clauses[i].start)) : '';
  const after = i + 1 < clauses.length ? trimText(s.slice(clauses[i + 1].start)) : '';
  return [before, after].filter(Boolean).join(' … ');
}
