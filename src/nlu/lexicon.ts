/**
 * The vocabularies as written (locales/<lang>/vocab.json), read once for the whole process: their
 * JSON, which vocab.ts validates, and their words, folded, each as typed there (what the assistant
 * knows as a word of a language). Apart from vocab.ts because the tokenizer itself needs the words
 * (contractions.ts) and vocab.ts needs the tokenizer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LANGUAGES, type Lang } from '../../dialogs/context';
import { fold } from './fold';

/**
 * Where locales/ is: next to src/ when run from source (ts-node, jest), or, when run from the
 * compiled dist/src/nlu, the project's own locales/ (the file the paralegal edits) in preference
 * to the copy tsc emitted into dist/locales.
 */
export function localesDir(): string {
  const up2 = path.resolve(__dirname, '..', '..');
  const candidates = path.basename(up2) === 'dist' ? [path.resolve(up2, '..', 'locales'), path.join(up2, 'locales')] : [path.join(up2, 'locales')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'en', 'vocab.json'))) ?? candidates[candidates.length - 1];
}

/** The file of a language's vocabulary. */
export const vocabularyFile = (lang: Lang): string => path.join(localesDir(), lang, 'vocab.json');

const json = new Map<Lang, unknown>();

/** A language's vocabulary as written, parsed, not yet validated (vocab.ts does that). */
export function vocabularyJson(lang: Lang): unknown {
  if (!json.has(lang)) json.set(lang, JSON.parse(fs.readFileSync(vocabularyFile(lang), 'utf8')));
  return json.get(lang);
}

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

let byLang: Map<Lang, { strings: string[]; words: Set<string> }> | null = null;

function load(): Map<Lang, { strings: string[]; words: Set<string> }> {
  const out = new Map<Lang, { strings: string[]; words: Set<string> }>();
  for (const lang of LANGUAGES) {
    const all: string[] = [];
    strings(vocabularyJson(lang), all);
    const words = new Set<string>();
    for (const s of all) for (const m of fold(s).matchAll(/\p{L}+/gu)) words.add(m[0]);
    out.set(lang, { strings: all, words });
  }
  return out;
}

/** Every phrase and key of a language's vocabulary, as written there. */
export function vocabularyStrings(lang: Lang): readonly string[] {
  byLang ??= load();
  return byLang.get(lang)?.strings ?? [];
}

/** Whether a folded word ("court", "enterrement") is a word of a language's vocabulary, or of any. */
export function isVocabularyWord(folded: string, lang?: Lang): boolean {
  byLang ??= load();
  if (lang) return byLang.get(lang)?.words.has(folded) ?? false;
  for (const l of byLang.values()) if (l.words.has(folded)) return true;
  return false;
}
