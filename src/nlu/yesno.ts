/**
 * Yes / no / not sure, as families write it, with what they said beyond the answer kept as its
 * details: "yes, no hospital in Canada does this procedure" is yes (details "no hospital in
 * Canada does this procedure"), "not sure, he had something when he was young" is not sure,
 * "no, because he never went" is no, "oui mais seulement une fois en 2010" and "sí, lo deportaron
 * en 2015" are yes.
 *
 * In order, the first that speaks decides:
 * 1. the answer opening the message (after "well", "ben", "bueno"…): "not sure, …" and a hedge
 *    ("I think so", "creo que…", "not that I know of") are not sure, the hedge kept whole; a yes
 *    or a no is that answer, unless a phrase of the question's own says the opposite where the
 *    answer stands ("no hay" is yes to "is it unavailable at home?"); "yes and no" is nothing;
 * 2. a "not sure" closing it ("creo que testigo, no estoy seguro");
 * 3. what the words say about this question (locales/<lang>/vocab.json answers.byQuestion: "only
 *    in the US" is yes to "unavailable at home?"; an age for "under 18?"; a relative travelling
 *    with them; "twice" to "has he ever…?"), a negation just before turning a yes into a no;
 * 4. "never" / "jamais" / "nunca" anywhere;
 * 5. a yes or a no standing on its own further on ("he was, yes", "Not from the US, no").
 * Short words that are also something else ("si" = if, "he has" = the start of a sentence) only
 * count alone or before punctuation (vocab ambiguousShort).
 */
import { isUnmarkedQuestion } from './not-values';
import { LANGUAGES, type Lang } from '../../dialogs/context';
import { QUESTIONS, type QuestionId } from '../../dialogs/questions';
import { minorByAge } from './age';
import { corrected } from './fuzzy';
import { restBefore, restFrom, saysMore } from './details';
import { PhraseIndex, digitsValue, keyOf, longestMatches, punctuationAfter, spellings, tokenize, words, type PhraseMatch, type Token } from './normalize';
import { contractionParts } from './contractions';
import { langOrder, perLang, vocab } from './vocab';

export type Verdict = 'yes' | 'no' | 'unsure';

export interface YesNoReading {
  verdict: Verdict;
  /** What the message says beyond the answer, as typed; null when nothing. */
  details: string | null;
}

export interface YesNoContext {
  language: Lang;
  now: Date;
}

/** Questions asking whether to go on: "ok", "go ahead", "dale" are a yes to them. */
const GO_AHEAD: ReadonlySet<QuestionId> = new Set(['consent', 'canContinue']);
/** Asked in the negative ("is this treatment unavailable…?"): a "never" in the sentence is not their no. */
const NEGATED: ReadonlySet<QuestionId> = new Set(['unavailableAtHome']);
/** The screening's "has he ever…?": how many times is a yes. */
const EVER: ReadonlySet<QuestionId> = new Set(
  (Object.keys(QUESTIONS) as QuestionId[]).filter((q) => QUESTIONS[q].section === 'history' && QUESTIONS[q].kind === 'yesno'),
);
/** A companion travelling with a minor must be an adult. */
const COMPANION: QuestionId = 'accompanied';
const MINOR: QuestionId = 'isMinor';

type Tag = Verdict | 'hedge' | 'go';

const flag = (phrases: readonly string[]) => new PhraseIndex(phrases.map((p) => [p, true] as const));

const heads = perLang(
  (v) =>
    new PhraseIndex<Tag>([
      ...v.yes.map((p) => [p, 'yes'] as const),
      ...v.no.map((p) => [p, 'no'] as const),
      ...v.answers.nothing.map((p) => [p, 'no'] as const),
      ...v.unsure.map((p) => [p, 'unsure'] as const),
      ...v.answers.hedged.map((p) => [p, 'hedge'] as const),
      ...v.answers.goAhead.map((p) => [p, 'go'] as const),
    ]),
);
const ambiguous = perLang((v) => new Set(v.ambiguousShort.map(keyOf)));
const opensAnswer = perLang((v) => new Set(v.answers.opensAnswer.map(keyOf)));
const notAnswers = perLang((v) => new Set(v.answers.notAnswers.map(keyOf)));
const openers = perLang((v) => flag([...v.filler, ...v.answers.discourse]));
const connectors = perLang((v) => flag([...v.and, ...v.or]));
const negations = perLang((v) => flag(v.negations));
const never = perLang((v) => flag(v.answers.never));
const reported = perLang((v) => flag(v.answers.reported));
const times = perLang((v) => flag(v.answers.times));
const timesUnits = perLang((v) => flag(v.answers.timesUnits));
const takenBack = perLang((v) => flag(v.answers.takenBack));
const numberWords = perLang((v) => new Map(Object.entries(v.numberWords)));
const only = perLang((v) => flag(v.values.only));
/** "his", "son", "su": whose relative is named ("his brother was deported"). */
const theirs = perLang((v) => flag(v.values.theirs));
/** "but", "mais", "pero": a negation does not reach across one ("no pero lo regresaron"). */
const remarks = perLang((v) => flag(v.answers.remarks));
/** Where "only" something the question does not name is its no ("only diabetes" to "a contagious disease?"). */
const ONLY_OTHER_IS_NO: ReadonlySet<QuestionId> = new Set(['health']);
/** A phrase saying the answer is about something else than the question (vocab `elsewhere`). */
const ELSEWHERE = 'elsewhere';
const byQuestion = perLang((v) => {
  const m = new Map<string, PhraseIndex<Verdict | typeof ELSEWHERE>>();
  for (const [q, lists] of Object.entries(v.answers.byQuestion)) {
    m.set(
      q,
      new PhraseIndex<Verdict | typeof ELSEWHERE>(
        (['yes', 'no', 'unsure', ELSEWHERE] as const).flatMap((kind) => (lists[kind] ?? []).map((p) => [p, kind] as const)),
      ),
    );
  }
  return m;
});
/** Relatives: one named as travelling with a minor is an adult with them when their age says so. */
const relatives = perLang((v) => flag(v.choices.role?.family ?? []));
/** Other questions' own yes-phrases: "he was refused once" at "security concerns?" is about refusals, not security. */
const otherEverPhrases = perLang((v) => {
  const m = new Map<QuestionId, PhraseIndex<true>>();
  for (const q of EVER) {
    const others = Object.entries(v.answers.byQuestion).filter(([o]) => o !== q && EVER.has(o as QuestionId));
    m.set(q, flag(others.flatMap(([, lists]) => lists.yes ?? [])));
  }
  return m;
});
const winners = perLang((v) => new Map(Object.entries(v.answers.byQuestion).map(([q, lists]) => [q, lists.wins ?? null])));

/**
 * Every one-word answer of every language, and every one-word filler before one, to read "yesss",
 * "siii", "nooo", "ummm", "hmmmm" as the word stretched.
 */
const answerWords = new Set(
  LANGUAGES.flatMap((l) => {
    const v = vocab(l);
    return [...v.yes, ...v.no, ...v.unsure, ...v.answers.goAhead, ...v.filler, ...v.answers.discourse]
      .map(words)
      .filter((w) => w.length === 1)
      .map((w) => w[0]);
  }),
);
/** Shorter go-aheads ("okay", "dale", "sale") are too near other words to be read through a slip. */
const GO_SLIP_MIN = 6;
/** At most this many letters added by stretching: "nnnnnnnnnn" is noise, not "n". */
const STRETCH = 4;
const unstretched = (t: string): string => {
  if (answerWords.has(t)) return t;
  // Held down to two ("ummm" is "umm"), or to one ("nooo" is "no").
  const twice = t.replace(/(\p{L})\1{2,}/gu, '$1$1');
  if (twice !== t && t.length - twice.length <= STRETCH && answerWords.has(twice)) return twice;
  // A letter doubled once is stretched only at the end or a vowel ("noo", "yees"): "salle" is a word, not "sale".
  const once = t
    .replace(/(\p{L})\1{2,}/gu, '$1')
    .replace(/([aeiouy])\1/gu, '$1')
    .replace(/(\p{L})\1$/u, '$1');
  return once !== t && once.length >= 2 && t.length - once.length <= STRETCH && answerWords.has(once) ? once : t;
};

/**
 * The words of every language's go-aheads ("accept", "jaccepte", "acepto"), to read a slip of the
 * thumb in one ("i acept", "jaccepe", "acpeto") as that word at the questions that take them.
 */
const goWords = new Map(LANGUAGES.flatMap((l) => vocab(l).answers.goAhead.flatMap(spellings)).map((w) => [w, 'go'] as const));
/** A word read as the go-ahead it is one slip from; the words of longer go-aheads ("accord" of "d'accord") are words already. */
const goSlip = (t: string): string => {
  const c = corrected(t, goWords);
  // One slip from a go-ahead typed without its apostrophe ("jaccepe"): the word it elides to.
  const word = contractionParts(c)?.at(-1) ?? c;
  return c.length >= GO_SLIP_MIN ? word : t;
};

/** How many words before a yes-phrase a negation still turns it ("never deported"). */
const NEGATION_REACH = 3;

interface Message {
  text: string;
  tokens: Token[];
  w: string[];
  q: QuestionId;
  own: Lang;
  thisYear: number;
  /** The message ends with a question mark: asking back ("TB?", "what's a waiver?"), not saying. */
  asks: boolean;
}

/**
 * An answer phrase at `i`: longest first; a short ambiguous one only alone or before punctuation,
 * unless it opens the message and is one that opens answers (`opening`).
 */
function answerAt(m: Message, l: Lang, i: number, opening = false): PhraseMatch<Tag> | undefined {
  for (const hit of heads(l).at(m.w, i)) {
    if (hit.value === 'go' && !GO_AHEAD.has(m.q)) continue;
    const key = m.w.slice(hit.start, hit.end).join(' ');
    // Not one phrase across a comma or a stop: "no, se fue" is no and a sentence, not "no sé".
    if (/[,.;:!?]/.test(m.text.slice(m.tokens[hit.start].end, m.tokens[hit.end - 1].start))) continue;
    if (l !== m.own && notAnswers(m.own).has(key)) continue;
    const runOn = hit.end < m.w.length && !punctuationAfter(m.text, m.tokens[hit.end - 1].end);
    if (ambiguous(l).has(key) && runOn && !(opening && opensAnswer(l).has(key))) continue;
    return hit;
  }
  return undefined;
}

const verdictOf = (t: Tag): Verdict => (t === 'go' ? 'yes' : t === 'hedge' ? 'unsure' : t);

/**
 * What the question's own phrases, ages, companions and counts of times say; the tokens that said
 * it. `phrasesOnly`: only the question's phrases (for words answering another question, where an
 * age or a count belongs to that other one).
 */
function whatItSays(
  m: Message,
  l: Lang,
  phrasesOnly = false,
): { verdict: Verdict | 'both' | typeof ELSEWHERE; spans: Array<{ start: number; end: number }> } | null {
  const found: Array<PhraseMatch<Verdict | typeof ELSEWHERE>> = [...(byQuestion(l).get(m.q)?.all(m.w) ?? [])];
  if (!phrasesOnly && EVER.has(m.q) && !otherEverPhrases(l).get(m.q)?.some(m.w)) {
    found.push(
      ...times(l)
        .all(m.w)
        .map((x) => ({ ...x, value: 'yes' as const })),
    );
    // "2 times", "3 fois", "dos veces", "2x"
    for (let i = 0; i + 1 < m.w.length; i++) {
      const n = digitsValue(m.w[i]) ?? numberWords(l).get(m.w[i]) ?? null;
      const unit = n !== null && n > 0 ? timesUnits(l).at(m.w, i + 1)[0] : undefined;
      if (unit) found.push({ start: i, end: unit.end, value: 'yes' });
    }
  }
  // Words said with another answer: a relative named is not one travelling with the traveler
  // ("elle voyage seule pour voir son père").
  let kept = longestMatches(
    phrasesOnly
      ? found.filter(
          (x) =>
            !relatives(l)
              .at(m.w, x.start)
              .some((r) => r.end === x.end),
        )
      : found,
  );
  // "his brother was deported, he wasn't", "a su hermano lo deportaron": the question's own words
  // said of a relative of the traveler's, not of the traveler: about someone else.
  if (EVER.has(m.q)) {
    const kin = relatives(l).all(m.w);
    const whose = theirs(l).all(m.w);
    const ofRelative = (x: { start: number }) =>
      kin.some(
        (r) =>
          r.end <= x.start &&
          x.start - r.end < NEGATION_REACH &&
          whose.some((p) => p.end === r.start) &&
          !/[,.;:!?]/.test(m.text.slice(m.tokens[r.end - 1].end, m.tokens[x.start].start)),
      );
    kept = kept.map((x) => (x.value === 'yes' && ofRelative(x) ? { ...x, value: ELSEWHERE } : x));
  }
  // "peur de la frontière", "afraid of being deported": about something else than the question.
  // "not of going back, he's scared for his mom": the question's own no said with it stands.
  if (kept.some((x) => x.value === ELSEWHERE))
    return kept.some((x) => x.value === 'no') && !kept.some((x) => x.value === 'yes') ? { verdict: 'no', spans: kept } : { verdict: ELSEWHERE, spans: kept };
  const negs = negations(l).all(m.w);
  const said = (kept as Array<PhraseMatch<Verdict>>).map((x) => {
    // A phrase that holds its own negation ("not alone", "pas seul") is not turned by an earlier one ("no, he's not alone").
    const ownNegation = negs.some((n) => n.start <= x.start && x.start < n.end);
    // Not across a comma or a stop: "deportado no, solo lo regresaron" denies the first words, not the refusal after.
    const apart = (n: { end: number }) =>
      /[,.;:!?]/.test(m.text.slice(m.tokens[n.end - 1].end, m.tokens[x.start].start)) ||
      remarks(l)
        .all(m.w)
        .some((r) => r.start >= n.end && r.end <= x.start);
    const negated =
      !ownNegation &&
      negs.some((n) => n.end <= x.start && x.start - n.end < NEGATION_REACH && !apart(n) && !kept.some((k) => k.start <= n.start && n.end <= k.end));
    return { ...x, value: x.value === 'yes' && negated ? ('no' as const) : x.value };
  });
  // "deportado no, …", "expulsé? non": the question's own words denied by a no standing after them.
  for (const x of said) {
    const after = negs.find((n) => n.start === x.end && n.end - n.start === 1);
    if (x.value === 'yes' && after && (after.end === m.w.length || punctuationAfter(m.text, m.tokens[after.end - 1].end))) x.value = 'no';
  }
  // "not deported, they just sent him back", "deportado no, solo lo regresaron en el puente": the
  // question's own words denied, then something lesser brought in by "only" (vocab values.only),
  // even what alone would leave it in doubt: the no stands.
  const onlys = only(l).all(m.w);
  const lesser = (y: { start: number }) => said.some((x) => x.value === 'no' && x.end <= y.start && onlys.some((o) => o.start >= x.end && o.end <= y.start));
  if (said.some((x) => x.value === 'no')) for (const y of said) if ((y.value === 'yes' || y.value === 'unsure') && lesser(y)) y.value = 'no';
  const spans: Array<{ start: number; end: number }> = [...said];
  const verdicts = new Set<Verdict>(said.map((x) => x.value));
  if (phrasesOnly) {
    // nothing more: no ages, no companions
  } else if (m.q === MINOR) {
    const age = minorByAge(m.tokens, langOrder(l), m.thisYear);
    if (age) {
      verdicts.add(age.verdict);
      spans.push(...age.spans);
    }
  }
  if (!phrasesOnly && m.q === COMPANION && (verdicts.has('yes') || relatives(l).some(m.w))) {
    // A relative and their age: under 18, they are not an adult travelling with the traveler.
    const age = minorByAge(m.tokens, langOrder(l), m.thisYear);
    if (age) {
      verdicts.clear();
      verdicts.add(age.verdict === 'yes' ? 'no' : 'yes');
      spans.push(...age.spans);
    }
  }
  if (verdicts.size === 0) return null;
  if (verdicts.has('unsure')) return { verdict: 'unsure', spans };
  // Where one side qualifies the other ("TB, tested negative", "tuberculose… guéri"), it decides.
  const wins = winners(l).get(m.q);
  if (verdicts.size > 1 && wins) return { verdict: wins, spans };
  return { verdict: verdicts.size === 1 ? [...verdicts][0] : 'both', spans };
}

/** The whole message as details, when it says more than its answer words. */
const whole = (m: Message): string | null => (saysMore(m.tokens, 0, m.tokens.length, m.own) ? m.text.trim() : null);

/** One language's reading of the message: a verdict with details, 'both' (it says yes and no), or nothing. */
function readIn(m: Message, l: Lang): YesNoReading | 'both' | null {
  const { text, tokens, w } = m;
  const n = w.length;
  // "well", "hi", "ben", "bueno", "eh…" before the answer.
  let s = 0;
  for (let f = openers(l).at(w, 0)[0]; f && f.end < n && !answerAt(m, l, s, true); f = openers(l).at(w, s)[0]) s = f.end;

  const head = answerAt(m, l, s, true);
  // The answer set apart by punctuation ("yes, …", "not sure - …"): the rest is what they add;
  // run into the sentence ("never went there", "no sé qué es eso"), the sentence is kept whole.
  const after = (end: number) => (punctuationAfter(text, tokens[end - 1].end) ? restFrom(text, tokens, end, m.own) : whole(m));
  if (head?.value === 'unsure' || head?.value === 'hedge') {
    // "Maybe later", "peut-être ce soir", "tal vez mañana" to "can you go on now?": not now. (A
    // doubt before a yes is still a doubt: "no me acuerdo si hubo otro".)
    const own = GO_AHEAD.has(m.q) ? whatItSays(m, l, true) : null;
    if (own?.verdict === 'no' && own.spans.every((x) => x.start >= head.end)) return { verdict: 'no', details: whole(m) };
    // "I guess so, go ahead", "creo que sí, adelante": the go-ahead after the doubt.
    const next = GO_AHEAD.has(m.q) && head.end < n ? answerAt(m, l, head.end) : undefined;
    if (next && next.value !== 'unsure' && next.value !== 'hedge') return { verdict: verdictOf(next.value), details: null };
  }
  if (head?.value === 'unsure') return { verdict: 'unsure', details: after(head.end) };
  if (head?.value === 'hedge') return { verdict: 'unsure', details: text.trim() };

  // "…, no estoy seguro", "… but I'm not sure": not sure, what comes before kept.
  const tail = heads(l)
    .all(w)
    .find((x) => x.value === 'unsure' && x.end === n && x.start > s && (x.end - x.start >= 2 || punctuationAfter(text, tokens[x.start - 1].end)));
  // "non, …, demain peut-être", "no, maybe tonight" to "can you go on now?": the doubt is about later; now is no.
  const laterInDoubt = tail && m.q === 'canContinue' && head && verdictOf(head.value) === 'no' && head.end <= tail.start;
  if (tail && !laterInDoubt) return { verdict: 'unsure', details: restBefore(text, tokens, tail.start, m.own) };

  // Asking back ("TB?", "c'est quoi une assignation?") says nothing about the question but "not sure".
  const said = whatItSays(m, l);
  // "Oui, peur de la frontière": a yes about something else than the question; asked again.
  // "No, he's only afraid of the flight": a no, and what it is about beyond the question kept.
  if (said?.verdict === ELSEWHERE) return head && head.value === 'no' ? { verdict: 'no', details: after(head.end) } : 'both';
  // "can we do it tonight after 8?", "on peut faire ça ce soir?": another time proposed is a no to now.
  const proposesLater = m.asks && m.q === 'canContinue' && said?.verdict === 'no';
  const saying = said && (!m.asks || said.verdict === 'unsure' || proposesLater) ? { ...said, verdict: said.verdict } : null;
  const inSaid = (i: number) => !!said?.spans.some((x) => x.start <= i && i < x.end);
  const standsAlone = (x: PhraseMatch<Tag>) => x.end === n || punctuationAfter(text, tokens[x.end - 1].end) || connectors(l).at(w, x.end).length > 0;
  if (head) {
    const verdict = verdictOf(head.value);
    // "yes and no", "oui / non", "si no": both at once; "no no", "si claro": the same said twice.
    let j = head.end;
    for (;;) {
      let k = j;
      while (k < n && connectors(l).at(w, k).length > 0) k = connectors(l).at(w, k)[0].end;
      const next = k < n ? answerAt(m, l, k) : undefined;
      if (!next || next.value === 'unsure' || next.value === 'hedge' || inSaid(next.start)) break;
      if (verdictOf(next.value) !== verdict) {
        if (standsAlone(next)) return 'both';
        break;
      }
      j = next.end;
    }
    // The question's own phrase through the answer word ("no hay", "sí hay") says what it means;
    // a "not sure" in the sentence run on from it ("never deported, but a voluntary return") too.
    // "no pero lo regresaron en el aeropuerto": "but" sets the rest apart as a comma does.
    const runOn = !punctuationAfter(text, tokens[head.end - 1].end) && remarks(l).at(w, head.end).length === 0;
    // Asked in the negative, the question's own words say what a bare "no" meant: "nope they can't
    // do it here" agrees that it is unavailable; "no, it's available" says it is not.
    const ownSays = NEGATED.has(m.q) && saying && (saying.verdict === 'yes' || saying.verdict === 'no') && !inSaid(head.start);
    if (ownSays) return { verdict: saying.verdict as Verdict, details: after(head.end) };
    // "No, he's not alone", "non, pas seul": a no that agrees with the question's words turned in the
    // negative; those words, holding their own negation, say what it meant.
    const negs = negations(l).all(w);
    const restated =
      verdict === 'no' && saying?.verdict === 'yes' && said!.spans.some((x) => x.start >= head.end && negs.some((n) => n.start <= x.start && x.start < n.end));
    if (restated) return { verdict: 'yes', details: whole(m) };
    if (saying && saying.verdict !== 'both' && (inSaid(head.start) || (runOn && saying.verdict === 'unsure'))) {
      return { verdict: saying.verdict, details: whole(m) };
    }
    // "no. bueno, una vez lo pararon por el apellido": a no taken back to tell of a time it happened: not sure.
    if (verdict === 'no' && EVER.has(m.q) && 'unsure' in QUESTIONS[m.q] && j < n && punctuationAfter(text, tokens[j - 1].end)) {
      const back = takenBack(l).at(w, j)[0];
      if (
        back &&
        back.end < n &&
        times(l)
          .all(w)
          .some((x) => x.start >= back.end)
      )
        return { verdict: 'unsure', details: restFrom(text, tokens, back.end, m.own) };
    }
    // "si lo deportaron en el 2010": the yes that opens answers, run into what happened; what follows it is the details.
    const opener = !punctuationAfter(text, tokens[j - 1].end) && opensAnswer(l).has(w.slice(head.start, head.end).join(' '));
    return { verdict, details: opener ? restFrom(text, tokens, j, m.own) : after(j) };
  }
  if (saying?.verdict === 'both') return 'both';
  if (saying) return { verdict: saying.verdict, details: whole(m) };
  if (m.asks) return null;

  // "only diabetes", "juste le diabète", "solo diabetes" to "a contagious disease now?": only
  // something the question's words do not name: no, what it is kept.
  const onlyOther = ONLY_OTHER_IS_NO.has(m.q) ? only(l).at(w, s)[0] : undefined;
  if (onlyOther && onlyOther.end < n) return { verdict: 'no', details: whole(m) };

  // "Never" about the question, not about being told ("he never told me", "nunca me ha contado").
  const speech = langOrder(m.own).flatMap((x) => reported(x).all(w));
  const nevers = never(l)
    .all(w)
    .filter((x) => !speech.some((r) => r.start >= x.end && r.start - x.end < 3));
  if (!NEGATED.has(m.q) && nevers.length) return { verdict: 'no', details: whole(m) };

  // A yes or a no standing on its own further on: "he was, yes", "Not from the US, no"; not one
  // someone is reported to have said ("they told him no", "ils ont dit non").
  const alone = [];
  for (let i = s + 1; i < n; i++) {
    const hit = answerAt(m, l, i);
    if (!hit || hit.value === 'unsure' || hit.value === 'hedge' || hit.value === 'go') continue;
    if (speech.some((r) => r.end === i || r.end === i - 1)) continue;
    if (hit.end === n || punctuationAfter(text, tokens[hit.end - 1].end)) alone.push(hit);
  }
  const verdicts = new Set(alone.map((x) => verdictOf(x.value)));
  if (verdicts.size > 1) return 'both';
  if (verdicts.size === 1) return { verdict: [...verdicts][0], details: whole(m) };
  return null;
}

const tagQuestions = perLang((v) => flag(v.answers.tagQuestions));

/**
 * "solo una vez en México, pero allá no cuenta, ¿verdad?": a question tagged on after a comma asks
 * to agree; the message says what comes before it (and is no question back). Null when there is none.
 */
function withoutTagQuestion(text: string, lang: Lang): string | null {
  const m = /[,;]\s*[¿]?\s*([^,;¿?]+)\?+\s*$/u.exec(text);
  if (!m) return null;
  const tag = words(m[1]);
  if (!langOrder(lang).some((l) => tagQuestions(l).whole(tag.join(' ')).length > 0)) return null;
  const before = text.slice(0, m.index).trim();
  return words(before).length >= 2 ? before : null;
}

function message(raw: string, q: QuestionId, ctx: YesNoContext): Message | null {
  const text = withoutTagQuestion(raw, ctx.language) ?? raw;
  const tokens = tokenize(text);
  if (tokens.length === 0) return null;
  return {
    text,
    tokens,
    w: tokens.map((t) => (GO_AHEAD.has(q) ? goSlip(unstretched(t.t)) : unstretched(t.t))),
    q,
    own: ctx.language,
    thisYear: ctx.now.getUTCFullYear(),
    // "wdym by removed", "what does removed mean": a question back without its mark asks too (not at the notice, where "can you help me" agrees).
    asks: /[?¿]\s*$/u.test(text) || (q !== 'consent' && isUnmarkedQuestion(text, ctx.language)),
  };
}

/**
 * What words said with another answer say about yes / no question `q`, by `q`'s own phrases only
 * ("only refused entry once", said answering "ever deported?", is yes to "ever refused?"): no
 * bare yes or no, no age, no count, which belong to the question they answered. Null when they
 * say nothing about it, or both.
 */
export function readAbout(text: string, q: QuestionId, ctx: YesNoContext): Verdict | null {
  const m = message(text, q, ctx);
  if (!m || m.asks) return null;
  for (const l of langOrder(ctx.language)) {
    const said = whatItSays(m, l, true);
    if (said) return said.verdict === 'both' || said.verdict === ELSEWHERE ? null : said.verdict;
  }
  return null;
}

/**
 * "Not sure" opening or closing a message, or a hedge opening it ("creo que testigo"), in the
 * conversation's language or another: for questions answered by choosing, where a yes or a no
 * is not an answer. The rest of the message is its details.
 */
export function readUnsure(text: string, language: Lang): { details: string | null } | null {
  const tokens = tokenize(text);
  if (tokens.length === 0) return null;
  const w = tokens.map((t) => unstretched(t.t));
  const n = w.length;
  for (const l of langOrder(language)) {
    let s = 0;
    for (let f = openers(l).at(w, 0)[0]; f && f.end < n; f = openers(l).at(w, s)[0]) s = f.end;
    const head = heads(l)
      .at(w, s)
      .find((x) => x.value === 'unsure' || x.value === 'hedge' || x.value === 'yes' || x.value === 'no');
    if (head?.value === 'hedge') return { details: text.trim() };
    if (head?.value === 'unsure') {
      const set = punctuationAfter(text, tokens[head.end - 1].end);
      return { details: set ? restFrom(text, tokens, head.end, language) : saysMore(tokens, 0, n, language) ? text.trim() : null };
    }
    const tail = heads(l)
      .all(w)
      .find((x) => x.value === 'unsure' && x.end === n && x.start > s && (x.end - x.start >= 2 || punctuationAfter(text, tokens[x.start - 1].end)));
    if (tail) return { details: restBefore(text, tokens, tail.start, language) };
  }
  return null;
}

/**
 * The answer to yes / no question `q`, in the conversation's language or, when it reads nothing
 * there, in another one all others agree on (families mix languages). Null when the message
 * does not answer it, or answers both ways.
 */
export function readYesNo(text: string, q: QuestionId, ctx: YesNoContext): YesNoReading | null {
  const m = message(text, q, ctx);
  if (!m) return null;
  const [first, ...others] = langOrder(ctx.language);
  const own = readIn(m, first);
  if (own === 'both') return null;
  if (own) return own;
  const readings = others.map((l) => readIn(m, l)).filter((r) => r !== null);
  if (readings.some((r) => r === 'both')) return null;
  const verdicts = new Set(readings.map((r) => (r as YesNoReading).verdict));
  return verdicts.size === 1 ? (readings[0] as YesNoReading) : null;
}
