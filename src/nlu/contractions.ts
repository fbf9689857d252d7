/**
 * Words typed without their apostrophe, split back into the words they are.
 *
 * On a phone keyboard "j'ai", "c'est", "l'hôpital", "quelqu'un", "don't" and "he's" come as "jai",
 * "cest", "lhopital", "quelquun", "dont" and "hes" as often as not. Every phrase of the vocabulary
 * that has such a word is meant for both spellings, so the glued form of each one found in
 * locales/<lang>/vocab.json is read as its parts, exactly as if the apostrophe were there: the
 * tokenizer gives "cest" as "c", "est" on both sides, the text's and the vocabulary's.
 *
 * Only contractions and elisions are taken, never a possessive ("mother's" typed "mothers" is also
 * the plural), and never a glued form that is a word of its own ("we're" typed "were" is the past,
 * "I'll" typed "ill" is being sick, "n'y" typed "ny" is New York).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { localesDir } from '../paths';
import { fold } from './fold';

/** French elisions: the word before the apostrophe. */
const ELIDED = new Set(['l', 'd', 'j', 'm', 't', 's', 'n', 'c', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quelqu', 'aujourd']);
/** English contractions: the part after the apostrophe ("'s" only after these words, see IS_AFTER). */
const CONTRACTED = new Set(['t', 're', 'm', 've', 'll', 'd']);
/** "'s" is "is" or "has" after these; after a noun it is a possessive. */
const IS_AFTER = new Set([
  'he',
  'she',
  'it',
  'that',
  'what',
  'who',
  'there',
  'where',
  'here',
  'how',
  'everything',
  'nothing',
  'everyone',
  'nobody',
  'someone',
  'somebody',
]);
/** Glued forms that are words of their own. */
const OWN_WORDS = new Set([
  'were',
  'well',
  'hell',
  'shell',
  'ill',
  'id',
  'wed',
  'shed',
  'lets',
  'ma',
  'ta',
  'sa',
  'tes',
  'ses',
  'mes',
  'les',
  'des',
  'la',
  'son',
  'ton',
  'men',
  'ten',
  'ny',
  'cant',
  'na',
  'quelle',
  'mont',
  'lice',
]);

/**
 * A French elision glued to a word of four letters or more: "lenterrement", "dhéroïne",
 * "laéroport" (folded). Shorter words make names: "marc" is no "m'arc".
 */
const GLUED_ELISION = /^(qu|[cdjlmnst])([aeiouyh]\p{L}{3,})$/u;

interface Table {
  contractions: Map<string, string[]>;
  /** Every word of every vocabulary, as typed there (a word of its own is never split). */
  known: Set<string>;
  /** The words of the French vocabulary: what an elided word must be. */
  french: Set<string>;
}
let table: Table | null = null;

function strings(v: unknown, out: string[]): void {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      strings(x, out);
    }
  }
}

function parts(word: string): string[] | null {
  const p = fold(word).split(/['’]/);
  if (p.some((x) => !/^\p{L}+$/u.test(x))) return null;
  if (p.length === 2 && ELIDED.has(p[0])) return p;
  if (p.length === 2 && CONTRACTED.has(p[1])) return p;
  if (p.length === 2 && p[1] === 's' && IS_AFTER.has(p[0])) return p;
  return null;
}

function build(): Table {
  const out = new Map<string, string[]>();
  const known = new Set<string>();
  const french = new Set<string>();
  const dir = localesDir();
  for (const lang of readdirSync(dir)) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(dir, lang, 'vocab.json'), 'utf8'));
    } catch {
      continue; // a folder without vocabulary; vocab.ts reports a broken file at startup
    }
    const all: string[] = [];
    strings(json, all);
    for (const s of all) {
      for (const m of fold(s).matchAll(/\p{L}+/gu)) {
        known.add(m[0]);
        if (lang === 'fr') french.add(m[0]);
      }
      for (const m of s.matchAll(/\p{L}+(?:['’]\p{L}+)+/gu)) {
        const p = parts(m[0]);
        const glued = p?.join('');
        if (p && glued && !OWN_WORDS.has(glued)) out.set(glued, p);
      }
    }
  }
  return { contractions: out, known, french };
}

/**
 * The words a glued contraction or elision stands for ("cest" -> ["c", "est"]), or null: one of
 * the vocabulary's own ("c'est"), or a French elision before a word of the French vocabulary that
 * is no word of any vocabulary itself ("lenterrement": "l" "enterrement"; never "dans" or "sont").
 */
export function contractionParts(folded: string): string[] | null {
  table ??= build();
  const own = table.contractions.get(folded);
  if (own) return own;
  const elided = GLUED_ELISION.exec(folded);
  if (elided && !table.known.has(folded) && !OWN_WORDS.has(folded) && table.french.has(elided[2])) return [elided[1], elided[2]];
  return null;
}
