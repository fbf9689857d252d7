/**
 * Noise: a message that carries nothing to keep, as an answer or as the family's story. Not kept;
 * the question is asked again, briefly (src/engine/interpret.ts). What counts:
 * - nothing but a link (or links), with at most a few empty words around it;
 * - no letter or digit at all: emoji, punctuation ("👍", "???", "!!!!");
 * - keyboard mash: a letter held down ("kkkkkkk", "0000000000"), a few keys repeated
 *   ("kdkdkdkd", "asdasd"), a run along a keyboard row ("asdfghjk", "ghjklñ");
 * - only laughter, interjections or insults (locales/<lang>/vocab.json `noise`), with at most
 *   the common words of a sentence around them ("lol", "wtf is this", "mdr", "jajaja");
 * - the same word again and again ("court court court court");
 * - a flood: a long message of a few words repeated, or of mash (thousands of characters held
 *   down or pasted); a long text of real words is not one, however repetitive.
 * It says nothing about danger: src/nlu/danger.ts is asked first.
 */
import { LANGUAGES } from '../../dialogs/context';
import { PhraseIndex, words } from './normalize';
import { vocab } from './vocab';

/**
 * A web address: with a scheme, with www., a domain followed by a path ("bit.ly/x"), or a bare
 * domain with a common ending ("google.com"); never the domain of an e-mail address.
 */
const LINK =
  /(?:\bhttps?:\/\/|\bwww\.)\S+|(?<![@\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\/\S*|(?<![@\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|edu|info|ly|gl|io|co|ca|us|mx|fr|ht|me)\b(?![@.\w])/giu;

/** Keyboard rows (QWERTY, AZERTY; ñ folds to n), forwards: a run of 4 or more keys is mash. */
const ROWS = ['qwertyuiop', 'asdfghjkln', 'zxcvbnm', 'azertyuiop', 'qsdfghjklm', 'wxcvbn'];

/** The rows whose keys alone spell no word of ours seven letters long (QWERTY and AZERTY home and bottom rows). */
const DRUMMED = ['asdfghjkln', 'zxcvbnm', 'qsdfghjklm', 'wxcvbn'];

/** A message this long made of a few words repeated is a flood. */
const FLOOD_CHARS = 300;
/** "A few words": at most this many different ones. */
const FLOOD_WORDS = 5;
/** Or this share of its words mash or noise. */
const FLOOD_NOISE = 0.8;
/** No word is this long. */
const LONGEST_WORD = 30;

let known: { noise: PhraseIndex<true>; plain: Set<string> } | null = null;
/** Every language's noise words, and the words that say nothing on their own (stopwords, politeness). */
function lists() {
  if (!known) {
    const noise = new PhraseIndex<true>(LANGUAGES.flatMap((l) => vocab(l).noise.map((p) => [p, true] as const)));
    // The writer in one word ("yo", "me", "moi") answers "who?": not a word that says nothing ("yo jaja").
    const self = new Set(
      LANGUAGES.flatMap((l) =>
        vocab(l)
          .kin.self.map(words)
          .filter((w) => w.length === 1)
          .flat(),
      ),
    );
    // A yes or a no in one word says something after an interjection ("bah oui", "pff non").
    const answer = new Set(
      LANGUAGES.flatMap((l) =>
        [...vocab(l).yes, ...vocab(l).no]
          .map(words)
          .filter((w) => w.length === 1)
          .flat(),
      ),
    );
    const plain = new Set(LANGUAGES.flatMap((l) => [...vocab(l).stopwords, ...vocab(l).filler].flatMap(words)).filter((w) => !self.has(w) && !answer.has(w)));
    known = { noise, plain };
  }
  return known;
}

const BACKWARDS = ROWS.map((row) => [...row].reverse().join(''));

function onARow(t: string): boolean {
  return t.length >= 4 && /^[a-z]+$/.test(t) && ROWS.some((row) => row.includes(t));
}

/** Keys next to each other on a row, either way ("asd", "lkj"). */
const alongARow = (t: string) => [...ROWS, ...BACKWARDS].some((row) => row.includes(t));

/** A long token made only of runs of 3 or more keys along a row, either way ("nlkjasdnlkj", "asdlkjasd"). */
function runsAlongRows(t: string): boolean {
  const x = t.normalize('NFD').replace(/\p{M}/gu, '');
  if (x.length < 8 || !/^[a-z]+$/.test(x)) return false;
  let at = 0;
  while (at < x.length) {
    let end = at + 3;
    if (end > x.length || !alongARow(x.slice(at, end))) return false;
    while (end < x.length && alongARow(x.slice(at, end + 1))) end++;
    at = end;
  }
  return true;
}

/** A token no one types as a word. */
export function isMash(t: string): boolean {
  if (t.length > LONGEST_WORD) return true;
  // One key held: 4 letters, or 6 digits (a real number may repeat a digit a few times).
  if (/^(\p{L})\1{3,}$/u.test(t) || /^(\d)\1{5,}$/.test(t)) return true;
  // A few keys again and again: "kdkdkdkd" (2 keys, 3 times), "asdasdasd"; twice is enough along a row ("asdasd").
  const unit = /^(\p{L}{2,4}?)\1+$/u.exec(t);
  if (unit && (t.length / unit[1].length >= 3 || (unit[1].length >= 3 && alongARow(unit[1])))) return true;
  if (onARow(t) || runsAlongRows(t)) return true;
  // Fingers drummed on the home or bottom row ("asdkjaslkdj", "kjdkjdkdj"): no word of ours is
  // seven letters of those keys alone (the top row has some: "typewriter", "territory").
  if (t.length >= 7 && DRUMMED.some((row) => [...t].every((ch) => row.includes(ch)))) return true;
  // A held key inside laughter or a groan: "aaaahhhhh", "lolllll" are "ah", "lol".
  const collapsed = t.replace(/(\p{L})\1+/gu, '$1');
  if (collapsed !== t && t.length >= 5 && collapsed.length <= 3 && lists().noise.whole(collapsed).length > 0) return true;
  return false;
}

export function isNoise(text: string): boolean {
  const s = typeof text === 'string' ? text : '';
  if (s.trim() === '') return false;
  const withoutLinks = s.replace(LINK, ' ');
  const hadLink = withoutLinks !== s;
  const w = words(withoutLinks);
  if (w.length === 0) return true; // links, emoji, punctuation only
  const { noise, plain } = lists();
  // Which tokens are noise words (phrases may span several: "fuck you", "ta gueule").
  const noisy = new Array<boolean>(w.length).fill(false);
  for (const m of noise.all(w)) for (let i = m.start; i < m.end; i++) noisy[i] = true;
  // Each different word is looked at once (a flood repeats a few).
  const mash = new Map<string, boolean>();
  w.forEach((t, i) => {
    let m = mash.get(t);
    if (m === undefined) mash.set(t, (m = isMash(t)));
    if (m) noisy[i] = true;
  });
  const empty = (t: string, i: number) => noisy[i] || plain.has(t);
  if (w.every(empty) && (hadLink || noisy.some(Boolean))) return true;
  // The same word again and again.
  const distinct = new Set(w);
  if (w.length >= 4 && distinct.size === 1) return true;
  // A flood: long, and a handful of words repeated, or nearly all of it mash and noise. (A long
  // text of real words is an answer, however repetitive: pasted, it is kept and bounded.)
  if (s.length >= FLOOD_CHARS && (distinct.size <= FLOOD_WORDS || noisy.filter(Boolean).length >= FLOOD_NOISE * w.length)) return true;
  return false;
}

/** A link in the message (a story with nothing else in it but a link is not a story). */
export function hasLink(text: string): boolean {
  return new RegExp(LINK.source, LINK.flags).test(typeof text === 'string' ? text : '');
}
