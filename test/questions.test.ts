/**
 * One definition per question (dialogs/questions.ts): its choices are the contract's own lists,
 * and no list of values is written out a second time anywhere in the code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { QUESTIONS } from '../dialogs/questions';
import * as contract from '../src/summary/contract';

const ROOT = join(__dirname, '..');

/** The TypeScript sources of the server and the chart (the widget is a bundle of its own). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'widget' ? [] : sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The contract's value lists and the questions' own choices, with the file that defines them. */
const contractLists = (Object.entries(contract) as Array<[string, unknown]>).filter(
  (e): e is [string, readonly string[]] => Array.isArray(e[1]) && e[1].every((v) => typeof v === 'string'),
);
const lists: Array<[string, readonly string[], string]> = [
  ...contractLists.map(([name, values]): [string, readonly string[], string] => [`contract ${name}`, values, join('src', 'summary', 'contract.ts')]),
  // Choices that are a contract list are checked as that list.
  ...Object.entries(QUESTIONS).flatMap(([id, def]): Array<[string, readonly string[], string]> =>
    'options' in def && def.options && !contractLists.some(([, values]) => def.options.every((o) => values.includes(o)))
      ? [[`question ${id}`, def.options, join('dialogs', 'questions.ts')]]
      : [],
  ),
];

describe('value lists are written once', () => {
  const files = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'dialogs'))].map((path) => ({
    path: relative(ROOT, path),
    text: readFileSync(path, 'utf8'),
  }));
  /** Every array literal of quoted strings written in a file, as a set of its strings. */
  const arrays = (text: string) =>
    [...text.matchAll(/\[\s*(?:(['"])[\w-]+\1\s*,\s*)*(['"])[\w-]+\2\s*,?\s*\]/g)].map(
      (m) => new Set([...m[0].matchAll(/(['"])([\w-]+)\1/g)].map((q) => q[2])),
    );

  it('finds the lists to look for', () => {
    expect(lists.map(([name]) => name)).toEqual(expect.arrayContaining(['contract REASONS', 'contract DOCUMENTS', 'question port']));
  });

  // A list of four values or more written out again (all of it, or all but one value) is a copy
  // that can drift: import it instead. Records keyed by the values (`satisfies Record<Reason, …>`)
  // are checked by the compiler and are not copies.
  it.each(lists.filter(([, values]) => values.length >= 4))('%s is written out only where it is defined', (_, values, home) => {
    const copies = files
      .filter((f) => f.path !== home)
      .filter((f) => arrays(f.text).some((found) => values.filter((v) => found.has(v)).length >= values.length - 1))
      .map((f) => f.path);
    expect(copies).toEqual([]);
  });
});
