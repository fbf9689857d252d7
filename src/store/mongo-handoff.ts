/**
 * The firm-side store on MongoDB (see handoff-store.ts): the handling and listing fields of the
 * `intakes` documents the conversation store writes (mongo.ts), escalations, the outbox
 * (mongo-outbox.ts) and the audit log. Single-document atomic operations only, no transactions
 * (FerretDB has none): a compare-and-set is an updateOne filtered on the expected state, and an
 * outbox item is leased by one findOneAndUpdate at a time. Every document carries schemaVersion.
 */
import { ObjectId, type Collection, type Db, type Filter } from 'mongodb';
import type { FieldCipher } from './cipher';
import { decodeCursor, encodeCursor } from './cursor';
import {
  NEW_HANDLING,
  SMS_STATE_RANK,
  type AuditEntry,
  type SentSms,
  type SmsState,
  type EscalationRecord,
  type Handling,
  type Hold,
  type HandlingStatus,
  type HandoffStore,
  type IntakePage,
  type IntakeQuery,
  type NewOutboxItem,
  type OutboxItem,
  type OutboxOutcome,
  type OutboxState,
} from './handoff-store';
import {
  dropObsoleteIndexes,
  insertOutboxDocs,
  isDuplicateKey,
  listingDocFields,
  SCHEMA_VERSION,
  type ConversationDoc,
  type IntakeDoc,
  type PendingBody,
} from './mongo';
import { outboxDoc, type OutboxDoc } from './mongo-outbox';
import type { EscalationReason, Summary } from '../summary/contract';

interface EscalationDoc extends Omit<EscalationRecord, 'id'> {
  _id: string;
  schemaVersion: number;
}

/** One level's pages for one tier in one hour (see countPage). */
interface PageCountDoc {
  _id: string;
  schemaVersion: number;
  /** The first `keep` escalations counted, in order: their place is their index + 1. */
  members: string[];
  /** members.length, as a number the filter can compare. */
  placed: number;
  /** Every escalation counted, those past `keep` included. */
  total: number;
  createdAt: string;
}

/** One escalation reason of one intake, held by the first escalation that named it (see claimEscalationReasons). */
interface EscalationReasonDoc {
  /** `${intakeId}:${reason}` */
  _id: string;
  schemaVersion: number;
  intakeId: string;
  reason: EscalationReason;
  escalationId: string;
  createdAt: string;
}

/** How long a page counter is kept (its hour is long over by then). */
const PAGE_COUNT_KEEP_MS = 2 * 24 * 3_600_000;

interface SentSmsDoc extends Omit<SentSms, 'sid'> {
  _id: string;
  schemaVersion: number;
  stateRank: number;
}

interface AuditDoc extends AuditEntry {
  _id: ObjectId;
  schemaVersion: number;
}

/** The indexes of the collections this store owns (intakes' are made by mongo.ts). */
export const HANDOFF_INDEXES: Record<string, Array<{ name: string; key: Record<string, 1 | -1> }>> = {
  // Every sorted query's index ends in the sort's keys, `_id` last, after the filter's equality
  // fields: the documents come in the index's order, never sorted in memory.
  escalations: [
    { name: 'intakeId_createdAt_id', key: { intakeId: 1, createdAt: 1, _id: 1 } },
    // The open ones (acknowledgedAt null), and among them those due to be escalated again.
    { name: 'acknowledgedAt_createdAt_id', key: { acknowledgedAt: 1, createdAt: 1, _id: 1 } },
  ],
  outbox: [
    { name: 'state_dueAt_createdAt_id', key: { state: 1, dueAt: 1, createdAt: 1, _id: 1 } },
    { name: 'state_createdAt_id', key: { state: 1, createdAt: 1, _id: 1 } },
    { name: 'intakeId_createdAt_id', key: { intakeId: 1, createdAt: 1, _id: 1 } },
    { name: 'createdAt_id', key: { createdAt: 1, _id: 1 } },
  ],
  page_counts: [{ name: 'createdAt', key: { createdAt: 1 } }],
  escalation_reasons: [{ name: 'intakeId', key: { intakeId: 1 } }],
  sent_sms: [{ name: 'intakeId_createdAt_id', key: { intakeId: 1, createdAt: 1, _id: 1 } }],
  audit: [
    { name: 'at_id', key: { at: -1, _id: -1 } },
    { name: 'intakeId_at_id', key: { intakeId: 1, at: -1, _id: -1 } },
  ],
};

/** Indexes of an earlier release, replaced by those above (they lacked the sort's `_id`). */
const OBSOLETE_HANDOFF_INDEXES: Record<string, string[]> = {
  escalations: ['intakeId_createdAt', 'acknowledgedAt_level_reescalateAt'],
  outbox: ['state_dueAt', 'intakeId_createdAt'],
  sent_sms: ['intakeId_createdAt'],
  audit: ['at', 'intakeId_at'],
};

function toEscalation(d: EscalationDoc): EscalationRecord {
  return {
    id: d._id,
    intakeId: d.intakeId,
    reference: d.reference,
    tier: d.tier ?? null,
    reasons: d.reasons,
    createdAt: d.createdAt,
    level: d.level,
    reescalateAt: d.reescalateAt ?? null,
    acknowledgedAt: d.acknowledgedAt ?? null,
    acknowledgedBy: d.acknowledgedBy ?? null,
    nobodyPaged: d.nobodyPaged ?? false,
  };
}

const handlingOf = (d: Pick<IntakeDoc, 'handling'>): Handling => ({ ...NEW_HANDLING, ...d.handling });

/** Matches intakes whose handling status is one of `statuses`; an intake without one is new. */
function handlingIn(statuses: HandlingStatus[]): Filter<IntakeDoc> {
  const f: Filter<IntakeDoc> = { 'handling.status': { $in: statuses } };
  return statuses.includes('new') ? { $or: [f, { handling: { $exists: false } }] } : f;
}

export class MongoHandoffStore implements HandoffStore {
  constructor(
    private readonly db: Db,
    private readonly cipher: FieldCipher,
  ) {}

  /** Creates the indexes (one per call: see mongo.ts start()) and fills what older intakes lack. */
  async start(): Promise<void> {
    for (const [collection, indexes] of Object.entries(HANDOFF_INDEXES)) {
      for (const i of indexes) await this.db.collection(collection).createIndex(i.key, { name: i.name });
    }
    await dropObsoleteIndexes(this.db, OBSOLETE_HANDOFF_INDEXES);
    // Intakes saved by the previous release have no listing fields; each is filled once, on the
    // condition that no summary save filled it meanwhile.
    for (const doc of await this.intakes.find({ tierRank: { $exists: false }, summary: { $exists: true } }).toArray()) {
      const fields = listingDocFields(this.cipher.openJson<Summary>(doc.summary!));
      await this.intakes.updateOne({ _id: doc._id, tierRank: { $exists: false } }, { $set: fields });
    }
  }

  private get intakes(): Collection<IntakeDoc> {
    return this.db.collection<IntakeDoc>('intakes');
  }
  private get escalations(): Collection<EscalationDoc> {
    return this.db.collection<EscalationDoc>('escalations');
  }
  private get outbox(): Collection<OutboxDoc> {
    return this.db.collection<OutboxDoc>('outbox');
  }
  private get escalationReasons(): Collection<EscalationReasonDoc> {
    return this.db.collection<EscalationReasonDoc>('escalation_reasons');
  }
  private get pageCounts(): Collection<PageCountDoc> {
    return this.db.collection<PageCountDoc>('page_counts');
  }
  private get sentSms(): Collection<SentSmsDoc> {
    return this.db.collection<SentSmsDoc>('sent_sms');
  }
  private get auditEntries(): Collection<AuditDoc> {
    return this.db.collection<AuditDoc>('audit');
  }

  // ---- handling ---------------------------------------------------------------------------------

  async quietOf(intakeId: string): Promise<{ handling: Handling; hold: Hold | null }> {
    const doc = await this.intakes.findOne({ _id: intakeId, summary: { $exists: true } }, { projection: { handling: 1, hold: 1 } });
    return { handling: doc ? handlingOf(doc) : { ...NEW_HANDLING }, hold: doc?.hold ? { by: doc.hold.by, at: doc.hold.at } : null };
  }

  async getHold(intakeId: string): Promise<Hold | null> {
    const doc = await this.intakes.findOne({ _id: intakeId, summary: { $exists: true } }, { projection: { hold: 1 } });
    return doc?.hold ? { by: doc.hold.by, at: doc.hold.at } : null;
  }

  async setHold(intakeId: string, hold: Hold | null, expectedBy: string | null): Promise<boolean> {
    // {hold.by: null} also matches a document that never had a hold.
    const r = await this.intakes.updateOne(
      { _id: intakeId, summary: { $exists: true }, 'hold.by': expectedBy },
      { $set: { schemaVersion: SCHEMA_VERSION, hold: hold ? { by: hold.by, at: hold.at } : null } },
    );
    return r.matchedCount === 1;
  }

  async getHandling(intakeId: string): Promise<Handling> {
    // Asked at every turn (is the assistant to stay quiet?): only the handling comes back, not
    // the sealed summary beside it.
    const doc = await this.intakes.findOne({ _id: intakeId, summary: { $exists: true } }, { projection: { handling: 1 } });
    return doc ? handlingOf(doc) : { ...NEW_HANDLING };
  }

  async setHandling(intakeId: string, next: Handling, expected: HandlingStatus): Promise<boolean> {
    const r = await this.intakes.updateOne(
      { $and: [{ _id: intakeId, summary: { $exists: true } }, handlingIn([expected])] },
      { $set: { schemaVersion: SCHEMA_VERSION, handling: { ...next } } },
    );
    return r.matchedCount === 1;
  }

  async listIntakes(q: IntakeQuery): Promise<IntakePage> {
    // Purged intakes keep their document, without a summary.
    const and: Filter<IntakeDoc>[] = [{ summary: { $exists: true } }];
    if (q.handling) and.push(handlingIn(q.handling));
    if (q.tier) and.push({ tier: { $in: q.tier } });
    if (q.since !== undefined) and.push({ updatedAt: { $gte: q.since } });
    if (q.queued !== undefined) and.push({ queued: q.queued });
    let sort: Record<string, 1 | -1>;
    if (q.order === 'queue') {
      sort = { tierRank: 1, createdAt: 1, _id: 1 };
      if (q.cursor) {
        const [rank, created, id] = decodeCursor('queue', q.cursor);
        and.push({
          $or: [{ tierRank: { $gt: rank } }, { tierRank: rank, createdAt: { $gt: created } }, { tierRank: rank, createdAt: created, _id: { $gt: id } }],
        });
      }
    } else {
      sort = { updatedAt: -1, _id: -1 };
      if (q.cursor) {
        const [updated, id] = decodeCursor('updated', q.cursor);
        and.push({ $or: [{ updatedAt: { $lt: updated } }, { updatedAt: updated, _id: { $lt: id } }] });
      }
    }
    const limit = Math.max(1, Math.floor(q.limit));
    // One more than the page: whether there is a next page, without counting.
    const docs = await this.intakes
      .find({ $and: and })
      .sort(sort)
      .limit(limit + 1)
      .toArray();
    const page = docs.slice(0, limit);
    const last = page[page.length - 1];
    const next =
      docs.length > limit && last
        ? q.order === 'queue'
          ? encodeCursor('queue', [last.tierRank!, last.createdAt!, last._id])
          : encodeCursor('updated', [last.updatedAt, last._id])
        : null;
    // Only the summaries of the page are opened.
    return { items: page.map((d) => ({ summary: this.cipher.openJson<Summary>(d.summary!), handling: handlingOf(d) })), next };
  }

  // ---- escalations ------------------------------------------------------------------------------

  async createEscalation(e: EscalationRecord): Promise<boolean> {
    const { id, ...rest } = e;
    try {
      await this.escalations.insertOne({ _id: id, schemaVersion: SCHEMA_VERSION, ...rest });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async getEscalation(id: string): Promise<EscalationRecord | null> {
    const d = await this.escalations.findOne({ _id: id });
    return d ? toEscalation(d) : null;
  }

  async escalationsOf(intakeId: string): Promise<EscalationRecord[]> {
    return (await this.escalations.find({ intakeId }).sort({ createdAt: 1, _id: 1 }).toArray()).map(toEscalation);
  }

  async unacknowledgedEscalations(): Promise<EscalationRecord[]> {
    return (await this.escalations.find({ acknowledgedAt: null }).sort({ createdAt: 1, _id: 1 }).toArray()).map(toEscalation);
  }

  async dueReescalations(now: string): Promise<EscalationRecord[]> {
    // $lte on a string never matches null: an escalation without a time is never due.
    const docs = await this.escalations
      .find({ acknowledgedAt: null, level: 'oncall', reescalateAt: { $lte: now } })
      .sort({ createdAt: 1, _id: 1 })
      .toArray();
    return docs.map(toEscalation);
  }

  async markReescalated(id: string, o: { nobodyPaged: boolean } = { nobodyPaged: false }): Promise<boolean> {
    const r = await this.escalations.updateOne(
      { _id: id, acknowledgedAt: null, level: 'oncall' },
      { $set: { level: 'backup', reescalateAt: null, nobodyPaged: o.nobodyPaged } },
    );
    return r.matchedCount === 1;
  }

  async claimEscalationReasons(o: { intakeId: string; reasons: EscalationReason[]; escalationId: string; at: string }): Promise<EscalationReason[]> {
    const held: EscalationReason[] = [];
    for (const reason of o.reasons) {
      // One document per (intake, reason), inserted once: the first escalation to name it holds it.
      const _id = `${o.intakeId}:${reason}`;
      try {
        await this.escalationReasons.insertOne({
          _id,
          schemaVersion: SCHEMA_VERSION,
          intakeId: o.intakeId,
          reason,
          escalationId: o.escalationId,
          createdAt: o.at,
        });
        held.push(reason);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // A retry of the same escalation holds it still.
        const d = await this.escalationReasons.findOne({ _id }, { projection: { escalationId: 1 } });
        if (d?.escalationId === o.escalationId) held.push(reason);
      }
    }
    return held;
  }

  async acknowledgeEscalation(id: string, by: string, at: string): Promise<EscalationRecord | null> {
    // Only the first acknowledgement writes; every caller then reads what stands.
    await this.escalations.updateOne({ _id: id, acknowledgedAt: null }, { $set: { acknowledgedAt: at, acknowledgedBy: by, reescalateAt: null } });
    return this.getEscalation(id);
  }

  // ---- outbox -----------------------------------------------------------------------------------

  async enqueue(items: NewOutboxItem[]): Promise<void> {
    await insertOutboxDocs(
      this.db,
      items.map((i) => outboxDoc(i, this.cipher)),
    );
  }

  /**
   * Adds the notifications of turns committed but not yet settled (an instance died right after
   * the commit point and nobody has read that conversation since): they are committed, so they
   * are due whether or not anyone reads the conversation again. The same ids as settle() writes.
   */
  private async collectPending(): Promise<void> {
    const pending = await this.db
      .collection<ConversationDoc>('conversations')
      .find({ 'pending.outbox': { $gt: 0 } })
      .toArray();
    for (const c of pending) {
      if (!c.pending) continue;
      const { outbox } = this.cipher.openJson<PendingBody>(c.pending.body);
      if (outbox?.length)
        await insertOutboxDocs(
          this.db,
          outbox.map((i) => outboxDoc(i, this.cipher)),
        );
    }
  }

  async claimDue(o: { now: string; by: string; leaseUntil: string; limit: number }): Promise<OutboxItem[]> {
    await this.collectPending();
    const out: OutboxItem[] = [];
    // One at a time: each findOneAndUpdate leases one item to one caller.
    while (out.length < o.limit) {
      const d = await this.outbox.findOneAndUpdate(
        { state: 'pending', dueAt: { $lte: o.now }, $or: [{ leaseUntil: null }, { leaseUntil: { $lte: o.now } }] },
        { $set: { leasedBy: o.by, leaseUntil: o.leaseUntil } },
        { sort: { dueAt: 1, createdAt: 1, _id: 1 }, returnDocument: 'after' },
      );
      if (!d) break;
      out.push(this.toItem(d));
    }
    return out;
  }

  async completeOutbox(id: string, by: string, at: string, outcome: OutboxOutcome = 'done'): Promise<boolean> {
    const r = await this.outbox.updateOne(
      { _id: id, state: 'pending', leasedBy: by },
      { $set: { state: outcome, doneAt: at, leasedBy: null, leaseUntil: null }, $inc: { attempts: 1 } },
    );
    return r.matchedCount === 1;
  }

  async retryOutbox(id: string, by: string, o: { dueAt: string; error: string }): Promise<boolean> {
    const r = await this.outbox.updateOne(
      { _id: id, state: 'pending', leasedBy: by },
      { $set: { dueAt: o.dueAt, lastError: o.error, leasedBy: null, leaseUntil: null }, $inc: { attempts: 1 } },
    );
    return r.matchedCount === 1;
  }

  async failOutbox(id: string, by: string, o: { at: string; error: string }): Promise<boolean> {
    // doneAt is when it ended, whichever way.
    const r = await this.outbox.updateOne(
      { _id: id, state: 'pending', leasedBy: by },
      { $set: { state: 'failed', doneAt: o.at, lastError: o.error, leasedBy: null, leaseUntil: null }, $inc: { attempts: 1 } },
    );
    return r.matchedCount === 1;
  }

  async outboxItems(o: { intakeId?: string; state?: OutboxState } = {}): Promise<OutboxItem[]> {
    await this.collectPending();
    const filter: Filter<OutboxDoc> = {};
    if (o.intakeId !== undefined) filter.intakeId = o.intakeId;
    if (o.state !== undefined) filter.state = o.state;
    return (await this.outbox.find(filter).sort({ createdAt: 1, _id: 1 }).toArray()).map((d) => this.toItem(d));
  }

  async nextDue(): Promise<string | null> {
    await this.collectPending();
    // An item leased beyond its due time can be claimed again only once the lease runs out.
    // Leased items are the few being worked on: read them all.
    const free = await this.outbox.find({ state: 'pending', leaseUntil: null }).sort({ dueAt: 1 }).limit(1).toArray();
    const leased = await this.outbox.find({ state: 'pending', leaseUntil: { $ne: null } }).toArray();
    const times = [...free.map((d) => d.dueAt), ...leased.map((d) => (d.leaseUntil! > d.dueAt ? d.leaseUntil! : d.dueAt))];
    return times.length ? times.reduce((a, b) => (b < a ? b : a)) : null;
  }

  // ---- paging caps ------------------------------------------------------------------------------

  async countPage(o: { key: string; member: string; keep: number; at: string }): Promise<number> {
    // Each attempt is one atomic update of the counter's document; an attempt that loses a race
    // (another instance created the document, or took the last place) reads it again.
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.pageCounts.findOne({ _id: o.key });
      const place = current ? current.members.indexOf(o.member) : -1;
      if (place >= 0) return place + 1;
      if (current && current.placed >= o.keep) {
        // Past the places kept: only counted (a retried step counts again; only a summary's number reads it).
        const d = await this.pageCounts.findOneAndUpdate({ _id: o.key }, { $inc: { total: 1 } }, { returnDocument: 'after' });
        if (d) return d.total;
        continue;
      }
      try {
        const d = await this.pageCounts.findOneAndUpdate(
          { _id: o.key, members: { $ne: o.member }, placed: { $lt: o.keep } },
          { $push: { members: o.member }, $inc: { placed: 1, total: 1 }, $setOnInsert: { schemaVersion: SCHEMA_VERSION, createdAt: o.at } },
          { upsert: true, returnDocument: 'after' },
        );
        if (d) {
          // A new hour's counter: the ones long over go.
          if (d.total === 1) await this.pageCounts.deleteMany({ createdAt: { $lt: new Date(Date.parse(o.at) - PAGE_COUNT_KEEP_MS).toISOString() } });
          return d.members.indexOf(o.member) + 1;
        }
      } catch (err) {
        // The filter did not match an existing document (full, or the member just added by
        // another caller), so the upsert tried to insert its _id again: read it again.
        if (!isDuplicateKey(err)) throw err;
      }
    }
    throw new Error('page counter: too many concurrent updates');
  }

  async pagesCounted(key: string): Promise<number> {
    const d = await this.pageCounts.findOne({ _id: key }, { projection: { total: 1 } });
    return d?.total ?? 0;
  }

  // ---- audit ------------------------------------------------------------------------------------

  async recordSms(s: SentSms): Promise<void> {
    const { sid, ...rest } = s;
    try {
      await this.sentSms.insertOne({ _id: sid, schemaVersion: SCHEMA_VERSION, ...rest, stateRank: SMS_STATE_RANK[s.state] });
    } catch (err) {
      // Recorded already (a retried send of the same SID): the first record stays.
      if (!isDuplicateKey(err)) throw err;
    }
  }

  async updateSms(sid: string, o: { state: SmsState; errorCode: string | null; at: string }): Promise<boolean> {
    const rank = SMS_STATE_RANK[o.state];
    const r = await this.sentSms.updateOne(
      { _id: sid, stateRank: { $lt: rank } },
      { $set: { state: o.state, stateRank: rank, errorCode: o.errorCode, updatedAt: o.at } },
    );
    return r.matchedCount === 1;
  }

  async smsOf(intakeId: string): Promise<SentSms[]> {
    const docs = await this.sentSms.find({ intakeId }).sort({ createdAt: 1, _id: 1 }).toArray();
    return docs.map(({ _id, schemaVersion: _v, stateRank: _r, ...d }) => ({ ...d, sid: _id }));
  }

  async audit(e: AuditEntry): Promise<void> {
    await this.auditEntries.insertOne({
      _id: new ObjectId(),
      schemaVersion: SCHEMA_VERSION,
      at: e.at,
      actor: e.actor,
      action: e.action,
      intakeId: e.intakeId,
      detail: e.detail,
    });
  }

  async auditLog(o: { intakeId?: string; limit?: number } = {}): Promise<AuditEntry[]> {
    // The ObjectId orders entries written at the same time: the later one first.
    let cursor = this.auditEntries.find(o.intakeId !== undefined ? { intakeId: o.intakeId } : {}).sort({ at: -1, _id: -1 });
    if (o.limit !== undefined) cursor = cursor.limit(Math.max(0, Math.floor(o.limit)));
    return (await cursor.toArray()).map((d) => ({ at: d.at, actor: d.actor, action: d.action, intakeId: d.intakeId ?? null, detail: d.detail }));
  }

  private toItem(d: OutboxDoc): OutboxItem {
    return {
      id: d._id,
      kind: d.kind,
      intakeId: d.intakeId ?? null,
      payload: this.cipher.openJson<Record<string, unknown>>(d.payload),
      createdAt: d.createdAt,
      dueAt: d.dueAt,
      state: d.state,
      attempts: d.attempts,
      lastError: d.lastError ?? null,
      doneAt: d.doneAt ?? null,
      leasedBy: d.leasedBy ?? null,
      leaseUntil: d.leaseUntil ?? null,
    };
  }
}

export async function createMongoHandoffStore(db: Db, cipher: FieldCipher): Promise<HandoffStore> {
  const store = new MongoHandoffStore(db, cipher);
  await store.start();
  return store;
}
