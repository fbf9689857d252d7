/**
 * Text messages: how the assistant's words are cut into the messages that are sent.
 *
 * SMS is billed by the segment (segments.ts): the words of one turn are laid out so that they cost
 * as few segments as possible, each message breaking between words. WhatsApp has no segments:
 * there a message is at most WHATSAPP_MAX characters, split between sentences.
 */
import { SegmentCounter, capacity, encodingOf, unitsOf } from './segments';

/** WhatsApp: at most 320 characters in a message here; longer text is split between sentences. */
export const WHATSAPP_MAX = 320;

/**
 * SMS: at most this many segments in one message (three: 459 GSM-7 characters, 201 UCS-2). A longer
 * turn is sent as several messages, cut between words where a segment ends.
 */
export const SMS_MAX_SEGMENTS = 3;

/**
 * A sentence ends with . ! ? or … and a space, but not after a number ("8. Email") or a short
 * abbreviation ("U.S. ", "É.-U. ", "EE. UU. ", "Dr. "): the word before the stop has three
 * letters or more, or the stop is ! ? or ….
 */
const SENTENCE_END = /(?<=(?:\p{L}{3,}[.]|[!?…])["»”)]*)\s+/u;
const ENDS_SENTENCE = /(?:\p{L}{3,}[.]|[!?…])["»”)]*$/u;

/** Splits text into parts of at most `max` characters: between lines, then sentences, then words. */
export function splitMessage(text: string, max = WHATSAPP_MAX): string[] {
  // Each piece remembers how it joins the one before: a new line, or a space within a line.
  const pieces = text
    .split('\n')
    .flatMap((line) =>
      (line.length <= max ? [line] : line.split(SENTENCE_END))
        .flatMap((piece) => (piece.length <= max ? [piece] : byWords(piece, max)))
        .map((piece, i) => ({ piece, sep: i === 0 ? '\n' : ' ' })),
    );
  const parts: string[] = [];
  let current = '';
  for (const { piece, sep } of pieces) {
    if (current === '') current = piece;
    else if ((current + sep + piece).length <= max) current += sep + piece;
    else {
      parts.push(current);
      current = piece;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

function byWords(text: string, max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (let word of text.split(/\s+/)) {
    // A "word" longer than a message (a pasted link, a flood of one character) is cut.
    while (word.length > max) {
      if (current) out.push(current);
      current = '';
      out.push(word.slice(0, max));
      word = word.slice(max);
    }
    if (current && (current + ' ' + word).length > max) {
      out.push(current);
      current = word;
    } else {
      current = current ? current + ' ' + word : word;
    }
  }
  if (current) out.push(current);
  return out;
}

/**
 * Typographic punctuation and spaces that GSM-7 lacks, as the plain ones it has. One curly quote
 * would send a whole message in UCS-2 (70 characters a segment instead of 160): what the family
 * reads is the same. Letters are never changed: é, ç, á, ñ stay whatever they cost.
 */
const PLAIN: [RegExp, string][] = [
  [/«[\s\u00a0\u202f]*/g, '"'],
  [/[\s\u00a0\u202f]*»/g, '"'],
  [/[“”„‟″]/g, '"'],
  [/[‘’‚‛′]/g, "'"],
  [/…/g, '...'],
  [/[‐‑‒–—―]/g, '-'],
  [/[·•]/g, '-'],
  [/[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, ' '],
  [/[\u200b-\u200d\u2060\ufeff]/g, ''],
];

export function plainPunctuation(text: string): string {
  let out = text;
  for (const [pattern, plain] of PLAIN) out = out.replace(pattern, plain);
  return out;
}

/** A word of a turn, with the white space before it and how good a place that is to cut. */
interface Token {
  text: string;
  /** What joins it to the word before within a message ('' for a piece of a word cut in two). */
  sep: string;
  /** The cost of starting a message here: 0 between the turn's messages, 1 a line, 2 a sentence, 3 a word. */
  cut: number;
}

function tokens(blocks: readonly string[], maxSegments: number): Token[] {
  const out: Token[] = [];
  for (const block of blocks) {
    const parts = block.trim().split(/(\s+)/);
    for (let i = 0; i < parts.length; i += 2) {
      const word = parts[i];
      if (!word) continue;
      const space = i === 0 ? null : parts[i - 1];
      const sep = space === null ? '\n\n' : space;
      const cut = space === null ? 0 : space.includes('\n') ? 1 : ENDS_SENTENCE.test(parts[i - 2]) ? 2 : 3;
      out.push(...pieces(word, maxSegments).map((text, k) => (k === 0 ? { text, sep, cut } : { text, sep: '', cut: 9 })));
    }
  }
  if (out.length) out[0] = { ...out[0], sep: '' };
  return out;
}

/** A word longer than a whole message (a pasted link, a flood of one letter) is cut. */
function pieces(word: string, maxSegments: number): string[] {
  const encoding = encodingOf(word);
  const max = capacity(maxSegments, encoding);
  const out: string[] = [];
  let current = '';
  let units = 0;
  for (const c of word) {
    const u = unitsOf(c, encoding);
    // A little short of the capacity: a two-unit character must not straddle a segment.
    if (units + u > max - maxSegments) {
      out.push(current);
      current = '';
      units = 0;
    }
    current += c;
    units += u;
  }
  out.push(current);
  return out;
}

interface Plan {
  segments: number;
  messages: number;
  cuts: number;
  /** Where the last message of this plan begins. */
  from: number;
}

/** Fewer segments first, then fewer messages, then cuts in better places. */
function better(a: Plan, b: Plan | undefined): boolean {
  if (!b) return true;
  if (a.segments !== b.segments) return a.segments < b.segments;
  if (a.messages !== b.messages) return a.messages < b.messages;
  return a.cuts < b.cuts;
}

/**
 * The messages of one turn for SMS: its texts (typographic punctuation made plain), joined or cut
 * between words so that they cost the fewest segments, each message at most `maxSegments`; among
 * layouts that cost the same, the one with the fewest messages (they may arrive out of order),
 * then the one that cuts between the turn's texts, lines and sentences rather than within them.
 * Each message is encoded on its own: a part with no letter outside GSM-7 is not sent in UCS-2
 * because another part has one.
 */
export function layoutSms(blocks: readonly string[], maxSegments = SMS_MAX_SEGMENTS): string[] {
  const words = tokens(blocks.map(plainPunctuation), maxSegments);
  const n = words.length;
  if (n === 0) return [];
  // best[j]: the cheapest way to send words[0..j) as whole messages.
  const best: (Plan | undefined)[] = [{ segments: 0, messages: 0, cuts: 0, from: -1 }];
  for (let i = 0; i < n; i++) {
    const before = best[i];
    if (!before) continue;
    const counter = new SegmentCounter().push(words[i].text);
    for (let e = i + 1; e <= n; e++) {
      if (e > i + 1) counter.push(words[e - 1].sep + words[e - 1].text);
      if (counter.segments > maxSegments) break;
      const plan: Plan = {
        segments: before.segments + counter.segments,
        messages: before.messages + 1,
        cuts: before.cuts + (e < n ? words[e].cut : 0),
        from: i,
      };
      if (better(plan, best[e])) best[e] = plan;
    }
  }
  const messages: string[] = [];
  for (let e = n; e > 0;) {
    const from = best[e]!.from;
    messages.unshift(
      words
        .slice(from, e)
        .map((w, k) => (k === 0 ? w.text : w.sep + w.text))
        .join(''),
    );
    e = from;
  }
  return messages;
}
