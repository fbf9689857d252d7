/**
 * Several server processes on one store, as behind a load balancer, and a process killed
 * mid-burst: nothing is lost, duplicated or overwritten, and no log holds what anyone wrote.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FieldCipher } from '../src/store/cipher';
import { MongoStore } from '../src/store/mongo';
import { SqliteStore } from '../src/store/sqlite';
import { testMongoUri } from './support/mongo-server';
import type { Store } from '../src/store/store';
import { TEST_TWILIO, startTestServer } from './support/server';
import { sms, spawnServer, twimlTexts, type ServerProcess } from './support/processes';
import { REFERENCE } from './scripts.reference';
import { openStream } from './support/dl-stream';

const PUBLIC = 'https://intake.example.test';
const KEY = randomBytes(32).toString('base64');

interface Backend {
  name: string;
  env(): Record<string, string>;
  open(): Promise<Store>;
}

function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'instances-'));
  return {
    name: 'embedded SQLite file',
    env: () => ({ DATA_DIR: dir }),
    open: async () => new SqliteStore(dir, new FieldCipher([{ id: 'k1', key: Buffer.from(KEY, 'base64') }])),
  };
}

function mongoBackend(): Backend {
  // The run's MongoDB-wire server (FerretDB, or MONGODB_URI): one database for these processes.
  const uri = testMongoUri('instances');
  return {
    name: 'MongoDB database',
    env: () => ({ MONGODB_URI: uri, DATA_DIR: mkdtempSync(join(tmpdir(), 'instances-')) }),
    open: () => MongoStore.open(uri, new FieldCipher([{ id: 'k1', key: Buffer.from(KEY, 'base64') }])),
  };
}

const BACKENDS: Array<() => Backend> = [sqliteBackend, mongoBackend];

let phone = 7165550300;
const nextPhone = () => `+1${phone++}`;
/** A message id for a number that does not contain the number (real MessageSids never do). */
const tag = (from: string) => `n${from.slice(-3)}`;

for (const make of BACKENDS) {
  const backend = make();
  describe(`two instances on one ${backend.name}`, () => {
    let a: ServerProcess;
    let b: ServerProcess;
    let store: Store;
    const env = () => ({
      ...backend.env(),
      PUBLIC_BASE_URL: PUBLIC,
      ENCRYPTION_KEY: KEY,
      ENCRYPTION_KEY_ID: 'k1',
      TWILIO_ACCOUNT_SID: TEST_TWILIO.accountSid,
      TWILIO_AUTH_TOKEN: TEST_TWILIO.authToken,
      TWILIO_PHONE_NUMBER: '+17165550100',
    });
    beforeAll(async () => {
      [a, b] = await Promise.all([spawnServer(env()), spawnServer(env())]);
      store = await backend.open();
    }, 120_000);
    afterAll(async () => {
      await Promise.all([a?.kill('SIGTERM'), b?.kill('SIGTERM')]);
      await store?.close();
    });

    async function transcriptOf(from: string) {
      const record = await store.findConversation({ channel: 'sms', address: from });
      return { record, entries: record ? await store.transcript(record.id) : [] };
    }

    it('one conversation whose messages alternate between them completes the intake', async () => {
      const from = nextPhone();
      let last = '';
      for (const [i, body] of REFERENCE.en.entries()) {
        const r = await sms(i % 2 ? b.url : a.url, PUBLIC, { MessageSid: `SMalt${tag(from)}${i}`, From: from, Body: body });
        expect(r.status).toBe(200);
        last = twimlTexts(r.body).join(' ');
      }
      expect(last).toMatch(/reference is HP-/);
      const { entries } = await transcriptOf(from);
      expect(entries.filter((e) => e.direction === 'in').map((e) => e.text)).toEqual(REFERENCE.en);
    });

    it('the same webhook delivered to both at once is processed once and answered the same', async () => {
      const from = nextPhone();
      await sms(a.url, PUBLIC, { MessageSid: `SMdup${tag(from)}0`, From: from, Body: 'Hello' });
      const both = await Promise.all([a, b].map((s) => sms(s.url, PUBLIC, { MessageSid: `SMdup${tag(from)}1`, From: from, Body: 'yes' })));
      expect(both.map((r) => r.status)).toEqual([200, 200]);
      expect(twimlTexts(both[0].body)).toEqual(twimlTexts(both[1].body));
      expect(twimlTexts(both[0].body).join(' ')).toContain('danger');
      const { entries, record } = await transcriptOf(from);
      expect(entries.filter((e) => e.messageId === `SMdup${tag(from)}1`)).toHaveLength(1);
      expect(entries.filter((e) => e.replyTo === `SMdup${tag(from)}1`).length).toBeGreaterThan(0);
      expect(record!.version).toBe(2);
    });

    it('twenty messages of one conversation spread over both at once: each in once, answered once, all in the state', async () => {
      const from = nextPhone();
      await sms(a.url, PUBLIC, { MessageSid: `SMburst${tag(from)}-0`, From: from, Body: 'Hello' });
      await sms(b.url, PUBLIC, { MessageSid: `SMburst${tag(from)}-1`, From: from, Body: 'yes' });
      const before = (await transcriptOf(from)).record!.version;
      const sids = Array.from({ length: 20 }, (_, i) => `SMburst${tag(from)}-x${i}`);
      // "help" never moves the conversation, so any order is a valid one; each must be answered.
      const results = await Promise.all(sids.map((sid, i) => sms(i % 2 ? b.url : a.url, PUBLIC, { MessageSid: sid, From: from, Body: 'help' })));
      expect(results.map((r) => r.status)).toEqual(sids.map(() => 200));
      for (const r of results) expect(twimlTexts(r.body).join(' ')).toContain('intake assistant');
      const { entries, record } = await transcriptOf(from);
      for (const sid of sids) {
        expect(entries.filter((e) => e.direction === 'in' && e.messageId === sid)).toHaveLength(1);
        expect(entries.filter((e) => e.replyTo === sid).length).toBeGreaterThan(0);
      }
      // Every one of them was a turn of the conversation: none overwrote another.
      expect(record!.version).toBe(before + 20);
      // And each message's replies follow it directly.
      const order = entries.map((e) => (e.direction === 'in' ? `in:${e.messageId}` : `out:${e.replyTo}`));
      for (let i = 1; i < order.length; i++) {
        if (order[i].startsWith('out:'))
          expect(
            order
              .slice(0, i)
              .reverse()
              .find((x) => x.startsWith('in:')),
          ).toBe(`in:${order[i].slice(4)}`);
      }
    });

    it('a web chat stream open on one instance gets the replies the other produces (no sticky sessions)', async () => {
      const dl = async (base: string, path: string, token?: string, json?: unknown) => {
        const r = await fetch(`${base}/v3/directline${path}`, {
          method: json === undefined && !path.endsWith('/generate') ? 'GET' : 'POST',
          headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(json === undefined ? {} : { 'Content-Type': 'application/json' }) },
          body: json === undefined ? undefined : JSON.stringify(json),
        });
        return (await r.json()) as any;
      };
      const { token } = await dl(a.url, '/tokens/generate');
      const started = await dl(a.url, '/conversations', token, { locale: 'en' });
      // The public URL is the load balancer's (wss://); this test reaches instance A itself.
      const url = new URL(started.streamUrl);
      expect(url.protocol).toBe('wss:');
      const stream = await openStream(`${a.url.replace(/^http/, 'ws')}${url.pathname}${url.search}`);
      await stream.until('the greeting', () => stream.sets[0]);
      const record = await store.findConversation({ channel: 'webchat', address: started.conversationId });
      for (const [i, text] of ['yes', 'no', 'outside the US'].entries()) {
        // Every message to instance B.
        const posted = await dl(b.url, `/conversations/${started.conversationId}/activities`, token, {
          type: 'message',
          text,
          locale: 'en',
          channelData: { clientActivityID: `x${i}` },
        });
        const replies = (await store.transcript(record!.id)).filter((e) => e.replyTo === posted.id).length;
        expect(replies).toBeGreaterThan(0);
        await stream.until(`the replies to "${text}" on instance A`, () => stream.activities().filter((x) => x.replyToId === posted.id).length === replies);
        expect(stream.activities().filter((x) => x.channelData?.clientActivityID === `x${i}`)).toHaveLength(1);
      }
      // Exactly what polling lists, on either instance.
      for (const base of [a.url, b.url])
        expect(stream.activities()).toEqual((await dl(base, `/conversations/${started.conversationId}/activities`, token)).activities);
      stream.ws.close();
    }, 60_000);

    it('logs hold no message text and no phone number', () => {
      const logs = a.output() + b.output();
      expect(logs.length).toBeGreaterThan(0);
      // On FerretDB the operator is told to run one instance (these tests' FerretDB is serialized).
      const onFerretDb = backend.name.startsWith('MongoDB') && (process.env.TEST_MONGODB_KIND ?? '').startsWith('FerretDB');
      expect(logs.includes('run ONE instance')).toBe(onFerretDb);
      for (const secret of ['leukemia', 'Tremblay', 'theft', 'marc@example.com', '716555', '+1716', 'Roswell']) expect(logs).not.toContain(secret);
    });
  });

  describe(`a crash on ${backend.name}`, () => {
    it('a process killed with SIGKILL mid-burst loses no message that got a 200, and the conversations go on', async () => {
      const crashEnv = {
        ...backend.env(),
        PUBLIC_BASE_URL: PUBLIC,
        ENCRYPTION_KEY: KEY,
        ENCRYPTION_KEY_ID: 'k1',
        TWILIO_ACCOUNT_SID: TEST_TWILIO.accountSid,
        TWILIO_AUTH_TOKEN: TEST_TWILIO.authToken,
      };
      const first = await spawnServer(crashEnv);
      const phones = Array.from({ length: 6 }, nextPhone);
      const acknowledged: Array<{ from: string; sid: string }> = [];
      // A scripted burst: six families, each sending their intake as fast as answers come back.
      const burst = phones.map(async (from) => {
        for (const [i, body] of REFERENCE.en.slice(0, 15).entries()) {
          const sid = `SMcrash${tag(from)}-${i}`;
          try {
            const r = await sms(first.url, PUBLIC, { MessageSid: sid, From: from, Body: body });
            if (r.status === 200) acknowledged.push({ from, sid });
          } catch {
            return; // the server is gone
          }
        }
      });
      // Kill it once some messages have been answered, while others are in flight.
      while (acknowledged.length < 20) await new Promise((r) => setTimeout(r, 20));
      await first.kill('SIGKILL');
      await Promise.all(burst);

      const second = await spawnServer(crashEnv);
      const store = await backend.open();
      try {
        for (const { from, sid } of acknowledged) {
          const record = await store.findConversation({ channel: 'sms', address: from });
          const entries = await store.transcript(record!.id);
          expect(entries.filter((e) => e.direction === 'in' && e.messageId === sid)).toHaveLength(1);
        }
        // Each family goes on: the next message gets an answer that continues the intake.
        for (const from of phones) {
          const record = await store.findConversation({ channel: 'sms', address: from });
          if (!record) continue; // its first message never got through
          const r = await sms(second.url, PUBLIC, { MessageSid: `SMafter${tag(from)}`, From: from, Body: 'help' });
          expect(r.status).toBe(200);
          // The help text (it ends "Call 911."), then the question where they were: one SMS or several.
          expect(twimlTexts(r.body).join('\n')).toMatch(/intake assistant[^]*Call 911\.\s+\S/);
        }
      } finally {
        await second.kill('SIGTERM');
        await store.close();
      }
    }, 180_000);
  });
}

describe('a message received but never processed (a crash between the two)', () => {
  it('is processed, in order, before the next message of its conversation', async () => {
    const app = await startTestServer();
    try {
      const from = '+17165550499';
      const send = (sid: string, body: string) => sms(app.url, app.env.PUBLIC_BASE_URL, { MessageSid: sid, From: from, Body: body });
      await send('SMlost0', 'Hello');
      // "yes" reached the store, then the process died before its turn.
      await app.parts.store.receive({ channel: 'sms', address: from, id: 'SMlost1', at: new Date().toISOString(), text: 'yes', media: [] });
      const next = await send('SMlost2', 'no');
      // "yes" (consent) was processed first, so "no" answers the danger question.
      expect(twimlTexts(next.body).join(' ')).toContain('Where is the person');
      const record = await app.parts.store.findConversation({ channel: 'sms', address: from });
      const entries = await app.parts.store.transcript(record!.id);
      expect(entries.filter((e) => e.direction === 'in').map((e) => e.messageId)).toEqual(['SMlost0', 'SMlost1', 'SMlost2']);
      // Twilio's retry of the lost one gets the replies it would have had.
      expect(twimlTexts((await send('SMlost1', 'yes')).body).join(' ')).toContain('in danger');
    } finally {
      await app.close();
    }
  });
});
