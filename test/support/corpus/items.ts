/**
 * The labeled corpus (test/corpus/): what each item says and how it is read from disk. The format
 * is described for writers in test/corpus/README.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lang } from '../../../dialogs/context';

export type Half = 'dev' | 'frozen';

/** A recorded answer, as a label: a value (its form by question kind), not sure, none, or as soon as possible. */
export type Expected =
  { value: unknown; details?: string } | { unsure: true; details?: string } | { none: true; details?: string } | { asap: true; details?: string };

export type Outcome = Expected | { reask: true } | { language: Lang } | { command: 'HELP' | 'HUMAN' | 'STOP' | 'BACK' | 'RESTART' } | { danger: true };

export interface AnswerItem {
  id: string;
  q: string;
  lang: Lang;
  given?: Record<string, Expected>;
  text: string;
  expect: Outcome & { also?: Record<string, Expected>; escalate?: string[] };
  tags?: string[];
  note?: string;
}

export interface OpenerItem {
  id: string;
  lang: Lang;
  text: string;
  facts: Record<string, Expected>;
  mustNot?: string[];
  danger?: boolean;
  noise?: boolean;
  escalate?: string[];
  tags?: string[];
  note?: string;
}

export const CORPUS_DIR = join(__dirname, '..', '..', 'corpus');

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, n }) => {
      try {
        return JSON.parse(line) as T;
      } catch (err) {
        throw new Error(`${file}:${n}: not JSON (${(err as Error).message})`, { cause: err });
      }
    });
}

/** Every answer and opener of one half: test/corpus/<half>/*.answers.jsonl and *.openers.jsonl. */
export function loadHalf(half: Half, dir = CORPUS_DIR): { answers: AnswerItem[]; openers: OpenerItem[] } {
  const folder = join(dir, half);
  const files = readdirSync(folder).sort();
  return {
    answers: files.filter((f) => f.endsWith('.answers.jsonl')).flatMap((f) => readJsonl<AnswerItem>(join(folder, f))),
    openers: files.filter((f) => f.endsWith('.openers.jsonl')).flatMap((f) => readJsonl<OpenerItem>(join(folder, f))),
  };
}

/** What kind of outcome a label or a result is, for the confusion table. */
export function outcomeClass(o: object): string {
  for (const k of ['danger', 'language', 'command', 'reask', 'asap', 'unsure', 'none', 'value'])
    if (k in o) return k === 'command' ? `command:${(o as { command: string }).command}` : k;
  return 'nothing';
}
