/**
 * The wording catalogs: every key the code can look up exists in every language, no key is
 * left that nothing uses, the {{variables}} agree across languages, and every message fits SMS.
 */
import type { AnyStateNode } from 'xstate';
import { LANGUAGES, type IntakeContext, type Lang } from '../dialogs/context';
import { intakeMachine } from '../dialogs/intake.machine';
import { QUESTION_IDS, questionDef, questionKeys } from '../dialogs/questions';
import { isReadBack } from '../dialogs/review';
import { Catalog, loadMessages, type Messages } from '../src/i18n/catalog';
import { Renderer, UI_KEYS, WORDING_KINDS, toSms } from '../src/i18n/render';
import { NEXT_STEP_KEYS } from '../src/engine/intake-engine';
import { SPOOL_SAY_KEYS } from '../src/spool/notice';
import { QUARANTINE_SAY_KEYS } from '../src/conversation/quarantine';
import { SMS_MAX } from '../src/i18n/sms';
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
  const used = new Set<string>([...sayKeys(), ...UI_KEYS, ...NEXT_STEP_KEYS.map((k) => `say.${k}`), ...SPOOL_SAY_KEYS.map((k) => `say.${k}`), ...QUARANTINE_SAY_KEYS.map((k) => `say.${k}`)]);
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
      const perKind = [...new Set(Object.keys(catalogs[lang]).filter((k) => KIND_SUFFIX.test(k)).map(baseOf))];
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

  describe('every message fits an SMS, even with a long firm name', () => {
    const firm = { name: 'Law Offices of Tremblay, Gagnon & Rodríguez-Villanueva PLLC', phone: '+1 (716) 555-0100 ext. 204', timeZone: 'America/New_York' };
    const renderer = new Renderer(new Catalog(), firm);
    for (const lang of LANGUAGES) {
      it(lang, () => {
        const c = converse(REFERENCE[lang]);
        const atReview = converse(REFERENCE[lang].slice(0, -1)).context;
        const ctx: IntakeContext = { ...c.context, language: lang };
        const outbound = [
          ...sayKeys().map((k) => ({ say: k.slice('say.'.length) })),
          ...NEXT_STEP_KEYS.map((k) => ({ say: k })),
          ...SPOOL_SAY_KEYS.map((k) => ({ say: k })),
          ...QUARANTINE_SAY_KEYS.map((k) => ({ say: k })),
          ...QUESTION_IDS.map((q) => ({ ask: q })),
          ...QUESTION_IDS.map((q) => ({ reprompt: q, offerHuman: true })),
        ];
        const parts = outbound.flatMap((o) => toSms(renderer.render(o, ctx)));
        parts.push(...toSms(renderer.render({ ask: 'review' }, { ...atReview, language: lang })));
        expect(parts.length).toBeGreaterThan(outbound.length);
        expect(parts.filter((p) => p.length > SMS_MAX)).toEqual([]);
        expect(parts.filter((p) => p.includes('{{') || /\bq\.\w+\./.test(p))).toEqual([]);
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
});
