/**
 * A conversation resting at one question, ready for a corpus item's text: the answers a family
 * would have given before it (on a path that leads to it), then the engine's own rebuild
 * (src/engine/rebuild.ts), which lands a fresh chart on the first unanswered question exactly as
 * a live conversation would. The evaluation checks it landed where it should.
 */
import type { Answer, Answers, IncidentAnswers, Lang } from '../../../dialogs/context';
import { INTERVIEW_VERSION } from '../../../dialogs/interview-version';
import { INCIDENT_FIELDS, QUESTIONS, isIncidentQuestion, questionDef, type QuestionId } from '../../../dialogs/questions';
import { NOTICE_VERSION, intakeMachine } from '../../../dialogs/intake.machine';
import { rebuild } from '../../../src/engine/rebuild';
import { seal, type PersistedIntake } from '../../../src/engine/stored-intake';
import type { IntakeEngine } from '../../../src/engine/intake-engine';

/** Now, for the corpus: Saturday 28 November 2026, 07:00 in New York (test/corpus/README.md). */
export const CORPUS_NOW = new Date('2026-11-28T12:00:00Z');
export const CORPUS_TIME_ZONE = 'America/New_York';
const BEFORE = new Date(CORPUS_NOW.getTime() - 30 * 60_000).toISOString();

/** The answers that put a question on the path (the branch that asks it). */
const BRANCH: Partial<Record<QuestionId, Answers>> = {
  canContinue: { location: { value: 'at_border' }, contactName: { value: 'Ana Silva' }, contactPhone: { value: '+17165550123' } },
  relationship: { role: { value: 'family' } },
  patient: { reason: { value: 'medical' } },
  condition: { reason: { value: 'medical' } },
  provider: { reason: { value: 'medical' } },
  unavailableAtHome: { reason: { value: 'medical' } },
  payer: { reason: { value: 'medical' } },
  relation: { reason: { value: 'ill_relative' } },
  prognosis: { reason: { value: 'ill_relative' } },
  deathDate: { reason: { value: 'funeral' } },
  court: { reason: { value: 'court' } },
  caseNumber: { reason: { value: 'court' } },
  courtRole: { reason: { value: 'court' } },
  subpoena: { reason: { value: 'court' } },
  story: { reason: { value: 'other' } },
  accompanied: { isMinor: { value: 'yes' } },
  fearOfReturn: { location: { value: 'in_us' } },
  drugsDetails: { drugs: { value: 'yes' } },
  removalDetails: { priorRemoval: { value: 'yes' } },
  overstayDetails: { overstay: { value: 'yes' } },
  misrepresentationDetails: { misrepresentation: { value: 'yes' } },
  refusalDetails: { refusals: { value: 'yes' } },
  waiverDetails: { waivers: { value: 'yes' } },
  contactName: { role: { value: 'family' }, relationship: { value: 'sister' } },
  contactPhone: { role: { value: 'family' }, relationship: { value: 'sister' } },
  contactEmail: { role: { value: 'family' }, relationship: { value: 'sister' } },
  bestTime: { role: { value: 'family' }, relationship: { value: 'sister' } },
};

/** A plain answer of each question that keeps to the main path (no details asked, no escalation). */
function ordinary(q: QuestionId): Answer {
  const def = questionDef(q);
  const choose: Partial<Record<QuestionId, string>> = {
    location: 'outside_us',
    role: 'traveler',
    reason: 'medical',
    patient: 'child',
    port: 'peace_bridge',
    incidentOutcome: 'convicted',
    courtRole: 'witness',
  };
  if (choose[q]) return { value: choose[q]! };
  switch (def.kind) {
    case 'yesno':
      return { value: q === 'canContinue' || q === 'unavailableAtHome' ? 'yes' : 'no' };
    case 'choice':
    case 'choiceOrText':
      return { value: def.options![0] };
    case 'multi':
      return { value: [def.options![0]] };
    case 'names':
      return { none: true };
    case 'futureDate':
      return { value: '2026-12-20' };
    case 'pastDate':
      return { value: '2009' };
    case 'duration':
      return { value: 30 };
    case 'phone':
      return { value: '+17165550123' };
    case 'email':
      return { value: 'family@example.com' };
    case 'countries':
      return { value: ['CA'] };
    case 'place':
      return { value: { city: 'Toronto', country: 'CA' } };
    default:
      return { value: 'as the family said' };
  }
}

const ORDER = Object.keys(QUESTIONS) as QuestionId[];
const INCIDENT_ORDER = Object.keys(INCIDENT_FIELDS) as QuestionId[];

/**
 * The answers before `q`: every question that comes before it in the interview, answered plainly
 * or as its branch needs, but those the item itself may answer (`open`), and `given` on top.
 */
export function answersBefore(q: QuestionId, given: Answers = {}, open: readonly string[] = []): { answers: Answers; incidents: IncidentAnswers[] } {
  const branch = { ...BRANCH[q], ...(isIncidentQuestion(q) || q === 'anotherIncident' ? { criminal: { value: 'yes' } } : {}) };
  const answers: Answers = {};
  for (const p of ORDER) {
    if (p === q) break;
    if (p === 'language' || p === 'consent' || isIncidentQuestion(p) || open.includes(p)) continue;
    answers[p] = branch[p] ?? ordinary(p);
  }
  for (const [p, a] of Object.entries(branch)) if (!open.includes(p) && p !== q) answers[p as QuestionId] = a;
  const incidents: IncidentAnswers[] = [];
  if (isIncidentQuestion(q) || q === 'anotherIncident') {
    const incident: IncidentAnswers = {};
    for (const p of INCIDENT_ORDER) {
      if (p === q) break;
      incident[p as keyof IncidentAnswers] = ordinary(p);
    }
    // An incident begun: its first unanswered field is asked next.
    incidents.push(incident);
  }
  // Questions after q are not answered, but for `given` (what the item says was said before).
  for (const [p, a] of Object.entries(given)) {
    if (isIncidentQuestion(p)) (incidents[0] ??= {})[p as keyof IncidentAnswers] = a;
    else answers[p as QuestionId] = a;
  }
  // What the given answers put on the way to q: at the border or detained, the callback name and
  // number come first; a criminal record, its incidents.
  const is = (p: QuestionId, v: string) => {
    const a = answers[p];
    return !!a && 'value' in a && a.value === v;
  };
  if ((is('location', 'at_border') || is('location', 'detained')) && q !== 'contactName' && q !== 'contactPhone') {
    for (const p of ['contactName', 'contactPhone', 'canContinue'] as const)
      if (p !== q && !open.includes(p)) answers[p] ??= BRANCH.canContinue?.[p] ?? ordinary(p);
  }
  if (
    is('criminal', 'yes') &&
    !isIncidentQuestion(q) &&
    q !== 'anotherIncident' &&
    ORDER.indexOf(q) > ORDER.indexOf('anotherIncident') &&
    incidents.length === 0
  ) {
    incidents.push(Object.fromEntries(INCIDENT_ORDER.map((p) => [p, ordinary(p)])) as IncidentAnswers);
    answers.anotherIncident ??= { value: 'no' };
  }
  return { answers, incidents };
}

let n = 0;

/** The family's number on SMS: the channel knows it (freshConversation's too). */
const KNOWN_PHONE = '+17165550199';

/**
 * A stored conversation of this interview resting at `q` in `lang` (consent given), on SMS: the
 * channel knows the sender's number, which consent records as the callback number (as
 * acceptConsent does), so an escalation at the border goes at once, as on a real SMS line.
 */
export function conversationAt(q: QuestionId, lang: Lang, given: Answers = {}, open: readonly string[] = []): PersistedIntake {
  const { answers, incidents } = answersBefore(q, given, open);
  // At the number question itself (or when the item gives it), the number is not known yet.
  const knowsPhone = q !== 'contactPhone' && !open.includes('contactPhone');
  if (knowsPhone) answers.contactPhone ??= { value: KNOWN_PHONE };
  n++;
  const xstate = rebuild(
    intakeMachine,
    {
      intakeId: `corpus-${n}`,
      reference: `HP-CORP${n}`,
      channel: 'sms',
      createdAt: BEFORE,
      completedAt: null,
      status: 'in_progress',
      language: lang,
      consent: { noticeVersion: NOTICE_VERSION, acceptedAt: BEFORE, channel: 'sms' },
      knownPhone: knowsPhone ? KNOWN_PHONE : null,
      answers,
      incidents,
      opener: null,
      narrative: null,
      flags: [],
    },
    false,
  );
  return seal(xstate, INTERVIEW_VERSION);
}

/** A new conversation before its first message (language and consent not yet asked). */
export function freshConversation(engine: IntakeEngine, lang: Lang | null, channel: 'sms' | 'webchat' = 'sms'): PersistedIntake {
  return engine.create({ channel, at: new Date(CORPUS_NOW.getTime() - 60_000), language: lang, knownPhone: channel === 'sms' ? KNOWN_PHONE : null });
}
