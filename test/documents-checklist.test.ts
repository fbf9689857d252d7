/**
 * The keyed evidence checklist (src/documents/checklist.ts) and the family's words for it and for
 * every refusal (locales/<lang>/documents.json).
 */
import { LANGUAGES } from '../dialogs/context';
import { GROUNDS } from '../src/summary/contract';
import { EVIDENCE, EVIDENCE_KEYS, EVIDENCE_TEXT } from '../src/summary/evidence';
import { checklistItems, evidenceChecklist, isItemKey, isItemOf, type SummaryFacts } from '../src/documents/checklist';
import { OTHER_ITEM, REFUSALS } from '../src/documents/contract';
import { DocumentWords, loadDocumentWords } from '../src/documents/wording';

type Facts = { reason: string | null; patient?: string; yes?: string[]; criminal?: string; incidents?: Array<{ outcome: string | null }> };

/** The request and history the checklist reads; every other fact of the summary left out. */
function facts(f: Facts): SummaryFacts {
  const history: Record<string, unknown> = Object.fromEntries(GROUNDS.map((g) => [g, f.yes?.includes(g) ? 'yes' : 'no']));
  if (f.criminal) history.criminal = f.criminal;
  history.incidents = f.incidents ?? [];
  return { request: { reason: f.reason, details: { patient: f.patient ?? null } }, history } as unknown as SummaryFacts;
}

function flatten(m: Record<string, unknown>, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) {
    if (typeof v === 'string') out[prefix + k] = v;
    else Object.assign(out, flatten(v as Record<string, unknown>, `${prefix}${k}.`));
  }
  return out;
}

describe('the keyed checklist', () => {
  it('gives keys with the attorney wording, in the order of the facts', () => {
    const items = checklistItems(facts({ reason: 'medical', patient: 'child', yes: ['criminal'], incidents: [{ outcome: 'pardoned' }] }));
    expect(items.map((i) => i.key)).toEqual([
      'physician_letter',
      'treatment_unavailable',
      'treatment_costs',
      'parental_consent',
      'court_records',
      'police_certificate',
      'pardon_papers',
    ]);
    for (const i of items) expect(i.attorneyText).toBe(EVIDENCE_TEXT[i.key]);
  });

  it('is the one source of the summary list (evidenceChecklist), which keeps its English strings', () => {
    const f = facts({ reason: 'funeral', yes: ['overstay', 'refusals'], criminal: 'unsure' });
    expect(evidenceChecklist(f)).toEqual(checklistItems(f).map((i) => i.attorneyText));
    expect(evidenceChecklist(f)).toEqual([
      'Death certificate',
      'Proof of relationship',
      'Proof of entry and exit dates (I-94, passport stamps)',
      'Refusal or denial notices received',
      'Police certificate from each country of residence',
    ]);
    expect(EVIDENCE.byReason.funeral).toEqual(['Death certificate', 'Proof of relationship']);
  });

  it('lists an item called for twice once', () => {
    const keys = checklistItems(facts({ reason: 'ill_relative', yes: ['criminal'], criminal: 'yes', incidents: [{ outcome: 'convicted' }] })).map((i) => i.key);
    expect(keys.filter((k) => k === 'police_certificate')).toHaveLength(1);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has nothing for an intake without reason or history, and always allows other', () => {
    const f = facts({ reason: null });
    expect(checklistItems(f)).toEqual([]);
    expect(isItemOf(f, OTHER_ITEM)).toBe(true);
    expect(isItemOf(f, 'physician_letter')).toBe(false);
    expect(isItemOf(facts({ reason: 'medical' }), 'physician_letter')).toBe(true);
  });

  it('knows every key and nothing else', () => {
    for (const k of EVIDENCE_KEYS) expect(isItemKey(k)).toBe(true);
    expect(isItemKey(OTHER_ITEM)).toBe(true);
    for (const k of ['', 'Other', 'physician letter', '__proto__', 'toString', '../x']) expect(isItemKey(k)).toBe(false);
  });
});

describe("the family's words about documents", () => {
  const catalogs = Object.fromEntries(LANGUAGES.map((l) => [l, flatten(loadDocumentWords(l))]));

  it('words every checklist item, other and every refusal in every language', () => {
    for (const lang of LANGUAGES) {
      for (const k of [...EVIDENCE_KEYS, OTHER_ITEM]) expect(catalogs[lang][`items.${k}`]?.trim()).toBeTruthy();
      for (const r of REFUSALS) expect(catalogs[lang][`refusal.${r}`]?.trim()).toBeTruthy();
    }
  });

  it('has the same keys and placeholders in every language, and real translations', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
    for (const lang of LANGUAGES) {
      expect(Object.keys(catalogs[lang]).sort()).toEqual(Object.keys(catalogs.en).sort());
      for (const [key, text] of Object.entries(catalogs.en)) {
        expect([key, placeholders(catalogs[lang][key])]).toEqual([key, placeholders(text)]);
        // Refusals and items are sentences: a copy of the English is a missing translation.
        if (lang !== 'en' && /^(refusal|items)\./.test(key)) expect([key, catalogs[lang][key]]).not.toEqual([key, text]);
      }
    }
  });

  it('has no item wording for a key that does not exist', () => {
    const itemKeys = Object.keys(catalogs.en)
      .filter((k) => k.startsWith('items.'))
      .map((k) => k.slice('items.'.length));
    expect(itemKeys.sort()).toEqual([...EVIDENCE_KEYS, OTHER_ITEM].sort());
  });

  it('names the configured limits in the refusals', () => {
    const words = new DocumentWords({ maxFileBytes: 20 * 1024 * 1024, maxIntakeBytes: 100 * 1024 * 1024, maxFiles: 40 });
    expect(words.refusal('en', 'too_large')).toContain('20 MB');
    expect(words.refusal('fr', 'intake_full')).toContain('100 Mo');
    expect(words.refusal('es', 'too_many')).toContain('40');
    expect(words.item('es', 'death_certificate')).toBe('El acta de defunción');
    for (const lang of LANGUAGES) for (const r of REFUSALS) expect(words.refusal(lang, r)).not.toMatch(/\{\{|refusal\./);
  });
});
