/**
 * An intake's escalations and notifications as the API shows them: who was paged, or that nobody
 * could be ("not_configured"), never a page that did not go; and how each notification ended.
 * Ids, times, levels and states only: no recipient, no content.
 */
import { z } from 'zod';
import type { EscalationRecord, OutboxItem } from '../store/handoff-store';
import { ESCALATION_REASONS, TIERS } from '../summary/contract';

export const OUTBOX_STATES = ['pending', 'done', 'not_configured', 'repeated', 'failed'] as const;

export const EscalationsSchema = z.object({
  intakeId: z.string(),
  escalations: z.array(
    z.object({
      id: z.string(),
      createdAt: z.string(),
      tier: z.enum(TIERS).nullable(),
      reasons: z.array(z.enum(ESCALATION_REASONS)),
      level: z
        .enum(['oncall', 'backup'])
        .describe('The level paged now: the on-call attorney, or the backup once re-escalated (or at once where no on-call attorney is configured).'),
      paging: z.enum(['paged', 'not_configured']).describe('"not_configured": nobody could be paged at this level (no contact configured).'),
      acknowledgedAt: z.string().nullable(),
      acknowledgedBy: z.string().nullable(),
    }),
  ),
  notifications: z.array(
    z.object({
      kind: z.string().describe('escalated, submitted, email, sms, webhook, page_summary, quarantined, documents'),
      state: z
        .enum(OUTBOX_STATES)
        .describe(
          '"done": sent; "not_configured": nobody to reach (no contact configured); "repeated": not sent, its reasons were paged for this intake already; "failed": given up.',
        ),
      attempts: z.number().int(),
      createdAt: z.string(),
      doneAt: z.string().nullable(),
      lastError: z.string().nullable(),
    }),
  ),
});

export type Escalations = z.infer<typeof EscalationsSchema>;

export function publicEscalations(intakeId: string, escalations: readonly EscalationRecord[], items: readonly OutboxItem[]): Escalations {
  return EscalationsSchema.parse({
    intakeId,
    escalations: escalations.map((e) => ({
      id: e.id,
      createdAt: e.createdAt,
      tier: e.tier,
      reasons: e.reasons,
      level: e.level,
      paging: e.nobodyPaged ? 'not_configured' : 'paged',
      acknowledgedAt: e.acknowledgedAt,
      acknowledgedBy: e.acknowledgedBy,
    })),
    notifications: items.map((i) => ({ kind: i.kind, state: i.state, attempts: i.attempts, createdAt: i.createdAt, doneAt: i.doneAt, lastError: i.lastError })),
  });
}
