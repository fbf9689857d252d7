/**
 * Model-based test of the statechart: @xstate/graph walks every state reachable with the events
 * a user can cause, and replaying the shortest path to each of them must take every transition
 * the chart defines. A transition no path takes is dead wording or dead logic: the test names it.
 */
import { getShortestPaths } from '@xstate/graph';
import { createActor, type AnyStateNode } from 'xstate';
import type { Answer, Facts, IntakeContext, IntakeEvent, IntakeInput, Value } from '../dialogs/context';
import { intakeMachine } from '../dialogs/intake.machine';
import { INCIDENT_FIELDS, QUESTIONS, questionDef, type QuestionId } from '../dialogs/questions';
import { reviewItems } from '../dialogs/review';
import { answerIs } from '../dialogs/answers';

const at = '2026-11-28T07:00:00.000Z';
const input: IntakeInput = { intakeId: 'i-1', reference: 'HP-TEST23', channel: 'sms', createdAt: at };

/** A typical value of each answer kind, as the interpreter would produce it. */
function sample(q: QuestionId): Value[] {
  const def = questionDef(q);
  switch (def.kind) {
    case 'choice':
      return [...(def.options ?? [])];
    case 'choiceOrText':
      return [def.options![0], 'Fort Erie'];
    case 'multi':
      return [[def.options![0]]];
    case 'yesno':
      return ['yes', 'no'];
    case 'names':
      return [['Jane Roe']];
    case 'futureDate':
      return ['2026-12-08'];
    case 'pastDate':
      return ['2009'];
    case 'duration':
      return [90];
    case 'phone':
      return ['+17165550123'];
    case 'email':
      return ['a@example.com'];
    case 'countries':
      return [['CA']];
    case 'place':
      return [{ city: 'Toronto', country: 'CA' }];
    default:
      return ['in my own words'];
  }
}

/** A story that answers everything, for one reason and one location: the chart must skip it all. */
function wholeStory(reason: string, location: string): Facts {
  const answers: Partial<Record<QuestionId, Answer>> = {};
  for (const q of Object.keys(QUESTIONS) as QuestionId[]) {
    if (q in INCIDENT_FIELDS || q === 'language' || q === 'consent') continue;
    answers[q] = { value: sample(q)[0] };
  }
  answers.reason = { value: reason };
  answers.location = { value: location };
  answers.anotherIncident = { value: 'no' };
  answers.canContinue = { value: 'yes' };
  const incident = Object.fromEntries(Object.keys(INCIDENT_FIELDS).map((q) => [q, { value: sample(q as QuestionId)[0] }]));
  return { answers, incidents: [incident] };
}

type Snap = ReturnType<typeof intakeMachine.transition>;

const questionDefOrNull = (q: string | null) => (q && q in QUESTIONS ? questionDef(q as QuestionId) : null);

function asking(snap: Snap): string | null {
  const metas = Object.values(snap.getMeta()) as Array<{ ask?: string } | undefined>;
  return metas.find((m) => m?.ask)?.ask ?? null;
}

const COMMANDS: IntakeEvent[] = [
  { type: 'HELP', at },
  { type: 'BACK', at },
  { type: 'RESTART', at },
  { type: 'HUMAN', at },
  { type: 'STOP', at },
  { type: 'START', at },
  { type: 'LANGUAGE', language: 'fr', at },
  { type: 'UNCLEAR', at },
  { type: 'UNCLEAR', noise: true, at },
  { type: 'DANGER', text: 'he is not breathing', facts: { answers: { location: { value: 'at_border' } }, incidents: [] }, language: 'en', at },
  { type: 'MEDIA', at },
  { type: 'DOCS', at },
  { type: 'REMIND', at },
  { type: 'ABANDON', at },
];

function eventsFor(snap: Snap): IntakeEvent[] {
  if (snap.matches('start')) {
    const stories = ['medical', 'ill_relative', 'funeral', 'court', 'reunification', 'other'].map((r) => ({
      type: 'OPEN' as const,
      at,
      language: 'en' as const,
      // A court story says the traveler is detained, a reunification one at the border (asked plainly after consent).
      story: { text: 'the whole story', facts: wholeStory(r, r === 'court' ? 'detained' : r === 'reunification' ? 'at_border' : 'outside_us') },
    }));
    return [{ type: 'OPEN', at }, { type: 'OPEN', at, language: 'en' }, ...stories];
  }
  const q = asking(snap);
  const ctx = snap.context as IntakeContext;
  if (q === null) {
    return [
      ...COMMANDS,
      { type: 'ANSWER', value: 'yes', at },
      { type: 'UNSURE', at },
      { type: 'NONE', at },
      { type: 'CONFIRM', at },
      { type: 'EDIT', question: null, at },
      { type: 'STORY', text: 'a story', facts: { answers: {}, incidents: [] }, at },
    ];
  }
  if (q === 'review') {
    const edits = reviewItems(ctx).map((i) => ({ type: 'EDIT' as const, question: i.question, at }));
    return [...COMMANDS, { type: 'CONFIRM', at }, { type: 'EDIT', question: null, at }, ...edits];
  }
  // A story's read-back: yes, no, a fact named as wrong; "at the border right now?": yes, no, not sure.
  if (q === 'confirmStory') {
    return [
      ...COMMANDS,
      { type: 'ANSWER', value: 'yes', at },
      { type: 'ANSWER', value: 'no', at },
      { type: 'CONFIRM', at },
      { type: 'EDIT', question: null, at },
      // One story is enough to take "that fact is wrong" (every story would multiply the graph).
      ...(answerIs({ answers: ctx.opener?.facts.answers ?? {}, incidents: [] }, 'reason', ['medical'])
        ? [{ type: 'EDIT' as const, question: 'reason' as const, at }]
        : []),
    ];
  }
  if (q === 'borderNow') return [...COMMANDS, { type: 'ANSWER', value: 'yes', at }, { type: 'ANSWER', value: 'no', at }, { type: 'UNSURE', at }];
  const answers = sample(q as QuestionId).map((value) => ({ type: 'ANSWER' as const, value, at }));
  const extra: IntakeEvent[] = [
    { type: 'UNSURE', at },
    { type: 'NONE', at },
  ];
  if (q === 'language' || q === 'consent') {
    extra.push({ type: 'STORY', text: 'my son needs surgery', facts: wholeStory('medical', 'outside_us'), at });
    extra.push({ type: 'STORY', text: 'mon fils', facts: wholeStory('court', 'in_us'), language: 'fr', at });
  }
  return [...answers, ...extra, ...COMMANDS];
}

/** The chart's own list of transitions: every `on` and `always` of every state node. */
function allTransitions(): Set<object> {
  const all = new Set<object>();
  const visit = (node: AnyStateNode) => {
    for (const list of node.transitions.values()) for (const t of list) all.add(t);
    for (const t of node.always ?? []) all.add(t);
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(intakeMachine.root);
  return all;
}

function allStateIds(): Set<string> {
  const ids = new Set<string>();
  const visit = (node: AnyStateNode) => {
    ids.add(node.id);
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(intakeMachine.root);
  return ids;
}

const describeTransition = (t: any) =>
  `${t.source.id} --${t.eventType}${t.guard ? ` [${typeof t.guard === 'string' ? t.guard : t.guard.type}${t.guard.params ? ' ' + JSON.stringify(t.guard.params) : ''}]` : ''}--> ${(t.target ?? []).map((n: AnyStateNode) => n.id).join(',') || '(stay)'}`;

describe('intake statechart, model-based', () => {
  // What guards read, beyond the state itself; the last two steps of the path tell BACK apart.
  // A state of the graph is the chart's state plus what its guards ahead will read: the last
  // steps of the path (BACK, resuming), the reason while its details are asked, whether the
  // traveler is in the U.S. and whether they write themselves, the answers read back at the review, and the
  // story held before consent.
  const serializeState = (snap: Snap) => {
    const c = snap.context as IntakeContext;
    const v = (q: QuestionId) => JSON.stringify(c.answers[q] ?? null);
    const where = JSON.stringify(snap.value);
    const inReason = questionDefOrNull(asking(snap))?.section === 'reason';
    return JSON.stringify([
      snap.value,
      c.language !== null,
      !!c.consent,
      c.status,
      c.path.slice(-2),
      inReason ? v('reason') : null,
      c.answers.location && answerIs(c, 'location', ['in_us', 'detained']),
      c.answers.role && answerIs(c, 'role', ['traveler']),
      where.includes('"review"')
        ? reviewItems(c)
            .map((i) => i.question)
            .join()
        : null,
      c.opener ? JSON.stringify(c.opener.facts.answers.reason ?? null) : null,
    ]);
  };

  const paths = getShortestPaths(intakeMachine, {
    input,
    events: eventsFor as never,
    serializeState: serializeState as never,
  });

  // Each shortest path, extended by every event the user can cause at its end: together they
  // take every edge of the explored graph, self-loops and alternative routes included.
  const taken = new Set<object>();
  const visited = new Set<string>();
  const inspect = (ev: any) => {
    if (ev.type !== '@xstate.microstep') return;
    for (const t of ev._transitions) taken.add(t);
    for (const node of ev.snapshot._nodes as AnyStateNode[]) visited.add(node.id);
  };
  let walked = 0;
  /** User events the chart answered with nothing: nothing said, nothing asked (the engine would send no reply). */
  const unanswered = new Set<string>();
  for (const path of paths) {
    const actor = createActor(intakeMachine, { input, inspect });
    actor.start();
    for (const step of path.steps) if ((step.event.type as string) !== 'xstate.init') actor.send(step.event);
    const end = actor.getPersistedSnapshot();
    for (const node of (actor.getSnapshot() as any)._nodes as AnyStateNode[]) visited.add(node.id);
    actor.stop();
    for (const event of eventsFor(path.state as Snap)) {
      const next = createActor(intakeMachine, { snapshot: end, inspect } as never);
      const emitted: Array<{ type: string }> = [];
      next.on('*', (e: { type: string }) => emitted.push(e));
      next.start();
      const optedOut = next.getSnapshot().matches('stopped');
      next.send(event);
      const spoken = emitted.some((e) => e.type === 'say' || e.type === 'reprompt') || asking(next.getSnapshot()) !== null;
      // Silence is right only for an opted-out number and for ABANDON (nobody is writing).
      if (!spoken && !optedOut && event.type !== 'ABANDON' && !next.getSnapshot().matches('stopped')) {
        unanswered.add(`${JSON.stringify(next.getSnapshot().value)} <- ${event.type}`);
      }
      next.stop();
      walked++;
    }
  }

  it('reaches every state of the chart', () => {
    const all = allStateIds();
    const missing = [...all].filter((id) => !visited.has(id));
    expect(missing).toEqual([]);
    expect(visited.size).toBe(all.size);
    // The chart's size, so a change to it is a visible change to this test.
    expect(all.size).toBe(93);
  });

  it('takes every transition of the chart', () => {
    const all = allTransitions();
    const missing = [...all].filter((t) => !taken.has(t)).map(describeTransition);
    expect(missing).toEqual([]);
    expect([...all].filter((t) => taken.has(t)).length).toBe(all.size);
    expect(all.size).toBe(601);
  });

  it('answers every message a user can send, in every state but opted out', () => {
    expect([...unanswered]).toEqual([]);
  });

  it('walks a graph of the expected size', () => {
    expect(paths.length).toBe(6810);
    expect(walked).toBeGreaterThan(paths.length);
  });

  it('ends every path in a state that answers the user', () => {
    for (const path of paths) {
      const snap = path.state as Snap;
      expect(snap.status).toBe('active');
    }
  });
});
