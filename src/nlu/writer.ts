/**
 * Who is writing, and how they are related to the traveler (issue 13, item 3, the writer's side).
 *
 * "I'm his wife" at `role` is family, and answers the relationship too (wife), so it is not
 * asked again. A relation in the writer's own terms ("it's for my dad", "mi papá") does not say
 * who writes: asked again. "A family friend" is a friend; "his pastor", "son employeur", "soy la
 * vecina" are someone else, with their words kept for the attorney; "a social worker at Roswell
 * Park", "trabajo en Casa Latina" an organization. Two different roles at once ("I'm his son, and
 * I'm also a lawyer") are asked again.
 *
 * The relationship is the writer's relationship to the traveler; the relation (at an ill
 * relative, a funeral, a reunification) is the traveler's relationship to the person concerned.
 * Both are read from the sentence: the introducer ("I'm", "soy", "c'est") and the traveler's
 * possessive ("his", "su", "sa") go, a remark after the relation ("depuis 22 ans") goes to the
 * details, the family's spelling stays.
 */
import type { Answers, Lang } from '../../dialogs/context';
import type { Reading } from './extract';
import { absenceIn, laterDoubt, nearlySame } from './absent';
import {
  type Clause,
  clausesOf,
  languagesOf,
  listIn,
  onlyListed,
  phraseAt,
  restFrom,
  allBut,
  stripLeading,
  stripTrailing,
  trimText,
  withoutFillers,
} from './clauses';
import { extractFacts } from './story';
import { relationToldWithReason } from './relation-told';
import { PhraseIndex, asText, longestMatches, tokenize, words } from './normalize';
import { ageIn } from './not-values';
import { perLang } from './vocab';
import type { ParseContext } from './dates';

type Role = 'traveler' | 'family' | 'friend' | 'lawyer' | 'organization' | 'other';
type Found = Role | 'mine' | 'ambiguous';

/** The role words of each language (choices.role), and family relations (values.kin) as family. */
const roleWords = perLang((v) => {
  const idx = new PhraseIndex<Found>();
  for (const [role, phrases] of Object.entries(v.choices.role ?? {})) for (const p of phrases) idx.add(p, role as Role);
  for (const k of v.values.kin) idx.add(k, 'family');
  for (const a of v.values.ambiguousRole) idx.add(a, 'ambiguous');
  return idx;
});
const kinWords = perLang((v) => v.values.kin.flatMap((k) => (words(k).length === 1 ? words(k) : [])));

/** A family word as typed, a letter off ("famly", "dauther") or without its silent Spanish h ("ermana", "ija"). */
function kinLike(word: string, langs: readonly Lang[]): boolean {
  return langs.some((l) =>
    kinWords(l).some((k) => k === word || (k.length >= 5 && nearlySame(k, word)) || (k.startsWith('h') && k.slice(1) === word && word.length >= 3)),
  );
}

interface ClauseRole {
  role: Found;
  /** From the role or relation word to the end of the clause, as typed ("oldest son", "pastor de su iglesia"). */
  words: string;
  /** Just the role or relation phrase, with the writer's possessive when there is one ("mi mamá"). */
  phrase: string;
  /** Possessed by the traveler ("his pastor", "son employeur") or a family word: it is the relationship too. */
  possessed: boolean;
}

/** Common words, which are never a modifier of a relation. */
const common = perLang((v) => new Set(v.stopwords.flatMap(words)));

/** What one clause says of the writer, read from its start (after "I'm", "soy", "c'est"…). */
function roleOfClause(text: string, langs: readonly Lang[]): ClauseRole | null {
  const t = withoutFillers(text, langs);
  const tokens = tokenize(t);
  const w = tokens.map((k) => k.t);
  if (w.length === 0) return null;
  if (phraseAt(w, 0, ['worksAt'], langs) > 0) return { role: 'organization', words: t, phrase: t, possessed: false };
  // Whatever introduces the role: "I'm", "soy", "c'est pour", "his", "su", "my", "the traveler's", and
  // one modifier ("her oldest son", "I'm also a lawyer"), never a verb of another sentence ("j'aide une famille").
  let i = 0;
  let ownAt = -1;
  let possessed = false;
  let modifier = -1;
  for (let guard = 0; guard < 8 && i < w.length; guard++) {
    const own = Math.max(phraseAt(w, i, ['mine'], langs), phraseAt(w, i, ['ours'], langs));
    const theirs = phraseAt(w, i, ['theirs'], langs);
    const end = Math.max(phraseAt(w, i, ['introducers', 'self', 'determiners', 'at'], langs), own, theirs);
    // A role word itself ("me", "son") wins over a word that only introduces one, unless that is longer ("the traveler's").
    if (roleAt(w, i, langs) && end <= roleEnd(w, i, langs)) break;
    if (end > i) {
      if (phraseAt(w, i, ['mine'], langs) === end) ownAt = i;
      if (theirs === end) possessed = true;
      i = end;
    } else if (modifier < 0 && i > 0 && i + 1 < w.length && w[i].length > 2 && !langs.some((l) => common(l).has(w[i]))) {
      modifier = i;
      i++;
    } else break;
  }
  const at = i;
  const found = roleAt(w, at, langs);
  if (!found) return null;
  const phraseEnd = roleEnd(w, at, langs);
  const begin = modifier >= 0 && modifier === at - 1 ? modifier : at;
  const from = tokens[begin].start;
  // "para mi papá": without its accent, "para mí" (for me) is "para mi" (for my) before a relation.
  if (found === 'traveler' && phraseEnd < w.length && roleAt(w, phraseEnd, langs) === 'family') {
    return { role: 'mine', words: trimText(t.slice(from)), phrase: trimText(t.slice(from)), possessed: false };
  }
  const role: Found = found === 'family' && ownAt >= 0 ? 'mine' : found;
  return {
    role,
    words: trimText(t.slice(from)),
    phrase: trimText(t.slice(tokens[ownAt >= 0 ? ownAt : begin].start, tokens[phraseEnd - 1].end)),
    possessed: possessed || found === 'family',
  };
}

/** Where the role phrase at token i ends. */
function roleEnd(w: readonly string[], i: number, langs: readonly Lang[]): number {
  const hits = longestMatches(langs.flatMap((l) => roleWords(l).at(w, i))).filter((h) => h.start === i);
  return hits.length ? hits[0].end : i + 1;
}

/** The role named at token i (the longest phrase), or a family word misspelt by a letter. */
function roleAt(w: readonly string[], i: number, langs: readonly Lang[]): Found | null {
  if (i >= w.length) return null;
  const hits = longestMatches(langs.flatMap((l) => roleWords(l).at(w, i)));
  const hit = hits.find((h) => h.start === i);
  if (hit) return hit.value;
  return kinLike(w[i], langs) ? 'family' : null;
}

/** The relation in a clause that names one: "his common-law partner" -> "common-law partner". */
function relationWords(text: string, langs: readonly Lang[], keep: 'mine' | 'none' = 'mine'): string {
  let s = stripLeading(text, ['fillers'], langs, true);
  // "we're cousins", "somos primos", "on est cousins": the writer's relation, in the singular.
  const together = stripLeading(s, ['together'], langs);
  if (together !== s && words(together).length === 1) return together.replace(/(?<=\p{L}{3,})s$/u, '');
  // "c'est moi sa femme", "yo soy su hermana": the writer named, then the relation.
  s = stripLeading(s, ['introducers', 'self'], langs, true);
  // The traveler's possessive and the articles go; the writer's own ("mi papá") stays.
  s = stripLeading(s, keep === 'mine' ? ['determiners'] : ['determiners', 'mine'], langs);
  s = stripTrailing(s, ['ofTraveler', 'hedges'], langs);
  // A remark after the relation ("sa femme depuis 22 ans", "su sobrino x parte de mama").
  const tokens = tokenize(s);
  const w = tokens.map((k) => k.t);
  for (let i = 1; i < w.length; i++) {
    if (phraseAt(w, i, ['qualifiers'], langs) > i) return trimText(s.slice(0, tokens[i].start));
  }
  return s;
}

/** The remark cut from a relation, as details ("depuis 22 ans"). */
function remarkAfter(full: string, value: string): string | null {
  const at = full.indexOf(value);
  if (at < 0) return null;
  const rest = trimText(full.slice(at + value.length));
  return rest || null;
}

/** The writer's role, and the relationship it states. */
export function readRole(text: string, lang: Lang, ctx: ParseContext): Reading | null {
  const s = asText(text);
  const langs = languagesOf(s, lang);
  const clauses = clausesOf(s, lang);
  const found = clauses.map((c, i) => ({ i, c, r: roleOfClause(c.text, langs) })).filter((x) => x.r !== null) as Array<{
    i: number;
    c: Clause;
    r: ClauseRole;
  }>;
  if (found.length === 0) {
    // "ella es mi hermana": no role word read from the start, but the traveler is the writer's relative.
    const converse = clauses.length === 1 ? converseRelation(s, langs) : null;
    return converse ? { value: 'family', also: { relationship: { value: converse } } } : null;
  }
  const also: Answers = {};
  const roles = new Set(found.map((f) => f.r.role));

  // The traveler writing about their own family: "soy yo, necesito ir a ver a mi mamá".
  if (roles.has('traveler') && [...roles].every((r) => r === 'traveler' || r === 'mine')) {
    const self = found.find((f) => f.r.role === 'traveler')!;
    const details = allBut(s, clauses, self.i) || null;
    if (details) {
      const facts = extractFacts(details, { ...ctx, language: lang });
      const reason = facts.answers.reason;
      if (reason) also.reason = reason;
      const kin = found.find((f) => f.r.role === 'mine');
      const concerned = reason && 'value' in reason && ['ill_relative', 'funeral', 'reunification'].includes(String(reason.value));
      // Who is ill or died, in the relation question's form ("mère", "mi papá"), else as the clause says it.
      const told = concerned ? relationToldWithReason(details, lang, { ...ctx, language: lang }, 'traveler') : null;
      if (told) also.relation = { value: told };
      else if (kin && concerned) also.relation = { value: kin.r.phrase };
    }
    return withAlso({ value: 'traveler', ...(details ? { details } : {}) }, also);
  }

  const concrete = found.filter((f) => f.r.role !== 'mine');
  // "he's my husband", "c'est mon mari qui doit y aller", "es mi esposo el que necesita cruzar": the
  // writer's relative is the traveler, so the writer is family (how, in the writer's words, is asked).
  const toldRole = concrete.length === 0 ? extractFacts(s, { ...ctx, language: lang }).answers.role : undefined;
  if (concrete.length === 0 && (heIsMine(s, langs) || (toldRole && 'value' in toldRole && toldRole.value === 'family'))) {
    // "hes my brother" alone: the relationship too, in the writer's words (not asked again).
    const converse = clauses.length === 1 ? converseRelation(s, langs) : null;
    return converse ? { value: 'family', also: { relationship: { value: converse } } } : { value: 'family' };
  }
  const family = concrete.find((f) => f.r.role === 'family' || f.r.role === 'ambiguous');
  if (family) also.relationship = { value: relationWords(family.r.words, langs) };
  const distinct = new Set(concrete.map((f) => f.r.role));
  // "it's for my dad": who is writing is not said. Two roles at once, or a word that may or may not be family: ask.
  if (distinct.size !== 1 || distinct.has('ambiguous')) return withAlso({ reask: true }, also);

  const [{ r, i }] = concrete;
  const role = r.role as Role;
  if (!also.relationship && r.possessed && (role === 'other' || role === 'lawyer')) also.relationship = { value: relationWords(r.words, langs) };
  // An organization or someone else: the category loses who they are; their words are kept.
  const details = role === 'organization' || role === 'other' ? stripLeading(s, ['fillers', 'introducers'], langs, true) : allBut(s, clauses, i) || null;
  // "his wife. he needs to go see his mom, she is dying": the reason, and who it is for, said with it.
  if (role === 'family' && details) Object.assign(also, reasonToldWith(details, lang, ctx));
  return withAlso({ value: role, ...(details ? { details } : {}) }, also);
}

/**
 * The reason a writer who is not the traveler tells with who they are, and the relation it names
 * on the traveler's side ("his mom"); the writer's own relatives ("my mom") are left to be asked.
 */
function reasonToldWith(details: string, lang: Lang, ctx: ParseContext): Answers {
  const out: Answers = {};
  const reason = extractFacts(details, { ...ctx, language: lang }).answers.reason;
  if (!reason || !('value' in reason)) return out;
  out.reason = reason;
  if (['ill_relative', 'funeral', 'reunification'].includes(String(reason.value))) {
    const told = relationToldWithReason(details, lang, { ...ctx, language: lang }, 'family');
    if (told) out.relation = { value: told };
  }
  return out;
}

const thirdIs = perLang((v) => new PhraseIndex((v.answers.thirdIs ?? []).map((p) => [p, true] as const)));

/**
 * The relationship said the other way round ("he's my dad", "ella es mi madre", "c'est ma femme"):
 * the traveler is the writer's relative, kept in the writer's words. English keeps the whole
 * sentence (the firm's usage: "my dad" alone would read as the writer's own relationship); the
 * other languages keep the relative with the writer's possessive ("mi madre", "ma femme").
 * Null when the words are not of that form.
 */
function converseRelation(text: string, langs: readonly Lang[]): string | null {
  const t = withoutFillers(text, langs);
  const tokens = tokenize(t);
  const w = tokens.map((k) => k.t);
  for (const l of langs) {
    const he = thirdIs(l).at(w, 0)[0];
    if (!he || he.end >= w.length || phraseAt(w, he.end, ['mine'], langs) <= he.end) continue;
    const rest = trimText(t.slice(tokens[he.end].start));
    const kin = roleOfClause(rest, langs);
    if (!kin || kin.role !== 'mine' || words(rest).length > 4) return null;
    return l === 'en' ? trimText(t) : rest;
  }
  return null;
}

/** "he's my husband", "elle est ma sœur", "él es mi hijo": the one spoken of is the writer's relative. */
function heIsMine(s: string, langs: readonly Lang[]): boolean {
  const w = tokenize(withoutFillers(s, langs)).map((t) => t.t);
  return langs.some((l) => {
    const he = thirdIs(l).at(w, 0)[0];
    return !!he && phraseAt(w, he.end, ['mine'], langs) > he.end;
  });
}

function withAlso(r: Reading, also: Answers): Reading {
  return Object.keys(also).length ? { ...r, also } : r;
}

/** The writer's relationship to the traveler: "I'm her oldest son" -> "oldest son". */
export function readRelationship(text: string, lang: Lang): Reading | null {
  const s = asText(text);
  const langs = languagesOf(s, lang);
  const absent = absenceIn(s, lang, { lacking: false });
  if (absent?.kind === 'unsure') {
    // "not sure it counts as a mother-in-law, she's my partner's mother": the doubt is about the word.
    const rest = restFrom(s, absent.clauses, absent.at + 1);
    if (rest && absent.details !== rest && roleOfClause(rest, langs))
      return valueWithRemark(rest, langs, trimText(s.slice(0, absent.clauses[absent.at + 1].start)));
    return { unsure: true, ...(absent.details ? { details: absent.details } : {}) };
  }
  // "este... sobrino", "euh, sa nièce": a clause of fillers only says nothing.
  const clauses = saying(clausesOf(s, lang), langs);
  if (clauses.length === 0) return null;
  if (justAnAge(s, lang)) return { reask: true };
  // "stepdaughter, hijastra": the same relation in two languages; the conversation's word is kept.
  const head = clauses.length === 2 && translated(clauses[0].text, clauses[1].text, lang) ? clauses[1] : clauses[0];
  // "es complicado, no sabría decirle": no relation named, and a doubt.
  if (!roleOfClause(head.text, langs) && laterDoubt(clauses, 1, lang)) return { unsure: true, details: trimText(s) };
  const converse = converseRelation(head.text, langs);
  const value = converse ?? relationWords(head.text, langs);
  if (!value) return null;
  // "the patient's mom", "the patients mom": a relation to someone else than the traveler does not
  // answer (typed without the apostrophe, only when a relative follows).
  const of = converse ? null : possessive(value, lang);
  if (of && !kinLike(of.owner.toLowerCase(), langs) && (of.apostrophe || roleOfClause(of.rest, langs))) return { reask: true };
  const details = [remarkAfter(withoutFillers(head.text, langs), value), restFrom(s, clauses, clauses.indexOf(head) + 1)].filter(Boolean).join(' … ');
  return { value, ...(details ? { details } : {}) };
}

/**
 * Whose something is, and the rest: "his mother's funeral", and in English typed without the
 * apostrophe ("his mothers funeral", "his brothers in the ICU") unless a verb or a word of number
 * says it is a plural ("his brothers are sick").
 */
function possessive(value: string, lang: Lang): { owner: string; rest: string; apostrophe: boolean } | null {
  const marked = /^([\p{L}-]+)['’]s\s+(\S.*)$/u.exec(value);
  if (marked) return { owner: marked[1], rest: marked[2], apostrophe: true };
  const glued = lang === 'en' ? /^([\p{L}-]+)s\s+(?!(?:are|were|have|had|both|all|and|&)\b)(\S.*)$/iu.exec(value) : null;
  return glued ? { owner: glued[1], rest: glued[2], apostrophe: false } : null;
}

/** A relative word alone, of this language only (not another's too). */
function kinOf(text: string, lang: Lang): boolean {
  const w = words(withoutFillers(text, [lang]));
  if (w.length === 0 || w.length > 3) return false;
  return roleWords(lang)
    .at(w, 0)
    .some((h) => h.start === 0 && h.end === w.length && h.value === 'family');
}

/** "stepdaughter, hijastra", "son-in-law, yerno": a relative of another language, then the same in this one. */
function translated(first: string, second: string, lang: Lang): boolean {
  const others = (['en', 'fr', 'es'] as const).filter((l) => l !== lang);
  // "daughter, sa fille": the second with the traveler's possessive ("sa", "su", "his").
  const bare = relationWords(second, [lang]);
  return (kinOf(second, lang) || kinOf(bare, lang)) && !kinOf(first, lang) && others.some((l) => kinOf(first, l));
}

/** The clauses that say something: not "umm", "este...", "euh" alone. */
function saying(clauses: Clause[], langs: readonly Lang[]): Clause[] {
  return clauses.filter((c) => !onlyListed(c.text, ['fillers'], langs));
}

/** An age and little else ("tiene 87 años", "elle a 85 ans"): not a relation. */
function justAnAge(s: string, lang: Lang): boolean {
  return ageIn(s, lang) !== null && words(s).length <= 4;
}

function valueWithRemark(text: string, langs: readonly Lang[], before: string): Reading {
  const value = relationWords(text, langs);
  return { value, details: [before, remarkAfter(text, value)].filter(Boolean).join(' … ') };
}

/**
 * The person's relation to the traveler (ill relative, funeral, reunification). `writer` is who
 * writes: "my mother" from the traveler is the traveler's mother; from anyone else it is in the
 * writer's terms and is asked again ("ma mère" from the traveler's son).
 */
export function readRelation(text: string, lang: Lang, writer: { role: string | null }): Reading | null {
  const s = asText(text);
  const langs = languagesOf(s, lang);
  const absent = absenceIn(s, lang, { lacking: false });
  if (absent?.kind === 'unsure') return { unsure: true, ...(absent.details ? { details: absent.details } : {}) };
  if (justAnAge(s, lang)) return { reask: true };
  const clauses = saying(clausesOf(s, lang), langs);
  if (clauses.length === 0) return null;
  // The clause that names the relation in the traveler's terms, if one does ("my mom, so his mother-in-law").
  const kinds = clauses.map((c) => roleOfClause(c.text, langs));
  const theirs = kinds.findIndex((k) => k !== null && k.role !== 'mine');
  const mine = kinds.findIndex((k) => k?.role === 'mine');
  const at = theirs >= 0 ? theirs : mine >= 0 ? mine : 0;
  if (theirs < 0 && mine >= 0 && writer.role !== 'traveler') return { reask: true };
  const clause = clauses[at].text;
  // "mon oncle", "ma tante": family words of their own in Québec, but still the writer's "my".
  if (writer.role !== 'traveler' && phraseAt(words(withoutFillers(clause, langs)), 0, ['mine'], langs) > 0) return { reask: true };
  // The possessives the firm drops in this language ("his mother" -> "mother"), the introducer always.
  let value = stripLeading(clause, ['fillers', 'introducers'], langs, true);
  const drop = listIn('relationDrop', lang);
  const w = words(value);
  const d = drop.at(w, 0)[0];
  if (d && d.end < w.length) value = trimText(value.slice(tokenize(value)[d.end].start));
  // "his brother's in the ICU", "his mothers funeral is Monday": the relative, the rest kept.
  const owned = possessive(value, lang);
  if (owned && kinOf(owned.owner, lang) && !roleOfClause(owned.rest, langs)) {
    const rest = [trimText(owned.rest), allBut(s, clauses, at)].filter(Boolean).join(' … ');
    return { value: owned.owner, ...(rest ? { details: rest } : {}) };
  }
  const details = allBut(s, clauses, at) || null;
  return { value, ...(details ? { details } : {}) };
}
