/**
 * Asking for a person, as families write it: "can someone call me", "I'd rather explain this to a
 * lawyer", "quiero hablar con el abogado", "je veux juste qu'un avocat m'appelle". Only a short
 * message counts (a long one is a story that may mention it), and only a request: "my lawyer will
 * call me", "I'm his lawyer" or "I don't need to talk to anyone" are not one.
 *
 * Words from locales/<lang>/vocab.json `personRequest` (every language's: families mix them):
 * - a way to talk (`talk`: "talk", "hablar", "en parler") near a person of the firm (`people`:
 *   "someone", "abogado", "avocat"), in either order — but not what a person said (`reported`:
 *   "the lawyer said to talk to you");
 * - "call me" (`callMe`: "llámenme", "m'appeler") opening the message or asked for (`requests`:
 *   "can", "please", "pouvez", "que" before it); never at the questions where "call me in the
 *   evening" or "call me at 716…" is the answer, nor before a name ("you can call me Ana");
 * - wanting a person (`want` right before `people`: "I want a lawyer", "quiero un abogado").
 * A person that is theirs (`own`: "my lawyer") is not the firm's; a negation before the verb
 * (vocab `negations` and `danger.negations`) cancels it.
 */
import { LANGUAGES } from '../../dialogs/context';
import { PhraseIndex, tokenize, type PhraseMatch } from './normalize';
import { vocab } from './vocab';

/** Longer than this, the message is a story: asking for a person is then left to the words that say so whole. */
const MAX_WORDS = 16;
/** No message of that many words is longer than this: a longer one is not looked into. */
const MAX_CHARS = 600;
/** How far apart the way to talk and the person may be ("explain this to a person"). */
const TALK_REACH = 3;
/** How far before "call me" a request word may be ("can a lawyer call me"). */
const REQUEST_REACH = 4;
/** How far after "I want" the person may be ("I want a real lawyer"). */
const WANT_REACH = 3;
/** Wanting a lawyer in a longer sentence is telling what the family needs, not asking for a call. */
const WANT_MAX_WORDS = 10;
/** How far before the verb a negation cancels it ("I don't want to talk to anyone"). */
const NEGATION_REACH = 3;

type Kind = 'people' | 'talk' | 'callMe' | 'requests' | 'want' | 'reported' | 'own' | 'within' | 'negation';

let built: PhraseIndex<Kind> | null = null;
function index(): PhraseIndex<Kind> {
  if (!built) {
    built = new PhraseIndex<Kind>(
      LANGUAGES.flatMap((l) => {
        const v = vocab(l);
        const p = v.personRequest;
        const list = (k: Kind, phrases: string[]) => phrases.map((x) => [x, k] as const);
        return [
          ...list('people', p.people),
          ...list('talk', p.talk),
          ...list('callMe', p.callMe),
          ...list('requests', p.requests),
          ...list('want', p.want),
          ...list('reported', p.reported),
          ...list('own', p.own),
          ...list('within', v.humanWithin),
          ...list('negation', [...v.negations, ...v.danger.negations]),
        ];
      }),
    );
  }
  return built;
}

export interface PersonOptions {
  /** "Call me…" answers the question being asked (the best time to call, the phone number). */
  callMeIsAnswer?: boolean;
}

export function asksForPerson(text: string, o: PersonOptions = {}): boolean {
  const s = typeof text === 'string' ? text : '';
  if (s.length > MAX_CHARS) return false;
  const tokens = tokenize(s);
  const w = tokens.map((t) => t.t);
  if (w.length === 0 || w.length > MAX_WORDS) return false;
  const found = index().all(w);
  const of = (k: Kind) => found.filter((m) => m.value === k);

  // A negation in the same clause ("no, I want to talk to a lawyer" is not one).
  const sameClause = (a: PhraseMatch<Kind>, b: PhraseMatch<Kind>) => !/[.,;:!?]/.test(s.slice(tokens[a.end - 1].end, tokens[b.start].start));
  // A person is not a negation ("personne": nobody, or a person).
  const negations = of('negation').filter((n) => !of('people').some((p) => p.start < n.end && n.start < p.end));
  const negated = (m: PhraseMatch<Kind>) => negations.some((n) => n.end <= m.start && m.start - n.end < NEGATION_REACH && sameClause(n, m));
  const own = of('own');
  // A person of the firm: not "my lawyer", "su abogado".
  const people = of('people').filter((p) => !own.some((x) => x.end === p.start || x.end === p.start - 1));
  if (of('within').some((m) => !negated(m))) return true;

  // "Talk to a lawyer", "con el abogado prefiero hablar"; not "the lawyer said to talk to you".
  const reported = of('reported');
  const near = (talk: PhraseMatch<Kind>, p: PhraseMatch<Kind>) =>
    (talk.end <= p.start && p.start - talk.end <= TALK_REACH) ||
    (p.end <= talk.start && talk.start - p.end <= TALK_REACH && !reported.some((r) => r.start >= p.end && r.end <= talk.start));
  if (of('talk').some((t) => !negated(t) && people.some((p) => near(t, p)))) return true;

  const wants = w.length <= WANT_MAX_WORDS && of('want').some((m) => !negated(m) && people.some((p) => p.start >= m.end && p.start - m.end <= WANT_REACH));
  if (wants) return true;

  // "Can someone call me?", "que alguien me llame": a person of the firm asked to call, even where a number is asked.
  const personCalls = (c: PhraseMatch<Kind>) => people.some((p) => p.end <= c.start && c.start - p.end <= REQUEST_REACH && sameClause(p, c));
  if (!/\d/.test(s) && of('callMe').some((c) => !negated(c) && personCalls(c))) return true;
  if (!o.callMeIsAnswer && !/\d/.test(s)) {
    const requests = of('requests');
    const asked = (c: PhraseMatch<Kind>) => c.start === 0 || requests.some((r) => r.end <= c.start && c.start - r.end <= REQUEST_REACH);
    // "You can call me Ana": a name follows (capitalised in a message that is not all capitals).
    const shouting = s === s.toUpperCase();
    const nameAfter = (c: PhraseMatch<Kind>) => c.end < tokens.length && !shouting && /^\p{Lu}/u.test(tokens[c.end].raw);
    if (of('callMe').some((c) => !negated(c) && asked(c) && !nameAfter(c))) return true;
  }
  return false;
}
