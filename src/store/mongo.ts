/**
 * The MongoDB store (MONGODB_URI), for several server instances on one database. Written for what
 * the official driver offers on MongoDB and on MongoDB-wire servers without transactions
 * (FerretDB): every write is a single-document atomic operation.
 *
 * A turn is committed in two steps:
 * 1. The commit point: ONE conditional write of the conversation document (insertOne for a new
 *    one, which the unique indexes make fail for a second creation; otherwise an update filtered
 *    on { _id, version: expectedVersion, pending: null }). It sets the new snapshot, version and
 *    timers and a `pending` field that holds the whole rest of the turn, sealed: the inbound id,
 *    the replies, the summary, the forget flag, and the transcript positions to use (from the
 *    conversation's `nextSeq` counter).
 * 2. Settling: the pending part is applied idempotently (transcript entries inserted at their
 *    positions, the inbound message marked processed, the summary saved, forget applied, the
 *    turn's notifications added to the outbox under their own ids), then `pending` is removed
 *    (filtered on the version).
 * Every reader that meets a conversation with a pending turn settles it first, so a crash between
 * the two steps loses nothing and duplicates nothing, on whichever instance reads next.
 *
 * Round trips of a turn: what a turn has read of a conversation is remembered by this instance
 * (`Seen`, below) so that its commit point does not read the same documents again; the
 * conditional write still decides. The reasoning is at `Seen` and in commitPointWith.
 *
 * What people wrote is sealed with the FieldCipher exactly as in the SQLite adapter: conversation
 * snapshots, inbound and transcript bodies, summaries (and the pending turn, which holds replies
 * and a summary). Every document carries `schemaVersion: 1`.
 *
 * An inbound message is known by (channel, address, messageId): the unique index says so (an
 * earlier release had (channel, messageId); start() replaces it, and the documents need no
 * change, they always had the address). A reply is found within its conversation
 * (conversationId, replyTo). A conversation's unsent replies (store.ts) are a field of its
 * document, `unsent`, written by the commit point itself: no write more per turn; marking them
 * sent is one update of that document once the response is out. A document of an earlier release
 * has no `unsent`: nothing of it is sent again.
 *
 * A message set aside (src/conversation/quarantine.ts) is counted on its inbound document
 * (`attempts`, one findOneAndUpdate per failed attempt: only when a turn fails) and marked there
 * (`quarantine`) by the settling of the turn that sets it aside, which carries the mark in its
 * pending part; a conversation set aside as a whole has `quarantine` on its document. An ordinary
 * turn writes neither: its commands are the same as before.
 */
import { MongoClient, MongoServerError, ObjectId, ReadConcern, type Collection, type Db, type MongoClientOptions } from 'mongodb';
import type { Channel, IntakeStatus } from '../../dialogs/context';
import type { Summary } from '../summary/contract';
import { listingFields } from '../summary/listing';
import type { FieldCipher } from './cipher';
import { NEW_HANDLING, type Handling, type Hold, type NewOutboxItem } from './handoff-store';
import { outboxDoc, type OutboxDoc } from './mongo-outbox';
import { isTransient, retryingTransient } from './mongo-transient';
import { purgedRecord } from './purged';
import type {
  ConversationKey,
  ConversationQuarantine,
  ConversationRecord,
  InboundMessage,
  JobRun,
  Lifetime,
  OutboundEntry,
  PurgedIntake,
  QuarantineCount,
  SetAside,
  Store,
  StoredInbound,
  TranscriptEntry,
  TurnCommit,
  UnsentRef,
  UnsentReplies,
} from './store';

export const SCHEMA_VERSION = 1;
/**
 * How long a health ping may take before the database counts as unreachable (src/spool asks it):
 * a webhook cannot wait for the driver's own 30 s, Twilio gives up after 15.
 */
export const PING_TIMEOUT_MS = 2_000;
/** The database when the connection string names none. */
export const DEFAULT_DB_NAME = 'intake';
const DUPLICATE_KEY = 11000;

/** The rest of a committed turn, kept in the conversation document until it is settled. */
export interface PendingTurn {
  /** The conversation version this turn committed. */
  version: number;
  inboundId: string | null;
  /** The transcript position of the first entry (the inbound message, else the first reply). */
  firstSeq: number;
  /** How many positions the turn takes (the inbound message, if any, and the replies). */
  count: number;
  forget: boolean;
  /** The summary's intake, readable so that getIntake can find a turn not yet settled. */
  intakeId: string | null;
  /**
   * How many notifications the turn carries (in the body), readable so that the outbox worker
   * finds those of a turn nobody has settled yet (mongo-handoff.ts).
   */
  outbox?: number;
  /** The turn's message is set aside (TurnCommit.quarantine): settling marks it so. */
  quarantine?: SetAside;
  /** Sealed PendingBody. */
  body: string;
}

export interface PendingBody {
  replies: OutboundEntry[];
  summary: Summary | null;
  /** The turn's notifications (TurnCommit.outbox). */
  outbox?: NewOutboxItem[];
}

export interface ConversationDoc {
  _id: string;
  schemaVersion: number;
  channel: Channel;
  address: string;
  /** Sealed PersistedIntake. */
  snapshot: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  remindAt: string | null;
  abandonAt: string | null;
  /** Readable: the intake's status and id (ConversationRecord); absent on a document of before. */
  status?: IntakeStatus | null;
  intakeId?: string | null;
  /** The transcript position the next entry takes. */
  nextSeq: number;
  pending?: PendingTurn | null;
  /** The replies to the last message that are not known to have left (absent in documents of an earlier release). */
  unsent?: UnsentReplies | null;
  /** Set aside as a whole (ConversationRecord.quarantine); absent on every other. */
  quarantine?: ConversationQuarantine | null;
}

export interface InboundDoc {
  _id: ObjectId;
  schemaVersion: number;
  channel: Channel;
  messageId: string;
  address: string;
  at: string;
  /** Sealed InboundBody. */
  body: string;
  processed: boolean;
  /** Failed attempts at its turn; absent: none. */
  attempts?: number;
  /** Set aside; absent on every other message. */
  quarantine?: SetAside;
}

interface InboundBody {
  text: string;
  media: string[];
  payload: Record<string, unknown> | null;
}

export interface TranscriptDoc {
  /** `${conversationId}:${seq}`: settling the same turn twice writes the same documents. */
  _id: string;
  schemaVersion: number;
  conversationId: string;
  seq: number;
  direction: 'in' | 'out';
  channel: Channel;
  messageId: string;
  replyTo: string | null;
  at: string;
  /** Sealed: language, text, media, rendered, payload. */
  body: string;
}

type EntryBody = Pick<TranscriptEntry, 'language' | 'text' | 'media' | 'rendered' | 'payload'>;

export interface IntakeDoc {
  _id: string;
  schemaVersion: number;
  conversationId: string;
  status: string;
  updatedAt: string;
  /** The conversation version that wrote the summary: an older one never overwrites a newer. */
  conversationVersion: number;
  /** Sealed Summary; removed when the intake is purged. */
  summary?: string;
  /** Sealed PurgedIntake, once purged. */
  purged?: string;
  purgedAt?: string;
  /** Set while the purge of this intake's conversation is under way (a crash leaves it for the next run). */
  purging?: { conversationId: string; channel: Channel | null; address: string | null } | null;
  // The listing fields (src/summary/listing.ts), readable; written with every summary.
  reference?: string;
  tier?: string | null;
  tierRank?: number;
  escalated?: boolean;
  queued?: boolean;
  createdAt?: string;
  /** The firm's handling (mongo-handoff.ts writes it; a summary save never does). Absent: new. */
  handling?: Handling;
  /** An attorney holds the conversation (mongo-handoff.ts writes it). Absent or null: nobody. */
  hold?: Hold | null;
}

/** The readable listing fields of an intake document (status and updatedAt are set beside them). */
export function listingDocFields(s: Summary): Required<Pick<IntakeDoc, 'reference' | 'tier' | 'tierRank' | 'escalated' | 'queued' | 'createdAt'>> {
  const f = listingFields(s);
  return { reference: f.reference, tier: f.tier, tierRank: f.tierRank, escalated: f.escalated, queued: f.queued, createdAt: f.createdAt };
}

export interface OptOutDoc {
  _id: string;
  schemaVersion: number;
  optedOut: boolean;
  at: string;
}

export interface JobRunDoc {
  _id: string;
  schemaVersion: number;
  job: string;
  startedAt: string;
  by: string;
  finishedAt: string | null;
  outcome: Record<string, number | string> | null;
}

/** The indexes each collection needs; created at start (createIndexes is idempotent). */
export const INDEXES: Record<string, Array<{ name: string; key: Record<string, 1 | -1>; unique?: boolean }>> = {
  conversations: [
    { name: 'channel_address', key: { channel: 1, address: 1 }, unique: true },
    { name: 'remindAt', key: { remindAt: 1 } },
    { name: 'abandonAt', key: { abandonAt: 1 } },
    // Those still without a status (the scheduler's), and the ended ones past retention.
    { name: 'status_updatedAt', key: { status: 1, updatedAt: 1 } },
    { name: 'pending_intakeId', key: { 'pending.intakeId': 1 } },
    { name: 'pending_outbox', key: { 'pending.outbox': 1 } },
    { name: 'unsent_since', key: { 'unsent.since': 1 } },
    // Those set aside, for /readyz (the field is absent on every other).
    { name: 'quarantine_at', key: { 'quarantine.at': 1 } },
  ],
  inbound: [
    { name: 'channel_address_messageId', key: { channel: 1, address: 1, messageId: 1 }, unique: true },
    // unprocessed(): a conversation's messages not yet processed, oldest first (`_id` last: the
    // sort is the index's order, never a sort in memory).
    { name: 'channel_address_processed_at_id', key: { channel: 1, address: 1, processed: 1, at: 1, _id: 1 } },
    { name: 'quarantine_at', key: { 'quarantine.at': 1 } },
  ],
  transcript: [
    { name: 'conversationId_seq', key: { conversationId: 1, seq: 1 }, unique: true },
    { name: 'conversationId_replyTo', key: { conversationId: 1, replyTo: 1 } },
  ],
  intakes: [
    { name: 'status_updatedAt', key: { status: 1, updatedAt: 1 } },
    { name: 'purging', key: { purging: 1 } },
    // The dashboard's two orders (listIntakes), each ending in `_id` as the sort does: a page is
    // read in the index's order (the second one backwards), never sorted in memory.
    { name: 'tierRank_createdAt_id', key: { tierRank: 1, createdAt: 1, _id: 1 } },
    { name: 'updatedAt_id', key: { updatedAt: 1, _id: 1 } },
  ],
  optOuts: [],
  jobRuns: [{ name: 'job_startedAt', key: { job: 1, startedAt: 1 } }],
};

/**
 * Indexes of an earlier release that start() drops, after it has made their replacements: an
 * inbound message was unique by (channel, messageId), replies were found by (channel, replyTo);
 * the indexes of sorted queries lacked the sort's last key, `_id` (a sort in memory).
 */
export const OBSOLETE_INDEXES: Record<string, string[]> = {
  inbound: ['channel_messageId', 'channel_address_processed'],
  transcript: ['channel_replyTo'],
  intakes: ['tierRank_createdAt', 'updatedAt'],
};

/** Drops the indexes named, where they exist (another instance starting at the same moment may drop one first). */
export async function dropObsoleteIndexes(db: Db, obsolete: Record<string, string[]>): Promise<void> {
  for (const [collection, names] of Object.entries(obsolete)) {
    const c = db.collection(collection);
    const listed = async () => (await c.indexes().catch(() => [])).map((i) => i.name);
    for (const name of names) {
      if (!(await listed()).includes(name)) continue;
      await c.dropIndex(name).catch(async (err) => {
        if ((await listed()).includes(name)) throw err;
      });
    }
  }
}

export interface MongoStoreOptions {
  /** The database; default: the one the connection string names, else "intake". */
  dbName?: string;
  /** More driver options (tests: timeouts). */
  client?: MongoClientOptions;
}

export function isDuplicateKey(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { code?: number; writeErrors?: Array<{ code?: number }> | { code?: number } };
  if (e.code === DUPLICATE_KEY) return true;
  const writeErrors = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : [];
  return writeErrors.length > 0 && writeErrors.every((w) => w.code === DUPLICATE_KEY);
}

/** Every write error of a bulk write is a duplicate key or transient, and one at least is transient. */
function duplicatesAndTransient(err: unknown): boolean {
  const w = (err as { writeErrors?: unknown }).writeErrors;
  const list = (Array.isArray(w) ? w : w ? [w] : []) as Array<{ code?: number; errmsg?: string }>;
  const transient = (e: { code?: number; errmsg?: string }) => isTransient(Object.assign(new Error(e.errmsg ?? ''), { code: e.code }));
  return list.length > 0 && list.every((e) => e.code === DUPLICATE_KEY || transient(e)) && list.some(transient);
}

/**
 * Runs a write whose target may already exist from an earlier (or concurrent) run of the same
 * step. Such a write is idempotent, so a transient error of the engine (mongo-transient.ts: a
 * concurrent run of the same step deadlocked with it) is met by running it again, a few times.
 */
export async function ignoringDuplicates(write: () => Promise<unknown>): Promise<void> {
  await retryingTransient(async () => {
    try {
      await write();
    } catch (err) {
      if (isDuplicateKey(err)) return;
      // Some of its documents went in, others deadlocked: the next run finds the first ones as duplicates.
      if (duplicatesAndTransient(err)) throw Object.assign(new Error('transient write errors'), { code: 16908292 });
      throw err;
    }
  });
}

/** Adds outbox documents; one whose id is there already stays as it is (their ids are deterministic). */
export async function insertOutboxDocs(db: Db, docs: OutboxDoc[]): Promise<void> {
  if (docs.length === 0) return;
  await ignoringDuplicates(() => db.collection<OutboxDoc>('outbox').insertMany(docs, { ordered: false }));
}

/** The database named in a connection string (mongodb://host/NAME?…), if any. */
export function dbNameOf(uri: string): string | null {
  const m = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(uri);
  const name = m ? decodeURIComponent(m[1]) : '';
  return name === '' ? null : name;
}

/**
 * What this instance saw of a conversation during the turn it is processing, so that the commit
 * point need not read again what unprocessed() and findConversation() just read. It is a hint
 * that only ever spares a read: the commit point's conditional write filters on the same
 * version, nextSeq and `pending: null`, so a stale entry makes that write match nothing (the
 * turn is retried, as on any conflict), never commit something wrong.
 */
interface Seen {
  /** The conversation's id and version; null and null: there was none. */
  id: string | null;
  version: number | null;
  /** Its nextSeq at that version (a version always comes with the same nextSeq). */
  nextSeq: number;
  /**
   * The document unprocessed() read, not yet handed out: the findConversation() that follows it
   * in the same turn returns it instead of reading it again. Handed out once.
   */
  unread?: { doc: ConversationDoc | null };
  /**
   * Inbound messages read as unprocessed AFTER this version was seen with no pending turn, by
   * message id. Every turn up to that version was then settled (a turn commits only on a
   * conversation with none pending, and settling marks its message processed before it clears
   * `pending`), so none of these messages was processed by a turn up to that version; a commit
   * whose conditional write matches that version (so no turn came after it) can process one of
   * them without reading it again. Null: nothing known (only the version is).
   */
  unprocessed: Map<string, InboundDoc> | null;
}

/** How many conversations an instance remembers (each entry is a few ids once its turn is done). */
const SEEN_LIMIT = 1_000;
/** How long a settled turn's `pending` is left for its sent mark to remove (MongoStore.kept). */
const KEPT_MS = 10 * 60_000;

const seenKey = (k: ConversationKey) => `${k.channel}\u0000${k.address}`;

export class MongoStore implements Store {
  private readonly client: MongoClient;
  /**
   * ping() asks on a connection of its own: through the main pool it would wait behind every
   * queued turn, and a database that is only slow would be taken for one that is away.
   */
  private readonly healthClient: MongoClient;
  private readonly dbName: string;
  private db: Db;
  private majorityReads = true;
  private ferretDb = false;

  /** Connects, checks what the server supports and creates the indexes: a store ready to use. */
  static async open(uri: string, cipher: FieldCipher, o: MongoStoreOptions = {}): Promise<MongoStore> {
    const store = new MongoStore(uri, cipher, o);
    try {
      await store.start();
    } catch (err) {
      await store.close().catch(() => undefined);
      throw err;
    }
    return store;
  }

  constructor(
    uri: string,
    private readonly cipher: FieldCipher,
    o: MongoStoreOptions = {},
  ) {
    // A write is acknowledged once a majority of a replica set has it (journaled): a 200 to a
    // webhook means the message survives the loss of the primary.
    this.client = new MongoClient(uri, { appName: 'parole-intake', writeConcern: { w: 'majority' }, ...o.client });
    // One connection, and no longer than the health check waits for any step (finding the
    // server, connecting, the answer), so a hung ping never outlives its check.
    this.healthClient = new MongoClient(uri, {
      ...o.client,
      appName: 'parole-intake-health',
      maxPoolSize: 1,
      serverSelectionTimeoutMS: PING_TIMEOUT_MS,
      connectTimeoutMS: PING_TIMEOUT_MS,
      socketTimeoutMS: PING_TIMEOUT_MS,
    });
    this.dbName = o.dbName ?? dbNameOf(uri) ?? DEFAULT_DB_NAME;
    this.db = this.client.db(this.dbName, { readConcern: new ReadConcern('majority') });
  }

  /** "majority" when the server accepts majority reads (it reads only what cannot be rolled back). */
  get readConcern(): 'majority' | 'default' {
    return this.majorityReads ? 'majority' : 'default';
  }

  /** Connects, settles the read concern and creates the indexes. Idempotent. */
  /** FerretDB 1.x answers the MongoDB wire protocol but does not apply conditional updates atomically. */
  get onFerretDb(): boolean {
    return this.ferretDb;
  }

  async start(): Promise<void> {
    await this.client.connect();
    await this.healthClient.connect();
    const build = await this.client.db('admin').command({ buildInfo: 1 });
    this.ferretDb = 'ferretdbVersion' in build;
    try {
      await this.db.collection('conversations').findOne({}, { projection: { _id: 1 } });
    } catch (err) {
      // A server (or storage engine) without majority reads (ReadConcernMajorityNotEnabled, or
      // a refused read concern): read what the primary has. Anything else is a real failure.
      if (!(err instanceof MongoServerError) || !(err.code === 148 || /read ?concern/i.test(err.message))) throw err;
      this.majorityReads = false;
      this.db = this.client.db(this.dbName);
    }
    // One index per call: FerretDB 1.24 panics on a createIndexes of several indexes that all
    // exist already (FerretDB issue #3858); one at a time is idempotent everywhere.
    for (const [collection, indexes] of Object.entries(INDEXES)) {
      for (const i of indexes) await this.db.collection(collection).createIndex(i.key, { name: i.name, ...(i.unique ? { unique: true } : {}) });
    }
    await dropObsoleteIndexes(this.db, OBSOLETE_INDEXES);
  }

  /** The database, shared with the firm-side stores (mongo-handoff.ts, mongo-accounts.ts). */
  get database(): Db {
    return this.db;
  }

  private get conversations(): Collection<ConversationDoc> {
    return this.db.collection<ConversationDoc>('conversations');
  }
  private get inbound(): Collection<InboundDoc> {
    return this.db.collection<InboundDoc>('inbound');
  }
  private get transcriptEntries(): Collection<TranscriptDoc> {
    return this.db.collection<TranscriptDoc>('transcript');
  }
  private get intakes(): Collection<IntakeDoc> {
    return this.db.collection<IntakeDoc>('intakes');
  }
  private get optOuts(): Collection<OptOutDoc> {
    return this.db.collection<OptOutDoc>('optOuts');
  }
  private get jobs(): Collection<JobRunDoc> {
    return this.db.collection<JobRunDoc>('jobRuns');
  }

  /** See `Seen`; by channel and address, oldest first (a Map keeps insertion order). */
  private readonly seen = new Map<string, Seen>();

  /**
   * Turns this instance settled in full whose `pending` it left in place for the sent mark to
   * remove (settle, markSent), by channel and address: one rewrite of the conversation document
   * fewer per turn whose replies the channel confirms (SMS). Only this instance knows such a
   * `pending` is settled: its own readers skip it, and its next commit point may replace it
   * (commitPointWith); any other reader settles it again, idempotently, and removes it.
   */
  private readonly kept = new Map<string, { id: string; version: number; inboundId: string; at: number }>();

  private keep(key: ConversationKey, entry: { id: string; version: number; inboundId: string } | null): void {
    const k = seenKey(key);
    this.kept.delete(k);
    if (!entry) return;
    this.kept.set(k, { ...entry, at: Date.now() });
    if (this.kept.size > SEEN_LIMIT) this.kept.delete(this.kept.keys().next().value!);
  }

  /** Whether `pending` at `version` of conversation `id` is one this instance settled and kept. */
  private keptHere(key: ConversationKey, id: string, version: number): boolean {
    const k = this.kept.get(seenKey(key));
    // A sent mark that never came (its replies given up on): after a while this instance's
    // readers settle it again like any other reader, and remove it (retention waits for that).
    return k !== undefined && k.id === id && k.version === version && Date.now() - k.at < KEPT_MS;
  }

  private remember(key: ConversationKey, entry: Seen): void {
    const k = seenKey(key);
    this.seen.delete(k);
    this.seen.set(k, entry);
    if (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.keys().next().value!);
  }

  async receive(m: InboundMessage): Promise<'new' | 'duplicate'> {
    const body: InboundBody = { text: m.text, media: m.media, payload: m.payload ?? null };
    const doc: InboundDoc = {
      _id: new ObjectId(),
      schemaVersion: SCHEMA_VERSION,
      channel: m.channel,
      messageId: m.id,
      address: m.address,
      at: m.at,
      body: this.cipher.sealJson(body),
      processed: false,
    };
    const insert = async (): Promise<'new' | 'duplicate' | 'transient'> => {
      try {
        await this.inbound.insertOne(doc);
        return 'new';
      } catch (err) {
        if (isDuplicateKey(err)) return 'duplicate';
        if (isTransient(err)) return 'transient';
        throw err;
      }
    };
    const first = await insert();
    if (first !== 'transient') return first;
    // The insert lost a race for this unique key that the engine answered with a transient error
    // (DocumentDB: "deadlock detected") instead of a duplicate key: the same message, delivered
    // twice at once. Read again: there, it is the other delivery's; not there, the insert is
    // tried again (the error says it did not happen).
    if (await this.inbound.findOne({ channel: m.channel, address: m.address, messageId: m.id }, { projection: { _id: 1 } })) return 'duplicate';
    const again = await retryingTransient(async () => {
      const r = await insert();
      if (r === 'transient') throw Object.assign(new Error('transient insert of an inbound message'), { code: 16908292 });
      return r;
    });
    return again;
  }

  async isProcessed(key: ConversationKey, messageId: string): Promise<boolean> {
    const filter = { channel: key.channel, address: key.address, messageId };
    const doc = await this.inbound.findOne(filter, { projection: { processed: 1 } });
    if (!doc) return false;
    if (doc.processed) return true;
    // Its turn may be committed and not yet settled.
    await this.settleWhere({ channel: key.channel, address: key.address });
    const again = await this.inbound.findOne(filter, { projection: { processed: 1 } });
    return again?.processed === true;
  }

  async inboundMessage(key: ConversationKey, messageId: string): Promise<StoredInbound | null> {
    const doc = await this.inbound.findOne({ channel: key.channel, address: key.address, messageId });
    return doc ? { ...this.toInbound(doc), attempts: doc.attempts ?? 0, quarantine: doc.quarantine ?? null } : null;
  }

  async failedAttempt(key: ConversationKey, messageId: string): Promise<number> {
    const doc = await this.inbound.findOneAndUpdate(
      { channel: key.channel, address: key.address, messageId },
      { $inc: { attempts: 1 } },
      { returnDocument: 'after' },
    );
    return doc?.attempts ?? 0;
  }

  async quarantined(): Promise<QuarantineCount> {
    // `quarantine.at` is a string only where something was set aside (absent elsewhere): the index's string range.
    const filter = { 'quarantine.at': { $type: 'string' as const } };
    const latest = async (name: 'inbound' | 'conversations') =>
      (
        await this.db
          .collection<{ quarantine?: SetAside }>(name)
          .find(filter, { projection: { quarantine: 1 } })
          .sort({ 'quarantine.at': -1 })
          .limit(1)
          .toArray()
      )[0]?.quarantine?.at ?? null;
    const [messages, conversations, m, c] = await Promise.all([
      this.inbound.countDocuments(filter),
      this.conversations.countDocuments(filter),
      latest('inbound'),
      latest('conversations'),
    ]);
    const times = [m, c].filter((t): t is string => t !== null).sort();
    return { messages, conversations, latest: times.at(-1) ?? null };
  }

  private toInbound(d: InboundDoc): InboundMessage {
    const body = this.cipher.openJson<InboundBody>(d.body);
    return {
      channel: d.channel,
      address: d.address,
      id: d.messageId,
      at: d.at,
      text: body.text,
      media: body.media,
      ...(body.payload ? { payload: body.payload } : {}),
    };
  }

  async unprocessed(key: ConversationKey): Promise<InboundMessage[]> {
    // The whole conversation is read (not only whether a turn is pending): the findConversation
    // that follows in the same turn returns this read, and the commit point trusts what it saw.
    const conversation = await this.conversations.findOne({ channel: key.channel, address: key.address });
    if (conversation?.pending) await this.settle(conversation);
    // Read AFTER the conversation was seen with no pending turn: what is unprocessed here was
    // processed by no turn up to that version (see Seen.unprocessed).
    const docs = await this.inbound.find({ channel: key.channel, address: key.address, processed: false }).sort({ at: 1, _id: 1 }).toArray();
    this.remember(key, {
      id: conversation?._id ?? null,
      version: conversation?.version ?? null,
      nextSeq: conversation?.nextSeq ?? 1,
      unread: { doc: conversation },
      unprocessed: new Map(docs.map((d) => [d.messageId, d])),
    });
    return docs.map((d) => this.toInbound(d));
  }

  async conversationKey(conversationId: string): Promise<ConversationKey | null> {
    const doc = await this.conversations.findOne({ _id: conversationId }, { projection: { channel: 1, address: 1 } });
    return doc ? { channel: doc.channel, address: doc.address } : null;
  }

  async findConversation(key: ConversationKey): Promise<ConversationRecord | null> {
    const known = this.seen.get(seenKey(key));
    if (known?.unread) {
      // Read (and settled) by the unprocessed() of this same turn, a moment ago: as good as a new
      // read, since the commit point's conditional write refuses a turn on a version that moved.
      const { doc } = known.unread;
      delete known.unread;
      return doc ? this.toRecord(doc) : null;
    }
    const doc = await this.conversations.findOne({ channel: key.channel, address: key.address });
    if (doc?.pending) await this.settle(doc);
    const id = doc?._id ?? null;
    const version = doc?.version ?? null;
    // What was known of unprocessed messages stays true of the version it was seen at (only).
    const same = known && known.id === id && known.version === version;
    this.remember(key, { id, version, nextSeq: doc?.nextSeq ?? 1, unprocessed: same ? known.unprocessed : null });
    return doc ? this.toRecord(doc) : null;
  }

  async commitTurn(turn: TurnCommit): Promise<boolean> {
    const committed = await this.commitPointWith(turn);
    if (!committed) return false;
    // The inbound message the commit point had (read there, or by unprocessed()) is the one
    // settle needs: no second read (each round trip is a fixed share of a turn on MongoDB).
    // A turn whose replies the channel confirms (turn.unsentSince) is followed by its sent mark,
    // one update of the conversation document: removing `pending` waits for it (markSent). A turn
    // with notifications, a forget or a message set aside removes it at once, as before: those
    // pending parts are looked for by other readers (the outbox worker) until then.
    const keep = turn.inboundId !== null && !!turn.unsentSince && !turn.outbox?.length && !turn.forget && !turn.quarantine;
    await this.settle(committed.doc, committed.inbound, { keep });
    // Settled: the version this turn made has no pending turn, and the only message processed
    // since `unprocessed` was read is this turn's own, so the rest of it stays true (a message
    // of the recovery loop commits on this version without a read). After a forget the
    // remembered bodies are out of date: nothing is kept of them.
    const { doc, unprocessed } = committed;
    const rest = unprocessed && !turn.forget ? new Map([...unprocessed].filter(([id]) => id !== turn.inboundId)) : null;
    this.remember(doc, { id: doc._id, version: doc.version, nextSeq: doc.nextSeq, unprocessed: rest?.size ? rest : null });
    return true;
  }

  /**
   * Step 1 of a turn alone: the one conditional write of the conversation document. Exposed so
   * that tests can stop there, as a crash right after it would. Null on a conflict.
   */
  async commitPoint(turn: TurnCommit): Promise<ConversationDoc | null> {
    return (await this.commitPointWith(turn))?.doc ?? null;
  }

  private async commitPointWith(
    turn: TurnCommit,
  ): Promise<{ doc: ConversationDoc; inbound: InboundDoc | null; unprocessed: Map<string, InboundDoc> | null } | null> {
    const c = turn.conversation;
    // Taken out: commitTurn puts back what it committed; a conflict leaves nothing remembered.
    const seen = this.seen.get(seenKey(c));
    this.seen.delete(seenKey(c));
    // What this turn read is the version it is based on (the conversation, or none yet).
    const known = seen && seen.version === turn.expectedVersion && seen.id === (turn.expectedVersion === null ? null : c.id) ? seen : null;
    let firstSeq = 1;
    if (turn.expectedVersion !== null) {
      if (known) {
        // Seen at this version with no pending turn, so with this nextSeq: no read. Had it moved
        // since (another instance's turn, pending or settled), the update below, filtered on
        // version, nextSeq and `pending: null`, matches nothing and the turn is retried.
        firstSeq = known.nextSeq;
      } else {
        const current = await this.conversations.findOne({ _id: c.id });
        if (!current || current.version !== turn.expectedVersion) return null;
        // A turn committed before this one and not yet settled: settle it first (it may be this
        // very message's).
        if (current.pending) await this.settle(current);
        firstSeq = current.nextSeq;
      }
    }
    let inbound: InboundDoc | null = null;
    if (turn.inboundId !== null) {
      // Read as unprocessed after this very version was seen settled: no turn up to it processed
      // the message, and the conditional write below commits only if no turn came after it (for
      // a new conversation: only if none was created meanwhile). So whoever else took this
      // message (a duplicate webhook on another instance, or its recovery loop) has made the
      // version move, and this write matches nothing: no read is needed to void the turn.
      inbound = known?.unprocessed?.get(turn.inboundId) ?? null;
      if (!inbound) {
        inbound = await this.inbound.findOne({ channel: c.channel, address: c.address, messageId: turn.inboundId });
        // Processed elsewhere meanwhile (or never received): this turn is void.
        if (!inbound || inbound.processed) return null;
      }
    }
    const pending: PendingTurn = {
      version: c.version,
      inboundId: turn.inboundId,
      firstSeq,
      count: (turn.inboundId !== null ? 1 : 0) + turn.replies.length,
      forget: turn.forget === true,
      intakeId: turn.summary?.intakeId ?? null,
      ...(turn.outbox?.length ? { outbox: turn.outbox.length } : {}),
      ...(turn.quarantine ? { quarantine: turn.quarantine } : {}),
      body: this.cipher.sealJson({
        replies: turn.replies,
        summary: turn.summary,
        ...(turn.outbox?.length ? { outbox: turn.outbox } : {}),
      } satisfies PendingBody),
    };
    // Written by this same conditional write: the message's replies are the conversation's unsent
    // ones until they leave (or it has none). A turn without a message leaves them as they are.
    const unsent: UnsentReplies | null =
      turn.inboundId !== null && turn.unsentSince ? { inboundId: turn.inboundId, since: turn.unsentSince, claimedUntil: null } : null;
    const doc: ConversationDoc = {
      _id: c.id,
      schemaVersion: SCHEMA_VERSION,
      channel: c.channel,
      address: c.address,
      snapshot: this.cipher.sealJson(c.snapshot),
      version: c.version,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      remindAt: c.remindAt,
      abandonAt: c.abandonAt,
      status: c.status ?? null,
      intakeId: c.intakeId ?? null,
      nextSeq: firstSeq + pending.count,
      pending,
      unsent,
      ...(c.quarantine ? { quarantine: c.quarantine } : {}),
    };
    if (turn.expectedVersion === null) {
      try {
        await this.conversations.insertOne(doc);
        return { doc, inbound, unprocessed: known?.unprocessed ?? null };
      } catch (err) {
        // The conversation was created meanwhile (same id, or same channel and address), or the
        // engine answered that race with a transient error (the insert did not happen): a lost
        // race either way, and the turn is tried again on what it then reads.
        if (isDuplicateKey(err) || isTransient(err)) return null;
        throw err;
      }
    }
    // Another instance's turn (a new version, or a pending turn, which always comes with one)
    // makes this match nothing; a transient error (a concurrent write deadlocked with this one,
    // which did not happen) is a lost race as well.
    const r = await this.conversations
      .updateOne(
        {
          _id: c.id,
          version: turn.expectedVersion,
          nextSeq: firstSeq,
          // The pending turn of this very version, settled by this instance and kept for its sent
          // mark (`kept`), is replaced; any other pending turn makes this match nothing.
          ...(this.keptHere(c, c.id, turn.expectedVersion) ? { $or: [{ pending: null }, { 'pending.version': turn.expectedVersion }] } : { pending: null }),
        },
        {
          $set: {
            schemaVersion: SCHEMA_VERSION,
            snapshot: doc.snapshot,
            version: doc.version,
            updatedAt: doc.updatedAt,
            remindAt: doc.remindAt,
            abandonAt: doc.abandonAt,
            status: doc.status,
            intakeId: doc.intakeId,
            nextSeq: doc.nextSeq,
            pending,
            ...(turn.inboundId !== null ? { unsent } : {}),
            ...(c.quarantine ? { quarantine: c.quarantine } : {}),
          },
        },
      )
      .catch((err: unknown) => {
        // Had it happened after all (a retryable write whose outcome is unknown), the turn's caller
        // finds its message processed when it reads again, and replays it.
        if (isTransient(err)) return null;
        throw err;
      });
    return r?.matchedCount === 1 ? { doc, inbound, unprocessed: known?.unprocessed ?? null } : null;
  }

  /** Settles the pending turn of the conversation matching `filter`, if any. True if there was one. */
  private async settleWhere(filter: { channel: Channel; address: string } | { _id: string }): Promise<boolean> {
    const doc = await this.conversations.findOne({ ...filter, pending: { $ne: null } });
    if (!doc?.pending) return false;
    await this.settle(doc);
    return true;
  }

  /**
   * Step 2: applies the pending turn of a conversation. Idempotent, and safe to run on several
   * instances at once: every write lands on the same documents with the same content.
   */
  private async settle(
    doc: Pick<ConversationDoc, '_id' | 'channel' | 'address' | 'pending'>,
    known: InboundDoc | null = null,
    o: { keep?: boolean } = {},
  ): Promise<void> {
    const p = doc.pending;
    if (!p) return;
    if (this.keptHere(doc, doc._id, p.version)) {
      // Settled in full by this instance, kept for its sent mark: nothing to write.
      doc.pending = null;
      return;
    }
    const { replies, summary, outbox } = this.cipher.openJson<PendingBody>(p.body);
    const entries: TranscriptDoc[] = [];
    let seq = p.firstSeq;
    const entry = (e: Omit<TranscriptEntry, 'seq' | 'conversationId' | 'channel'>): TranscriptDoc => {
      const { direction, messageId, replyTo, at, ...body } = e;
      const s = seq++;
      return {
        _id: `${doc._id}:${s}`,
        schemaVersion: SCHEMA_VERSION,
        conversationId: doc._id,
        seq: s,
        direction,
        channel: doc.channel,
        messageId,
        replyTo,
        at,
        body: this.cipher.sealJson(body),
      };
    };
    if (p.inboundId !== null) {
      const inbound =
        known && known.channel === doc.channel && known.address === doc.address && known.messageId === p.inboundId
          ? known
          : await this.inbound.findOne({ channel: doc.channel, address: doc.address, messageId: p.inboundId });
      if (inbound) {
        const body = this.cipher.openJson<InboundBody>(inbound.body);
        entries.push(
          entry({
            direction: 'in',
            messageId: p.inboundId,
            replyTo: null,
            at: inbound.at,
            language: null,
            text: body.text,
            media: body.media,
            ...(body.payload ? { payload: body.payload } : {}),
          }),
        );
      } else {
        seq++;
      }
    }
    for (const reply of replies) entries.push(entry({ direction: 'out', ...reply }));
    // Entries already written by an earlier (or concurrent) settle of this turn stay as they are.
    if (entries.length > 0) await ignoringDuplicates(() => this.transcriptEntries.insertMany(entries, { ordered: false }));
    if (p.inboundId !== null) {
      const mark = p.quarantine ? { processed: true, quarantine: p.quarantine } : { processed: true };
      const messageId = p.inboundId;
      await retryingTransient(() => this.inbound.updateOne({ channel: doc.channel, address: doc.address, messageId }, { $set: mark }));
    }
    if (summary) await this.saveSummary(doc._id, summary, p.version);
    if (outbox?.length)
      await insertOutboxDocs(
        this.db,
        outbox.map((i) => outboxDoc(i, this.cipher)),
      );
    if (p.forget) await this.forget(doc, p.firstSeq + p.count);
    if (o.keep && p.inboundId !== null) this.keep(doc, { id: doc._id, version: p.version, inboundId: p.inboundId });
    else {
      this.keep(doc, null);
      await retryingTransient(() => this.conversations.updateOne({ _id: doc._id, version: p.version }, { $unset: { pending: '' } }));
    }
    doc.pending = null;
  }

  /** What the user wrote in this conversation, up to position `beforeSeq`, is forgotten. */
  private async forget(doc: Pick<ConversationDoc, '_id' | 'channel' | 'address'>, beforeSeq: number) {
    await this.transcriptEntries.updateMany(
      { conversationId: doc._id, direction: 'in', seq: { $lt: beforeSeq } },
      { $set: { body: this.cipher.sealJson({ language: null, text: '', media: [] }) } },
    );
    await this.inbound.updateMany(
      { channel: doc.channel, address: doc.address },
      { $set: { body: this.cipher.sealJson({ text: '', media: [], payload: null } satisfies InboundBody) } },
    );
  }

  private async saveSummary(conversationId: string, s: Summary, conversationVersion: number) {
    // Written by a newer turn already (a late settle of an older one): the upsert then tries to
    // insert a second document with this _id, which fails on the duplicate key, and is ignored.
    await ignoringDuplicates(() =>
      this.intakes.updateOne(
        { _id: s.intakeId, conversationVersion: { $lte: conversationVersion }, purged: { $exists: false } },
        {
          $set: {
            schemaVersion: SCHEMA_VERSION,
            conversationId,
            status: s.status,
            updatedAt: s.updatedAt,
            conversationVersion,
            summary: this.cipher.sealJson(s),
            ...listingDocFields(s),
          },
          // The handling is the firm's: set once, never by a later summary.
          $setOnInsert: { handling: NEW_HANDLING },
        },
        { upsert: true },
      ),
    );
  }

  async repliesTo(key: ConversationKey, inboundId: string): Promise<TranscriptEntry[]> {
    // The conversation, for its id; its turn may be pending (committed, not settled): settled first.
    const conversation = await this.conversations.findOne({ channel: key.channel, address: key.address });
    if (!conversation) return [];
    if (conversation.pending) await this.settle(conversation);
    const docs = await this.transcriptEntries.find({ conversationId: conversation._id, replyTo: inboundId, direction: 'out' }).sort({ seq: 1 }).toArray();
    return docs.map((d) => this.toEntry(d));
  }

  async markSent(key: ConversationKey, inboundId: string): Promise<void> {
    const k = this.kept.get(seenKey(key));
    if (k && k.inboundId === inboundId) {
      this.keep(key, null);
      // The replies sent and the turn's `pending` (settled here, kept for this) removed, in one
      // update; it matches nothing if a later turn replaced it, or another reader removed it.
      const r = await retryingTransient(() =>
        this.conversations.updateOne(
          { _id: k.id, version: k.version, 'pending.version': k.version, 'unsent.inboundId': inboundId },
          { $set: { unsent: null }, $unset: { pending: '' } },
        ),
      );
      if (r.matchedCount === 1) return;
    }
    await retryingTransient(() =>
      this.conversations.updateOne({ channel: key.channel, address: key.address, 'unsent.inboundId': inboundId }, { $set: { unsent: null } }),
    );
  }

  async unsentReplies(o: { before: string; notBefore: string; now: string; channels: readonly Channel[]; limit: number }): Promise<UnsentRef[]> {
    if (o.channels.length === 0) return [];
    const docs = await this.conversations
      .find(
        {
          'unsent.since': { $lt: o.before, $gte: o.notBefore },
          channel: { $in: [...o.channels] },
          $or: [{ 'unsent.claimedUntil': null }, { 'unsent.claimedUntil': { $lte: o.now } }],
        },
        { projection: { channel: 1, address: 1, unsent: 1 } },
      )
      .sort({ 'unsent.since': 1 })
      .limit(o.limit)
      .toArray();
    return docs.flatMap((d) => (d.unsent ? [{ conversationId: d._id, channel: d.channel, address: d.address, ...d.unsent }] : []));
  }

  async claimUnsent(key: ConversationKey, inboundId: string, now: string, until: string): Promise<boolean> {
    const r = await this.conversations.updateOne(
      {
        channel: key.channel,
        address: key.address,
        'unsent.inboundId': inboundId,
        $or: [{ 'unsent.claimedUntil': null }, { 'unsent.claimedUntil': { $lte: now } }],
      },
      { $set: { 'unsent.claimedUntil': until } },
    );
    return r.modifiedCount === 1;
  }

  async releaseUnsent(key: ConversationKey, inboundId: string, until: string): Promise<void> {
    await this.conversations.updateOne(
      { channel: key.channel, address: key.address, 'unsent.inboundId': inboundId, 'unsent.claimedUntil': until },
      { $set: { 'unsent.claimedUntil': null } },
    );
  }

  async transcript(conversationId: string, after = 0): Promise<TranscriptEntry[]> {
    await this.settleWhere({ _id: conversationId });
    const docs = await this.transcriptEntries
      .find({ conversationId, seq: { $gt: after } })
      .sort({ seq: 1 })
      .toArray();
    return docs.map((d) => this.toEntry(d));
  }

  async dueForInactivity(now: string): Promise<ConversationRecord[]> {
    // Each branch of the $or on its own index; the due ones are all read (no page), so they are
    // put in order here rather than by a sort in the database's memory.
    const docs = (await this.conversations.find({ $or: [{ remindAt: { $lte: now } }, { abandonAt: { $lte: now } }], quarantine: null }).toArray()).sort(
      (a, b) => (a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : 0),
    );
    for (const d of docs) if (d.pending) await this.settle(d);
    return docs.map((d) => this.toRecord(d));
  }

  async withoutLifetime(limit: number): Promise<ConversationRecord[]> {
    // `status: null` matches a document without the field: one of before.
    const docs = await this.conversations.find({ status: null, quarantine: null }).sort({ updatedAt: 1 }).limit(limit).toArray();
    for (const d of docs) if (d.pending) await this.settle(d);
    return docs.map((d) => this.toRecord(d));
  }

  async setLifetime(id: string, version: number, l: Lifetime): Promise<boolean> {
    const r = await this.conversations.updateOne(
      { _id: id, version },
      { $set: { status: l.status, intakeId: l.intakeId, remindAt: l.remindAt, abandonAt: l.abandonAt } },
    );
    return r.matchedCount === 1;
  }

  async setOptOut(address: string, optedOut: boolean, at: string): Promise<void> {
    await this.optOuts.updateOne({ _id: address }, { $set: { schemaVersion: SCHEMA_VERSION, optedOut, at } }, { upsert: true });
  }

  async isOptedOut(address: string): Promise<boolean> {
    const doc = await this.optOuts.findOne({ _id: address });
    return doc?.optedOut === true;
  }

  async getIntake(intakeId: string): Promise<Summary | null> {
    // Its latest summary may be in a turn not yet settled.
    const pending = await this.conversations.findOne({ 'pending.intakeId': intakeId });
    if (pending?.pending) await this.settle(pending);
    const doc = await this.intakes.findOne({ _id: intakeId });
    return doc?.summary ? this.cipher.openJson<Summary>(doc.summary) : null;
  }

  async purgeIntakes(o: { statuses: Summary['status'][]; updatedBefore: string; now: string }): Promise<number> {
    let purged = 0;
    const due = await this.intakes.find({ status: { $in: o.statuses }, updatedAt: { $lt: o.updatedBefore }, purged: { $exists: false } }).toArray();
    for (const doc of due) {
      if (!doc.summary) continue;
      const summary = this.cipher.openJson<Summary>(doc.summary);
      const conversation = await this.conversations.findOne({ _id: doc.conversationId }, { projection: { channel: 1, address: 1 } });
      // One write marks the intake purged (the summary gone, the minimal record kept), on the
      // condition that it was not updated meanwhile; the deletions follow.
      const r = await this.intakes.updateOne(
        { _id: doc._id, updatedAt: doc.updatedAt, status: doc.status, purged: { $exists: false } },
        {
          $set: {
            schemaVersion: SCHEMA_VERSION,
            purged: this.cipher.sealJson(purgedRecord(summary, o.now)),
            purgedAt: o.now,
            purging: { conversationId: doc.conversationId, channel: conversation?.channel ?? null, address: conversation?.address ?? null },
          },
          // The listing fields and the handling go with the summary (as the SQLite row does).
          $unset: { summary: '', reference: '', tier: '', tierRank: '', escalated: '', queued: '', createdAt: '', handling: '' },
        },
      );
      if (r.modifiedCount !== 1) continue;
      purged++;
    }
    // Also what a run that stopped midway left to delete.
    for (const doc of await this.intakes.find({ purging: { $ne: null } }).toArray()) {
      const p = doc.purging!;
      if (p.channel !== null && p.address !== null) await this.inbound.deleteMany({ channel: p.channel, address: p.address });
      await this.transcriptEntries.deleteMany({ conversationId: p.conversationId });
      await this.conversations.deleteOne({ _id: p.conversationId });
      // Notifications may carry what the family wrote: they go with the intake.
      await this.db.collection<OutboxDoc>('outbox').deleteMany({ intakeId: doc._id });
      await this.intakes.updateOne({ _id: doc._id }, { $unset: { purging: '' } });
    }
    return purged;
  }

  async purgeConversations(o: { statuses: IntakeStatus[]; updatedBefore: string }): Promise<number> {
    let purged = 0;
    // A turn not yet settled may hold the intake's first summary: such a conversation waits for
    // the reader that settles it, and the next run.
    const due = await this.conversations
      .find({ status: { $in: o.statuses }, updatedAt: { $lt: o.updatedBefore }, pending: null }, { projection: { snapshot: 0 } })
      .toArray();
    for (const c of due) {
      if (c.intakeId && (await this.intakes.findOne({ _id: c.intakeId }, { projection: { _id: 1 } }))) continue;
      // Up to its last turn only, and the conversation itself last, conditional on its version:
      // a run that stops midway leaves it to be found again, and if the family comes back while
      // it runs, their new message (not processed, later than the last turn) and the entries of
      // its turn (from position nextSeq) stay, and the conversation goes on.
      await this.inbound.deleteMany({ channel: c.channel, address: c.address, $or: [{ processed: true }, { at: { $lte: c.updatedAt } }] });
      await this.transcriptEntries.deleteMany({ conversationId: c._id, seq: { $lt: c.nextSeq } });
      // An escalation before consent puts notifications in the outbox: they go with it.
      if (c.intakeId) await this.db.collection<OutboxDoc>('outbox').deleteMany({ intakeId: c.intakeId });
      const r = await this.conversations.deleteOne({ _id: c._id, version: c.version, pending: null });
      if (r.deletedCount === 1) purged++;
    }
    return purged;
  }

  async getPurged(intakeId: string): Promise<PurgedIntake | null> {
    const doc = await this.intakes.findOne({ _id: intakeId });
    return doc?.purged ? this.cipher.openJson<PurgedIntake>(doc.purged) : null;
  }

  async claimJob(runKey: string, job: string, now: string, by: string): Promise<boolean> {
    try {
      // A transient error: the insert did not happen; tried again (a concurrent claim then wins on the key).
      await retryingTransient(() =>
        this.jobs.insertOne({ _id: runKey, schemaVersion: SCHEMA_VERSION, job, startedAt: now, by, finishedAt: null, outcome: null }),
      );
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async finishJob(runKey: string, now: string, outcome: Record<string, number | string>): Promise<void> {
    await this.jobs.updateOne({ _id: runKey }, { $set: { finishedAt: now, outcome } });
  }

  async jobRuns(job: string): Promise<JobRun[]> {
    const docs = await this.jobs.find({ job }).sort({ startedAt: 1 }).toArray();
    return docs.map((d) => ({ runKey: d._id, job: d.job, startedAt: d.startedAt, by: d.by, finishedAt: d.finishedAt ?? null, outcome: d.outcome ?? null }));
  }

  /** Whether the server answers, on the health connection (never queued behind the turns). */
  async ping(): Promise<boolean> {
    const r = await this.healthClient.db(this.dbName).command({ ping: 1 });
    return r.ok === 1;
  }

  async close(): Promise<void> {
    await Promise.all([this.client.close(), this.healthClient.close()]);
  }

  private toRecord(d: ConversationDoc): ConversationRecord {
    return {
      id: d._id,
      channel: d.channel,
      address: d.address,
      snapshot: this.cipher.openJson(d.snapshot),
      version: d.version,
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
      remindAt: d.remindAt ?? null,
      abandonAt: d.abandonAt ?? null,
      status: d.status ?? null,
      intakeId: d.intakeId ?? null,
      unsent: d.unsent ?? null,
      quarantine: d.quarantine ?? null,
    };
  }

  private toEntry(d: TranscriptDoc): TranscriptEntry {
    const body = this.cipher.openJson<EntryBody>(d.body);
    return {
      ...body,
      conversationId: d.conversationId,
      seq: d.seq,
      direction: d.direction,
      channel: d.channel,
      messageId: d.messageId,
      replyTo: d.replyTo ?? null,
      at: d.at,
    };
  }
}
