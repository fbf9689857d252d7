/**
 * Danger now, however a family writes it (issue 13 item 1): a probe set of our own phrasings in
 * test/fixtures/danger-phrasings.<lang>.txt, never copied from the corpus. Each "+ " line is a
 * crisis, suicide risk, violence or danger in custody happening now and must be read as danger;
 * each "- " line (a danger that is over, an illness under care or for years, the case being
 * urgent, a figure of speech, a danger later, "no" to the danger question) must not. The lists in
 * locales/<lang>/vocab.json `danger` and the grammar of src/nlu/danger.ts must generalise to them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectDanger } from '../src/nlu';
import { expandPhrase } from '../src/nlu/danger';

function probes(lang: string): { danger: string[]; safe: string[] } {
  const lines = readFileSync(join(__dirname, 'fixtures', `danger-phrasings.${lang}.txt`), 'utf8').split('\n');
  return {
    danger: lines.filter((l) => l.startsWith('+ ')).map((l) => l.slice(2).trim()),
    safe: lines.filter((l) => l.startsWith('- ')).map((l) => l.slice(2).trim()),
  };
}

describe.each(['en', 'fr', 'es'])('danger phrasings (%s)', (lang) => {
  const { danger, safe } = probes(lang);

  it('has a real probe set: at least 80 of each, as many safe as dangerous', () => {
    expect(danger.length).toBeGreaterThanOrEqual(80);
    expect(safe.length).toBeGreaterThanOrEqual(danger.length);
  });

  it.each(danger)('%s', (text) => {
    expect(detectDanger(text)).toBe(true);
  });

  it.each(safe)('%s is not danger now', (text) => {
    expect(detectDanger(text)).toBe(false);
  });
});

describe('a danger vocabulary entry', () => {
  it('stands for every alternative of each word, an empty one making it optional, "_" joining words', () => {
    expect(expandPhrase('is|s following me', [])).toEqual(['is following me', 's following me']);
    expect(expandPhrase('ne|n| veut plus vivre', [])).toEqual(['ne veut plus vivre', 'n veut plus vivre', 'veut plus vivre']);
    expect(expandPhrase('va_a|voy_a matarse', [])).toEqual(['va a matarse', 'voy a matarse']);
    expect(expandPhrase('took * * pills', [])).toEqual(['took * * pills']);
  });

  it('stands for each of the people for "@people"', () => {
    expect(expandPhrase('beating @people', ['me', 'my mom'])).toEqual(['beating me', 'beating my mom']);
  });
});

describe('a state that makes an event grave', () => {
  it('counts with an event, never alone, with another state, or with a crisis that is over', () => {
    expect(detectDanger('she is pregnant and bleeding')).toBe(true);
    expect(detectDanger('she is pregnant and diabetic')).toBe(false);
    expect(detectDanger('he is detained')).toBe(false);
    expect(detectDanger('he had a stroke and he is diabetic')).toBe(false);
  });
});
