/**
 * Danger happening now: a message that tells of a medical crisis, violence or a suicide risk
 * under way, in any of our languages, however it is typed (no accents, all caps, SMS spelling).
 * Such a message gets the 911 / 988 reply first, wherever the conversation is (see
 * src/engine/interpret.ts), so this errs on the side of safety — but a story about a danger that
 * is over ("he had a heart attack in 2019", "el año pasado intentó suicidarse") is not one, nor is
 * a serious illness in hospital ("she is dying", "in the ICU"): 911 would not help there.
 *
 * The words are in locales/<lang>/vocab.json, `danger` (every language's, since families mix
 * them). A message is read clause by clause (punctuation and "but", "pero", "mais"… end one):
 * - `now`: a crisis now on its own words ("not breathing", "se está ahogando", "veut se tuer");
 * - `happening` + `crises`: a crisis in the present ("having a" stroke, "fait une" crise
 *   cardiaque, "le está dando un" infarto); `happened` + `crises` ("had a", "a fait un", "tuvo
 *   un") is only a sign, like
 * - `events`: signs that need something more: a word for now in the same clause ("right now",
 *   "ahorita", "en ce moment", or `nowAtEnd` closing it: "là"), a cry for help anywhere ("what do
 *   I do", "ayúdenme", or `criesAtStart` opening the message or standing as a clause of its own:
 *   "HELP …", "… she can't talk, help"), or a second sign
 *   ("se desmayó … y no responde"), or a word for just now right before it (`justNow`: "just
 *   passed out", "vient de perdre connaissance");
 * - `threats`: a weapon, someone at the door or outside the house: only with a second sign or a
 *   cry ("a man with a gun outside our house"; not "armed officers at the bridge right now");
 * - `symptoms`: signs of a body in trouble that need a second sign, like threats, but also
 *   count with a state ("arm is numb", "foaming", "no le dan su insulina");
 * - `conditions` and `acute`: a state that makes an event or a symptom grave, never a sign alone
 *   nor with a threat or another state: pregnant, diabetic, a small child, can't get up
 *   ("pregnant and bleeding"; not "pregnant and diabetic"); `acute`, an illness now (vomiting,
 *   fever, sick), is also grave in `custody` (detained, in a cell: "detenido y vomitando"; not
 *   "detained and diabetic", nor detained alone); `confinement` (kept from leaving: "won't let
 *   her leave", "no la dejan salir") is an event, but not where someone is held in custody by
 *   `detainers` (ICE, la migra, the police, or a word that says so: "détenu"): there it is the
 *   detention itself ("detenida en el puente, no la dejan salir");
 * - `alone`: a cry that is the whole message ("AMBULANCE", "911!!!", "urgence"); not "help",
 *   which is the help command.
 * An entry may give a word's alternatives ("is|s|are following", "ne|n| veut plus vivre" with an
 * empty one, "va_a|voy_a" for several words) and `@people` for any of the language's `people`
 * ("beating @people"): one entry covers a verb in each person of the present and each victim.
 * Letters held down are one ("ayudaaa", "HELPPP").
 * A sign does not count in a clause that tells of the past (`past`: "last year", "hace dos años",
 * "il y a longtemps", or a year; for a crisis on its own words, not after `since`: "vomit du sang
 * depuis hier soir" is still going on) or of someone under care (`care`: "in the ICU"), and
 * a sign that needs more does not count in a clause of a time to come (`later`: "next month", "en
 * juin": "elle accouche en juin"),
 * nor right after a negation (`negations`: "is not having a seizure", "at risk of having a
 * stroke") or a past tense (`pastBefore`: "she was suicidal"), nor before words that make it
 * something else (`notAfter`: "can't breathe well", "no responde el teléfono").
 */
import { LANGUAGES } from '../../dialogs/context';
import { tokenize, longestMatches, words, type PhraseMatch } from './normalize';
import { citiesNamed, prominent } from './geo';
import { isVocabularyWord } from './lexicon';
import { GappedPhrases } from './patterns';
import { wordIndex } from './placeWords';
import { vocab } from './vocab';

type Kind =
  | 'now'
  | 'crisis'
  | 'happening'
  | 'happened'
  | 'event'
  | 'confinement'
  | 'detainer'
  | 'threat'
  | 'condition'
  | 'symptom'
  | 'custody'
  | 'acute'
  | 'alone'
  | 'aloneWith'
  | 'intensifier'
  | 'nowWord'
  | 'just'
  | 'nowAtEnd'
  | 'cry'
  | 'cryAtStart'
  | 'askNormal'
  | 'past'
  | 'since'
  | 'later'
  | 'care'
  | 'negation'
  | 'responders'
  | 'pastBefore'
  | 'notAfter'
  | 'clauseBreak'
  | 'sugar'
  | 'nearly'
  | 'stateBefore';

const SECTIONS: Record<Kind, (d: ReturnType<typeof vocab>['danger']) => string[]> = {
  now: (d) => d.now,
  crisis: (d) => d.crises,
  happening: (d) => d.happening,
  happened: (d) => d.happened,
  event: (d) => d.events,
  confinement: (d) => d.confinement,
  detainer: (d) => d.detainers,
  threat: (d) => d.threats,
  condition: (d) => d.conditions,
  symptom: (d) => d.symptoms,
  custody: (d) => d.custody,
  acute: (d) => d.acute,
  alone: (d) => d.alone,
  aloneWith: (d) => d.aloneWith,
  intensifier: (d) => d.intensifiers,
  nowWord: (d) => d.nowWords,
  just: (d) => d.justNow,
  nowAtEnd: (d) => d.nowAtEnd,
  cry: (d) => d.cries,
  cryAtStart: (d) => d.criesAtStart,
  askNormal: (d) => d.askNormal,
  past: (d) => d.past,
  since: (d) => d.since,
  later: (d) => d.later,
  care: (d) => d.care,
  negation: (d) => d.negations,
  responders: (d) => d.responders,
  pastBefore: (d) => d.pastBefore,
  notAfter: (d) => d.notAfter,
  clauseBreak: (d) => d.clauseBreaks,
  sugar: (d) => d.sugar,
  nearly: (d) => d.nearly,
  stateBefore: (d) => d.stateBefore,
};

/**
 * The phrases a vocabulary entry stands for. A word may be alternatives ("is|s|are following"), an
 * empty one making it optional ("ne|n| veut plus vivre"), "_" joining the words of one
 * ("va_a|voy_a"); "@people" is any of the language's `people` ("beating @people"). So one entry
 * covers a verb in every person of the present and every victim, not the one sentence seen.
 */
export function expandPhrase(phrase: string, people: readonly string[]): string[] {
  let out = [''];
  for (const part of phrase.trim().split(/\s+/)) {
    const alts = part === '@people' ? people : part.split('|').map((a) => a.replace(/_/g, ' '));
    out = out.flatMap((o) => alts.map((a) => `${o} ${a}`.trim()));
  }
  return out;
}

let smsSpellings: Map<string, string> | null = null;
/**
 * A word as it is compared, on both sides (the vocabulary's words and the message's), with the ways
 * frightened typing changes a word folded away: a letter doubled or not ("bleding", "atack",
 * "HELPPP"), b for v ("conbulsionando"), s for sc ("inconsiente"), a final g dropped ("havin", "bleedin"), a plural s ("douleurs"), and the SMS
 * spellings of vocab `spellings` ("cnt", "orita"). Folding both sides alike keeps every entry of
 * the vocabulary meaning what it meant, and reaches the misspellings nobody listed.
 */
export function spelt(word: string): string {
  smsSpellings ??= new Map(
    LANGUAGES.flatMap((l) => Object.entries(vocab(l).danger.spellings).map(([k, v]) => [words(k).join(' '), words(v).join(' ')] as const)),
  );
  let t = (smsSpellings.get(word) ?? word)
    .replace(/(\p{L})\1+/gu, '$1')
    .replace(/v/g, 'b')
    .replace(/sc(?=[ie])/g, 's');
  if (t.length >= 5 && t.endsWith('in')) t += 'g';
  // One or many: "douleurs" is "douleur", "pains" is "pain", "dolores" is "dolore".
  if (t.length >= 5 && t.endsWith('s')) t = t.slice(0, -1);
  return t;
}

/** A vocabulary phrase with each of its words as compared (`spelt`), its gaps and "@people" kept. */
const respelt = (phrase: string): string =>
  phrase
    .trim()
    .split(/\s+/)
    .map((part) => (part === '*' || part === '@people' ? part : words(part).map(spelt).join(' ')))
    .join(' ');

/** The two sides of an entry around "@people": matched apart, joined where a person sits between. */
interface Side {
  id: number;
  kind: Kind;
}

/**
 * Every language's danger words in one index, built on first use. An entry with "@people" is not
 * multiplied by every person (hundreds of phrases each): its words before and after are indexed
 * on their own, and a match is where they stand right around one of the people.
 */
class Signs {
  private readonly plain: GappedPhrases<Kind>;
  private readonly people: GappedPhrases<true>;
  private readonly before: GappedPhrases<Side>;
  private readonly after: GappedPhrases<Side>;
  private readonly kinds: Kind[] = [];
  private readonly noBefore = new Set<number>();
  private readonly noAfter = new Set<number>();
  /** Every word of every sign, as compared (see `spelt`). */
  readonly words = new Set<string>();

  constructor() {
    const plain: [string, Kind][] = [];
    const people: [string, true][] = [];
    const before: [string, Side][] = [];
    const after: [string, Side][] = [];
    for (const l of LANGUAGES) {
      const d = vocab(l).danger;
      for (const p of d.people) for (const e of expandPhrase(p, [])) people.push([respelt(e), true]);
      for (const kind of Object.keys(SECTIONS) as Kind[]) {
        for (const phrase of SECTIONS[kind](d)) {
          const parts = phrase.trim().split(/\s+/);
          const at = parts.indexOf('@people');
          if (at < 0) {
            for (const e of expandPhrase(phrase, [])) plain.push([respelt(e), kind]);
            continue;
          }
          const id = this.kinds.push(kind) - 1;
          const left = parts.slice(0, at).join(' ');
          const right = parts.slice(at + 1).join(' ');
          if (left) for (const e of expandPhrase(left, [])) before.push([respelt(e), { id, kind }]);
          else this.noBefore.add(id);
          if (right) for (const e of expandPhrase(right, [])) after.push([respelt(e), { id, kind }]);
          else this.noAfter.add(id);
        }
      }
    }
    for (const [phrase] of [...plain, ...people, ...before, ...after]) for (const x of phrase.split(/\s+/)) if (x !== '*' && x !== '@people') this.words.add(x);
    this.plain = new GappedPhrases(plain, true);
    this.people = new GappedPhrases(people, true);
    this.before = new GappedPhrases(before, true);
    this.after = new GappedPhrases(after, true);
  }

  all(w: readonly string[]): PhraseMatch<Kind>[] {
    const out = this.plain.all(w);
    const persons = this.people.all(w);
    if (persons.length === 0) return out;
    const befores = this.before.all(w);
    for (const p of persons) {
      const lefts = [
        ...befores.filter((b) => b.end === p.start).map((b) => ({ id: b.value.id, start: b.start })),
        ...[...this.noBefore].map((id) => ({ id, start: p.start })),
      ];
      if (lefts.length === 0) continue;
      const rights = p.end < w.length ? this.after.at(w, p.end) : [];
      for (const left of lefts) {
        if (this.noAfter.has(left.id)) out.push({ start: left.start, end: p.end, value: this.kinds[left.id] });
        for (const r of rights) if (r.value.id === left.id) out.push({ start: left.start, end: r.end, value: this.kinds[left.id] });
      }
    }
    return out;
  }
}

let built: Signs | null = null;
function signs(): Signs {
  built ??= new Signs();
  return built;
}

/**
 * A word of a sign typed with two letters swapped, as a thumb does ("stpoped", "rsepira", "vuex",
 * "LCOKED"): read as that word. Only a word of four letters or more that is no word of any
 * language the assistant knows, and only when one swap gives one word of the signs.
 */
const MAX_SWAPPED = 24;
function unswapped(folded: string, compared: string): string {
  const known = signs().words;
  // (At most a word's length: a run of thousands of letters is tried in no time at all.)
  if (compared.length < 4 || folded.length > MAX_SWAPPED || known.has(compared) || isVocabularyWord(folded) || !/^\p{L}+$/u.test(compared)) return compared;
  const found = new Set<string>();
  for (let i = 0; i + 1 < folded.length; i++) {
    if (folded[i] === folded[i + 1]) continue;
    const swapped = spelt(folded.slice(0, i) + folded[i + 1] + folded[i] + folded.slice(i + 2));
    if (known.has(swapped)) found.add(swapped);
  }
  return found.size === 1 ? [...found][0] : compared;
}

/** Words that end a French clause when a subject follows them ("je sais pas il vomit du sang"), as compared. */
const NEGATION_ENDS = new Set(['pas', 'personne', 'jamais', 'rien'].map(spelt));
/** French subjects that begin a clause of their own after one of NEGATION_ENDS. */
const SUBJECTS_FR = new Set(['je', 'j', 'il', 'elle', 'on', 'ils', 'elles', 'tu', 'jsuis', 'mon', 'ma', 'mes'].map(spelt));

/** French auxiliaries of a past act ("il a frappé", "ils ont tabassé"). */
const PERFECT_AUXILIARIES = new Set(['a', 'ont', 'avait', 'avaient']);
/** Verbs of violence whose present ("frappe") is their past participle once the accent is dropped ("frappé"). */
const PARTICIPLE_LIKE_PRESENT = new Set(['frappe', 'tabasse', 'etrangle', 'attaque', 'poignarde'].map(spelt));

/** A year (1900-2099) in a clause puts it in the past, or at least not now. */
const YEAR = /^(?:19|20)\d\d$/;
/** Punctuation that ends a clause. */
const CLAUSE_END = /[.;:!?,\n()]/;
/** A negation or past tense this close before a sign (words in between) cancels it: "is not having", "isn't having". */
const NEGATION_REACH = 1;

let urgentCase: GappedPhrases<true> | null = null;
/**
 * "It's urgent", "c'est urgent", "es urgente": the case is urgent, which is not saying anyone is
 * in danger. At the danger question, a yes that only says this is asked again.
 */
export function saysOnlyCaseIsUrgent(text: string): boolean {
  urgentCase ??= new GappedPhrases(LANGUAGES.flatMap((l) => vocab(l).danger.caseUrgent.map((p) => [p, true] as const)));
  const w = tokenize(typeof text === 'string' ? text : '').map((t) => t.t);
  return urgentCase.all(w).length > 0 && !detectDanger(text);
}

/** Dying, said of someone ("is dying", "se está muriendo", "est mourant"), and the words before a place ("in", "en", "à"). */
const DYING = new Set(['dying', 'muriendo', 'mourant', 'mourante']);
const PLACE_BEFORE = new Set(['in', 'en', 'à', 'a']);

export function detectDanger(text: string): boolean {
  const s = typeof text === 'string' ? text : '';
  const tokens = tokenize(s);
  if (tokens.length === 0) return false;
  // Each word as compared (`spelt`): letters held down ("ayudaaa", "HELPPP") are one, SMS spellings read.
  const w = tokens.map((t) => unswapped(t.t, spelt(t.t)));
  // A phrase does not reach across punctuation ("tombée * tête" is not "tombée, elle saigne de la tête").
  const piece: number[] = [];
  for (let i = 0, p = 0; i < tokens.length; i++) {
    if (i > 0 && CLAUSE_END.test(s.slice(tokens[i - 1].end, tokens[i].start))) p++;
    piece.push(p);
  }
  const found = signs()
    .all(w)
    .filter((m) => piece[m.start] === piece[m.end - 1]);
  const of = (k: Kind) => found.filter((m) => m.value === k);
  // A message that is only a cry for help ("AMBULANCE", "911!!!", "URGENCIA"), with at most
  // words that go with one ("ambulance pls", "911 my dad", "ambulancia porfa ya").
  const alone = of('alone');
  if (alone.length > 0) {
    const covered = new Array<boolean>(w.length).fill(false);
    for (const m of [...alone, ...of('aloneWith')]) for (let i = m.start; i < m.end; i++) covered[i] = true;
    if (covered.every(Boolean)) return true;
  }

  // Clauses: a number per token.
  const breaks = new Set(of('clauseBreak').map((m) => m.start));
  // "je sais pas il fait une crise", "PERSONNE IL FAIT UN AVC": typed without a comma, the "pas"
  // ends the clause before; it does not deny what the next one says.
  for (let i = 1; i < w.length; i++) if (NEGATION_ENDS.has(w[i - 1]) && SUBJECTS_FR.has(w[i])) breaks.add(i);
  const clause: number[] = [];
  for (let i = 0, c = 0; i < tokens.length; i++) {
    if (i > 0 && (breaks.has(i) || CLAUSE_END.test(s.slice(tokens[i - 1].end, tokens[i].start)))) c++;
    clause.push(c);
  }
  const lastOfClause = (i: number) => i === tokens.length - 1 || clause[i + 1] !== clause[i];
  const firstOfClause = (i: number) => i === 0 || clause[i - 1] !== clause[i];

  // Clauses that tell of the past, or of someone under care (in the ICU, intubated): no sign counts there.
  const pastClauses = new Set([
    ...of('past').map((m) => clause[m.start]),
    ...of('care').map((m) => clause[m.start]),
    ...w.flatMap((t, i) => (YEAR.test(t) ? [clause[i]] : [])),
  ]);
  // "Vomit du sang depuis hier soir", "since last night": a crisis on its own words still going on
  // (a sign that needs more stays in the past: "il répond pas depuis hier" is not danger).
  const sinceEnds = new Set(of('since').map((m) => m.end));
  const strongPastClauses = new Set([
    ...of('past')
      .filter((m) => !sinceEnds.has(m.start))
      .map((m) => clause[m.start]),
    ...of('care').map((m) => clause[m.start]),
    ...w.flatMap((t, i) => (YEAR.test(t) ? [clause[i]] : [])),
  ]);
  // A time to come ("next month", "en juin") only weakens: "elle accouche en juin" is not labour
  // now, but "il fait une crise il doit passer demain" is a seizure now.
  const laterClauses = new Set(of('later').map((m) => clause[m.start]));
  // A negation word inside a longer phrase is not one ("nouveau-né": "né" is not "ne").
  const conditions = of('condition');
  // "Not now", "ahorita no", "pas maintenant": a no to the moment (an answer to "can you go on?"),
  // not to what follows it ("not now he just stopped breathing").
  const nowWords = of('nowWord');
  const toTheMoment = (n: PhraseMatch<Kind>) => nowWords.some((x) => x.end === n.start || x.start === n.end);
  const negationsOnly = of('negation');
  // "Almost had a heart attack", "casi me muero", "a failli mourir": what almost happened did not. Not
  // a state said with it ("she's nearly unconscious", "está casi inconsciente"): that is now, and bad.
  const stateEnds = new Set(of('stateBefore').map((m) => m.end));
  const nearly = of('nearly').filter((n) => !stateEnds.has(n.start));
  const negations = [...negationsOnly, ...nearly, ...of('pastBefore')].filter(
    (n) => !conditions.some((c) => c.start < n.start && n.start < c.end) && !toTheMoment(n),
  );
  // A sign that holds its own negation ("not breathing", "no respira", "respire pas") is not
  // turned back by a no before it: "NO HES NOT BREATHING" answers no, then says he is not breathing.
  const ownNegation = (m: PhraseMatch<Kind>) => negationsOnly.some((n) => n.start >= m.start && n.start < m.end);
  // A sign said after a frame is negated before the frame: "il a presque fait une hémorragie", "almost had a stroke".
  const said = new Set(of('intensifier').map((m) => m.start));
  const frameOf = [...of('happening'), ...of('happened')];
  const saidFrom = (m: PhraseMatch<Kind>) => {
    let from = m.start;
    for (const f of frameOf) {
      let i = f.end;
      while (said.has(i)) i++;
      if (i === m.start && f.start < from) from = f.start;
    }
    return from;
  };
  const negated = (m: PhraseMatch<Kind>) => {
    const from = saidFrom(m);
    return !ownNegation(m) && negations.some((n) => clause[n.start] === clause[from] && n.end <= from && from - n.end <= NEGATION_REACH);
  };
  // "Can't breathe well", "no responde el teléfono", "drowning in debt": not a crisis. But a word
  // for well that only says how bad ("un ataque de asma bien fuerte": very strong) is no such word.
  const strength = new Set(of('intensifier').map((m) => m.start));
  const notAfter = new Set(
    of('notAfter')
      .filter((m) => !strength.has(m.end))
      .map((m) => m.start),
  );
  // "our father is dying in Detroit", "su mamá se está muriendo en Houston": a relative dying in a
  // place named, where they are cared for, is the reason to travel, not a crisis at the writer's
  // side (as "in the ICU" is not). Only where a place is named ("dying in the kitchen" and a
  // message all in capitals still count) and no one cries for help.
  // A cry for help ("what do I do") keeps it danger wherever the place.
  const shoutedOrCried = s === s.toUpperCase() || of('cry').length > 0;
  // A place: written with its capital, or a well-known city typed in small letters ("dying in toronto").
  const namesPlaceAt = (i: number) =>
    /^\p{Lu}/u.test(s.slice(tokens[i].start, tokens[i].end)) ||
    [3, 2, 1].some((n) => i + n <= w.length && clause[i + n - 1] === clause[i] && citiesNamed(w.slice(i, i + n)).some(prominent));
  const dyingThere = (m: PhraseMatch<Kind>) =>
    !shoutedOrCried &&
    m.value === 'event' &&
    w.slice(m.start, m.end).some((t) => DYING.has(t)) &&
    m.end + 1 < tokens.length &&
    PLACE_BEFORE.has(w[m.end]) &&
    clause[m.end + 1] === clause[m.start] &&
    namesPlaceAt(m.end + 1);
  const counts = (m: PhraseMatch<Kind>) => !pastClauses.has(clause[m.start]) && !negated(m) && !notAfter.has(m.end) && !dyingThere(m);
  // "il a frappe mon fils" (frappé, typed without its accent): after the auxiliary the verb is a
  // past act, not the present "frappe" of a sign said now ("il l'a frappé" is a sign of its own);
  // it still counts as an event, which needs a cry or a word for now ("..., aidez moi").
  const perfect = (m: PhraseMatch<Kind>) => m.start > 0 && PERFECT_AUXILIARIES.has(w[m.start - 1]) && PARTICIPLE_LIKE_PRESENT.has(w[m.start]);
  const countsStrong = (m: PhraseMatch<Kind>) => !strongPastClauses.has(clause[m.start]) && !negated(m) && !notAfter.has(m.end) && !perfect(m);

  // A crisis named right after a frame: the frame says whether it is happening or happened.
  // The longest frame wins ("a fait une" over "fait une").
  const crises = of('crisis');
  const frames = longestMatches([...of('happening'), ...of('happened')]);
  // Words that only say how bad may come between ("having a really bad asthma attack", "fait une grosse crise").
  const intensifiers = new Set(of('intensifier').map((m) => m.start));
  const after = (i: number) => {
    while (intensifiers.has(i)) i++;
    return i;
  };
  const framed = frames.flatMap((f) => {
    const crisis = crises.find((c) => c.start === after(f.end));
    return crisis ? [{ start: f.start, end: crisis.end, value: f.value }] : [];
  });

  const strong = [...of('now'), ...framed.filter((f) => f.value === 'happening')].filter(countsStrong);
  if (strong.length > 0) return true;
  // A crisis named with no frame ("SOBREDOSIS NO RESPONDE", "overdose, not responding"): only a
  // sign with an event or a symptom, never with another crisis ("heart attack and stroke") nor alone.
  const bare = crises.filter((c) => !framed.some((f) => f.end === c.end) && counts(c) && !laterClauses.has(clause[c.start]));

  // A blood sugar said with a low figure ("his sugar is 30", "su azúcar en 40", "son sucre est à 2"):
  // mg/dL up to 70, or mmol/L under 3.5. A sign that needs more, like "sugar * low".
  const lowSugar = of('sugar').flatMap((m) => {
    const figure = /^[^\d\n!?;]{0,16}?(\d+(?:[.,]\d+)?)(?!\d)/.exec(s.slice(tokens[m.end - 1].end));
    if (!figure) return [];
    const n = Number(figure[1].replace(',', '.'));
    return (n > 0 && n < 3.5) || (n >= 20 && n <= 70) ? [{ start: m.start, end: m.end, value: 'event' as Kind }] : [];
  });

  // The signs that need more, each word read once ("he is not moving" is one sign, not two).
  // Kept from leaving is an event, unless someone is held in custody by those who lawfully hold
  // people: then it is what custody is ("la tienen detenida en el puente, no la dejan salir" is a
  // detention; "held by a man who won't let her leave" is not).
  const heldInCustody = of('custody').some((m) => counts(m) && !laterClauses.has(clause[m.start])) && of('detainer').length > 0;
  const confined = heldInCustody ? [] : of('confinement').map((m) => ({ ...m, value: 'event' as Kind }));
  const weak = longestMatches([
    ...of('event'),
    ...confined,
    ...lowSugar,
    ...framed.filter((f) => f.value === 'happened'),
    ...of('threat'),
    ...of('symptom'),
    ...of('condition'),
    ...of('custody'),
    ...of('acute'),
  ]).filter((m) => counts(m) && !laterClauses.has(clause[m.start]));
  const count = (...kinds: string[]) => weak.filter((m) => kinds.includes(m.value)).length;
  const events = weak.filter((m) => m.value === 'event' || m.value === 'happened');
  const signsNeedingMore = count('event', 'happened', 'threat', 'symptom');
  if (signsNeedingMore >= 2) return true;
  // A state that makes a sign grave (pregnant, a small child, can't get up) or an illness now
  // (vomiting, fever, sick): with an event or a symptom, not a crisis that happened ("had a
  // stroke … diabetic" may be years old) nor a weapon. Held in custody: with any sign or an
  // illness now ("detenido y vomitando"), not a lasting state ("detained and diabetic").
  if (count('condition', 'acute') > 0 && count('event', 'symptom') > 0) return true;
  if (bare.length > 0 && count('event', 'symptom') > 0) return true;
  if (count('custody') > 0 && count('event', 'happened', 'symptom', 'acute') > 0) return true;
  if (signsNeedingMore === 0) return false;
  // A cry: anywhere ("what do I do"), or a cry word opening the message or standing as its own clause ("…, help!").
  const cry =
    of('cry').some((m) => !pastClauses.has(clause[m.start])) ||
    of('cryAtStart').some((m) => m.start === 0 || (firstOfClause(m.start) && lastOfClause(m.end - 1)));
  if (cry) return true;
  // "Is it normal for a newborn to be this blue?", "c'est normal qu'il soit tout mou?": asking
  // whether a sign of the body is normal is a sign of it now, when that sign follows in the same clause
  // (not "is it normal the visa takes months, and he is not answering").
  const asks = of('askNormal').filter((m) => !pastClauses.has(clause[m.start]));
  if (weak.some((s) => s.value === 'symptom' && asks.some((a) => clause[a.start] === clause[s.start] && a.end <= s.start))) return true;
  // An event (not a threat: "armed officers at the bridge right now") with a word for now in its
  // clause, or right after a word for just now ("just passed out", "vient de perdre connaissance",
  // "se acaba de desmayar"; a pronoun may come between, or the event may hold it: "se acaba de desplomar").
  const inClause = (m: PhraseMatch<Kind>, c: number) => clause[m.start] === c && !pastClauses.has(c);
  const justNow = of('just');
  // "Depuis ce matin", "desde anoche": a word for since that dates when it began is no word for now
  // ("elle répond plus depuis ce matin" is out of reach since then, as "since this morning" is).
  const recent = wordIndex('recent');
  const typed = tokens.map((t) => t.t);
  const dated = new Set(of('since').flatMap((m) => (recent.at(typed, m.end).length > 0 ? [m.start] : [])));
  // "Someone stabbed my father, the police are on the way": help coming says what happened is happening.
  if (events.length > 0 && of('responders').some((m) => !pastClauses.has(clause[m.start]))) return true;
  return events.some((e) => {
    const c = clause[e.start];
    return (
      // Not a word for now that is part of the event itself ("en train de mourir").
      of('nowWord').some((m) => inClause(m, c) && !dated.has(m.start) && (m.end <= e.start || m.start >= e.end)) ||
      of('nowAtEnd').some((m) => inClause(m, c) && m.end - m.start === 1 && lastOfClause(m.start)) ||
      justNow.some((j) => inClause(j, c) && (j.end <= e.start ? e.start - j.end <= 1 : j.start >= e.start && j.end <= e.end))
    );
  });
}
