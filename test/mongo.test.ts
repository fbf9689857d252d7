/**
 * The MongoDB store against a real MongoDB-wire server (FerretDB built from tools/ferretdb, or the
 * MongoDB of MONGODB_URI; see test/support/mongo-server.ts): the store contract, and what only a
 * store shared by several instances must show: indexes made at start, sealed documents, a crash
 * between the commit point and the rest, two instances racing, the whole app on it.
 */
import { randomBytes } from 'node:crypto';
import type { CommandStartedEvent, CommandSucceededEvent, Document } from 'mongodb';
import { FieldCipher } from '../src/store/cipher';
import { INDEXES, MongoStore, SCHEMA_VERSION } from '../src/store/mongo';
import type { ConversationKey, ConversationRecord, InboundMessage, Store, TurnCommit } from '../src/store/store';
import type { Summary } from '../src/summary/contract';
import { converse } from './support/converse';
import { scratchDatabases } from './support/mongo-server';
import { sms, twimlTexts } from './support/processes';
import { startTestServer } from './support/server';
import { storeContract } from './support/store-contract';
import { indexCoverageTests, QueryRecorder } from './support/query-indexes';
import { REFERENCE, referenceOnTheClock } from './scripts.reference';

const KEY = randomBytes(32);
const cipher = new FieldCipher([{ id: 'k1', key: KEY }]);

/** Every database this file makes is dropped at the end (a shared MONGODB_URI stays clean). */
const databases = scratchDatabases('mongo');
const freshUri = databases.fresh;
const rawDb = databases.db;

/** Every document of every collection of a database, read with the plain driver. */
async function dump(uri: string): Promise<Record<string, Document[]>> {
  const db = rawDb(uri);
  const out: Record<string, Document[]> = {};
  for (const c of await db.listCollections().toArray()) out[c.name] = await db.collection(c.name).find().toArray();
  return out;
}

/** The queries this file's stores send once open (test/support/query-indexes.ts checks them at the end). */
const recorder = new QueryRecorder();
const monitored = (uri: string) => `${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true`;
const recorded = async (s: Promise<MongoStore>) => {
  const store = await s;
  recorder.watch(store.database.client);
  return store;
};

storeContract('MongoDB', async () => recorded(MongoStore.open(monitored(freshUri('contract')), cipher)));

// —— fixtures, as in the contract ——
const key = { channel: 'sms' as const, address: '+17165550111' };
const inbound = (id: string, text = 'hello', k: ConversationKey = key): InboundMessage => ({ ...k, id, at: '2026-11-28T07:00:00.000Z', text, media: [] });
const record = (version: number, extra: Partial<ConversationRecord> = {}): ConversationRecord => ({
  ...key,
  id: 'conv-1',
  snapshot: { status: 'active', value: 'start', context: { n: version, story: 'my son has leukemia' } } as never,
  version,
  createdAt: '2026-11-28T07:00:00.000Z',
  updatedAt: '2026-11-28T07:00:00.000Z',
  remindAt: null,
  abandonAt: null,
  ...extra,
});
const reply = (id: string, replyTo: string | null, text: string) => ({
  messageId: id,
  replyTo,
  at: '2026-11-28T07:00:01.000Z',
  language: 'en' as const,
  text,
  media: [],
});
const summary: Summary = { ...converse(REFERENCE.en).summary, status: 'in_progress' };

describe('MongoDB store on its server', () => {
  const open: MongoStore[] = [];
  const openStore = async (uri: string) => {
    const s = await recorded(MongoStore.open(monitored(uri), cipher));
    open.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });

  it('knows whether its server is FerretDB, whose conditional updates are not atomic on their own', async () => {
    const s = await openStore(freshUri('kind'));
    expect(s.onFerretDb).toBe((process.env.TEST_MONGODB_KIND ?? '').startsWith('FerretDB'));
  });

  it('creates its indexes at start, and a second start (or two at once) changes nothing', async () => {
    const uri = freshUri('indexes');
    await openStore(uri);
    const indexes = async () => {
      const out: Record<string, Array<{ name: string; key: unknown; unique: boolean }>> = {};
      for (const name of Object.keys(INDEXES)) {
        const list = await rawDb(uri)
          .collection(name)
          .indexes()
          .catch(() => []);
        out[name] = list
          .filter((i) => i.name !== '_id_')
          .map((i) => ({ name: i.name!, key: i.key, unique: i.unique === true }))
          .sort((a, b) => a.name.localeCompare(b.name));
      }
      return out;
    };
    const first = await indexes();
    for (const [name, expected] of Object.entries(INDEXES)) {
      expect(first[name]).toEqual(expected.map((i) => ({ name: i.name, key: i.key, unique: i.unique === true })).sort((a, b) => a.name.localeCompare(b.name)));
    }
    expect(first.conversations).toContainEqual({ name: 'channel_address', key: { channel: 1, address: 1 }, unique: true });
    // A message is known by its conversation and id (a Bot Framework activity id is unique only within its conversation).
    expect(first.inbound).toContainEqual({ name: 'channel_address_messageId', key: { channel: 1, address: 1, messageId: 1 }, unique: true });
    expect(first.transcript).toContainEqual({ name: 'conversationId_seq', key: { conversationId: 1, seq: 1 }, unique: true });
    await openStore(uri);
    await Promise.all([openStore(uri), openStore(uri)]);
    expect(await indexes()).toEqual(first);
  });

  it('takes over a database of the previous release: messages known by conversation and id, its documents read as they are', async () => {
    const uri = freshUri('previous');
    const a = { channel: 'botframework' as const, address: 'msteams:19:a' };
    const b = { channel: 'botframework' as const, address: 'msteams:19:b' };
    // Written through the store, then put back as the previous release left it: its indexes, and
    // conversation documents without `unsent`.
    const writer = await MongoStore.open(uri, cipher);
    await writer.receive(inbound('1', 'hello from A', a));
    expect(
      await writer.commitTurn({
        conversation: { ...record(1), ...a, id: 'conv-a' },
        expectedVersion: null,
        inboundId: '1',
        replies: [reply('RA', '1', 'to A')],
        summary: null,
      }),
    ).toBe(true);
    await writer.close();
    const db = rawDb(uri);
    await db.collection('conversations').updateMany({}, { $unset: { unsent: '' } });
    await db.collection('conversations').dropIndex('unsent_since');
    await db.collection('inbound').dropIndex('channel_address_messageId');
    await db.collection('inbound').createIndex({ channel: 1, messageId: 1 }, { name: 'channel_messageId', unique: true });
    await db.collection('transcript').dropIndex('conversationId_replyTo');
    await db.collection('transcript').createIndex({ channel: 1, replyTo: 1 }, { name: 'channel_replyTo' });
    // As then: another conversation's activity "1" is taken for a duplicate.
    const probe = db.collection('inbound');
    await expect(
      probe.insertOne({
        schemaVersion: 1,
        channel: 'botframework',
        messageId: '1',
        address: b.address,
        at: '2026-11-28T07:00:00.000Z',
        body: 'x',
        processed: false,
      }),
    ).rejects.toThrow(/duplicate key/i);

    // Two instances start on it at once.
    const [s] = await Promise.all([openStore(uri), openStore(uri)]);
    const names = async (c: string) => (await db.collection(c).indexes()).map((i) => i.name).sort();
    expect(await names('inbound')).toEqual(['_id_', 'channel_address_messageId', 'channel_address_processed_at_id', 'quarantine_at']);
    expect(await names('transcript')).toEqual(['_id_', 'conversationId_replyTo', 'conversationId_seq']);
    expect(await names('conversations')).toContain('unsent_since');
    // Its documents read as before.
    expect(await s.isProcessed(a, '1')).toBe(true);
    expect((await s.repliesTo(a, '1')).map((e) => e.text)).toEqual(['to A']);
    expect((await s.findConversation(a))!.unsent).toBeNull();
    expect(
      await s.unsentReplies({
        before: '2027-01-01T00:00:00.000Z',
        notBefore: '2026-01-01T00:00:00.000Z',
        now: '2027-01-01T00:00:00.000Z',
        channels: ['botframework'],
        limit: 10,
      }),
    ).toEqual([]);
    expect(await s.receive(inbound('1', 'hello from A', a))).toBe('duplicate');
    // And another conversation's activity "1" is its own.
    expect(await s.receive(inbound('1', 'hello from B', b))).toBe('new');
    expect(await s.isProcessed(b, '1')).toBe(false);
    expect((await s.unprocessed(b)).map((m) => m.text)).toEqual(['hello from B']);
  });

  it('writes with w: majority and reads with readConcern majority, which the server accepts', async () => {
    const store = await openStore(freshUri('concern'));
    expect(store.readConcern).toBe('majority');
    const db = rawDb(freshUri('concern-raw'));
    const c = db.collection('probe', { writeConcern: { w: 'majority' }, readConcern: { level: 'majority' } });
    await c.insertOne({ _id: 'x' as never, n: 1 });
    expect(await c.find({}).toArray()).toEqual([{ _id: 'x', n: 1 }]);
  });

  it('gives every document schemaVersion 1 and keeps only ciphertext of what people wrote', async () => {
    const uri = freshUri('sealed');
    const store = await openStore(uri);
    await store.receive({ ...inbound('SM1', 'my son has leukemia'), payload: { note: 'leukemia' } });
    await store.receive(inbound('SM2', 'leukemia, still'));
    expect(
      await store.commitTurn({ conversation: record(1), expectedVersion: null, inboundId: 'SM1', replies: [reply('R1', 'SM1', 'So: leukemia')], summary }),
    ).toBe(true);
    // A turn committed but not settled: its pending part is sealed too.
    const pendingTurn: TurnCommit = {
      conversation: record(2),
      expectedVersion: 1,
      inboundId: 'SM2',
      replies: [reply('R2', 'SM2', 'About the leukemia')],
      summary: { ...summary, updatedAt: '2026-11-28T07:05:00.000Z' },
    };
    expect(await store.commitPoint(pendingTurn)).not.toBeNull();
    await store.setOptOut('+17165550999', true, '2026-11-28T07:00:00.000Z');
    await store.claimJob('retention:2026-11-28', 'retention', '2026-11-28T08:00:00.000Z', 'test');
    await store.finishJob('retention:2026-11-28', '2026-11-28T08:00:01.000Z', { purged: 0 });

    const before = await dump(uri);
    expect(before.conversations[0].pending).toMatchObject({ inboundId: 'SM2', body: expect.any(String) });
    expect(FieldCipher.isSealed(before.conversations[0].pending.body)).toBe(true);
    // A second intake, purged: its minimal record is sealed as well.
    const other = { channel: 'sms' as const, address: '+17165550222' };
    await store.receive(inbound('SM9', 'leukemia', other));
    await store.commitTurn({
      conversation: { ...record(1), ...other, id: 'conv-9' },
      expectedVersion: null,
      inboundId: 'SM9',
      replies: [],
      summary: { ...summary, intakeId: 'old', status: 'abandoned', updatedAt: '2026-01-01T00:00:00.000Z' },
    });
    expect(await store.purgeIntakes({ statuses: ['abandoned'], updatedBefore: '2026-06-01T00:00:00.000Z', now: '2026-11-28T09:00:00.000Z' })).toBe(1);
    expect(await store.getPurged('old')).toMatchObject({ names: ['Marc Tremblay'] });

    for (const docs of [before, await dump(uri)]) {
      expect(Object.keys(docs).sort()).toEqual(['conversations', 'inbound', 'intakes', 'jobRuns', 'optOuts', 'transcript']);
      for (const [collection, list] of Object.entries(docs)) {
        expect(list.length).toBeGreaterThan(0);
        for (const d of list) expect({ collection, schemaVersion: d.schemaVersion }).toEqual({ collection, schemaVersion: SCHEMA_VERSION });
      }
      const text = JSON.stringify(docs);
      for (const words of ['leukemia', 'Marc Tremblay', 'Roswell', 'probation']) expect(text).not.toContain(words);
      for (const c of docs.conversations) expect(FieldCipher.isSealed(c.snapshot)).toBe(true);
      for (const m of docs.inbound) expect(FieldCipher.isSealed(m.body)).toBe(true);
      for (const e of docs.transcript) expect(FieldCipher.isSealed(e.body)).toBe(true);
      for (const i of docs.intakes) expect(FieldCipher.isSealed(i.summary ?? i.purged)).toBe(true);
    }
    // Ids, channels and times stay readable for lookups.
    expect(before.inbound.map((m) => m.messageId).sort()).toEqual(['SM1', 'SM2']);
    expect(before.transcript.map((e) => [e.seq, e.messageId])).toEqual([
      [1, 'SM1'],
      [2, 'R1'],
    ]);
    // And the adapter reads it all back.
    expect((await store.transcript('conv-1')).map((e) => e.text)).toEqual(['my son has leukemia', 'So: leukemia', 'leukemia, still', 'About the leukemia']);
    expect((await store.unprocessed(key)).length).toBe(0);
  });

  describe('a crash between the commit point and the rest of the turn', () => {
    /** A conversation at version 1, then turn 2 committed (the conversation document) and nothing more. */
    async function crashed(label: string) {
      const uri = freshUri(`crash_${label}`);
      const a = await MongoStore.open(uri, cipher);
      await a.receive(inbound('SM1', 'Hello'));
      await a.receive(inbound('SM2', 'my son has leukemia'));
      expect(
        await a.commitTurn({ conversation: record(1), expectedVersion: null, inboundId: 'SM1', replies: [reply('R1', 'SM1', 'notice')], summary: null }),
      ).toBe(true);
      const turn: TurnCommit = {
        conversation: record(2, { updatedAt: '2026-11-28T07:01:00.000Z', remindAt: '2026-11-28T07:31:00.000Z' }),
        expectedVersion: 1,
        inboundId: 'SM2',
        replies: [reply('R2a', 'SM2', 'I am sorry.'), reply('R2b', 'SM2', 'Where is he?')],
        summary,
      };
      expect(await a.commitPoint(turn)).not.toBeNull();
      await a.close();
      // Nothing but the conversation document was written.
      const docs = await dump(uri);
      expect(docs.conversations.map((c) => [c.version, c.nextSeq, c.pending?.inboundId])).toEqual([[2, 6, 'SM2']]);
      expect(docs.transcript).toHaveLength(2);
      expect(docs.inbound.find((m) => m.messageId === 'SM2')!.processed).toBe(false);
      expect(docs.intakes ?? []).toHaveLength(0);
      // Another instance takes over.
      return { uri, b: await openStore(uri) };
    }

    async function expectWhole(uri: string, b: Store, extra: string[] = []) {
      expect((await b.transcript('conv-1')).map((e) => [e.seq, e.direction, e.messageId, e.text])).toEqual([
        [1, 'in', 'SM1', 'Hello'],
        [2, 'out', 'R1', 'notice'],
        [3, 'in', 'SM2', 'my son has leukemia'],
        [4, 'out', 'R2a', 'I am sorry.'],
        [5, 'out', 'R2b', 'Where is he?'],
        ...extra.map((id, i) => [6 + i, expect.any(String), id, expect.any(String)]),
      ]);
      expect(await b.isProcessed(key, 'SM2')).toBe(true);
      expect((await b.repliesTo(key, 'SM2')).map((e) => e.messageId)).toEqual(['R2a', 'R2b']);
      expect(await b.getIntake(summary.intakeId)).toEqual(summary);
      expect(await b.findConversation(key)).toMatchObject({ version: 2 + extra.length / 2, snapshot: { context: { n: 2 + extra.length / 2 } } });
      const docs = await dump(uri);
      expect(docs.conversations[0].pending ?? null).toBeNull();
      // Nothing twice.
      expect(docs.transcript).toHaveLength(5 + extra.length);
      expect(new Set(docs.transcript.map((e) => e.seq)).size).toBe(docs.transcript.length);
      expect(docs.intakes).toHaveLength(1);
    }

    const readers: Array<[string, (b: MongoStore) => Promise<unknown>]> = [
      ['findConversation', (b) => b.findConversation(key)],
      ['transcript', (b) => b.transcript('conv-1')],
      ['isProcessed', async (b) => expect(await b.isProcessed(key, 'SM2')).toBe(true)],
      ['repliesTo (a retried webhook)', async (b) => expect((await b.repliesTo(key, 'SM2')).map((e) => e.text)).toEqual(['I am sorry.', 'Where is he?'])],
      ['unprocessed', async (b) => expect(await b.unprocessed(key)).toEqual([])],
      ['getIntake', async (b) => expect(await b.getIntake(summary.intakeId)).toEqual(summary)],
      ['dueForInactivity', async (b) => expect((await b.dueForInactivity('2026-11-28T08:00:00.000Z')).map((c) => c.version)).toEqual([2])],
    ];
    for (const [name, read] of readers) {
      it(`loses and duplicates nothing once a reader settles it: ${name} first`, async () => {
        const { uri, b } = await crashed(name.split(' ')[0]);
        await read(b);
        await expectWhole(uri, b);
      });
    }

    it('is settled by the next turn, which goes on after it', async () => {
      const { uri, b } = await crashed('next');
      await b.receive(inbound('SM3', 'in Canada'));
      expect(
        await b.commitTurn({ conversation: record(3), expectedVersion: 2, inboundId: 'SM3', replies: [reply('R3', 'SM3', 'Thank you')], summary: null }),
      ).toBe(true);
      await expectWhole(uri, b, ['SM3', 'R3']);
    });

    it('refuses the same message again (a retry elsewhere), and a turn based on the version before', async () => {
      const { uri, b } = await crashed('retry');
      expect(await b.commitTurn({ conversation: record(3), expectedVersion: 2, inboundId: 'SM2', replies: [reply('R9', 'SM2', 'twice')], summary: null })).toBe(
        false,
      );
      expect(await b.commitTurn({ conversation: record(2), expectedVersion: 1, inboundId: 'SM2', replies: [reply('R8', 'SM2', 'again')], summary: null })).toBe(
        false,
      );
      await expectWhole(uri, b);
    });

    it('is settled once when several instances meet it at the same time', async () => {
      const { uri, b } = await crashed('together');
      const c = await openStore(uri);
      const d = await openStore(uri);
      await Promise.all([b.transcript('conv-1'), c.findConversation(key), d.isProcessed(key, 'SM2'), c.getIntake(summary.intakeId), d.repliesTo(key, 'SM2')]);
      await expectWhole(uri, b);
    });
  });

  it('lets exactly one of two instances commit a turn, whatever they race for', async () => {
    const uri = freshUri('race');
    const [a, b] = await Promise.all([openStore(uri), openStore(uri)]);
    for (let i = 0; i < 8; i++) {
      const k = { channel: 'sms' as const, address: `+1716555${2000 + i}` };
      const conv = (store: string, v: number, id: string): ConversationRecord => ({
        ...record(v),
        ...k,
        id,
        snapshot: { status: 'active', value: 'x', context: { n: v, by: store } } as never,
      });
      const turn = (s: string, v: number, id: string, inboundId: string): TurnCommit => ({
        conversation: conv(s, v, id),
        expectedVersion: v === 1 ? null : v - 1,
        inboundId,
        replies: [reply(`R-${inboundId}-${s}`, inboundId, `${s} answers ${inboundId}`)],
        summary: null,
      });
      const race = async (ta: TurnCommit, tb: TurnCommit) => {
        const [ra, rb] = await Promise.all([a.commitTurn(ta), b.commitTurn(tb)]);
        expect([ra, rb].filter(Boolean)).toHaveLength(1);
        return ra ? 'a' : 'b';
      };
      // Both receive the same message (a webhook retried onto the other instance)…
      expect((await Promise.all([a.receive(inbound(`SMa${i}`, 'Hello', k)), b.receive(inbound(`SMa${i}`, 'Hello', k))])).sort()).toEqual(['duplicate', 'new']);
      // …and both create the conversation, each with its own new id: one conversation.
      const w1 = await race(turn('a', 1, `conv-a${i}`, `SMa${i}`), turn('b', 1, `conv-b${i}`, `SMa${i}`));
      const id = `conv-${w1}${i}`;
      // The same next message, on the same version.
      await a.receive(inbound(`SMb${i}`, 'yes', k));
      const w2 = await race(turn('a', 2, id, `SMb${i}`), turn('b', 2, id, `SMb${i}`));
      // Two different messages on the same version: the other one waits, unprocessed.
      await a.receive(inbound(`SMc${i}`, 'no', k));
      await b.receive(inbound(`SMd${i}`, 'maybe', k));
      const w3 = await race(turn('a', 3, id, `SMc${i}`), turn('b', 3, id, `SMd${i}`));
      const lost = w3 === 'a' ? `SMd${i}` : `SMc${i}`;

      const found = await b.findConversation(k);
      expect(found).toMatchObject({ id, version: 3, snapshot: { context: { by: w3 } } });
      const t = await a.transcript(id);
      expect(t.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(t.map((e) => e.messageId)).toEqual([
        `SMa${i}`,
        `R-SMa${i}-${w1}`,
        `SMb${i}`,
        `R-SMb${i}-${w2}`,
        w3 === 'a' ? `SMc${i}` : `SMd${i}`,
        w3 === 'a' ? `R-SMc${i}-a` : `R-SMd${i}-b`,
      ]);
      expect(await a.isProcessed(k, lost)).toBe(false);
      expect((await b.unprocessed(k)).map((m) => m.id)).toEqual([lost]);
    }
    const docs = await dump(uri);
    expect(docs.conversations).toHaveLength(8);
    expect(docs.transcript).toHaveLength(8 * 6);
  });

  describe('a turn whose replies the channel confirms: its `pending` goes with the sent mark, one update', () => {
    const confirmed = (version: number, inboundId: string, extra: Partial<TurnCommit> = {}): TurnCommit => ({
      conversation: record(version),
      expectedVersion: version === 1 ? null : version - 1,
      inboundId,
      replies: [reply(`R-${inboundId}`, inboundId, `answer to ${inboundId}`)],
      summary: null,
      unsentSince: '2026-11-28T07:00:02.000Z',
      ...extra,
    });
    const stored = async (uri: string) => (await dump(uri)).conversations.map((c) => [c.version, c.pending?.version ?? null, c.unsent?.inboundId ?? null]);

    it('is settled in full before the response; the sent mark removes `pending` and the unsent replies together', async () => {
      const uri = freshUri('kept_sent');
      const a = await openStore(uri);
      const commands: string[] = [];
      a.database.client.on('commandStarted', (e: CommandStartedEvent) => commands.push(`${e.commandName} ${String(e.command[e.commandName])}`));
      await a.receive(inbound('SM1'));
      expect(await a.commitTurn(confirmed(1, 'SM1', { summary }))).toBe(true);
      // Everything but the removal of `pending` is written: the transcript, the message processed, the summary.
      expect(await stored(uri)).toEqual([[1, 1, 'SM1']]);
      expect((await dump(uri)).inbound.map((m) => m.processed)).toEqual([true]);
      expect((await dump(uri)).intakes).toHaveLength(1);
      // This instance's readers know it settled: nothing written.
      commands.length = 0;
      expect((await a.transcript('conv-1')).map((e) => e.messageId)).toEqual(['SM1', 'R-SM1']);
      expect(await a.isProcessed(key, 'SM1')).toBe(true);
      expect(commands.filter((c) => !c.startsWith('find'))).toEqual([]);
      commands.length = 0;
      await a.markSent(key, 'SM1');
      expect(commands).toEqual(['update conversations']);
      expect(await stored(uri)).toEqual([[1, null, null]]);
    });

    it('the next turn on the same instance replaces it before the sent mark comes; that mark then changes nothing of the new turn', async () => {
      const uri = freshUri('kept_next');
      const a = await openStore(uri);
      await a.receive(inbound('SM1'));
      expect(await a.commitTurn(confirmed(1, 'SM1'))).toBe(true);
      await a.receive(inbound('SM2'));
      expect(await a.unprocessed(key)).toEqual([inbound('SM2')]);
      expect((await a.findConversation(key))!.version).toBe(1);
      expect(await a.commitTurn(confirmed(2, 'SM2'))).toBe(true);
      await a.markSent(key, 'SM1');
      expect(await stored(uri)).toEqual([[2, 2, 'SM2']]);
      await a.markSent(key, 'SM2');
      expect(await stored(uri)).toEqual([[2, null, null]]);
      expect((await a.transcript('conv-1')).map((e) => [e.seq, e.messageId])).toEqual([
        [1, 'SM1'],
        [2, 'R-SM1'],
        [3, 'SM2'],
        [4, 'R-SM2'],
      ]);
    });

    it('another instance (or a restart) meeting it before the sent mark settles it again, idempotently, and goes on: nothing twice', async () => {
      const uri = freshUri('kept_other');
      const a = await openStore(uri);
      await a.receive(inbound('SM1'));
      expect(await a.commitTurn(confirmed(1, 'SM1', { summary }))).toBe(true);
      // Instance a dies before its response is out.
      const b = await openStore(uri);
      expect((await b.findConversation(key))!.version).toBe(1);
      expect(await stored(uri)).toEqual([[1, null, 'SM1']]);
      await b.receive(inbound('SM2'));
      expect(await b.unprocessed(key)).toEqual([inbound('SM2')]);
      expect(await b.commitTurn(confirmed(2, 'SM2'))).toBe(true);
      // a's late sent mark (it did not die after all) removes nothing of b's turn.
      await a.markSent(key, 'SM1');
      expect(await stored(uri)).toEqual([[2, 2, 'SM2']]);
      // And a's next turn, on what it remembers (version 1), is refused: b's turn came after.
      await a.receive(inbound('SM3'));
      expect(await a.commitTurn(confirmed(2, 'SM3'))).toBe(false);
      const docs = await dump(uri);
      expect(docs.transcript.map((e) => e.messageId)).toEqual(['SM1', 'R-SM1', 'SM2', 'R-SM2']);
      expect(docs.intakes).toHaveLength(1);
      expect(await a.getIntake(summary.intakeId)).toEqual(summary);
    });
  });

  describe('a message another instance takes after this one read it as unprocessed', () => {
    // What a turn reads before its commit point (unprocessed, then findConversation) is all the
    // commit point goes on: it reads neither the conversation nor the message again. Another
    // instance taking the same message meanwhile (a duplicate webhook) must still void the turn.
    const cases = [
      ['settled', false],
      ['committed, not yet settled', false],
      // Another reader of the conversation (a Direct Line poll) took the read unprocessed() made,
      // so this turn's own findConversation reads it, after the other instance's turn.
      ['settled', true],
    ] as const;
    for (const [how, polled] of cases) {
      it(`voids the turn, and any retry of it: the other instance's turn is ${how}${polled ? ', and read before this turn read it' : ''}`, async () => {
        const uri = freshUri(`taken_${how.split(',')[0]}_${polled}`);
        const [a, b] = await Promise.all([openStore(uri), openStore(uri)]);
        await a.receive(inbound('SM1', 'Hello'));
        expect(
          await a.commitTurn({ conversation: record(1), expectedVersion: null, inboundId: 'SM1', replies: [reply('R1', 'SM1', 'notice')], summary: null }),
        ).toBe(true);
        expect(await a.receive(inbound('SM2', 'yes'))).toBe('new');
        expect((await a.unprocessed(key)).map((m) => m.id)).toEqual(['SM2']);
        // This turn's findConversation (or, when polled, the other reader's).
        expect((await a.findConversation(key))!.version).toBe(1);
        // The same webhook, retried onto instance b, which processes it on the same version.
        expect(await b.receive(inbound('SM2', 'yes'))).toBe('duplicate');
        expect(await b.isProcessed(key, 'SM2')).toBe(false);
        expect((await b.unprocessed(key)).map((m) => m.id)).toEqual(['SM2']);
        expect((await b.findConversation(key))!.version).toBe(1);
        const theirs: TurnCommit = {
          conversation: record(2),
          expectedVersion: 1,
          inboundId: 'SM2',
          replies: [reply('R2b', 'SM2', 'b answers')],
          summary: null,
        };
        if (how === 'settled') expect(await b.commitTurn(theirs)).toBe(true);
        else expect(await b.commitPoint(theirs)).not.toBeNull();
        if (polled) {
          // This turn's findConversation: a read, which finds b's turn.
          expect((await a.findConversation(key))!.version).toBe(2);
        } else {
          // a goes on with what it read: refused, and refused again on the version it reads next.
          expect(
            await a.commitTurn({ conversation: record(2), expectedVersion: 1, inboundId: 'SM2', replies: [reply('R2a', 'SM2', 'a answers')], summary: null }),
          ).toBe(false);
          expect((await a.findConversation(key))!.version).toBe(2);
        }
        expect(
          await a.commitTurn({ conversation: record(3), expectedVersion: 2, inboundId: 'SM2', replies: [reply('R3a', 'SM2', 'a again')], summary: null }),
        ).toBe(false);
        // Its caller then finds the message processed, and replays b's replies.
        expect(await a.isProcessed(key, 'SM2')).toBe(true);
        expect((await a.repliesTo(key, 'SM2')).map((e) => e.text)).toEqual(['b answers']);
        expect((await a.transcript('conv-1')).map((e) => [e.seq, e.messageId])).toEqual([
          [1, 'SM1'],
          [2, 'R1'],
          [3, 'SM2'],
          [4, 'R2b'],
        ]);
        expect((await dump(uri)).conversations.map((c) => [c.version, c.nextSeq, c.pending ?? null])).toEqual([[2, 5, null]]);
      });
    }
  });

  it('processes the messages a crash left unprocessed without reading them again at each commit point', async () => {
    const uri = freshUri('recovery');
    const store = await openStore(uri);
    const commands: string[] = [];
    store.database.client.on('commandStarted', (e: CommandStartedEvent) => commands.push(`${e.commandName} ${String(e.command[e.commandName])}`));
    const counted = async <T>(step: () => Promise<T>): Promise<[T, string[]]> => {
      commands.length = 0;
      const out = await step();
      return [out, [...commands]];
    };
    await store.receive({ ...inbound('SM1', 'Hello'), at: '2026-11-28T07:00:00.000Z' });
    await store.receive({ ...inbound('SM2', 'my son is sick'), at: '2026-11-28T07:00:01.000Z' });
    // The next message's turn finds both, oldest first, and processes them in that order.
    const [pending, read] = await counted(() => store.unprocessed(key));
    expect(pending.map((m) => [m.id, m.text])).toEqual([
      ['SM1', 'Hello'],
      ['SM2', 'my son is sick'],
    ]);
    expect(read).toEqual(['find conversations', 'find inbound']);
    // The conversation unprocessed() read is the one findConversation returns.
    expect(await counted(() => store.findConversation(key))).toEqual([null, []]);
    const [created, creating] = await counted(() =>
      store.commitTurn({ conversation: record(1), expectedVersion: null, inboundId: 'SM1', replies: [reply('R1', 'SM1', 'notice')], summary: null }),
    );
    expect(created).toBe(true);
    expect(creating).toEqual(['insert conversations', 'insert transcript', 'update inbound', 'update conversations']);
    const [found, finding] = await counted(() => store.findConversation(key));
    expect([found!.version, finding]).toEqual([1, ['find conversations']]);
    const [next, committing] = await counted(() =>
      store.commitTurn({ conversation: record(2), expectedVersion: 1, inboundId: 'SM2', replies: [reply('R2', 'SM2', 'sorry')], summary }),
    );
    expect(next).toBe(true);
    expect(committing).toEqual(['update conversations', 'insert transcript', 'update inbound', 'update intakes', 'update conversations']);
    expect((await store.transcript('conv-1')).map((e) => [e.seq, e.messageId, e.text])).toEqual([
      [1, 'SM1', 'Hello'],
      [2, 'R1', 'notice'],
      [3, 'SM2', 'my son is sick'],
      [4, 'R2', 'sorry'],
    ]);
    expect(await store.unprocessed(key)).toEqual([]);
    expect(await store.getIntake(summary.intakeId)).toEqual(summary);
  });

  it("makes 9 database commands in a normal SMS turn of the reference intake, the last once its reply is out (the driver's command monitoring)", async () => {
    // Every command the server's connection sends while it answers each webhook, the handoff
    // store's handling lookup included, on the fixed reference script; and the one that marks the
    // turn's replies sent, once the response is out (awaited here: it is written after the response).
    const uri = freshUri('commands');
    const app = await startTestServer({ MONGODB_URI: `${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true`, ENCRYPTION_KEY: KEY.toString('base64') });
    try {
      const client = (app.parts.store as MongoStore).database.client;
      recorder.watch(client);
      let commands: string[] = [];
      let marked: () => void = () => undefined;
      const marks = new Set<number>();
      const started = (e: CommandStartedEvent) => {
        // The replies marked sent: the update of the conversation filtered on its unsent replies.
        const sent = e.commandName === 'update' && JSON.stringify(e.command.updates).includes('unsent.inboundId');
        if (sent) marks.add(e.requestId);
        commands.push(`${e.commandName} ${String(e.command[e.commandName])}${sent ? ' (sent)' : ''}`);
      };
      const succeeded = (e: CommandSucceededEvent) => {
        if (marks.delete(e.requestId)) marked();
      };
      client.on('commandStarted', started);
      client.on('commandSucceeded', succeeded);
      // On the real clock, the day needed is kept clear of the 72-hour page (which adds its own writes).
      const lines = referenceOnTheClock('en');
      const perTurn: string[][] = [];
      const replies: string[][] = [];
      const send = async (i: number, o: { marks: boolean }) => {
        commands = [];
        const mark = new Promise<void>((resolve) => (marked = resolve));
        const r = await sms(app.url, app.env.PUBLIC_BASE_URL, { MessageSid: `SM${String(i).padStart(32, '0')}`, From: '+14165553002', Body: lines[i] });
        expect(r.status).toBe(200);
        if (o.marks) await mark;
        return twimlTexts(r.body);
      };
      for (const i of lines.keys()) {
        replies.push(await send(i, { marks: true }));
        expect(replies[i].length).toBeGreaterThan(0);
        perTurn.push(commands);
      }
      // A webhook Twilio retries: the same replies, from what is stored. The insert fails on the
      // message's unique id (within its conversation); its turn is found processed; the
      // conversation is read (its id, and whether the replies are still unsent: they are not, so
      // nothing is marked), then the replies within it.
      expect(await send(7, { marks: false })).toEqual(replies[7]);
      expect(commands).toEqual(['insert inbound', 'find inbound', 'find conversations', 'find conversations', 'find transcript']);
      client.off('commandStarted', started);
      client.off('commandSucceeded', succeeded);
      // The message written; the conversation read (settling a pending turn if there were one),
      // then the messages still unprocessed; the firm's handling of the intake; the commit point
      // (which also records the replies unsent); settling: the transcript, the message marked
      // processed, the summary. Then, the response out, the replies marked sent, and `pending`
      // removed by the same update: the one command more, so that a process that dies before its
      // response leaves them to be sent after a restart (src/conversation/redelivery.ts).
      const sent = 'update conversations (sent)';
      const normal = [
        'insert inbound',
        'find conversations',
        'find inbound',
        'find intakes',
        'update conversations',
        'insert transcript',
        'update inbound',
        'update intakes',
        sent,
      ];
      // The first message: no conversation yet (so no handling to look up), created by an insert;
      // no summary before consent.
      const first = ['insert inbound', 'find conversations', 'find inbound', 'insert conversations', 'insert transcript', 'update inbound', sent];
      // The last: the finished intake's notification goes to the outbox with the turn, and
      // `pending` is removed at once (the outbox worker looks for the notifications of pending turns).
      const last = [...normal.slice(0, -1), 'insert outbox', 'update conversations', sent];
      expect(perTurn).toEqual([first, ...lines.slice(2).map(() => normal), last]);
    } finally {
      await app.close();
    }
  });

  it('runs the whole app: an SMS intake from hello to the reference code, and /readyz ready', async () => {
    const uri = freshUri('app');
    const app = await startTestServer({ MONGODB_URI: uri, ENCRYPTION_KEY: KEY.toString('base64') });
    try {
      expect(app.parts.store).toBeInstanceOf(MongoStore);
      const ready = await fetch(`${app.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', store: 'ok' });

      const from = '+14165553001';
      const lines = referenceOnTheClock('en');
      let last: string[] = [];
      for (const [i, body] of lines.entries()) {
        const r = await sms(app.url, app.env.PUBLIC_BASE_URL, { MessageSid: `SM${String(i).padStart(32, '0')}`, From: from, Body: body });
        expect(r.status).toBe(200);
        last = twimlTexts(r.body);
        expect(last.length).toBeGreaterThan(0);
      }
      const conversation = await app.parts.store.findConversation({ channel: 'sms', address: from });
      const ctx = (conversation!.snapshot as unknown as { context: { intakeId: string; reference: string } }).context;
      expect(last.join(' ')).toContain(ctx.reference);
      const intake = await app.parts.store.getIntake(ctx.intakeId);
      expect(intake).toMatchObject({ status: 'complete', reference: ctx.reference, contact: { name: 'Marc Tremblay', phone: from } });
      const transcript = await app.parts.store.transcript(conversation!.id);
      expect(transcript.filter((e) => e.direction === 'in').map((e) => e.text)).toEqual(lines);
      expect(transcript.map((e) => e.seq)).toEqual(transcript.map((_, i) => i + 1));

      // In the database: ciphertext only, and every turn settled.
      const docs = await dump(uri);
      expect(JSON.stringify(docs)).not.toContain('leukemia');
      expect(docs.conversations.map((c) => c.pending ?? null)).toEqual([null]);
      expect(docs.inbound.every((m) => m.processed === true)).toBe(true);

      // A second instance (a restart) on the same database reads it all, with the same key.
      const other = await startTestServer({ MONGODB_URI: uri, ENCRYPTION_KEY: KEY.toString('base64') });
      try {
        expect(await other.parts.store.getIntake(ctx.intakeId)).toEqual(intake);
        expect((await fetch(`${other.url}/readyz`)).status).toBe(200);
      } finally {
        await other.close();
      }
    } finally {
      await app.close();
    }
  });
});

// Every query the tests above made the store send (the contract, crashes, races, the whole app).
indexCoverageTests('The conversation store (and the app over it)', recorder, (name) => rawDb(`mongodb://server/${name}`), { atLeast: 25 });
