/**
 * Each kind of channel has its own wording where it matters: text messages carry the carriers'
 * words (message and data rates, HELP, STOP); web chat and Bot Framework never show them.
 */
import type { Channel, Lang } from '../dialogs/context';
import { LANGUAGES } from '../dialogs/context';
import { wordingOf } from '../src/i18n/render';
import { converse } from './support/converse';
import { REFERENCE } from './scripts.reference';

/** The SMS-only wording of each language: rates, the HELP keyword, the STOP keyword. */
const SMS_ONLY: Record<Lang, RegExp[]> = {
  en: [/Msg & data rates/, /Reply HELP/, /\bSTOP\b/],
  fr: [/frais de messagerie/, /Répondez AIDE/, /\bSTOP\b/],
  es: [/tarifas de mensajes/, /Responda AYUDA/, /\bSTOP\b/],
};
const HELP: Record<Lang, string> = { en: 'help', fr: 'aide', es: 'ayuda' };

/** The reference intake, asking for help once after the notice; web chat also gives a phone number. */
function script(lang: Lang, channel: Channel): string[] {
  const lines = [...REFERENCE[lang]];
  lines.splice(3, 0, HELP[lang]);
  if (channel !== 'sms') lines.splice(lines.length - 3, 0, '716 555 0199');
  return lines;
}

describe('wording by kind of channel', () => {
  it('SMS and WhatsApp get the text-message wording; web chat and Bot Framework the web wording', () => {
    expect((['sms', 'whatsapp', 'webchat', 'botframework', 'cli'] as Channel[]).map(wordingOf)).toEqual(['sms', 'sms', 'web', 'web', 'sms']);
  });

  for (const lang of LANGUAGES) {
    it(`${lang}: the reference intake over web chat shows no SMS wording; over SMS it does`, () => {
      const web = converse(script(lang, 'webchat'), { channel: 'webchat' });
      const sms = converse(script(lang, 'sms'));
      for (const c of [web, sms]) {
        expect(c.summary.status).toBe('complete');
        expect(c.keys).toEqual(expect.arrayContaining(['q.consent.prompt', 'say.help']));
      }
      const webText = web.turns.flatMap((t) => t.texts).join('\n');
      const smsText = sms.turns.flatMap((t) => t.sms).join('\n');
      for (const pattern of SMS_ONLY[lang]) {
        expect(webText).not.toMatch(pattern);
        expect(smsText).toMatch(pattern);
      }
      // The same notice and help, worded for the web: the keyword to get help is still there.
      expect(webText).toContain(HELP[lang].toUpperCase());
    });
  }
});
