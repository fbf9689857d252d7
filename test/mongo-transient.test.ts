/**
 * The engine's transient errors (src/store/mongo-transient.ts) are lost races or retries, never a
 * failed request. DocumentDB answers some concurrent inserts of one unique key with "deadlock
 * detected" (code 16908292); MongoDB labels errors TransientTransactionError / RetryableWriteError,
 * or answers WriteConflict (112). The tests' server (FerretDB 1.24, or MONGODB_URI) never says
 * them on cue, so the driver's collection is wrapped here: its first insert (or update) throws a
 * real MongoServerError built with that code or label, as the driver builds it from the server's
 * answer. Everything else is real: the store's classification of the error, what it then does
 * (read again, try again, report the lost race) and every write, on the run's MongoDB-wire server.
 */
import { randomBytes } from 'node:crypto';
import { MongoServerError, type Collection, type Db, type Document } from 'mongodb';
import { FieldCipher } from '../src/store/cipher';
import { MongoStore } from '../src/store/mongo';
import { DOCUMENTDB_DEADLOCK, isTransient, WRITE_CONFLICT } from '../src/store/mongo-transient';
import type { ConversationRecord, InboundMessage, TurnCommit } from '../src/store/store';
import { scratchDatabases } from './support/mongo-server';
import { sms, twimlTexts } from './support/processes';
import { startTestServer } from './support/server';

const KEY = randomBytes(32);
const cipher = new FieldCipher([{ id: 'k1', key: KEY }]);
const databases = scratchDatabases('transient');

const deadlock = () =>
  new MongoServerError({ message: 'deadlock detected', errmsg: 'deadlock detected', code: DOCUMENTDB_DEADLOCK, codeName: 'Location16908292' });
const labelled = (label: string) => new MongoServerError({ message: 'operation was interrupted', code: 11602, errorLabels: [label] });
const writeConflict = () => new MongoServerError({ message: 'WriteConflict error', code: WRITE_CONFLICT, codeName: 'WriteConflict' });

type Method = 'insertOne' | 'insertMany' | 'updateOne';

/**
 * From now on, the first `method` on `collection` through `db` runs `fail` instead, which throws
 * (after writing what a concurrent winner would have, if it stands for one). Returns how many
 * times it ran. The store reaches its collections through `db.collection` at each call.
 */
function failFirst(db: Db, collection: string, method: Method, fail: (target: Collection, args: unknown[]) => Promise<never>) {
  const real = db.collection.bind(db);
  let thrown = 0;
  db.collection = (<T extends Document>(name: string, o?: unknown) => {
    const c = real<T>(name, o as never);
    if (name !== collection) return c;
    return new Proxy(c, {
      get(target, prop) {
        if (prop === method && thrown === 0) {
          return async (...args: unknown[]) => {
            thrown++;
            return fail(target as unknown as Collection, args);
          };
        }
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    }) as Collection<T>;
  }) as Db['collection'];
  return () => thrown;
}

/** Throws `error()`, after `before()`. */
const throwing =
  (error: () => Error, before: () => Promise<unknown> = async () => undefined) =>
  async (): Promise<never> => {
    await before();
    throw error();
  };

const key = { channel: 'sms' as const, address: '+17165550133' };
const inbound = (id: string): InboundMessage => ({ ...key, id, at: '2026-11-28T07:00:00.000Z', text: 'hello', media: [] });
const record = (version: number, id = 'conv-1'): ConversationRecord => ({
  ...key,
  id,
  snapshot: { status: 'active', value: 'start', context: { n: version } } as never,
  version,
  createdAt: '2026-11-28T07:00:00.000Z',
  updatedAt: '2026-11-28T07:00:00.000Z',
  remindAt: null,
  abandonAt: null,
});
const turn = (version: number, inboundId: string, id = 'conv-1'): TurnCommit => ({
  conversation: record(version, id),
  expectedVersion: version === 1 ? null : version - 1,
  inboundId,
  replies: [{ messageId: `R-${inboundId}`, replyTo: inboundId, at: '2026-11-28T07:00:01.000Z', language: 'en', text: 'noted', media: [] }],
  summary: null,
});

describe('transient errors of the engine', () => {
  it('are told apart from every other error, on the error the driver builds', () => {
    expect(isTransient(deadlock())).toBe(true);
    expect(isTransient(labelled('TransientTransactionError'))).toBe(true);
    expect(isTransient(labelled('RetryableWriteError'))).toBe(true);
    expect(isTransient(writeConflict())).toBe(true);
    // A bulk write whose every write error is the deadlock.
    expect(isTransient(Object.assign(new Error('bulk'), { writeErrors: [{ code: DOCUMENTDB_DEADLOCK, errmsg: 'deadlock detected' }] }))).toBe(true);
    expect(isTransient(new MongoServerError({ message: 'E11000 duplicate key error', code: 11000 }))).toBe(false);
    expect(isTransient(new MongoServerError({ message: 'unknown operator: $foo', code: 2 }))).toBe(false);
    expect(isTransient(labelled('NoWritesPerformed'))).toBe(false);
    expect(isTransient(new Error('socket hang up'))).toBe(false);
    expect(isTransient('deadlock detected')).toBe(false);
  });
});

describe('MongoDB store meeting transient errors on its server', () => {
  const open: MongoStore[] = [];
  const openStore = async (uri: string) => {
    const s = await MongoStore.open(uri, cipher);
    open.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });

  it('receive(): a deadlock on the insert of a message another delivery wrote at the same time is the lost race: "duplicate", stored once', async () => {
    const uri = databases.fresh('lost');
    const [a, b] = await Promise.all([openStore(uri), openStore(uri)]);
    // The other delivery (instance b) wins; a's insert is the deadlock's victim.
    const thrown = failFirst(
      a.database,
      'inbound',
      'insertOne',
      throwing(deadlock, () => b.receive(inbound('SM1'))),
    );
    expect(await a.receive(inbound('SM1'))).toBe('duplicate');
    expect(thrown()).toBe(1);
    expect(await databases.db(uri).collection('inbound').countDocuments({ messageId: 'SM1' })).toBe(1);
  });

  for (const [name, error] of [
    ['a deadlock', deadlock],
    ['TransientTransactionError', () => labelled('TransientTransactionError')],
    ['RetryableWriteError', () => labelled('RetryableWriteError')],
    ['WriteConflict', writeConflict],
  ] as const) {
    it(`receive(): ${name} on an insert that did not happen (nobody else wrote the message) is tried again: "new", stored once`, async () => {
      const uri = databases.fresh(`retry_${name.replace(/\W/g, '')}`);
      const a = await openStore(uri);
      const thrown = failFirst(a.database, 'inbound', 'insertOne', throwing(error));
      expect(await a.receive(inbound('SM1'))).toBe('new');
      expect(thrown()).toBe(1);
      expect(await a.unprocessed(key)).toEqual([inbound('SM1')]);
      expect(await a.receive(inbound('SM1'))).toBe('duplicate');
    });
  }

  it('commitTurn(): a deadlock on the creation of the conversation is a lost race (false, nothing written), and the turn then commits', async () => {
    const uri = databases.fresh('create');
    const a = await openStore(uri);
    await a.receive(inbound('SM1'));
    const thrown = failFirst(a.database, 'conversations', 'insertOne', throwing(deadlock));
    expect(await a.commitTurn(turn(1, 'SM1'))).toBe(false);
    expect(thrown()).toBe(1);
    expect(await databases.db(uri).collection('conversations').countDocuments({})).toBe(0);
    expect(await a.isProcessed(key, 'SM1')).toBe(false);
    expect(await a.findConversation(key)).toBeNull();
    expect(await a.commitTurn(turn(1, 'SM1'))).toBe(true);
    expect((await a.transcript('conv-1')).map((e) => e.messageId)).toEqual(['SM1', 'R-SM1']);
  });

  it('commitTurn(): a RetryableWriteError on the commit point is a lost race; read again, the turn commits once', async () => {
    const uri = databases.fresh('commit');
    const a = await openStore(uri);
    await a.receive(inbound('SM1'));
    expect(await a.commitTurn(turn(1, 'SM1'))).toBe(true);
    await a.receive(inbound('SM2'));
    expect((await a.findConversation(key))!.version).toBe(1);
    const thrown = failFirst(
      a.database,
      'conversations',
      'updateOne',
      throwing(() => labelled('RetryableWriteError')),
    );
    expect(await a.commitTurn(turn(2, 'SM2'))).toBe(false);
    expect(thrown()).toBe(1);
    expect((await a.findConversation(key))!.version).toBe(1);
    expect(await a.commitTurn(turn(2, 'SM2'))).toBe(true);
    expect((await a.transcript('conv-1')).map((e) => e.messageId)).toEqual(['SM1', 'R-SM1', 'SM2', 'R-SM2']);
  });

  it('settling: a deadlock on the transcript entries (a concurrent settle of the same turn) is run again, nothing twice', async () => {
    const uri = databases.fresh('settle');
    const a = await openStore(uri);
    await a.receive(inbound('SM1'));
    // The first entry goes in (a concurrent settle's), the others meet the deadlock: a bulk
    // write error as the driver reports one (MongoBulkWriteError's writeErrors), every one transient.
    const thrown = failFirst(a.database, 'transcript', 'insertMany', async (target, [docs]) => {
      const list = docs as Document[];
      await target.insertOne(list[0]);
      throw Object.assign(new Error('bulk write failed'), {
        writeErrors: list.slice(1).map((_, i) => ({ index: i + 1, code: DOCUMENTDB_DEADLOCK, errmsg: 'deadlock detected' })),
      });
    });
    expect(await a.commitTurn(turn(1, 'SM1'))).toBe(true);
    expect(thrown()).toBe(1);
    expect((await a.transcript('conv-1')).map((e) => [e.seq, e.messageId])).toEqual([
      [1, 'SM1'],
      [2, 'R-SM1'],
    ]);
    expect(await a.isProcessed(key, 'SM1')).toBe(true);
  });

  it('the app answers a first SMS whose writes meet transient errors with its replies (200), not a 500', async () => {
    const uri = databases.fresh('app');
    const app = await startTestServer({ MONGODB_URI: uri, ENCRYPTION_KEY: KEY.toString('base64') });
    try {
      const store = app.parts.store as MongoStore;
      const db = store.database;
      const inboundThrown = failFirst(
        db,
        'inbound',
        'insertOne',
        throwing(() => labelled('TransientTransactionError')),
      );
      const conversationThrown = failFirst(db, 'conversations', 'insertOne', throwing(deadlock));
      const r = await sms(app.url, app.env.PUBLIC_BASE_URL, { MessageSid: `SM${'7'.repeat(32)}`, From: '+14165553007', Body: 'Hello' });
      expect(r.status).toBe(200);
      expect(twimlTexts(r.body).length).toBeGreaterThan(0);
      expect([inboundThrown(), conversationThrown()]).toEqual([1, 1]);
      const conversation = await store.findConversation({ channel: 'sms', address: '+14165553007' });
      expect((await store.transcript(conversation!.id)).filter((e) => e.direction === 'in').map((e) => e.text)).toEqual(['Hello']);
    } finally {
      await app.close();
    }
  });
});
