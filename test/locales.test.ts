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
import { Renderer, UI_KEYS, toSms } from '../src/i18n/render';
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
    for (const optional of [keys.intro, keys.reprompt]) if (optional in english) used.add(optional);
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
      expect([...used].filter((k) => !(k in catalogs[lang]))).toEqual([]);
    });

    it(`${lang}: has no key that nothing uses`, () => {
      expect(Object.keys(catalogs[lang]).filter((k) => !used.has(k))).toEqual([]);
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
});
