/**
 * Reading and writing answers in the context. Incident questions live in the incident being
 * answered (the last one); every other question has one answer.
 */
import type { Answer, Answers, IntakeContext, Place, Value } from './context';
import { isIncidentQuestion, questionDef, type QuestionId } from './questions';

type Held = Pick<IntakeContext, 'answers' | 'incidents'>;

export function answerOf(ctx: Held, q: QuestionId): Answer | undefined {
  if (isIncidentQuestion(q)) return ctx.incidents[ctx.incidents.length - 1]?.[q];
  return ctx.answers[q];
}

export function hasAnswer(ctx: Held, q: QuestionId): boolean {
  return answerOf(ctx, q) !== undefined;
}

/**
 * Whether the question is answered well enough to be skipped: answered, and for a place, with
 * more than a country ("Canada" said where the traveler is tells the country; the city is still
 * to ask). A place answered to the question itself is taken as it is: it is only asked once.
 */
export function settledAnswer(ctx: Held, q: QuestionId): boolean {
  const a = answerOf(ctx, q);
  if (!a) return false;
  if (questionDef(q).kind !== 'place' || !('value' in a)) return true;
  const p = a.value as Place;
  return typeof p === 'object' && p !== null && (!!p.city || !!p.region);
}

export function valueAt(ctx: Held, q: QuestionId): Value | undefined {
  const a = answerOf(ctx, q);
  return a && 'value' in a ? a.value : undefined;
}

/** True when the answer is one of `values` (a choice or yes/no). */
export function answerIs(ctx: Held, q: QuestionId, values: readonly string[]): boolean {
  const v = valueAt(ctx, q);
  return typeof v === 'string' && values.includes(v);
}

/** A copy of the answers with `q` set (or removed when `answer` is undefined). */
export function withAnswer<T extends Held>(ctx: T, q: QuestionId, answer: Answer | undefined): Held {
  if (isIncidentQuestion(q)) {
    const incidents = ctx.incidents.length ? ctx.incidents.slice() : [{}];
    const last = { ...incidents[incidents.length - 1] };
    if (answer === undefined) delete last[q];
    else last[q] = answer;
    incidents[incidents.length - 1] = last;
    return { answers: ctx.answers, incidents };
  }
  const answers = { ...ctx.answers };
  if (answer === undefined) delete answers[q];
  else answers[q] = answer;
  return { answers, incidents: ctx.incidents };
}

/**
 * What the family said beyond the answer, kept for the attorney (`{ value, details }`,
 * `{ unsure: true, details }`, `{ none: true, details }`): null when nothing was.
 */
export function detailsOf(a: Answer | undefined): string | null {
  const d = a && 'details' in a && typeof a.details === 'string' ? a.details.trim() : '';
  return d === '' ? null : d;
}

/** The answer with the rest of the message as its details (none kept when there is nothing to keep). */
export function withDetails<A extends Answer>(a: A, details: string | null | undefined): A {
  const copy = { ...a } as A & { details?: string };
  const d = details?.trim();
  if (d) copy.details = d;
  else delete copy.details;
  return copy;
}

/**
 * The answers a message gave to other questions than the one asked (IntakeEvent `also`), added
 * where those questions have no answer yet: what the family said when asked comes first.
 */
export function withAlso<T extends Held>(ctx: T, also: Answers | undefined): Held {
  let held: Held = ctx;
  for (const [q, a] of Object.entries(also ?? {}) as Array<[QuestionId, Answer | undefined]>) {
    if (a !== undefined && !hasAnswer(held, q)) held = withAnswer(held, q, a);
  }
  return held;
}
