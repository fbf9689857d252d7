/**
 * Reading and writing answers in the context. Incident questions live in the incident being
 * answered (the last one); every other question has one answer.
 */
import type { Answer, Facts, IntakeContext, Value } from './context';
import { isIncidentQuestion, type QuestionId } from './questions';

type Held = Pick<IntakeContext, 'answers' | 'incidents'>;

export function answerOf(ctx: Held, q: QuestionId): Answer | undefined {
  if (isIncidentQuestion(q)) return ctx.incidents[ctx.incidents.length - 1]?.[q];
  return ctx.answers[q];
}

export function hasAnswer(ctx: Held, q: QuestionId): boolean {
  return answerOf(ctx, q) !== undefined;
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

/**
 * The family's own words beyond the answer ("yes, no hospital in Canada does this" → "no
 * hospital in Canada does this"), for the attorney; null when they said nothing more.
 */
export function detailsOf(a: Answer | undefined): string | null {
  const d = a?.details?.trim();
  return d ? d : null;
}

/** The answer with the words it came with as its details (none kept when there are none). */
export function withDetails<A extends Answer>(answer: A, details: string | null | undefined): A {
  const d = details?.trim();
  return d ? { ...answer, details: d } : answer;
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
 * The answers with what another answer's words also said (`also`), for the questions not answered
 * yet: nothing answered is replaced. An incident's facts start the first incident, when none is.
 */
export function withAlso<T extends Held>(ctx: T, also: Facts | undefined): Held {
  if (!also) return { answers: ctx.answers, incidents: ctx.incidents };
  const answers = { ...ctx.answers };
  for (const [q, a] of Object.entries(also.answers) as Array<[keyof typeof answers, Answer | undefined]>) {
    if (a && answers[q] === undefined) answers[q] = a;
  }
  const first = also.incidents[0];
  const incidents = ctx.incidents.length === 0 && first && Object.keys(first).length ? [first] : ctx.incidents;
  return { answers, incidents };
}
