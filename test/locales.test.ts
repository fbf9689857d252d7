/**
 * The wording catalogs: every key the code can look up exists in every language, no key is
 * left that nothing uses, the {{variables}} agree across languages, every message fits SMS, and
 * no character a language does not need sends an SMS in UCS-2.
 */
import type { AnyStateNode } from 'xstate';
import { LANGUAGES, type IntakeContext, type Lang } from '../dialogs/context';
import { intakeMachine } from '../dialogs/intake.machine';
import { QUESTION_IDS, questionDef, questionKeys } from '../dialogs/questions';
import { isReadBack } from '../dialogs/review';
import { Catalog, loadMessages, type Messages } from '../src/i18n/catalog';
import {
  ALERTED_SAY_KEYS,
  HOURS_KEYS,
  LINK_SAY_KEYS,
  NO_LINK_SUFFIX,
  Renderer,
  UI_KEYS,
  UNPAGED_SUFFIX,
  WORDING_KINDS,
  toSms,
  toWhatsApp,
} from '../src/i18n/render';
import { parseOfficeHours } from '../src/config/office-hours';
import { NEXT_STEP_KEYS } from '../src/engine/intake-engine';
import { SPOOL_SAY_KEYS } from '../src/spool/notice';
import { QUARANTINE_SAY_KEYS, quarantineNotice } from '../src/conversation/quarantine';
import { SMS_MAX_SEGMENTS, WHATSAPP_MAX, plainPunctuation } from '../src/i18n/sms';
import { nonGsm7, segmentsOf } from '../src/i18n/segments';
import { converse } from './support/converse';
import { REFERENCE } from './scripts.reference';

function flatten(m: Messages, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) {
    if (typeof v === 'string') out[prefix + k] = v;
    else Object.assign(out, flatten(v, `${prefix}${k}.`));
  }
  return out;
}

/** Every `say` key the statechart can emit, read from the chart itself. */
function sayKeys(): string[] {
  const keys = new Set<string>();
  const visitActions = (actions: unknown) => {
    for (const a of ([] as unknown[]).concat(actions ?? [])) {
      const action = a as { type?: string; params?: { key?: string } };
      if (action?.type === 'say' && action.params?.key) keys.add(`say.${action.params.key}`);
    }
  };
  const visit = (node: AnyStateNode) => {
    visitActions(node.entry);
    visitActions(node.exit);
    for (const list of node.transitions.values()) for (const t of list) visitActions(t.actions);
    for (const t of node.always ?? []) visitActions(t.actions);
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(intakeMachine.root);
  return [...keys];
}

const catalogs = Object.fromEntries(LANGUAGES.map((l) => [l, flatten(loadMessages(l))])) as Record<Lang, Record<string, string>>;
const english = catalogs.en;

/** A key worded per kind of channel (`say.help_sms`, `say.help_web`) stands for its base key. */
const KIND_SUFFIX = new RegExp(`_(${WORDING_KINDS.join('|')})$`);
const baseOf = (key: string) => key.replace(KIND_SUFFIX, '');

function usedKeys(): Set<string> {
  const used = new Set<string>([
    ...sayKeys(),
    ...UI_KEYS,
    ...NEXT_STEP_KEYS.map((k) => `say.${k}`),
    ...SPOOL_SAY_KEYS.map((k) => `say.${k}`),
    ...QUARANTINE_SAY_KEYS.map((k) => `say.${k}`),
  ]);
  // Worded apart where no person can be paged; the hours sentence goes into those.
  for (const k of ALERTED_SAY_KEYS) used.add(`say.${k}${UNPAGED_SUFFIX}`);
  for (const k of HOURS_KEYS) used.add(k);
  // Worded apart where no upload link can be given (before the notice is accepted).
  for (const k of LINK_SAY_KEYS) used.add(`say.${k}${NO_LINK_SUFFIX}`);
  for (const q of QUESTION_IDS) {
    const def = questionDef(q);
    const keys = questionKeys(q);
    used.add(keys.prompt);
    used.add(`reprompt.${def.kind}`);
    if (isReadBack(q)) used.add(keys.label);
    for (const o of def.options ?? []) used.add(keys.option(o));
    // Looked up when present: a notice before the question, a re-prompt of its own.
    for (const optional of [keys.intro, keys.reprompt]) if (Object.keys(english).some((k) => baseOf(k) === optional)) used.add(optional);
  }
  return used;
}

describe('wording catalogs', () => {
  const used = usedKeys();

  it('finds the say keys in the chart', () => {
    expect(sayKeys()).toEqual(expect.arrayContaining(['say.emergency', 'say.help', 'say.submitted', 'say.stopped']));
  });

  for (const lang of LANGUAGES) {
    it(`${lang}: has every key the code uses`, () => {
      const present = (k: string) => k in catalogs[lang] || WORDING_KINDS.every((kind) => `${k}_${kind}` in catalogs[lang]);
      expect([...used].filter((k) => !present(k))).toEqual([]);
    });

    it(`${lang}: has no key that nothing uses`, () => {
      expect(Object.keys(catalogs[lang]).filter((k) => !used.has(baseOf(k)))).toEqual([]);
    });

    it(`${lang}: words a key either once or once for every kind of channel, never both`, () => {
      const perKind = [
        ...new Set(
          Object.keys(catalogs[lang])
            .filter((k) => KIND_SUFFIX.test(k))
            .map(baseOf),
        ),
      ];
      expect(perKind.length).toBeGreaterThan(0);
      const wrong = perKind.filter((k) => k in catalogs[lang] || !WORDING_KINDS.every((kind) => `${k}_${kind}` in catalogs[lang]));
      expect(wrong).toEqual([]);
    });

    it(`${lang}: uses the same {{variables}} as English in every message`, () => {
      const vars = (s: string) => [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
      const differ = Object.keys(english).filter((k) => JSON.stringify(vars(english[k])) !== JSON.stringify(vars(catalogs[lang][k] ?? '')));
      expect(differ).toEqual([]);
    });
  }

  describe(`every message fits an SMS of ${SMS_MAX_SEGMENTS} segments and a WhatsApp message, even with a long firm name`, () => {
    const firm = { name: 'Law Offices of Tremblay, Gagnon & Rodríguez-Villanueva PLLC', phone: '+1 (716) 555-0100 ext. 204', timeZone: 'America/New_York' };
    const catalog = new Catalog();
    // Where an attorney can be paged; where none can (the firm's number instead), with long office hours and with none.
    const longHours = { ...firm, hours: parseOfficeHours('Mon-Fri 08:30-18:30; Sat 09:00-13:00; Sun 10:00-12:00') };
    const renderers = [
      new Renderer(catalog, firm, { pagesAPerson: true }),
      new Renderer(catalog, longHours),
      new Renderer(catalog, firm),
      // With the family's upload link (as long as a real one: a long public URL and its token).
      new Renderer(catalog, firm, {
        pagesAPerson: true,
        uploadUrl: () => `https://intake.tremblay-gagnon-rodriguez-law.example.com/documents/${'x'.repeat(110)}.${'y'.repeat(22)}`,
      }),
    ];
    for (const lang of LANGUAGES) {
      it.each(renderers.map((r, i) => [i, r] as const))(`${lang} (renderer %i)`, (_i, renderer) => {
        const c = converse(REFERENCE[lang]);
        const atReview = converse(REFERENCE[lang].slice(0, -1)).context;
        const ctx: IntakeContext = { ...c.context, language: lang };
        const outbound = [
          ...sayKeys().map((k) => ({ say: k.slice('say.'.length) })),
          ...NEXT_STEP_KEYS.map((k) => ({ say: k })),
          ...SPOOL_SAY_KEYS.map((k) => ({ say: k })),
          ...QUESTION_IDS.map((q) => ({ ask: q })),
          ...QUESTION_IDS.map((q) => ({ reprompt: q, offerHuman: true })),
        ];
        // The set-aside notice is worded outside the chart (src/conversation/quarantine.ts): told to someone, and told to nobody (the longest hours).
        const setAside = [true, false].map((reached) => quarantineNotice(catalog, longHours, lang, reached));
        expect(setAside.map((r) => r.key).sort()).toEqual(QUARANTINE_SAY_KEYS.map((k) => `say.${k}`).sort());
        const rendered = [
          ...outbound.map((o) => renderer.render(o, ctx)),
          renderer.render({ ask: 'review' }, { ...atReview, language: lang }),
          ...setAside.map((r) => [r]),
        ];
        const parts = rendered.flatMap((r) => toSms(r));
        expect(parts.length).toBeGreaterThan(outbound.length);
        expect(parts.filter((p) => segmentsOf(p).segments > SMS_MAX_SEGMENTS)).toEqual([]);
        expect(parts.filter((p) => p.includes('{{') || /\bq\.\w+\./.test(p))).toEqual([]);
        const whatsapp = rendered.flatMap((r) => toWhatsApp(r));
        expect(whatsapp.filter((p) => p.length > WHATSAPP_MAX)).toEqual([]);
      });
    }
  });

  describe('no message over web chat carries the text-message wording (rates, HELP / STOP keywords)', () => {
    const renderer = new Renderer(new Catalog(), { name: 'Test Law', phone: '+1 716 555 0100', timeZone: 'America/New_York' });
    const SMS_ONLY = /Msg & data rates|frais de messagerie|tarifas de mensajes|\bSTOP\b|Reply HELP|Répondez AIDE|Responda AYUDA/;
    for (const lang of LANGUAGES) {
      it(lang, () => {
        const base = converse(REFERENCE[lang]).context;
        const outbound = [
          ...sayKeys().map((k) => ({ say: k.slice('say.'.length) })),
          ...NEXT_STEP_KEYS.map((k) => ({ say: k })),
          ...QUESTION_IDS.map((q) => ({ ask: q })),
          ...QUESTION_IDS.map((q) => ({ reprompt: q, offerHuman: true })),
        ];
        for (const channel of ['webchat', 'botframework'] as const) {
          const texts = outbound.flatMap((o) => renderer.render(o, { ...base, language: lang, channel })).map((m) => m.text);
          expect(texts.filter((t) => SMS_ONLY.test(t))).toEqual([]);
        }
        // Over SMS the same messages do carry it (the notice, the help, the reminder).
        const sms = outbound.flatMap((o) => renderer.render(o, { ...base, language: lang, channel: 'sms' })).map((m) => m.text);
        expect(sms.filter((t) => SMS_ONLY.test(t)).length).toBeGreaterThanOrEqual(4);
      });
    }
  });

  describe('characters: English is GSM-7; French and Spanish leave GSM-7 only for their own letters', () => {
    /** The letters each language needs that GSM-7 lacks (é è ù ì ò à Ç ñ ü ¿ ¡ are in it). */
    const NEEDED: Record<Lang, RegExp> = {
      en: /^$/,
      fr: /^[âêîôûëïÿçœÀÂÊÎÔÛËÏŸŒÈ]$/,
      es: /^[áíóúÁÍÓÚ]$/,
    };
    // A language's own name is written in that language, in every catalog ("Français").
    const ownName = (key: string) => key.startsWith('q.language.options.');

    it('en: every message and choice label is GSM-7 as written (no middle dot, curly quote or ellipsis)', () => {
      const outside = Object.entries(english).filter(([k, v]) => !ownName(k) && nonGsm7(v).length > 0);
      expect(outside.map(([k, v]) => `${k}: ${nonGsm7(v).join(' ')}`)).toEqual([]);
    });

    for (const lang of LANGUAGES) {
      it(`${lang}: what an SMS carries leaves GSM-7 only for a letter the language needs`, () => {
        const outside = Object.entries(catalogs[lang])
          .filter(([k]) => !ownName(k))
          .flatMap(([k, v]) =>
            nonGsm7(plainPunctuation(v))
              .filter((c) => !NEEDED[lang].test(c))
              .map((c) => `${k}: ${c}`),
          );
        expect(outside).toEqual([]);
      });
    }
  });
});
