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
 *   I do", "ayúdenme", or `criesAtStart` opening the message: "HELP …"), or a second sign
 *   ("se desmayó … y no responde");
 * - `threats`: a weapon, someone at the door or outside the house: only with a second sign or a
 *   cry ("a man with a gun outside our house"; not "armed officers at the bridge right now").
 * A sign does not count in a clause that tells of the past (`past`: "last year", "hace dos años",
 * "il y a longtemps", or a year) or of someone under care (`care`: "in the ICU", "intubado"),
 * nor right after a negation (`negations`: "is not having a seizure", "at risk of having a
 * stroke") or a past tense (`pastBefore`: "she was suicidal"), nor before words that make it
 * something else (`notAfter`: "can't breathe well", "no responde el teléfono").
 */
import { LANGUAGES } from '../../dialogs/context';
import { tokenize, longestMatches, type PhraseMatch } from './normalize';
import { GappedPhrases } from './patterns';
import { vocab } from './vocab';

type Kind =
  | 'now'
  | 'crisis'
  | 'happening'
  | 'happened'
  | 'event'
  | 'threat'
  | 'nowWord'
  | 'nowAtEnd'
  | 'cry'
  | 'cryAtStart'
  | 'past'
  | 'care'
  | 'negation'
  | 'pastBefore'
  | 'notAfter'
  | 'clauseBreak';

const SECTIONS: Record<Kind, (d: ReturnType<typeof vocab>['danger']) => string[]> = {
  now: (d) => d.now,
  crisis: (d) => d.crises,
  happening: (d) => d.happening,
  happened: (d) => d.happened,
  event: (d) => d.events,
  threat: (d) => d.threats,
  nowWord: (d) => d.nowWords,
  nowAtEnd: (d) => d.nowAtEnd,
  cry: (d) => d.cries,
  cryAtStart: (d) => d.criesAtStart,
  past: (d) => d.past,
  care: (d) => d.care,
  negation: (d) => d.negations,
  pastBefore: (d) => d.pastBefore,
  notAfter: (d) => d.notAfter,
  clauseBreak: (d) => d.clauseBreaks,
};

let built: GappedPhrases<Kind> | null = null;
/** One index of every language's danger words, built on first use. */
function signs(): GappedPhrases<Kind> {
  if (!built) {
    const entries = LANGUAGES.flatMap((l) =>
      (Object.keys(SECTIONS) as Kind[]).flatMap((k) => SECTIONS[k](vocab(l).danger).map((p) => [p, k] as const)),
    );
    built = new GappedPhrases(entries);
  }
  return built;
}

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

export function detectDanger(text: string): boolean {
  const s = typeof text === 'string' ? text : '';
  const tokens = tokenize(s);
  if (tokens.length === 0) return false;
  const w = tokens.map((t) => t.t);
  const found = signs().all(w);
  const of = (k: Kind) => found.filter((m) => m.value === k);

  // Clauses: a number per token.
  const breaks = new Set(of('clauseBreak').map((m) => m.start));
  const clause: number[] = [];
  for (let i = 0, c = 0; i < tokens.length; i++) {
    if (i > 0 && (breaks.has(i) || CLAUSE_END.test(s.slice(tokens[i - 1].end, tokens[i].start)))) c++;
    clause.push(c);
  }
  const lastOfClause = (i: number) => i === tokens.length - 1 || clause[i + 1] !== clause[i];

  // Clauses that tell of the past, or of someone under care (in the ICU, intubated): no sign counts there.
  const pastClauses = new Set([
    ...of('past').map((m) => clause[m.start]),
    ...of('care').map((m) => clause[m.start]),
    ...w.flatMap((t, i) => (YEAR.test(t) ? [clause[i]] : [])),
  ]);
  const negations = [...of('negation'), ...of('pastBefore')];
  const negated = (m: PhraseMatch<Kind>) =>
    negations.some((n) => clause[n.start] === clause[m.start] && n.end <= m.start && m.start - n.end <= NEGATION_REACH);
  // "Can't breathe well", "no responde el teléfono", "drowning in debt": not a crisis.
  const notAfter = new Set(of('notAfter').map((m) => m.start));
  const counts = (m: PhraseMatch<Kind>) => !pastClauses.has(clause[m.start]) && !negated(m) && !notAfter.has(m.end);

  // A crisis named right after a frame: the frame says whether it is happening or happened.
  // The longest frame wins ("a fait une" over "fait une").
  const crises = of('crisis');
  const frames = longestMatches([...of('happening'), ...of('happened')]);
  const framed = frames.flatMap((f) => {
    const crisis = crises.find((c) => c.start === f.end);
    return crisis ? [{ start: f.start, end: crisis.end, value: f.value }] : [];
  });

  const strong = [...of('now'), ...framed.filter((f) => f.value === 'happening')].filter(counts);
  if (strong.length > 0) return true;

  const events = longestMatches([...of('event'), ...framed.filter((f) => f.value === 'happened')]).filter(counts);
  const threats = longestMatches(of('threat')).filter(counts);
  if (events.length + threats.length >= 2) return true;
  if (events.length + threats.length === 0) return false;
  const cry = of('cry').some((m) => !pastClauses.has(clause[m.start])) || of('cryAtStart').some((m) => m.start === 0);
  if (cry) return true;
  // An event (not a threat: "armed officers at the bridge right now") with a word for now in its clause.
  const inClause = (m: PhraseMatch<Kind>, c: number) => clause[m.start] === c && !pastClauses.has(c);
  return events.some((e) => {
    const c = clause[e.start];
    return of('nowWord').some((m) => inClause(m, c)) || of('nowAtEnd').some((m) => inClause(m, c) && m.end - m.start === 1 && lastOfClause(m.start));
  });
}
