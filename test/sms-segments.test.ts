/**
 * What an intake costs the firm over SMS: segments counted as carriers count them, a turn laid
 * out to use as few as it can (never cutting a word), English kept in GSM-7 and French and
 * Spanish in UCS-2 only for their own letters.
 */
import fc from 'fast-check';
import type { Lang } from '../dialogs/context';
import { LANGUAGES } from '../dialogs/context';
import { segmentsOf, nonGsm7 } from '../src/i18n/segments';
import { SMS_MAX_SEGMENTS, layoutSms, plainPunctuation } from '../src/i18n/sms';
import { converse } from './support/converse';
import { REFERENCE } from './scripts.reference';

describe('segments, by the carriers’ rules', () => {
  it('GSM-7: 160 characters in one segment, then 153 a segment', () => {
    expect(segmentsOf('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(segmentsOf('a'.repeat(161)).segments).toBe(2);
    expect(segmentsOf('a'.repeat(306)).segments).toBe(2);
    expect(segmentsOf('a'.repeat(307)).segments).toBe(3);
  });

  it('GSM-7: a character of the extension table counts two, and is never cut between segments', () => {
    expect(segmentsOf('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(segmentsOf('a'.repeat(159) + '€').segments).toBe(2);
    for (const c of '^{}\\[~]|€') expect(segmentsOf(c).units).toBe(2);
    // 306 septets would be two segments, but the escape and its character cannot straddle the first boundary.
    expect(segmentsOf('a'.repeat(152) + '€' + 'a'.repeat(152))).toEqual({ encoding: 'GSM-7', units: 306, segments: 3 });
  });

  it('UCS-2: 70 code units in one segment, then 67 a segment; a surrogate pair is never cut', () => {
    expect(segmentsOf('á'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(segmentsOf('á'.repeat(71)).segments).toBe(2);
    expect(segmentsOf('á'.repeat(134)).segments).toBe(2);
    expect(segmentsOf('á'.repeat(135)).segments).toBe(3);
    expect(segmentsOf('😀').units).toBe(2);
    expect(segmentsOf('á'.repeat(66) + '😀' + 'á'.repeat(66))).toEqual({ encoding: 'UCS-2', units: 134, segments: 3 });
  });

  it('knows which letters GSM-7 has: é è ù ì ò à Ç ñ ü ¿ ¡ are in it; á í ó ú ç ê â ô À are not, nor typographic punctuation', () => {
    expect(nonGsm7('éèùìòàÇÉñÑüÜäöÄÖ¿¡£$@_')).toEqual([]);
    expect(nonGsm7('áíóúçêâôÀ')).toEqual([...'áíóúçêâôÀ']);
    expect(nonGsm7('·“”‘’«»…–')).toEqual([...'·“”‘’«»…–']);
  });
});

describe('plain punctuation for SMS', () => {
  it('makes quotes, apostrophes, ellipses, dashes and odd spaces plain, and leaves every letter alone', () => {
    expect(plainPunctuation('Au sujet de « voies de fait » :')).toBe('Au sujet de "voies de fait" :');
    expect(plainPunctuation('About the “assault” charge')).toBe('About the "assault" charge');
    expect(plainPunctuation('O’Brien… 2009–2010 · ok\u00a0ici\u200b')).toBe("O'Brien... 2009-2010 - ok ici");
    expect(plainPunctuation('é è à ç ê á í ó ú ñ ü ¿ ¡ À Ç')).toBe('é è à ç ê á í ó ú ñ ü ¿ ¡ À Ç');
  });
});

/** The words of a text, in order (how SMS messages join back into what was meant). */
const wordsOf = (texts: readonly string[]) => texts.join(' ').split(/\s+/).filter(Boolean);

describe('a turn laid out for SMS', () => {
  it('cuts a text of 310 GSM-7 characters into two segments where a single message would cost three', () => {
    const text = Array.from({ length: 62 }, (_, i) => `w${String(i).padStart(3, '0')}`).join(' '); // 62 words of 4 letters: 309 characters
    expect(segmentsOf(text).segments).toBe(3);
    const messages = layoutSms([text]);
    expect(messages.reduce((n, m) => n + segmentsOf(m).segments, 0)).toBe(2);
    expect(wordsOf(messages)).toEqual(wordsOf([text]));
  });

  it('joins short messages of a turn into one when that is cheaper, and keeps a GSM-7 part out of UCS-2', () => {
    expect(layoutSms(['Thank you.', 'What is your name?'])).toEqual(['Thank you.\n\nWhat is your name?']);
    // Together they would be 183 UCS-2 units (3 segments); apart, one GSM-7 segment and one UCS-2.
    const plain =
      'Now some questions we ask everyone, whoever they are and wherever they come from, so please do not worry about them at all, they are asked of all.';
    const accented = '¿Cuál fue el cargo? ¿Dónde ocurrió?';
    const messages = layoutSms([plain, accented]);
    expect(messages).toEqual([plain, accented]);
    expect(messages.map((m) => segmentsOf(m).encoding)).toEqual(['GSM-7', 'UCS-2']);
  });

  const word = fc.oneof(
    fc.stringMatching(/^[a-z]{1,12}$/),
    fc.constantFrom(
      'é',
      'à',
      'ça',
      'être',
      'ñandú',
      'días',
      '¿Qué?',
      '€5',
      '{x}',
      '“quote”',
      'l’avocat',
      '«',
      '»',
      '…',
      '·',
      '😀',
      '1.',
      'U.S.',
      'x'.repeat(500),
    ),
  );
  const block = fc.array(fc.tuple(word, fc.constantFrom(' ', ' ', ' ', '\n')), { minLength: 1, maxLength: 80 }).map((ws) =>
    ws
      .map(([w, s]) => w + s)
      .join('')
      .trim(),
  );

  it('never cuts a word (unless it is longer than a message), never goes over the cap, and costs no more than sending each text alone', () => {
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 4 }), (blocks) => {
        const messages = layoutSms(blocks);
        const plain = blocks.map(plainPunctuation);
        for (const m of messages) expect(segmentsOf(m).segments).toBeLessThanOrEqual(SMS_MAX_SEGMENTS);
        const long = plain.some((b) => wordsOf([b]).some((w) => segmentsOf(w).segments > SMS_MAX_SEGMENTS));
        if (!long) expect(wordsOf(messages)).toEqual(wordsOf(plain));
        else expect(messages.join('').replace(/\s+/g, '')).toBe(plain.join('').replace(/\s+/g, ''));
        const alone = plain.filter((b) => b.length).map((b) => segmentsOf(b).segments);
        if (alone.every((n) => n <= SMS_MAX_SEGMENTS)) {
          const cost = messages.reduce((n, m) => n + segmentsOf(m).segments, 0);
          expect(cost).toBeLessThanOrEqual(alone.reduce((a, b) => a + b, 0));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('the reference intake over SMS', () => {
  /**
   * Segments of the whole intake: 82, 93 and 123 before messages were laid out by segment; the
   * issue's aim (English 55, French 75, Spanish 100). Today: 55, 75, 98 (README); English one more
   * since the intake ends with the message about sending documents (issue 16).
   */
  const AIM: Record<Lang, number> = { en: 56, fr: 75, es: 100 };
  /** The letters each language needs that GSM-7 lacks; nothing else may send a message in UCS-2. */
  const NEEDED: Record<Lang, RegExp> = { en: /^$/, fr: /^[âêîôûëïÿçœÀÂÊÎÔÛËÏŸŒÈ]$/, es: /^[áíóúÁÍÓÚ]$/ };

  const count = (lines: string[]) => {
    const sms = converse(lines).turns.flatMap((t) => t.sms);
    return { sms, segments: sms.reduce((n, m) => n + segmentsOf(m).segments, 0) };
  };

  for (const lang of LANGUAGES) {
    it(`${lang}: costs at most ${AIM[lang]} segments, and only the language's own letters send a message in UCS-2`, () => {
      const { sms, segments } = count(REFERENCE[lang]);
      expect(segments).toBeLessThanOrEqual(AIM[lang]);
      const forced = sms.flatMap((m) => nonGsm7(m).filter((c) => !NEEDED[lang].test(c)));
      expect(forced).toEqual([]);
      // Never mid-word: every message begins and ends with a whole word.
      for (const m of sms) expect(m).toBe(m.trim());
    });
  }

  it('en: typed with a phone’s curly apostrophes, quotes and dashes, it is still all GSM-7', () => {
    const typed = REFERENCE.en.map((l) =>
      l === 'Marc Tremblay'
        ? 'Marc O’Brien-Tremblay'
        : l === 'theft under $5000'
          ? '“theft” under $5000 – shoplifting'
          : l.startsWith('Refused at')
            ? 'Refused at the “Peace Bridge” in 2015 – they gave me a paper'
            : l.replace(/'/g, '’'),
    );
    const { sms, segments } = count(typed);
    // Answers read back as written (the charge is read by the understanding, which may trim it).
    expect(sms.join('\n')).toContain('Refused at the "Peace Bridge" in 2015 - they gave me a paper');
    expect(sms.join('\n')).toContain("Marc O'Brien-Tremblay");
    expect(sms.flatMap((m) => nonGsm7(m))).toEqual([]);
    expect(segments).toBeLessThanOrEqual(AIM.en + 2);
  });
});
