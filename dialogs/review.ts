/**
 * What the review reads back, numbered: the answered questions on the current path (see
 * IntakeContext.path), so answers to questions that no longer apply after a correction are not
 * read back. Incidents are read back under the criminal-history question and corrected with it.
 */
import { hasAnswer } from './answers';
import type { IntakeContext } from './context';
import { QUESTIONS, isIncidentQuestion, type QuestionId } from './questions';

/** Asked to steer the conversation, not facts for the attorney. */
const NOT_READ_BACK = new Set<string>(['language', 'consent', 'danger', 'canContinue', 'anotherIncident']);

const BORROWED: Record<string, QuestionId> = {
  urgentName: 'contactName',
  urgentPhone: 'contactPhone',
  humanName: 'contactName',
  humanPhone: 'contactPhone',
};

export function questionOfState(state: string): QuestionId | null {
  const q = BORROWED[state] ?? state;
  return q in QUESTIONS ? (q as QuestionId) : null;
}

/** Whether the review reads this question back (its `label` is shown then). */
export const isReadBack = (q: QuestionId) => !NOT_READ_BACK.has(q) && !isIncidentQuestion(q);

export interface ReviewItem {
  n: number;
  question: QuestionId;
}

export function reviewItems(ctx: Pick<IntakeContext, 'path' | 'answers' | 'incidents'>): ReviewItem[] {
  const seen = new Set<QuestionId>();
  const items: ReviewItem[] = [];
  for (const state of ctx.path) {
    const q = questionOfState(state);
    if (!q || seen.has(q) || !isReadBack(q)) continue;
    seen.add(q);
    if (hasAnswer(ctx, q)) items.push({ n: items.length + 1, question: q });
  }
  return items;
}
