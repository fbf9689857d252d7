/**
 * Noise (src/nlu/noise.ts) is not an answer nor a story: links, emoji, keyboard mash, laughter
 * and insults alone, one word again and again, a flood. Real answers, however short or long,
 * are not noise. Phrasings of our own, not the corpus's.
 */
import { hasLink, isNoise } from '../src/nlu';
import { isMash } from '../src/nlu/noise';

describe('isNoise', () => {
  it.each([
    ['a bare link', 'https://example.org/fundraiser/abc'],
    ['a link without a scheme', 'tinyurl.com/4xyz9'],
    ['a bare domain', 'www.example.net'],
    ['two links', 'http://a.example.com http://b.example.com'],
    ['emoji only', '🙏😢'],
    ['punctuation only', '?!?!'],
    ['symbols', '***'],
    ['a key held down', 'pppppppppp'],
    ['a held digit', '99999999'],
    ['two keys again and again', 'fjfjfjfjfj'],
    ['three keys again and again', 'qweqweqwe'],
    ['a keyboard row', 'zxcvbn'],
    ['a keyboard row, AZERTY', 'azerty'],
    ['a row typed twice', 'sdfsdf'],
    ['laughter', 'hahahaha'],
    ['laughter held', 'looool'],
    ['a groan held', 'ughhhhhh'],
    ['an insult', 'screw you'],
    ['an insult with little words', 'you are useless'],
    ['an insult in French', 'va te faire foutre'],
    ['an insult in Spanish', 'eres un pendejo'],
    ['one word again and again', 'passport passport passport passport'],
    ['a flood of one word', 'HELP '.repeat(800)],
    ['a flood of mash', 'ajdkfl;jasdkfj '.repeat(260)],
  ])('%s', (_what, text) => {
    expect(isNoise(text)).toBe(true);
  });

  it.each([
    'no',
    'ok',
    'k',
    '2',
    'yes yes',
    'hola',
    'Lulu Pérez',
    'N/A',
    'maria.lopez@example.com',
    'he lives in St. Catharines',
    'ayuda con mi hijo',
    'the hospital website is www.example.org, the doctor is Dr Patel',
    // A long answer of real words is kept, however repetitive (pasted twice, say).
    'The doctor says the treatment cannot wait and we have all the papers. '.repeat(100),
    '',
  ])('%j is not noise', (text) => {
    expect(isNoise(text)).toBe(false);
  });
});

describe('isMash', () => {
  it('knows words from mash', () => {
    for (const t of ['kkkkkk', 'asdf', 'qwerty', 'jkjkjk', 'hgfhgf', 'x'.repeat(40)]) expect(isMash(t)).toBe(true);
    for (const t of ['murmur', 'couscous', 'papa', 'were', 'tree', 'reza', 'nooooo', 'aaa', '2009', '1111']) expect(isMash(t)).toBe(false);
  });
});

describe('hasLink', () => {
  it('finds a link, never an e-mail address', () => {
    expect(hasLink('see bit.ly/abc')).toBe(true);
    expect(hasLink('write to ana@example.com')).toBe(false);
    expect(hasLink('he is in the U.S. now')).toBe(false);
  });
});

describe('keyboard mash made of runs along a row (issue 13, round 2)', () => {
  it('is noise, and real words are not', () => {
    const { isNoise } = jest.requireActual('../src/nlu/noise') as typeof import('../src/nlu/noise');
    for (const t of ['lkjhasdlkj', 'poiuqwerpoiu', 'ñlkjñlkjasd']) expect(isNoise(t)).toBe(true);
    for (const t of ['afternoon', 'Saskatoon', 'Mississauga', 'whenever']) expect(isNoise(t)).toBe(false);
  });
});
