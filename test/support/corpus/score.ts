/**
 * Scores the corpus against the engine: each answer is sent at its question, each opener as a
 * first message, and what the engine recorded, said first and escalated is compared with the
 * label. Deterministic and offline, like the engine itself.
 */
import type { Answer, IntakeContext, Lang, Place } from '../../../dialogs/context';
import { answerOf } from '../../../dialogs/answers';
import { QUESTIONS, questionDef, type QuestionId } from '../../../dialogs/questions';
import { Catalog } from '../../../src/i18n/catalog';
import { IntakeEngine, type PersistedIntake, type Turn } from '../../../src/engine/intake-engine';
import type { Firm } from '../../../src/config/firm';
import { type AnswerItem, type Expected, type OpenerItem, outcomeClass } from './items';
import { CORPUS_NOW, CORPUS_TIME_ZONE, conversationAt, freshConversation } from './position';
import { portById, portNamed } from '../../../src/nlu/portData';
import { regionNamed } from '../../../src/nlu/geo';
import { escalationReasons } from '../../../src/summary/triage';

const FIRM: Firm = { name: 'Test Law', phone: '+1 716 555 0100', timeZone: CORPUS_TIME_ZONE };

export interface ItemResult {
  id: string;
  q: string;
  lang: Lang;
  exact: boolean;
  /** What went wrong, in words (empty when exact). */
  problems: string[];
  expected: string;
  got: string;
  falseEscalations: string[];
  invented: string[];
  missedDanger: boolean;
  /** The harness could not put the conversation at the question (a harness problem, not the engine's). */
  unpositioned?: string;
}

/** Lowercase, no accents, no punctuation at the ends, spaces folded. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/\s+/g, ' ')
    .replace(/^[\s.,;:!?¡¿"'«»()-]+|[\s.,;:!?¡¿"'«»()-]+$/g, '')
    .trim();
}

const catalog = new Catalog();
/** The port an answer holds (an id of the ports file) and the port a label names, compared as ports. */
function samePort(expected: string, got: unknown): boolean {
  if (typeof got !== 'string') return false;
  const gotPort = portById(got);
  const expectedPort = portNamed(expected);
  if (gotPort && expectedPort) return gotPort.id === expectedPort.id;
  return fold(gotPort?.name ?? got) === fold(expected);
}
/** A province or state, by name or abbreviation ("QC" is "Quebec" is "Québec"). */
function sameRegion(expected: string, got: string): boolean {
  const e = regionNamed(expected);
  const g = regionNamed(got);
  return e && g ? e.id === g.id : fold(expected) === fold(got);
}

const DATE_KINDS = new Set(['futureDate', 'pastDate']);
/** Kinds whose value comes from the words: recording one the label does not have is inventing it. */
const INVENTABLE = new Set(['futureDate', 'pastDate', 'names', 'place', 'text', 'phone', 'email', 'duration', 'countries', 'choiceOrText']);

function kindOf(q: string): string {
  return q in QUESTIONS ? questionDef(q as QuestionId).kind : 'unknown';
}

/** The recorded answer as a label would say it, for messages. */
function show(a: Answer | undefined): string {
  if (!a) return 'nothing';
  return JSON.stringify(a);
}

function sameValue(q: string, expected: unknown, got: unknown, text: string): boolean {
  const kind = kindOf(q);
  if (q === 'port') return typeof expected === 'string' && (expected === '=' ? fold(String(got)) === fold(text) : samePort(expected, got));
  if (expected === '=') return typeof got === 'string' && fold(got) === fold(text);
  switch (kind) {
    case 'multi':
    case 'countries':
    case 'names': {
      if (!Array.isArray(expected) || !Array.isArray(got)) return false;
      const a = expected.map((x) => fold(String(x))).sort();
      const b = got.map((x) => fold(String(x))).sort();
      return a.length === b.length && a.every((x, i) => x === b[i]);
    }
    case 'place': {
      if (!expected || typeof expected !== 'object' || !got || typeof got !== 'object') return false;
      const e = expected as Record<string, string | null>;
      const g = got as Place & Record<string, string | null>;
      for (const k of new Set([...Object.keys(e), ...Object.keys(g)])) {
        const ev = e[k] ?? null;
        const gv = g[k] ?? null;
        if ((ev === null) !== (gv === null)) return false;
        if (ev !== null && (k === 'region' ? !sameRegion(String(ev), String(gv)) : fold(String(ev)) !== fold(String(gv)))) return false;
      }
      return true;
    }
    case 'duration':
      return Number(expected) === Number(got);
    case 'text':
    case 'choiceOrText':
      return typeof expected === 'string' && typeof got === 'string' && fold(expected) === fold(got);
    default:
      return expected === got;
  }
}

/** Problems comparing one recorded answer with its label (empty: the same). */
function compareAnswer(q: string, e: Expected, got: Answer | undefined, text: string): string[] {
  const problems: string[] = [];
  const g = got as (Answer & { details?: string; asap?: boolean }) | undefined;
  if ('value' in e) {
    if (!g || !('value' in g)) problems.push(`${q}: expected ${JSON.stringify(e.value)}, got ${show(got)}`);
    else if (!sameValue(q, e.value, g.value, text)) problems.push(`${q}: expected ${JSON.stringify(e.value)}, got ${JSON.stringify(g.value)}`);
  } else if ('asap' in e) {
    if (!g || g.asap !== true) problems.push(`${q}: expected as soon as possible, got ${show(got)}`);
  } else if ('unsure' in e) {
    if (!g || !('unsure' in g) || g.asap === true) problems.push(`${q}: expected not sure, got ${show(got)}`);
  } else if ('none' in e) {
    if (!g || !('none' in g)) problems.push(`${q}: expected none, got ${show(got)}`);
  }
  if (e.details && g && !fold(g.details ?? '').includes(fold(e.details))) problems.push(`${q}: details "${e.details}" not kept`);
  return problems;
}

/** A value recorded where the label has none, or a date other than the label's: invented. */
function inventedAt(q: string, e: Expected | null, got: Answer | undefined): boolean {
  if (!got || !('value' in got) || !INVENTABLE.has(kindOf(q))) return false;
  if (!e || !('value' in e)) return true;
  return DATE_KINDS.has(kindOf(q)) && e.value !== got.value;
}

const escalationsOf = (turns: Turn[]) => [...new Set(turns.flatMap((t) => t.effects.flatMap((e) => (e.type === 'escalate' ? e.reasons : []))))];

function escalationProblems(expected: string[], raised: string[]) {
  const falseOnes = raised.filter((r) => !expected.includes(r));
  const missed = expected.filter((r) => !raised.includes(r));
  return { falseOnes, problems: [...falseOnes.map((r) => `false escalation: ${r}`), ...missed.map((r) => `missed escalation: ${r}`)] };
}

const YES: Record<Lang, string> = { en: 'yes', fr: 'oui', es: 'sí' };
const LANGUAGE_NAME: Record<Lang, string> = { en: 'English', fr: 'Français', es: 'Español' };

export class CorpusScorer {
  readonly engine = new IntakeEngine(FIRM, catalog);

  /** The conversation an answer item is sent to: at its question, or before the language/consent questions. */
  private start(item: AnswerItem): { snapshot: PersistedIntake; asking: string | null } {
    if (item.q === 'language') {
      const t = this.engine.greet(freshConversation(this.engine, null, 'webchat'), new Date(CORPUS_NOW.getTime() - 30_000), null);
      return { snapshot: t.snapshot, asking: t.asking };
    }
    if (item.q === 'consent') {
      const t = this.engine.greet(freshConversation(this.engine, item.lang, 'webchat'), new Date(CORPUS_NOW.getTime() - 30_000), item.lang);
      return { snapshot: t.snapshot, asking: t.asking };
    }
    // What the item also answers is left open when it comes later in the interview; one that
    // comes before the question was asked already on any real path, so it is given as labeled.
    const { later, earlier } = this.alsoOf(item);
    const given = { ...earlier, ...(item.given ?? {}) };
    const snapshot = conversationAt(item.q as QuestionId, item.lang, given as never, Object.keys(later));
    return { snapshot, asking: this.engine.asking(snapshot) };
  }

  private alsoOf(item: AnswerItem): { later: Record<string, Expected>; earlier: Record<string, Expected> } {
    const order = Object.keys(QUESTIONS);
    const at = order.indexOf(item.q);
    const later: Record<string, Expected> = {};
    const earlier: Record<string, Expected> = {};
    for (const [q, a] of Object.entries(item.expect.also ?? {})) (order.indexOf(q) > at ? later : earlier)[q] = a;
    return { later, earlier };
  }

  answer(item: AnswerItem): ItemResult {
    const base = { id: item.id, q: item.q, lang: item.lang, expected: outcomeClass(item.expect) };
    const { snapshot, asking } = this.start(item);
    if (asking !== item.q) {
      return {
        ...base,
        exact: false,
        problems: [],
        got: 'unpositioned',
        falseEscalations: [],
        invented: [],
        missedDanger: false,
        unpositioned: `landed at ${asking}`,
      };
    }
    const before = this.engine.contextOf(snapshot);
    const turn = this.engine.receive(snapshot, item.text, CORPUS_NOW);
    const ctx = turn.context;
    const e = item.expect;
    const problems: string[] = [];
    const recorded = item.q === 'language' || item.q === 'consent' ? undefined : answerOf(ctx, item.q as QuestionId);
    const hadBefore = item.q === 'language' || item.q === 'consent' ? undefined : answerOf(before, item.q as QuestionId);
    const changed = recorded !== hadBefore;
    const firstKey = turn.messages[0]?.key ?? '';
    const got = this.gotClass(item, turn, before, recorded, changed);

    let missedDanger = false;
    if ('danger' in e) {
      if (firstKey !== 'say.emergency') {
        missedDanger = true;
        problems.push(`danger: first reply was ${firstKey || 'nothing'}, not the emergency message`);
      }
    } else if ('language' in e) {
      if (ctx.language !== e.language) problems.push(`language: expected a switch to ${e.language}, now ${ctx.language}`);
      if (changed && recorded) problems.push(`${item.q}: recorded ${show(recorded)} from a language switch`);
    } else if ('command' in e) {
      if (!got.startsWith(`command:${e.command}`)) problems.push(`command: expected ${e.command}, got ${got}`);
    } else if ('reask' in e) {
      if (changed && recorded) problems.push(`${item.q}: expected it asked again, but recorded ${show(recorded)}`);
      if (turn.asking !== item.q) problems.push(`${item.q}: expected it asked again, now asking ${turn.asking}`);
    } else if (item.q === 'language') {
      if (ctx.language !== (e as { value: string }).value) problems.push(`language: expected ${(e as { value: string }).value}, got ${ctx.language}`);
    } else if (item.q === 'consent') {
      const consent = ctx.consent ? 'yes' : ctx.status === 'declined' ? 'no' : null;
      if ('value' in e && consent !== e.value) problems.push(`consent: expected ${String(e.value)}, got ${consent ?? 'nothing'}`);
      if (!('value' in e)) problems.push(`consent: a label must be yes or no`);
    } else {
      problems.push(...compareAnswer(item.q, e as Expected, changed ? recorded : undefined, item.text));
    }
    // What a story told with the answer states is read back before it is recorded (the chart's
    // confirmStory): the family confirms it, as an opener's read-back is confirmed below.
    const confirmed =
      turn.asking === 'confirmStory' ? this.engine.receive(turn.snapshot, YES[item.lang], new Date(CORPUS_NOW.getTime() + 60_000)).context : ctx;
    for (const [q, a] of Object.entries(this.alsoOf(item).later)) problems.push(...compareAnswer(q, a, answerOf(confirmed, q as QuestionId), item.text));

    // Before the notice is accepted nothing a story says is used (it is held), so nothing but
    // danger escalates there; what it states is escalated once consent is given.
    const beforeConsent = item.q === 'language' || item.q === 'consent';
    const expectedEsc = [
      ...(beforeConsent ? [] : (e.escalate ?? [])),
      ...('danger' in e ? ['emergency_now'] : []),
      ...('command' in e && e.command === 'HUMAN' ? ['asked_for_human'] : []),
      // The domain's rule: a security concern is never asked about further, so "not sure" is escalated too.
      ...(item.q === 'security' && 'unsure' in e ? ['security_flag'] : []),
    ];
    // An escalation the conversation had raised before this message (from what the item says was
    // answered before, at the border for instance) is not raised again: it stands already.
    const standing = new Set(escalationReasons(before, CORPUS_NOW, CORPUS_TIME_ZONE));
    const esc = escalationProblems(
      [...new Set(expectedEsc)].filter((r) => !standing.has(r as never)),
      escalationsOf([turn]),
    );
    problems.push(...esc.problems);

    const invented: string[] = [];
    const label = 'value' in e || 'unsure' in e || 'none' in e || 'asap' in e ? (e as Expected) : null;
    if (item.q !== 'language' && item.q !== 'consent' && changed && inventedAt(item.q, label, recorded))
      invented.push(`${item.q}=${JSON.stringify((recorded as { value: unknown }).value)}`);
    if (invented.length && !problems.length) problems.push(`invented ${invented.join(', ')}`);
    return { ...base, exact: problems.length === 0, problems, got, falseEscalations: esc.falseOnes, invented, missedDanger };
  }

  private gotClass(item: AnswerItem, turn: Turn, before: IntakeContext, recorded: Answer | undefined, changed: boolean): string {
    const ctx = turn.context;
    const keys = turn.messages.map((m) => m.key);
    if (keys[0] === 'say.emergency') return 'danger';
    if (ctx.status === 'opted_out' && before.status !== 'opted_out') return 'command:STOP';
    if (ctx.flags.includes('asked_for_human') && !before.flags.includes('asked_for_human')) return 'command:HUMAN';
    if (keys.includes('say.help')) return 'command:HELP';
    if (keys.includes('say.restarted')) return 'command:RESTART';
    if (ctx.language !== before.language && item.q !== 'language') return 'language';
    if (item.q === 'language') return ctx.language ? 'value' : 'reask';
    if (item.q === 'consent') return ctx.consent || ctx.status === 'declined' ? 'value' : 'reask';
    if (changed && recorded) {
      const r = recorded as Answer & { asap?: boolean };
      return r.asap ? 'asap' : 'value' in r ? 'value' : 'unsure' in r ? 'unsure' : 'none';
    }
    if (turn.asking !== item.q && turn.asking !== null) return 'command:BACK';
    // BACK at the first question of the intake: understood, and nothing comes before it.
    if (keys.includes('say.nothingBefore')) return 'command:BACK';
    return 'reask';
  }

  opener(item: OpenerItem): ItemResult {
    const base = { id: item.id, q: 'opener', lang: item.lang, expected: item.danger ? 'danger' : item.noise ? 'noise' : 'story' };
    const problems: string[] = [];
    const turns: Turn[] = [];
    let snapshot = freshConversation(this.engine, null);
    let at = CORPUS_NOW.getTime();
    const send = (text: string) => {
      const t = this.engine.receive(snapshot, text, new Date(at));
      at += 60_000;
      snapshot = t.snapshot;
      turns.push(t);
      return t;
    };
    const first = send(item.text);
    const firstKey = first.messages[0]?.key ?? '';
    let missedDanger = false;
    if (item.danger && firstKey !== 'say.emergency') {
      missedDanger = true;
      problems.push(`danger: first reply was ${firstKey || 'nothing'}, not the emergency message`);
    }
    if (!item.danger && firstKey === 'say.emergency') problems.push('false danger: the first reply was the emergency message');
    // Through the language, the notice and any read-back of what was understood, answering yes.
    for (let i = 0; i < 4 && !item.danger; i++) {
      const asking = turns[turns.length - 1].asking;
      if (asking === 'language') send(LANGUAGE_NAME[item.lang]);
      else if (asking === 'consent' || (asking !== null && !(asking in QUESTIONS) && asking !== 'review')) send(YES[item.lang]);
      else break;
    }
    const ctx = turns[turns.length - 1].context;
    const invented: string[] = [];
    if (!item.danger) {
      for (const [q, a] of Object.entries(item.facts)) problems.push(...compareAnswer(q, a, answerOf(ctx, q as QuestionId), item.text));
      for (const q of item.mustNot ?? []) {
        const a = answerOf(ctx, q as QuestionId);
        if (a && 'value' in a) {
          invented.push(`${q}=${JSON.stringify(a.value)}`);
          problems.push(`must not have ${q}, got ${JSON.stringify(a.value)}`);
        }
      }
      if (item.noise && ctx.narrative) problems.push('noise kept as the narrative');
    }
    // Before the notice is accepted nothing is escalated but danger: what a story states is
    // escalated once confirmed. A danger opener is only run to its first reply, so the emergency
    // is all it can raise (its `escalate` is what comes after the family goes on and confirms).
    const expectedEsc = item.danger ? ['emergency_now'] : [...new Set(item.escalate ?? [])];
    const esc = escalationProblems(expectedEsc, escalationsOf(turns));
    problems.push(...esc.problems);
    const got = firstKey === 'say.emergency' ? 'danger' : problems.length ? 'story (wrong)' : base.expected;
    return { ...base, exact: problems.length === 0, problems, got, falseEscalations: esc.falseOnes, invented, missedDanger };
  }
}
