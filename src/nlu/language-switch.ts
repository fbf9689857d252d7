/**
 * Asking for another language in a sentence, at any question: "can we do this in French",
 * "english please?", "¿habla francés?", "parlez-vous anglais", "mejor en inglés", and the other way
 * round, "no hablo inglés" (the conversation goes on in the language the message is written in).
 *
 * A language is named (the one-word names in locales/<lang>/vocab.json `languageNames`, any
 * language's) and asked for (`languageRequest`): a word before it ("habla", "parlez-vous",
 * "prefer"), a word after it ("please", "svp", "por favor"), a question mark right after it, or
 * "in" / "en" before it in a clause that asks (one with `request` words: "can we", "continue",
 * "on peut", "podemos", "mejor"…, or a short one: "prefiero en inglés") — "the doctors speak in
 * English" or "I have the letter in French" is a fact, not a request. A name that is refused ("I don't speak", "no
 * hablo" before it; "is hard" after it) is not asked for. Only a short message counts. Two
 * languages named at once ("my mom speaks Spanish but I write better in English"): ask, unless
 * any will do (`either`: "les deux, ça me va").
 */
import { LANGUAGES, type Lang } from '../../dialogs/context';
import { detectLanguage } from './language';
import { PhraseIndex, tokenize, words, type Token } from './normalize';
import { vocab } from './vocab';

/** Longer than this, a message naming a language is telling something else. */
const MAX_WORDS = 16;
/** No message of that many words is longer than this: a longer one is not looked into. */
const MAX_CHARS = 600;
/** Shorter names are codes ("en", "es") or words of their own ("en" is "in"). */
const MIN_NAME = 4;
/** A clause this short is a request by itself ("mejor en inglés", "prefiero en inglés"). */
const SHORT_CLAUSE = 4;

type Cue = 'before' | 'in' | 'request' | 'after' | 'either' | 'refuse' | 'refuseAfter' | 'clauseBreak';

let built: { names: Map<string, Lang>; cues: PhraseIndex<Cue> } | null = null;
function lists() {
  if (!built) {
    const names = new Map<string, Lang>();
    for (const l of LANGUAGES)
      for (const target of LANGUAGES)
        for (const name of vocab(l).languageNames[target]) {
          const w = words(name);
          if (w.length === 1 && w[0].length >= MIN_NAME) names.set(w[0], target);
        }
    const cues = new PhraseIndex<Cue>(
      LANGUAGES.flatMap((l) => {
        const r = vocab(l).languageRequest;
        return [
          ...(['before', 'in', 'request', 'after', 'either', 'refuse', 'refuseAfter'] as const).flatMap((k) => r[k].map((p) => [p, k] as const)),
          ...vocab(l).danger.clauseBreaks.map((p) => [p, 'clauseBreak' as const] as const),
        ];
      }),
    );
    built = { names, cues };
  }
  return built;
}

interface Mention {
  lang: Lang;
  asked: boolean;
  refused: boolean;
}

/** Nothing but spaces between two tokens (no comma or full stop: "no. english please" is not "no english"). */
const joined = (s: string, a: Token, b: Token) => /^[\s'’-]*$/.test(s.slice(a.end, b.start));

function mentions(s: string, tokens: Token[]): Mention[] {
  const { names, cues } = lists();
  const w = tokens.map((t) => t.t);
  const found = cues.all(w);
  const endingAt = (i: number, k: Cue) => found.some((m) => m.value === k && m.end === i && joined(s, tokens[i - 1], tokens[i]));
  const startingAt = (i: number, k: Cue) => found.some((m) => m.value === k && m.start === i && joined(s, tokens[i - 1], tokens[i]));
  // Clauses: a number per token (punctuation, "and", "pero", "mais"… end one).
  const breaks = new Set(found.filter((m) => m.value === 'clauseBreak').map((m) => m.start));
  const clause: number[] = [];
  for (let i = 0, c = 0; i < tokens.length; i++) {
    if (i > 0 && (breaks.has(i) || /[.,;:!?]/.test(s.slice(tokens[i - 1].end, tokens[i].start)))) c++;
    clause.push(c);
  }
  const aboutUs = (i: number) =>
    clause.filter((c) => c === clause[i]).length <= SHORT_CLAUSE || found.some((m) => m.value === 'request' && clause[m.start] === clause[i]);
  const out: Mention[] = [];
  tokens.forEach((t, i) => {
    const lang = names.get(t.t);
    if (!lang) return;
    const questionAfter = /^\s*\?/.test(s.slice(t.end));
    out.push({
      lang,
      asked: endingAt(i, 'before') || (endingAt(i, 'in') && aboutUs(i)) || startingAt(i + 1, 'after') || questionAfter,
      refused: endingAt(i, 'refuse') || startingAt(i + 1, 'refuseAfter'),
    });
  });
  return out;
}

/** The language a short message asks to go on in, or null (none, or not clear which). */
export function languageAsked(text: string): Lang | null {
  const s = typeof text === 'string' ? text : '';
  if (s.length > MAX_CHARS) return null;
  const tokens = tokenize(s);
  if (tokens.length === 0 || tokens.length > MAX_WORDS) return null;
  const named = mentions(s, tokens);
  if (named.length === 0) return null;
  // Another language named besides ("my dad reads French but I write in English"): not clear.
  if (new Set(named.filter((m) => !m.refused).map((m) => m.lang)).size > 1) return null;
  const asked = new Set(named.filter((m) => m.asked && !m.refused).map((m) => m.lang));
  if (asked.size === 1) return [...asked][0];
  if (asked.size > 1) return null;
  // "No hablo inglés": not that one; the one the message is written in.
  const refused = new Set(named.filter((m) => m.refused).map((m) => m.lang));
  const own = refused.size > 0 && named.every((m) => m.refused) ? detectLanguage(s) : null;
  return own && !refused.has(own) ? own : null;
}

/**
 * At the language question, a short message naming several languages: the one to go on in when
 * any will do ("les deux, ça me va": the one it is written in), or 'unclear' ("mi mamá habla
 * español pero yo escribo en inglés"); null when it names one or none.
 */
export function languageOfSeveral(text: string): Lang | 'unclear' | null {
  const s = typeof text === 'string' ? text : '';
  if (s.length > MAX_CHARS) return null;
  const tokens = tokenize(s);
  if (tokens.length > MAX_WORDS) return null;
  const named = new Set(
    mentions(s, tokens)
      .filter((m) => !m.refused)
      .map((m) => m.lang),
  );
  if (named.size < 2) return null;
  const anyWillDo = lists()
    .cues.all(tokens.map((t) => t.t))
    .some((m) => m.value === 'either');
  const own = anyWillDo ? detectLanguage(s) : null;
  return own && named.has(own) ? own : 'unclear';
}

/**
 * At the language question, one language named and another said to be hard for them ("spanish, my
 * english is not good", "espagnol, mon français est pas bon", "no hablo bien inglés, español"):
 * the one not refused. Null when none is refused, or when not exactly one is left.
 */
export function languageNotRefused(text: string): Lang | null {
  const s = typeof text === 'string' ? text : '';
  if (s.length > MAX_CHARS) return null;
  const tokens = tokenize(s);
  if (tokens.length > MAX_WORDS) return null;
  const named = mentions(s, tokens);
  const refused = new Set(named.filter((m) => m.refused).map((m) => m.lang));
  const kept = new Set(named.filter((m) => !m.refused && !refused.has(m.lang)).map((m) => m.lang));
  return refused.size > 0 && kept.size === 1 ? [...kept][0] : null;
}

/** An edit distance of at most one: a letter missing, added or changed. */
function oneEditAway(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** Names long enough that one typo still says which ("englis", "fracais", "espñol"). */
const FUZZY_NAME = 6;

/**
 * At the language question, a language named with a typo, alone or with polite words: the one
 * language all its named words (exact or one letter off) point to.
 */
export function languageNamedLoosely(text: string): Lang | null {
  const w = words(text);
  if (w.length === 0 || w.length > 4) return null;
  const { names } = lists();
  const found = new Set<Lang>();
  for (const t of w) {
    if (names.has(t)) found.add(names.get(t)!);
    else if (t.length >= FUZZY_NAME - 1) for (const [name, lang] of names) if (name.length >= FUZZY_NAME && oneEditAway(t, name)) found.add(lang);
  }
  return found.size === 1 ? [...found][0] : null;
}
