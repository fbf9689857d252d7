// SKELETON (being built in this change): the public surface the rest of the app uses.
/**
 * The handoff to the firm: what a turn's escalation or submission must cause (outbox items,
 * stored with the turn), delivering them (email, SMS page, signed webhook) with retries, paging
 * the backup when nobody acknowledges, and the acknowledgements themselves.
 */
import type { Config } from '../config/env';
import type { FollowUp } from '../conversation/service';
import type { Effect } from '../engine/intake-engine';
import type { Logger } from '../log';
import type { EscalationRecord, HandoffStore, NewOutboxItem } from '../store/handoff-store';
import type { Store } from '../store/store';
import type { Summary } from '../summary/contract';

export interface HandoffDeps {
  config: Config;
  store: Store;
  handoff: HandoffStore;
  logger: Logger;
  /** Signs acknowledgement links. */
  secret: string;
  /** This instance, for outbox leases. */
  instanceId: string;
}

export class Handoff implements FollowUp {
  constructor(private readonly deps: HandoffDeps) {}

  outboxFor(effects: readonly Effect[], summary: Summary, turn: { conversationId: string; version: number; at: string }): NewOutboxItem[] {
    void effects; void summary; void turn;
    return [];
  }

  committed(items: readonly NewOutboxItem[]): void {
    void items;
  }

  async silenced(intakeId: string): Promise<boolean> {
    const h = await this.deps.handoff.getHandling(intakeId).catch(() => null);
    return h?.status === 'contacted' || h?.status === 'closed';
  }

  /** Delivers what is due and pages the backup where due; returns what it did. */
  async tick(now = new Date()): Promise<{ delivered: number; failed: number; reescalated: number }> {
    void now;
    return { delivered: 0, failed: 0, reescalated: 0 };
  }

  /** An attorney acknowledges an escalation (dashboard, link, SMS reply). */
  async acknowledge(escalationId: string, by: string, at: Date): Promise<EscalationRecord | null> {
    return this.deps.handoff.acknowledgeEscalation(escalationId, by, at.toISOString());
  }

  start(everyMs = 5_000): void {
    void everyMs;
  }

  async stop(): Promise<void> {}
}
