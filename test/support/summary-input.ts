/**
 * The context fields the summary reads (an IntakeContext has more: the statechart's bookkeeping,
 * which the summary ignores, so tests built on this do not break when it changes).
 */
import type { Answers } from '../../dialogs/context';
import type { SummaryInput } from '../../src/summary/build';

export function ctxOf(answers: Answers = {}, more: Partial<SummaryInput> = {}): SummaryInput {
  return {
    intakeId: 'int_0001',
    reference: 'HP-7K3Q9',
    channel: 'sms',
    createdAt: '2026-12-01T14:00:00.000Z',
    completedAt: null,
    status: 'in_progress',
    language: 'en',
    consent: { noticeVersion: '2026-11-28.1', acceptedAt: '2026-12-01T14:01:00.000Z', channel: 'sms' },
    answers,
    incidents: [],
    narrative: null,
    flags: [],
    ...more,
  };
}
