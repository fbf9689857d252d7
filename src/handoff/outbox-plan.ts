/**
 * The outbox items, planned without I/O: what a committed turn causes ('escalated', 'submitted'),
 * and what those cause in turn (one 'email', 'sms' or 'webhook' item per recipient). Every id is
 * made from what caused it, so planning the same thing twice (a retried turn, a retried parent
 * item, two instances) names the same items and the store keeps one of each.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { QuarantineAlert } from '../conversation/quarantine';
import type { Effect } from '../engine/intake-engine';
import type { EscalationRecord, NewOutboxItem } from '../store/handoff-store';
import { CHANNELS, ESCALATION_REASONS, SummarySchema, TIERS, type EscalationReason, type Summary } from '../summary/contract';

export const KIND = {
  escalated: 'escalated',
  submitted: 'submitted',
  email: 'email',
  sms: 'sms',
  webhook: 'webhook',
  pageSummary: 'page_summary',
  quarantined: 'quarantined',
  documents: 'documents',
} as const;

/** What a delivery writes to the audit log once it succeeds (no content: ids, levels, channels). */
const AuditNoteSchema = z.object({ action: z.string(), detail: z.record(z.string(), z.union([z.string(), z.number(), z.null()])) });

export const EscalatedPayloadSchema = z.object({
  summary: SummarySchema,
  tier: z.enum(TIERS).nullable(),
  reasons: z.array(z.enum(ESCALATION_REASONS)),
});
export const SubmittedPayloadSchema = z.object({ summary: SummarySchema });
export const EmailPayloadSchema = z.object({ to: z.array(z.string()).min(1), subject: z.string(), text: z.string(), audit: AuditNoteSchema.optional() });
export const SmsPayloadSchema = z.object({ to: z.string(), body: z.string(), audit: AuditNoteSchema.optional() });
/**
 * New documents, as the firm's case system hears of them: the intake, the window they came in, and
 * per checklist item how many files. Never a file's name, kind or content: those stay behind sign-in.
 */
export const DocumentsNoticeSchema = z
  .object({
    schemaVersion: z.literal(1),
    intakeId: z.string(),
    reference: z.string(),
    receivedFrom: z.string(),
    receivedUntil: z.string(),
    items: z.array(z.object({ item: z.string(), name: z.string(), count: z.number().int().min(1) }).strict()),
  })
  .strict();
export type DocumentsNotice = z.infer<typeof DocumentsNoticeSchema>;

export const WebhookPayloadSchema = z.union([
  z.object({ event: z.enum(['escalated', 'submitted']), summary: SummarySchema }),
  z.object({ event: z.literal('documents'), documents: DocumentsNoticeSchema }),
]);

/** A window of new documents of one intake (planDocuments): the worker reads what came in it. */
export const DocumentsPayloadSchema = z.object({ intakeId: z.string(), from: z.string(), until: z.string() });
export type DocumentsPayload = z.infer<typeof DocumentsPayloadSchema>;

/** A message or conversation set aside: the reference if known, the channel, the quarantine id. Never what was written. */
export const QuarantinedPayloadSchema = z.object({
  quarantineId: z.string(),
  channel: z.enum(CHANNELS),
  reference: z.string().nullable(),
  scope: z.enum(['message', 'conversation']),
  at: z.string(),
});

export type EscalatedPayload = z.infer<typeof EscalatedPayloadSchema>;
export type QuarantinedPayload = z.infer<typeof QuarantinedPayloadSchema>;
export type EmailPayload = z.infer<typeof EmailPayloadSchema>;
export type SmsPayload = z.infer<typeof SmsPayloadSchema>;
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;

export interface TurnRef {
  conversationId: string;
  version: number;
  at: string;
}

/**
 * The items a committed turn causes. The conversation's version is raised by one at every
 * committed turn, so (intake, kind, version) names this turn's notice: a retry of the same turn
 * (same version) makes the same ids.
 */
export function planTurn(effects: readonly Effect[], summary: Summary, turn: TurnRef): NewOutboxItem[] {
  const items: NewOutboxItem[] = [];
  const base = { intakeId: summary.intakeId, createdAt: turn.at, dueAt: turn.at };
  let escalations = 0;
  for (const effect of effects) {
    if (effect.type === 'escalate') {
      // One escalate effect per turn today; a second would get its own id all the same.
      const suffix = escalations++ === 0 ? '' : `.${escalations - 1}`;
      const payload: EscalatedPayload = { summary, tier: effect.tier, reasons: effect.reasons };
      items.push({ ...base, id: `${KIND.escalated}:${summary.intakeId}:v${turn.version}${suffix}`, kind: KIND.escalated, payload });
    }
    if (effect.type === 'submitted') {
      items.push({ ...base, id: `${KIND.submitted}:${summary.intakeId}:v${turn.version}`, kind: KIND.submitted, payload: { summary } });
    }
  }
  return items;
}

/**
 * The item a quarantine causes (stored with the turn that sets the message aside): named from the
 * quarantine, so settling that turn twice adds one. The worker makes the emails and the page.
 */
export function planQuarantine(q: QuarantineAlert): NewOutboxItem[] {
  const payload: QuarantinedPayload = { quarantineId: q.quarantineId, channel: q.channel, reference: q.reference, scope: q.scope, at: q.at };
  return [{ id: `${KIND.quarantined}:${q.quarantineId}`, kind: KIND.quarantined, intakeId: q.intakeId, payload, createdAt: q.at, dueAt: q.at }];
}

/** Documents that arrive within this window of one another make one notice. */
export const DOCUMENTS_WINDOW_MS = 60_000;

/**
 * The notice of a document received: one item per intake and minute (named from them), due when
 * the minute is over, so several files sent together make one notice; enqueuing it again for the
 * next file of the same minute keeps the one item.
 */
export function planDocuments(intakeId: string, receivedAt: string): NewOutboxItem {
  const start = Math.floor(Date.parse(receivedAt) / DOCUMENTS_WINDOW_MS) * DOCUMENTS_WINDOW_MS;
  const from = new Date(start).toISOString();
  const until = new Date(start + DOCUMENTS_WINDOW_MS).toISOString();
  const payload: DocumentsPayload = { intakeId, from, until };
  return { id: `${KIND.documents}:${intakeId}:${from}`, kind: KIND.documents, intakeId, payload, createdAt: receivedAt, dueAt: until };
}

/** The escalation an 'escalated' item creates: short (it goes into the SMS page's link), and always the same for the item. */
export function escalationIdOf(itemId: string): string {
  return 'esc_' + createHash('sha256').update(itemId).digest('hex').slice(0, 20);
}

/** A child item, due at once, its id made from its parent's. */
export function child(parentId: string, name: string, kind: string, intakeId: string | null, payload: Record<string, unknown>, at: string): NewOutboxItem {
  return { id: `${parentId}/${name}`, kind, intakeId, payload, createdAt: at, dueAt: at };
}

/** Paged now; the backup is paged `ackMinutes` from now unless someone acknowledges first. */
export function newEscalation(item: { id: string; createdAt: string }, p: EscalatedPayload, now: Date, ackMinutes: number): EscalationRecord {
  return {
    id: escalationIdOf(item.id),
    intakeId: p.summary.intakeId,
    reference: p.summary.reference,
    tier: p.tier,
    reasons: p.reasons as EscalationReason[],
    createdAt: item.createdAt,
    level: 'oncall',
    reescalateAt: new Date(now.getTime() + ackMinutes * 60_000).toISOString(),
    acknowledgedAt: null,
    acknowledgedBy: null,
  };
}
