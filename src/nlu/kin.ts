/**
 * Who is who: family words ("my son", "sa mère", "el nieto de ella", "moi", "lui-même") read from
 * the one who writes, and resolved to the traveler. The writer is the traveler, or the traveler's
 * daughter, wife, brother... (the answers to `role` and `relationship`); "my son" is then the
 * traveler's child, grandchild, or someone the words do not settle (the writer's son from before,
 * for a wife): those are asked, never guessed. The words are in locales/<lang>/vocab.json `kin`.
 */
import type { Answers, Lang } from '../../dialogs/context';
import { PhraseIndex, tokenize, type PhraseMatch } from './normalize';
import { KIN_TYPES, langOrder, perLang, type KinType } from './vocab';

/** Who a family word means, from the writer. */
export type KinRef =
  | { who: 'self'; start: number; end: number }
  | { who: 'traveler'; sure: boolean; start: number; end: number }
  | { who: 'kin'; kin: KinType; owner: 'writer' | 'ours' | 'traveler' | 'none'; start: number; end: number };

/** A person as the traveler's relation: the traveler, their child, anyone else, or not settled. */
export type AsTraveler = 'traveler' | 'child' | 'other_relative' | 'ask';

interface KinIndexes {
  terms: PhraseIndex<KinType>;
  self: PhraseIndex<true>;
  travelerSure: PhraseIndex<true>;
  pronouns: PhraseIndex<true>;
  mine: PhraseIndex<true>;
  ours: PhraseIndex<true>;
  theirs: PhraseIndex<true>;
  ofTraveler: PhraseIndex<true>;
  several: PhraseIndex<true>;
  donor: PhraseIndex<true>;
}

const flag = (phrases: readonly string[]) => new PhraseIndex(phrases.map((p) => [p, true] as const));

/**
 * In English a family word typed with an s and no apostrophe ("his mothers funeral", "her fathers
 * house", "my cousins surgery") is that word, possessive or plural: the story tells which.
 */
const withS = (term: string, lang: Lang): string[] => (lang === 'en' && /^[a-z]+$/u.test(term) && !/s$/u.test(term) ? [term, `${term}s`] : [term]);

const kinIndexes = perLang((v, lang): KinIndexes => {
  const k = v.kin;
  return {
    terms: new PhraseIndex(KIN_TYPES.flatMap((t) => k.terms[t].flatMap((p) => withS(p, lang)).map((p) => [p, t] as const))),
    self: flag(k.self),
    travelerSure: flag(k.travelerSure),
    pronouns: flag(k.pronouns),
    mine: flag(k.mine),
    ours: flag(k.ours),
    theirs: flag(k.theirs),
    ofTraveler: flag(k.ofTraveler),
    several: flag(k.several),
    donor: flag(k.donor),
  };
});

function endingAt(idx: PhraseIndex<true>, w: readonly string[], end: number): PhraseMatch<true> | undefined {
  for (let s = Math.max(0, end - 4); s < end; s++) {
    const hit = idx.at(w, s).find((m) => m.end === end);
    if (hit) return hit;
  }
  return undefined;
}

/** The family words, the writer and the traveler named in the words, in order, in one language. */
function refsIn(w: readonly string[], lang: Lang, own: Lang = lang): KinRef[] {
  const ix = kinIndexes(lang);
  const out: KinRef[] = [];
  for (let i = 0; i < w.length;) {
    const sure = ix.travelerSure.at(w, i)[0];
    // A possessive of the conversation's language is no family word of another ("son cœur" names no son).
    // (but "my son" in a French conversation is a son: a possessive of its own language before it).
    const foreignPossessive = lang !== own && possessiveAt(w, i, own) && !(i > 0 && possessiveAt(w, i - 1, lang));
    const term = foreignPossessive ? undefined : ix.terms.at(w, i)[0];
    const self = ix.self.at(w, i)[0];
    // A possessive that is also a pronoun ("her son"): the family word after it decides.
    const possessed = ix.mine.at(w, i)[0] ?? ix.ours.at(w, i)[0] ?? ix.theirs.at(w, i)[0];
    if (possessed && ix.terms.at(w, possessed.end)[0]) {
      i = possessed.end;
      continue;
    }
    const longest = [sure, term, self].filter((x): x is PhraseMatch<never> => !!x).sort((a, b) => b.end - a.end)[0];
    if (!longest) {
      const pronoun = ix.pronouns.at(w, i)[0];
      if (pronoun) out.push({ who: 'traveler', sure: false, start: i, end: pronoun.end });
      i = pronoun ? pronoun.end : i + 1;
      continue;
    }
    if (longest === sure) out.push({ who: 'traveler', sure: true, start: i, end: sure.end });
    else if (longest === self) out.push({ who: 'self', start: i, end: self.end });
    else if (term) {
      // The possessive just before, or one word before ("my little girl", "mi pobre madre").
      const at = (idx: PhraseIndex<true>) => endingAt(idx, w, i) ?? (i > 0 ? endingAt(idx, w, i - 1) : undefined);
      const mine = at(ix.mine);
      const ours = mine ? undefined : at(ix.ours);
      const theirs = mine || ours ? undefined : at(ix.theirs);
      const owner = mine ? 'writer' : ours ? 'ours' : theirs || ix.ofTraveler.at(w, term.end)[0] ? 'traveler' : 'none';
      out.push({ who: 'kin', kin: term.value, owner, start: (mine ?? ours ?? theirs)?.start ?? i, end: term.end });
    }
    i = longest.end;
  }
  return out;
}

/** A family word at token `i` with its owner ("my son", "su hija", "el nieto de ella"), or null. */
export function familyWordAt(
  w: readonly string[],
  i: number,
  lang: Lang,
): { kin: KinType; owner: 'writer' | 'ours' | 'traveler' | 'none'; start: number; end: number } | null {
  const ix = kinIndexes(lang);
  const term = ix.terms.at(w, i)[0];
  if (!term) return null;
  const at = (idx: PhraseIndex<true>) => endingAt(idx, w, i) ?? (i > 0 ? endingAt(idx, w, i - 1) : undefined);
  const mine = at(ix.mine);
  const ours = mine ? undefined : at(ix.ours);
  const theirs = mine || ours ? undefined : at(ix.theirs);
  const owner = mine ? 'writer' : ours ? 'ours' : theirs || ix.ofTraveler.at(w, term.end)[0] ? 'traveler' : 'none';
  return { kin: term.value, owner, start: (mine ?? ours ?? theirs)?.start ?? i, end: term.end };
}

/** A possessive of this language at token `i` ("son", "sa", "su", "my"): French "son rendez-vous" names no son. */
export function possessiveAt(w: readonly string[], i: number, lang: Lang): boolean {
  const ix = kinIndexes(lang);
  return [ix.mine, ix.ours, ix.theirs].some((idx) => idx.at(w, i).some((m) => m.end === i + 1));
}

/** The writer's relation to someone who is the writer's `kin` ("my dad": the writer is his child). */
export function inverse(kin: KinType): KinType | null {
  const pairs: Partial<Record<KinType, KinType>> = {
    child: 'parent',
    parent: 'child',
    spouse: 'spouse',
    sibling: 'sibling',
    grandchild: 'grandparent',
    grandparent: 'grandchild',
    parentInLaw: 'childInLaw',
    childInLaw: 'parentInLaw',
    siblingInLaw: 'siblingInLaw',
    nibling: 'pibling',
    pibling: 'nibling',
    cousin: 'cousin',
    friend: 'friend',
  };
  return pairs[kin] ?? null;
}

/** The references in the first language (the conversation's, then the others) that finds a family word. */
export function kinRefs(text: string, lang: Lang): KinRef[] {
  const w = tokenize(text).map((t) => t.t);
  let first: KinRef[] | null = null;
  for (const l of langOrder(lang)) {
    const refs = refsIn(w, l, lang);
    if (refs.some((r) => r.who !== 'traveler' || r.sure)) return refs;
    first ??= refs;
  }
  return first ?? [];
}

const mentions = (idx: (l: Lang) => PhraseIndex<true>, text: string, lang: Lang) => {
  const w = tokenize(text).map((t) => t.t);
  return langOrder(lang).some((l) => idx(l).some(w));
};

/** The words say the traveler gives an organ ("donor", "donante", "donneuse"). */
export function namesDonor(text: string, lang: Lang): boolean {
  return mentions((l) => kinIndexes(l).donor, text, lang);
}

/** The writer's relation to the traveler, from the answer to "how are you related?" ("his daughter", "esposa"). */
export function writerRelation(text: string, lang: Lang): KinType | null {
  const ref = kinRefs(text, lang).find((r) => r.who === 'kin');
  return ref && ref.who === 'kin' ? ref.kin : null;
}

/** Who writes: the traveler, or someone else and, for family, how they are related (null: not known). */
export interface Writer {
  role: string | null;
  relation: KinType | null;
}

export function writerOf(answers: Answers, lang: Lang): Writer {
  const role = answers.role && 'value' in answers.role && typeof answers.role.value === 'string' ? answers.role.value : null;
  const rel = answers.relationship && 'value' in answers.relationship && typeof answers.relationship.value === 'string' ? answers.relationship.value : null;
  return { role, relation: rel ? writerRelation(rel, lang) : null };
}

/** A relation of the traveler's own ("his son", "su mamá"), as the patient choices say it. */
function ofTheTraveler(kin: KinType): AsTraveler {
  if (kin === 'child') return 'child';
  if (kin === 'client') return 'traveler';
  // A stepchild: their own child or not, the words do not say.
  if (kin === 'stepchild') return 'ask';
  return 'other_relative';
}

const CHILDREN: readonly KinType[] = ['child', 'stepchild'];

/**
 * The writer's relative `kin`, when the writer is the traveler's `writer` (a daughter: 'child').
 * Only what is sure: the writer's son is the traveler's grandchild when the writer is the
 * traveler's child, but the traveler's own son or a stepson when the writer is the wife.
 */
function compose(writer: KinType, kin: KinType): AsTraveler {
  const rel = CHILDREN.includes(writer) ? 'child' : writer;
  switch (rel) {
    case 'child':
      // The traveler's child writes: their parent is the traveler; a sibling may be a half-sibling.
      if (kin === 'parent') return 'traveler';
      if (kin === 'sibling') return 'ask';
      return 'other_relative';
    case 'spouse':
      if (kin === 'spouse') return 'traveler';
      if (kin === 'stepchild') return 'child';
      if (kin === 'child') return 'ask';
      return 'other_relative';
    case 'parent':
      if (kin === 'child' || kin === 'grandchild') return 'ask';
      return 'other_relative';
    case 'sibling':
      // The sister's brother may be the traveler; her nephew may be the traveler's child.
      if (kin === 'sibling' || kin === 'nibling') return 'ask';
      return 'other_relative';
    case 'grandchild':
      if (kin === 'parent' || kin === 'grandparent') return 'ask';
      return 'other_relative';
    case 'grandparent':
    case 'parentInLaw':
      if (kin === 'grandchild') return 'ask';
      return 'other_relative';
    case 'nibling':
      // The niece's cousin may be the traveler's child ("my aunt ... for my cousin's surgery").
      if (kin === 'cousin') return 'ask';
      return 'other_relative';
    case 'childInLaw':
      // The son-in-law's wife is the traveler's daughter.
      if (kin === 'spouse') return 'child';
      return 'other_relative';
    default:
      return 'other_relative';
  }
}

const FAMILY_ROLES = new Set(['family']);

/** One reference as the traveler's relation, given who writes. */
export function asTraveler(ref: KinRef, writer: Writer): AsTraveler {
  const isTraveler = writer.role === 'traveler';
  if (ref.who === 'traveler') return ref.sure || (writer.role !== null && !isTraveler) ? 'traveler' : 'ask';
  if (ref.who === 'self') {
    if (isTraveler) return 'traveler';
    if (writer.role === null) return 'ask';
    if (!FAMILY_ROLES.has(writer.role)) return 'other_relative';
    if (writer.relation === null) return 'ask';
    return CHILDREN.includes(writer.relation) ? 'child' : 'other_relative';
  }
  if (ref.owner === 'traveler' || ref.owner === 'none' || isTraveler) return ofTheTraveler(ref.kin);
  if (writer.role === null) return 'ask';
  // A friend's, a lawyer's or an organisation's relatives are not the traveler's (a lawyer's client is the traveler).
  if (!FAMILY_ROLES.has(writer.role)) return ref.kin === 'client' ? 'traveler' : 'other_relative';
  if (writer.relation === null) return 'ask';
  // "our son" from the wife, "our mother" from the sister: the traveler's too.
  if (ref.owner === 'ours' && (writer.relation === 'spouse' || writer.relation === 'sibling')) return ofTheTraveler(ref.kin);
  return compose(writer.relation, ref.kin);
}

/**
 * Who the patient is, from the words and who writes: the first person named decides; a later one
 * that says otherwise, two people, or an organ donor make it a question to ask. Null: no person
 * named (the words may still pick a choice).
 */
export function patientOf(text: string, lang: Lang, writer: Writer): { value: AsTraveler; end: number } | null {
  if (mentions((l) => kinIndexes(l).donor, text, lang) || mentions((l) => kinIndexes(l).several, text, lang)) return { value: 'ask', end: 0 };
  const refs = kinRefs(text, lang);
  if (refs.length === 0) return null;
  // "my dad, he's the one with the cancer": after a person is named, "he" is that person.
  const named = refs.filter((r) => r.who !== 'traveler' || refs[0] === r);
  const first = asTraveler(named[0], writer);
  for (const r of named.slice(1)) {
    if (r.who === 'traveler') continue;
    const other = asTraveler(r, writer);
    if (other !== 'ask' && other !== first && first !== 'ask') return { value: 'ask', end: 0 };
  }
  return { value: first, end: named[0].end };
}

/** The words after token `end`, for the attorney ("su hija d 5 años" -> "d 5 años"); undefined when none. */
export function wordsAfter(text: string, end: number): string | undefined {
  const tokens = tokenize(text);
  if (end <= 0 || end >= tokens.length) return undefined;
  const rest = text
    .slice(tokens[end - 1].end)
    .replace(/^[\s,;.:!?¡¿\-–—]+|[\s,;:!?¡¿\-–—]+$/gu, '')
    .trim();
  return rest || undefined;
}
