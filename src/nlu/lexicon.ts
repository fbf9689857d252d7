/**
 * The words of the vocabularies (locales/<lang>/vocab.json), folded, each as typed there: what the
 * assistant knows as a word of a language. Read raw from the files, apart from vocab.ts, because
 * the tokenizer itself needs it (contractions.ts) and vocab.ts needs the tokenizer.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { localesDir } from '../paths';
import { fold } from './fold';

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

let byLang: Map<string, { strings: string[]; words: Set<string> }> | null = null;

function load(): Map<string, { strings: string[]; words: Set<string> }> {
  const out = new Map<string, { strings: string[]; words: Set<string> }>();
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
    const words = new Set<string>();
    for (const s of all) for (const m of fold(s).matchAll(/\p{L}+/gu)) words.add(m[0]);
    out.set(lang, { strings: all, words });
  }
  return out;
}

/** Every phrase and key of a language's vocabulary, as written there. */
export function vocabularyStrings(lang: string): readonly string[] {
  byLang ??= load();
  return byLang.get(lang)?.strings ?? [];
}

/** Whether a folded word ("court", "enterrement") is a word of a language's vocabulary, or of any. */
export function isVocabularyWord(folded: string, lang?: string): boolean {
  byLang ??= load();
  if (lang) return byLang.get(lang)?.words.has(folded) ?? false;
  for (const l of byLang.values()) if (l.words.has(folded)) return true;
  return false;
}

/** The languages that have a vocabulary. */
export function vocabularyLanguages(): string[] {
  byLang ??= load();
  return [...byLang.keys()];
}
