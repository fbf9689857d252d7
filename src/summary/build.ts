/**
 * The summary of an intake, built from the statechart's context. Pure: the time, the firm's time
 * zone and the ids that are not in the context come as options. Unknown facts stay null or [].
 */
import type { IntakeContext } from '../../dialogs/context';
import { answerDetails } from './answer-details';
import { LONG_TEXT, capAnswers, shorten } from './caps';
import { SCHEMA_VERSION, SummarySchema, type Summary } from './contract';
import { evidenceChecklist } from '../documents/checklist';
import { mapAnswers } from './fields';
import { triage, type TriageInput } from './triage';

export interface BuildOptions {
  /** When the summary is built: "today" for the urgency tier. */
  now: Date;
  /** The firm's IANA time zone, e.g. "America/New_York". */
  timeZone: string;
  updatedAt: string;
  transcriptId: string;
  /** Triage of this same context at `now`, when the caller has it already. */
  triage?: Summary['triage'];
}

/**
 * What the summary reads from the context. Any IntakeContext will do; naming only these fields
 * keeps the summary independent of the statechart's bookkeeping (path, misses, ...).
 */
export type SummaryInput = TriageInput &
  Pick<IntakeContext, 'intakeId' | 'reference' | 'channel' | 'createdAt' | 'completedAt' | 'status' | 'language' | 'consent'>;

/** The contract has no "declined": a declined intake holds nothing and was not pursued. */
function statusOf(status: IntakeContext['status']): Summary['status'] {
  return status === 'declined' ? 'abandoned' : status;
}

export function buildSummary(ctx: SummaryInput, opts: BuildOptions): Summary {
  // Where answers become summary values: each is bounded here, once, for every renderer.
  const raw = mapAnswers(ctx);
  const { mapped, truncated } = capAnswers(raw);
  // What was said with the answers, each bounded like a description (the whole is in the transcript).
  const details = answerDetails(ctx, raw).map((d) => {
    if (d.text.length <= LONG_TEXT) return d;
    if (!truncated.includes('answerDetails')) truncated.push('answerDetails');
    return { ...d, text: shorten(d.text, LONG_TEXT) };
  });
  const summary: Summary = {
    schemaVersion: SCHEMA_VERSION,
    intakeId: ctx.intakeId,
    reference: ctx.reference,
    status: statusOf(ctx.status),
    createdAt: ctx.createdAt,
    updatedAt: opts.updatedAt,
    completedAt: ctx.completedAt,
    channel: ctx.channel,
    language: ctx.language ?? 'en',
    triage: opts.triage ?? triage(ctx, opts.now, opts.timeZone),
    consent: ctx.consent ? { noticeVersion: ctx.consent.noticeVersion, acceptedAt: ctx.consent.acceptedAt, channel: ctx.consent.channel } : null,
    contact: mapped.contact,
    traveler: mapped.traveler,
    request: mapped.request,
    otherParties: mapped.otherParties,
    history: mapped.history,
    documentsOnHand: mapped.documentsOnHand,
    evidenceChecklist: evidenceChecklist(mapped),
    transcriptId: opts.transcriptId,
    truncated,
    answerDetails: details,
  };
  // A mapping bug must fail here, loudly, not reach an attorney or an integration.
  return SummarySchema.parse(summary);
}
