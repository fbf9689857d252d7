/**
 * The handoff to the firm: what a turn's escalation or submission must cause (outbox items,
 * stored with the turn), delivering them (email, SMS page, signed webhook) with retries, paging
 * the backup when nobody acknowledges, and the acknowledgements themselves.
 *
 * Delivery is at least once: an item is leased by one instance, sent, then marked done; a crash
 * between the send and the mark sends it again (the webhook's X-Intake-Delivery lets a receiver
 * drop the repeat). Everything that creates items names them from their cause, so doing a step
 * twice never doubles a notice.
 */
import type { Config } from '../config/env';
import type { QuarantineAlert } from '../conversation/quarantine';
import type { FollowUp } from '../conversation/service';
import type { Effect } from '../engine/intake-engine';
import { firmText, type FirmText } from '../i18n/firm-text';
import type { Logger } from '../log';
import type { AuditEntry, EscalationRecord, HandoffStore, NewOutboxItem, OutboxItem, OutboxOutcome } from '../store/handoff-store';
import type { Store } from '../store/store';
import type { Summary, Tier } from '../summary/contract';
import { ackToken } from './ack-token';
import { LEASE_MS, nextAttempt } from './backoff';
import { Deliveries, DeliveryError, errorCode } from './deliveries';
import {
  ackUrl,
  detailsUrl,
  documentsEmail,
  pageEmail,
  pageSms,
  quarantinedEmail,
  quarantinedSms,
  submittedEmail,
  summaryEmail,
  summarySms,
  type NoticeFacts,
  type SummaryFacts,
} from './notices';
import {
  child,
  DocumentsPayloadSchema,
  EmailPayloadSchema,
  EscalatedPayloadSchema,
  KIND,
  newEscalation,
  planDocuments,
  planQuarantine,
  planTurn,
  QuarantinedPayloadSchema,
  SmsPayloadSchema,
  SubmittedPayloadSchema,
  WebhookPayloadSchema,
  type DocumentsNotice,
  type EmailPayload,
  type SmsPayload,
} from './outbox-plan';
import { OTHER_ITEM, type DocumentDesk, type DocumentInfo } from '../documents/contract';
import { receivedByItem } from '../summary/received-documents';
import { pageCounterKey, pageDecision, pageSummaryId, PageSummaryPayloadSchema, type PagerLevel } from './page-cap';
import { firstLevel, setAsideRoutes } from './reach';
import { namesReference, pagerCommand } from './sms-command';

export interface HandoffDeps {
  config: Config;
  store: Store;
  handoff: HandoffStore;
  logger: Logger;
  /** Signs acknowledgement links. */
  secret: string;
  /** This instance, for outbox leases. */
  instanceId: string;
  /** The documents received (src/documents): the new documents notice reads what came in its window. */
  documents?: Pick<DocumentDesk, 'list'>;
}

export type { PagerLevel } from './page-cap';

/** Items leased at once, and rounds per tick (children of this round's items come in the next). */
const BATCH = 20;
const MAX_ROUNDS = 10;

/** A failure that retrying cannot mend (a payload that does not parse, an unknown kind). */
class PermanentError extends DeliveryError {}

export class Handoff implements FollowUp {
  private readonly t: FirmText = firmText('notify');
  private readonly deliveries: Deliveries;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private deps: HandoffDeps) {
    this.deliveries = new Deliveries(deps.config);
  }

  /** The documents' desk is made after the handoff (its hook tells the handoff): given here once made. */
  useDocuments(documents: Pick<DocumentDesk, 'list'>): void {
    this.deps = { ...this.deps, documents };
  }

  // ---- planning (inside the turn) ----------------------------------------------------------

  outboxFor(effects: readonly Effect[], summary: Summary, turn: { conversationId: string; version: number; at: string }): NewOutboxItem[] {
    return planTurn(effects, summary, turn);
  }

  outboxForQuarantine(q: QuarantineAlert): NewOutboxItem[] {
    return planQuarantine(q);
  }

  /** The turn is stored: a started worker looks at once (a page must not wait for the next poll). */
  committed(items: readonly NewOutboxItem[]): void {
    try {
      if (items.length && this.timer) this.kick();
    } catch (err) {
      // The conversation has its reply already; the poll delivers what this missed.
      this.deps.logger.error({ err: errorCode(err) }, 'handoff: could not start delivery');
    }
  }

  async silenced(intakeId: string): Promise<boolean> {
    // An attorney holding the conversation (takeover.ts) silences it whatever the status.
    const q = await this.deps.handoff.quietOf(intakeId).catch(() => null);
    return !!q && (q.hold !== null || q.handling.status === 'contacted' || q.handling.status === 'closed');
  }

  // ---- the worker ------------------------------------------------------------------------------

  /** Delivers what is due and pages the backup where due; returns what it did. */
  async tick(now = new Date()): Promise<{ delivered: number; failed: number; reescalated: number }> {
    const reescalated = await this.reescalate(now);
    let delivered = 0;
    let failed = 0;
    const iso = now.toISOString();
    const leaseUntil = new Date(now.getTime() + LEASE_MS).toISOString();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const items = await this.deps.handoff.claimDue({ now: iso, by: this.deps.instanceId, leaseUntil, limit: BATCH });
      if (!items.length) break;
      const results = await this.workInOrder(items, now);
      delivered += results.filter(Boolean).length;
      failed += results.filter((ok) => !ok).length;
    }
    return { delivered, failed, reescalated };
  }

  /**
   * One intake's items one after the other, in the order they were due (claimDue's order); the
   * intakes side by side. Two escalations of an intake for the same reason must be told apart as
   * the first (paged) and the later (repeated), never the other way round as the race between
   * them fell (seen on a loaded machine).
   */
  private async workInOrder(items: OutboxItem[], now: Date): Promise<boolean[]> {
    const byIntake = new Map<string, OutboxItem[]>();
    for (const item of items) {
      const key = item.intakeId ?? `item:${item.id}`;
      byIntake.set(key, [...(byIntake.get(key) ?? []), item]);
    }
    const done = await Promise.all(
      [...byIntake.values()].map(async (queue) => {
        const results: boolean[] = [];
        for (const item of queue) results.push(await this.work(item, now));
        return results;
      }),
    );
    return done.flat();
  }

  /** Polls every `everyMs`; committed turns also wake it at once. */
  start(everyMs = 5_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.kick(), everyMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.idle();
    this.deliveries.close();
  }

  /** Resolves when the background run (if any) is over: for an orderly stop, and for tests. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** One background run at a time; a kick during a run asks for one more. */
  private kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.tick(new Date()).catch((err) => this.deps.logger.error({ err: errorCode(err) }, 'handoff: tick failed'));
      } while (this.again && this.timer);
    })().finally(() => {
      this.running = null;
    });
  }

  /** One item: true when done. A failure is retried later, or given up after a day. */
  private async work(item: OutboxItem, now: Date): Promise<boolean> {
    const { handoff, instanceId, logger } = this.deps;
    const log = { reference: referenceOf(item), kind: item.kind, attempt: item.attempts + 1 };
    try {
      const outcome = await this.dispatch(item, now);
      if (!(await handoff.completeOutbox(item.id, instanceId, now.toISOString(), outcome)))
        logger.warn(log, 'handoff: lease lost before the item was marked done');
      else logger.info({ ...log, outcome }, 'handoff: done');
      return true;
    } catch (err) {
      const code = errorCode(err);
      const next = err instanceof PermanentError ? ({ retry: false } as const) : nextAttempt(item.attempts + 1, new Date(item.createdAt), now);
      try {
        if (next.retry) await handoff.retryOutbox(item.id, instanceId, { dueAt: next.dueAt.toISOString(), error: code });
        else await handoff.failOutbox(item.id, instanceId, { at: now.toISOString(), error: code });
      } catch (storeErr) {
        // The lease runs out and the item is taken again: nothing is lost.
        logger.error({ ...log, err: errorCode(storeErr) }, 'handoff: could not record the failure');
      }
      if (next.retry) logger.warn({ ...log, error: code, retryAt: next.dueAt.toISOString() }, 'handoff: failed, will retry');
      else logger.error({ ...log, error: code }, 'handoff: failed for good');
      return false;
    }
  }

  /** Does one item; how it ended when that is not plainly 'done' (nobody to reach, a repeat). */
  private async dispatch(item: OutboxItem, now: Date): Promise<OutboxOutcome> {
    switch (item.kind) {
      case KIND.escalated:
        return this.escalated(item, now);
      case KIND.submitted:
        return this.submitted(item, now);
      case KIND.email: {
        const p = parsed(EmailPayloadSchema, item.payload);
        await this.deliveries.email(p);
        await this.noteDelivered(item, p, now);
        return 'done';
      }
      case KIND.sms: {
        const p = parsed(SmsPayloadSchema, item.payload);
        await this.deliveries.page(p);
        await this.noteDelivered(item, p, now);
        return 'done';
      }
      case KIND.pageSummary:
        await this.pageSummary(item, now);
        return 'done';
      case KIND.quarantined:
        return this.quarantined(item, now);
      case KIND.documents:
        return this.documents(item, now);
      case KIND.webhook: {
        const p = parsed(WebhookPayloadSchema, item.payload);
        await this.deliveries.webhook(item.id, p, now);
        await this.noteDelivered(item, { audit: { action: 'webhook_delivered', detail: { event: p.event, delivery: item.id } } }, now);
        return 'done';
      }
      default:
        throw new PermanentError('unknown_kind');
    }
  }

  /**
   * Creates the escalation (once) and its pages: the on-call attorney's, else the backup's at once,
   * else none, recorded as nobody paged. A reason already paged for the intake is not paged again:
   * an escalation whose reasons all were is a repeat, and pages nobody.
   */
  private async escalated(item: OutboxItem, now: Date): Promise<OutboxOutcome> {
    const { config, handoff, logger } = this.deps;
    const p = parsed(EscalatedPayloadSchema, item.payload);
    const planned = newEscalation(item, p, now, config.handoff.ackMinutes);
    const at = now.toISOString();
    const reasons = await handoff.claimEscalationReasons({ intakeId: p.summary.intakeId, reasons: p.reasons, escalationId: planned.id, at });
    if (!reasons.length) {
      logger.info(
        { intakeId: p.summary.intakeId, escalationId: planned.id },
        'handoff: escalation not repeated: its reasons were paged for this intake already',
      );
      return 'repeated';
    }
    const level = firstLevel(config);
    // Re-escalation goes from the on-call attorney to the backup: paged at once, the backup is the last.
    const record: EscalationRecord = {
      ...planned,
      reasons,
      level: level ?? 'oncall',
      reescalateAt: level === 'oncall' ? planned.reescalateAt : null,
      nobodyPaged: level === null,
    };
    await handoff.createEscalation(record);
    const facts = factsOf(p.summary, p.tier, reasons);
    // The escalation is recorded (and on the dashboard) whatever the cap; only the paging is capped.
    const items = level ? await this.capped(this.pageItems(item.id, facts, record.id, level, at), { level, escalation: record, at: item.createdAt, now }) : [];
    if (config.handoff.webhook) items.push(child(item.id, 'webhook', KIND.webhook, p.summary.intakeId, { event: 'escalated', summary: p.summary }, at));
    if (!level)
      logger.warn(
        { intakeId: p.summary.intakeId, escalationId: record.id },
        'handoff: escalation with nobody to page (ONCALL_EMAIL, ONCALL_PHONE, BACKUP_EMAIL, BACKUP_PHONE unset)',
      );
    await handoff.enqueue(items);
    return level ? 'done' : 'not_configured';
  }

  /** The firm's inbox and the webhook hear of a finished intake. */
  private async submitted(item: OutboxItem, now: Date): Promise<OutboxOutcome> {
    const p = parsed(SubmittedPayloadSchema, item.payload);
    const { config } = this.deps;
    const at = now.toISOString();
    const s = p.summary;
    const items: NewOutboxItem[] = [];
    if (config.handoff.smtp && config.handoff.notifyEmails.length) {
      const email: EmailPayload = {
        to: config.handoff.notifyEmails,
        ...submittedEmail(this.t, factsOf(s, s.triage.tier, s.triage.escalationReasons), { detailsUrl: detailsUrl(config.publicBaseUrl, s.intakeId) }),
        audit: { action: 'notified', detail: { via: 'email', reference: s.reference } },
      };
      items.push(child(item.id, 'email:notify', KIND.email, s.intakeId, email, at));
    }
    if (config.handoff.webhook) items.push(child(item.id, 'webhook', KIND.webhook, s.intakeId, { event: 'submitted', summary: s }, at));
    await this.deps.handoff.enqueue(items);
    return items.length ? 'done' : 'not_configured';
  }

  /**
   * A message or conversation set aside: the firm's inbox and the on-call attorney are emailed,
   * and the on-call phone paged, within the pages per hour (PAGES_PER_HOUR_PER_TIER, counted
   * apart from the escalations' tiers): a release that fails every turn must not ring the phone
   * for each family, while every email still goes.
   */
  private async quarantined(item: OutboxItem, now: Date): Promise<OutboxOutcome> {
    const p = parsed(QuarantinedPayloadSchema, item.payload);
    const { config, logger } = this.deps;
    const at = now.toISOString();
    const facts = { quarantineId: p.quarantineId, channel: p.channel, reference: p.reference, scope: p.scope };
    const dashboardUrl = `${config.publicBaseUrl}/intakes`;
    const note = (via: string) => ({ action: 'quarantine_notified', detail: { quarantineId: p.quarantineId, reference: p.reference, scope: p.scope, via } });
    const items: NewOutboxItem[] = [];
    // The same routes decide whether the family is told a person will follow up (src/conversation/quarantine.ts).
    const { emails: to, phone } = setAsideRoutes(config);
    if (to.length) {
      const email: EmailPayload = { to, ...quarantinedEmail(this.t, facts, dashboardUrl), audit: note('email') };
      items.push(child(item.id, 'email', KIND.email, item.intakeId, email, at));
    }
    if (phone) {
      const cap = config.handoff.pagesPerHourPerTier;
      const key = `quarantine:oncall:${new Date(item.createdAt).toISOString().slice(0, 13)}`;
      const place = cap > 0 ? await this.deps.handoff.countPage({ key, member: p.quarantineId, keep: cap + 1, at }) : 0;
      if (place <= cap || cap <= 0) {
        const sms: SmsPayload = { to: phone, body: quarantinedSms(this.t, facts, dashboardUrl), audit: note('sms') };
        items.push(child(item.id, 'sms:oncall', KIND.sms, item.intakeId, sms, at));
      } else logger.warn({ quarantineId: p.quarantineId, place, cap }, 'handoff: quarantine not paged: over the pages per hour (emailed only)');
    }
    if (!items.length)
      logger.warn(
        { quarantineId: p.quarantineId },
        'handoff: a message was set aside and nobody can be told (NOTIFY_EMAILS or ONCALL_EMAIL with SMTP_URL, ONCALL_PHONE with Twilio)',
      );
    await this.deps.handoff.enqueue(items);
    return items.length ? 'done' : 'not_configured';
  }

  /**
   * A document was received (the desk's onReceived hook): the notice of its minute is planned, and
   * delivered once the minute is over with every file that came in it. Nothing of the file itself.
   */
  async documentReceived(info: Pick<DocumentInfo, 'intakeId' | 'receivedAt'>): Promise<void> {
    const item = planDocuments(info.intakeId, info.receivedAt);
    await this.deps.handoff.enqueue([item]);
    this.committed([item]);
  }

  /**
   * The firm's inbox and the webhook hear of the documents of one window: the checklist items they
   * were sent for and how many files each, never a file's name, kind or content.
   */
  private async documents(item: OutboxItem, now: Date): Promise<OutboxOutcome> {
    const p = parsed(DocumentsPayloadSchema, item.payload);
    const { config, store, logger } = this.deps;
    const summary = await store.getIntake(p.intakeId);
    const list = summary && this.deps.documents ? await this.deps.documents.list(p.intakeId) : [];
    const inWindow = list.filter((d) => d.receivedAt >= p.from && d.receivedAt < p.until);
    // Purged meanwhile (retention), or no desk: nothing left to tell of.
    if (!summary || !inWindow.length) return 'not_configured';
    const received = receivedByItem(summary, inWindow);
    const items = [
      ...received.items.filter((i) => i.files.length).map((i) => ({ item: i.key, name: i.name, count: i.files.length })),
      ...(received.other.length ? [{ item: OTHER_ITEM, name: this.t('documents.other'), count: received.other.length }] : []),
    ];
    const notice: DocumentsNotice = {
      schemaVersion: 1,
      intakeId: summary.intakeId,
      reference: summary.reference,
      receivedFrom: p.from,
      receivedUntil: p.until,
      items,
    };
    const at = now.toISOString();
    const children: NewOutboxItem[] = [];
    if (config.handoff.smtp && config.handoff.notifyEmails.length) {
      const email: EmailPayload = {
        to: config.handoff.notifyEmails,
        ...documentsEmail(this.t, notice, detailsUrl(config.publicBaseUrl, summary.intakeId)),
        audit: { action: 'documents_notified', detail: { via: 'email', reference: summary.reference, documents: inWindow.length } },
      };
      children.push(child(item.id, 'email:notify', KIND.email, summary.intakeId, email, at));
    }
    if (config.handoff.webhook) children.push(child(item.id, 'webhook', KIND.webhook, summary.intakeId, { event: 'documents', documents: notice }, at));
    if (!children.length)
      logger.info({ reference: summary.reference }, 'handoff: new documents and nobody to tell (NOTIFY_EMAILS with SMTP_URL, or WEBHOOK_URL)');
    await this.deps.handoff.enqueue(children);
    return children.length ? 'done' : 'not_configured';
  }

  /** The email and SMS page of one level, as configured; ids made from `parentId`. */
  private pageItems(parentId: string, facts: NoticeFacts, escalationId: string, level: PagerLevel, at: string): NewOutboxItem[] {
    const { config, secret } = this.deps;
    const contact = config.handoff[level];
    const links = { detailsUrl: detailsUrl(config.publicBaseUrl, facts.intakeId), ackUrl: ackUrl(config.publicBaseUrl, ackToken(secret, escalationId)) };
    const kind = level === 'oncall' ? 'page' : 'repage';
    const minutes = config.handoff.ackMinutes;
    const note = (via: string) => ({ action: 'paged', detail: { escalationId, level, via, reference: facts.reference, tier: facts.tier } });
    const items: NewOutboxItem[] = [];
    if (contact.email && config.handoff.smtp) {
      const email: EmailPayload = { to: [contact.email], ...pageEmail(this.t, kind, facts, links, minutes), audit: note('email') };
      items.push(child(parentId, `email:${level}`, KIND.email, facts.intakeId, email, at));
    }
    if (contact.phone && config.twilio?.phoneNumber) {
      const sms: SmsPayload = { to: contact.phone, body: pageSms(this.t, kind, facts, links, minutes), audit: note('sms') };
      items.push(child(parentId, `sms:${level}`, KIND.sms, facts.intakeId, sms, at));
    }
    return items;
  }

  /**
   * One escalation's pages at one level, within the cap per tier and hour (page-cap.ts): the pages
   * themselves; for the first escalation past the cap, the hour's summary page in their place
   * (one item per level, tier and hour, whichever escalation names it); past that, none.
   */
  private async capped(pages: NewOutboxItem[], o: { level: PagerLevel; escalation: EscalationRecord; at: string; now: Date }): Promise<NewOutboxItem[]> {
    const cap = this.deps.config.handoff.pagesPerHourPerTier;
    if (!pages.length || cap <= 0) return pages;
    const { level, escalation: e, now } = o;
    const key = pageCounterKey(level, e.tier, o.at);
    const place = await this.deps.handoff.countPage({ key, member: e.id, keep: cap + 1, at: now.toISOString() });
    const decision = pageDecision(place, cap);
    if (decision === 'page') return pages;
    this.deps.logger.warn(
      { intakeId: e.intakeId, escalationId: e.id, level, tier: e.tier, place, cap },
      'handoff: not paged one by one: over the pages per tier and hour',
    );
    await this.audit({
      at: now.toISOString(),
      actor: 'system',
      action: 'page_held',
      intakeId: e.intakeId,
      detail: { escalationId: e.id, reference: e.reference, level, tier: e.tier },
    });
    if (decision === 'held') return [];
    const iso = now.toISOString();
    return [{ id: pageSummaryId(key), kind: KIND.pageSummary, intakeId: null, payload: { level, tier: e.tier, key, cap }, createdAt: iso, dueAt: iso }];
  }

  /** The hour's summary page: how many more escalations than the cap, so far, and the dashboard. */
  private async pageSummary(item: OutboxItem, now: Date): Promise<void> {
    const p = parsed(PageSummaryPayloadSchema, item.payload);
    const { config } = this.deps;
    const count = Math.max(1, (await this.deps.handoff.pagesCounted(p.key)) - p.cap);
    const facts: SummaryFacts = {
      tier: p.tier as Tier | null,
      count,
      cap: p.cap,
      dashboardUrl: `${config.publicBaseUrl}/intakes`,
      minutes: config.handoff.ackMinutes,
    };
    const kind = p.level === 'oncall' ? 'page' : 'repage';
    const contact = config.handoff[p.level];
    const note = (via: string) => ({ action: 'paged_summary', detail: { level: p.level, tier: p.tier, count, via } });
    const at = now.toISOString();
    const items: NewOutboxItem[] = [];
    if (contact.email && config.handoff.smtp) {
      const email: EmailPayload = { to: [contact.email], ...summaryEmail(this.t, kind, facts), audit: note('email') };
      items.push(child(item.id, `email:${p.level}`, KIND.email, null, email, at));
    }
    if (contact.phone && config.twilio?.phoneNumber) {
      const sms: SmsPayload = { to: contact.phone, body: summarySms(this.t, kind, facts), audit: note('sms') };
      items.push(child(item.id, `sms:${p.level}`, KIND.sms, null, sms, at));
    }
    await this.deps.handoff.enqueue(items);
  }

  /**
   * Nobody acknowledged in time: the backup's deliveries are stored FIRST, then the escalation is
   * moved to the backup level. A crash between the two pages again at the next tick, with the same
   * ids, which the store ignores.
   */
  private async reescalate(now: Date): Promise<number> {
    const { handoff, store, logger } = this.deps;
    let moved = 0;
    for (const e of await handoff.dueReescalations(now.toISOString())) {
      // The request's category, when the intake is kept (consent given); the rest is on the record.
      const summary = await store.getIntake(e.intakeId).catch(() => null);
      const facts: NoticeFacts = {
        intakeId: e.intakeId,
        reference: e.reference,
        tier: e.tier,
        reasons: e.reasons,
        requestReason: summary?.request.reason ?? null,
      };
      const pages = this.pageItems(e.id, facts, e.id, 'backup', now.toISOString());
      // Counted in the hour it fell due (not the worker's): a retried step counts in the same hour.
      const items = await this.capped(pages, { level: 'backup', escalation: e, at: e.reescalateAt ?? now.toISOString(), now });
      if (!pages.length)
        logger.warn({ intakeId: e.intakeId, escalationId: e.id }, 'handoff: not acknowledged and no backup to page (BACKUP_EMAIL, BACKUP_PHONE unset)');
      await handoff.enqueue(items);
      if (await handoff.markReescalated(e.id, { nobodyPaged: !pages.length })) {
        moved++;
        logger.warn(
          { intakeId: e.intakeId, escalationId: e.id, tier: e.tier },
          pages.length ? 'handoff: not acknowledged in time, backup paged' : 'handoff: not acknowledged in time, and no backup to page',
        );
        await this.audit({
          at: now.toISOString(),
          actor: 'system',
          action: 'reescalated',
          intakeId: e.intakeId,
          detail: { escalationId: e.id, reference: e.reference, tier: e.tier },
        });
      }
    }
    return moved;
  }

  private async noteDelivered(item: OutboxItem, p: { audit?: { action: string; detail: AuditEntry['detail'] } }, now: Date): Promise<void> {
    if (!p.audit) return;
    await this.audit({ at: now.toISOString(), actor: 'system', action: p.audit.action, intakeId: item.intakeId, detail: p.audit.detail });
  }

  /** The audit log is kept, but a failure to write it does not undo (nor repeat) what was done. */
  private async audit(entry: AuditEntry): Promise<void> {
    await this.deps.handoff
      .audit(entry)
      .catch((err) => this.deps.logger.error({ action: entry.action, err: errorCode(err) }, 'handoff: audit entry not written'));
  }

  // ---- acknowledgements --------------------------------------------------------------------

  /** An attorney acknowledges an escalation (dashboard, link, SMS reply). */
  async acknowledge(escalationId: string, by: string, at: Date): Promise<EscalationRecord | null> {
    const iso = at.toISOString();
    const record = await this.deps.handoff.acknowledgeEscalation(escalationId, by, iso);
    // Audited once: by the acknowledgement that counted (a later one leaves the first in place).
    if (record && record.acknowledgedBy === by && record.acknowledgedAt === iso) {
      this.deps.logger.info({ intakeId: record.intakeId, escalationId, level: record.level, by: by.split(':')[0] }, 'handoff: acknowledged');
      await this.audit({
        at: iso,
        actor: by,
        action: 'acknowledged',
        intakeId: record.intakeId,
        detail: { escalationId, reference: record.reference, level: record.level },
      });
    }
    return record;
  }

  /** The level a paged phone number belongs to, or null (not an attorney's pager). */
  pagerLevelOf(from: string): PagerLevel | null {
    const number = from.replace(/^whatsapp:/, '');
    const { oncall, backup } = this.deps.config.handoff;
    if (oncall.phone && number === oncall.phone) return 'oncall';
    if (backup.phone && number === backup.phone) return 'backup';
    return null;
  }

  /**
   * A text from a paged phone: "ACK"/"OK" acknowledges the newest unacknowledged page sent to that
   * phone's level, "ACK <reference>" every unacknowledged escalation of that intake. Returns the
   * reply texts; null when `from` is not a paged phone. `messageId` (Twilio's MessageSid) makes a
   * webhook Twilio retries count once, so a repeated plain "ACK" cannot acknowledge a second page.
   */
  async acknowledgeBySms(from: string, body: string, at: Date, messageId?: string): Promise<string[] | null> {
    const level = this.pagerLevelOf(from);
    if (!level) return null;
    const t = this.t;
    const command = pagerCommand(body);
    if (!command.ack) return [t('ack.sms.help')];
    const iso = at.toISOString();
    const runKey = messageId ? `sms-ack:${messageId}` : null;
    if (runKey && !(await this.deps.store.claimJob(runKey, 'sms-ack', iso, this.deps.instanceId))) return [t('ack.sms.duplicate')];
    const open = await this.deps.handoff.unacknowledgedEscalations();
    let targets: EscalationRecord[];
    if (command.reference) {
      const typed = command.reference;
      targets = open.filter((e) => namesReference(typed, e.reference));
    } else {
      // Oldest first: the newest page this phone received is the last one at its level.
      const paged = open.filter((e) => level === 'oncall' || e.level === 'backup');
      targets = paged.length ? [paged[paged.length - 1]] : [];
    }
    const acknowledged: EscalationRecord[] = [];
    for (const e of targets) {
      const record = await this.acknowledge(e.id, `sms:${level}`, at);
      if (record) acknowledged.push(record);
    }
    if (runKey) await this.deps.store.finishJob(runKey, iso, { acknowledged: acknowledged.length }).catch(() => undefined);
    if (!acknowledged.length) {
      return [command.reference ? t('ack.sms.unknown', { reference: command.reference }) : t('ack.sms.nothing')];
    }
    const references = [...new Set(acknowledged.map((e) => e.reference))];
    return [
      t('ack.sms.acknowledged', {
        references: references.join(t('list.separator')),
        detailsUrl: detailsUrl(this.deps.config.publicBaseUrl, acknowledged[0].intakeId),
      }),
    ];
  }

  /** The firm's wording (the acknowledgement page uses it). */
  get text(): FirmText {
    return this.t;
  }
}

/** The intake's reference, for logs: read from the payload (a summary, a page's audit note, a quarantine). */
function referenceOf(item: OutboxItem): string | null {
  const p = item.payload as { summary?: { reference?: unknown }; audit?: { detail?: { reference?: unknown } }; reference?: unknown };
  const ref = p.summary?.reference ?? p.audit?.detail?.reference ?? p.reference;
  return typeof ref === 'string' ? ref : null;
}

function factsOf(s: Summary, tier: Summary['triage']['tier'], reasons: Summary['triage']['escalationReasons']): NoticeFacts {
  return { intakeId: s.intakeId, reference: s.reference, tier, reasons, requestReason: s.request.reason, dateUnknown: s.triage.dateUnknown };
}

/** A payload that does not parse is never going to: the item fails at once. */
function parsed<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, payload: unknown): T {
  const r = schema.safeParse(payload);
  if (!r.success) throw new PermanentError('bad_payload');
  return r.data;
}
