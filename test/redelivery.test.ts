/**
 * A reply stored but never sent (issue 11, finding 6). SMS replies leave in the webhook's
 * response: a process that dies after a turn's commit and before that response leaves the family
 * with nothing, and they write their answer again under a new MessageSid. On the embedded store
 * and on MongoDB: after a restart the unsent reply goes out through Twilio's REST API (a local
 * fake), once, even with two instances looking; the family's re-sent answer gets the reply it
 * should have had and is not taken as the answer to the question they never saw; and an answer
 * repeated on purpose after its reply was sent ("no" to two questions in a row) is an answer.
 *
 * The process dying is the service's turn run directly, as the Twilio route runs it (the caller
 * confirms delivery), its response never written (nothing marks its replies sent); the restart is
 * a new server on the same data. Times are the messages'
 * own (`at`), a minute apart as the family would write, so nothing here waits on the clock.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IntakeContext } from '../dialogs/context';
import { REDELIVER_AFTER_MS } from '../src/conversation/redelivery';
import { REPEAT_NOT_BEFORE_MS, REPEAT_WINDOW_MS } from '../src/conversation/repeats';
import type { HandledTurn } from '../src/conversation/service';
import { toSms } from '../src/i18n/render';
import { FieldCipher } from '../src/store/cipher';
import { MongoStore } from '../src/store/mongo';
import { SqliteStore } from '../src/store/sqlite';
import type { ConversationKey, Store } from '../src/store/store';
import { converse } from './support/converse';
import { startFakeTwilio, type FakeTwilio } from './support/fake-twilio';
import { scratchDatabases } from './support/mongo-server';
import { sms, spawnServer, twimlTexts } from './support/processes';
import { startTestServer, type TestServer } from './support/server';
import { REFERENCE } from './scripts.reference';

const KEY = randomBytes(32).toString('base64');
const cipher = new FieldCipher([{ id: 'k1', key: Buffer.from(KEY, 'base64') }]);
const databases = scratchDatabases('redelivery');

/** Where one family's data lives: what a restart finds again. */
interface Place {
  env: Record<string, string>;
  dataDir: string;
  open(): Promise<Store>;
}

const BACKENDS: Array<{ name: string; place(label: string): Place }> = [
  {
    name: 'the embedded store',
    place: () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'redelivery-'));
      return { env: { ENCRYPTION_KEY: KEY }, dataDir, open: async () => new SqliteStore(dataDir, cipher) };
    },
  },
  {
    name: 'MongoDB',
    place: (label) => {
      const uri = databases.fresh(label);
      return { env: { ENCRYPTION_KEY: KEY, MONGODB_URI: uri }, dataDir: mkdtempSync(join(tmpdir(), 'redelivery-')), open: () => MongoStore.open(uri, cipher) };
    },
  },
];

let fake: FakeTwilio;
beforeAll(async () => {
  fake = await startFakeTwilio();
});
afterAll(() => fake?.close());

let sidSeq = 0;
const nextSid = () => 'SM' + randomBytes(4).toString('hex') + (++sidSeq).toString(16).padStart(24, '0');
let phoneSeq = 0;
const nextPhone = () => `+1716555${String(4000 + ++phoneSeq)}`;

/** Waits for `ready` (polled), failing with `what` after a generous bound. */
async function until(what: string, ready: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const contextOf = async (store: Store, key: ConversationKey) => (await store.findConversation(key))!.snapshot as unknown as { context: IntakeContext };

interface Died {
  key: ConversationKey;
  /** When the family's first message came in (converse's start). */
  start: Date;
  /** The turn whose response never left. */
  last: HandledTurn;
  lastId: string;
}

/**
 * The family's first `n` messages of the reference intake, a minute apart, the last a minute
 * ago; each turn's response went out (marked as the Twilio route does once it is written) but
 * the last one's: the process died after that turn's commit.
 */
async function diedAfterCommit(app: TestServer, from: string, n: number): Promise<Died> {
  const key: ConversationKey = { channel: 'sms', address: from };
  const start = new Date(Date.now() - (n + 1) * 60_000);
  let last: HandledTurn | null = null;
  let lastId = '';
  for (const [i, text] of REFERENCE.en.slice(0, n).entries()) {
    lastId = nextSid();
    last = await app.parts.service.receive({
      ...key,
      id: lastId,
      at: new Date(start.getTime() + (i + 1) * 60_000).toISOString(),
      text,
      media: [],
      confirmsDelivery: true,
    });
    expect(last.delivery).toEqual({ ...key, inboundId: lastId });
    if (i < n - 1) await app.parts.service.repliesSent(last.delivery!);
  }
  expect(last!.replies.length).toBeGreaterThan(0);
  expect((await app.parts.store.findConversation(key))!.unsent).toMatchObject({ inboundId: lastId, claimedUntil: null });
  return { key, start, last: last!, lastId };
}

/** After '2004' (the first incident's year) the place is asked: the reply that never left. */
const YEAR = REFERENCE.en.indexOf('2004');
const PLACE = REFERENCE.en[YEAR + 1];

for (const backend of BACKENDS) {
  describe(`a reply stored but never sent, on ${backend.name}`, () => {
    const started = (place: Place, o: { dataDir?: string } = {}) =>
      startTestServer({ ...place.env, TWILIO_API_URL: fake.url }, { dataDir: o.dataDir ?? place.dataDir });

    it('is sent by the server that starts next, through the REST API, and the intake goes on where it was', async () => {
      const place = backend.place('start');
      const from = nextPhone();
      const before = await started(place);
      const died = await diedAfterCommit(before, from, YEAR + 1);
      await before.close();
      const expected = toSms(died.last.replies);
      expect(expected.join(' ')).toMatch(/where/i);

      // The server as an operator runs it (its own process, its own clock): it looks at start.
      const next = await spawnServer({ ...before.env, LOG_LEVEL: 'info', TWILIO_API_URL: fake.url });
      try {
        await until('the unsent reply at the fake Twilio', () => fake.to(from).length >= expected.length);
        expect(fake.to(from).map((m) => [m.from, m.body])).toEqual(expected.map((body) => ['+17165550100', body]));
        // The family, who got it, answers it.
        const r = await sms(next.url, before.env.PUBLIC_BASE_URL, { MessageSid: nextSid(), From: from, Body: PLACE });
        expect(r.status).toBe(200);
        const expectedIntake = converse(REFERENCE.en.slice(0, YEAR + 2), { start: died.start, knownPhone: from });
        expect(twimlTexts(r.body)).toEqual(expectedIntake.turns[YEAR + 1].sms);
        expect(next.output()).not.toContain(from);
      } finally {
        await next.kill('SIGTERM');
      }
      const store = await place.open();
      try {
        const { context } = await contextOf(store, died.key);
        const expectedIntake = converse(REFERENCE.en.slice(0, YEAR + 2), { start: died.start, knownPhone: from });
        expect(context.answers).toEqual(expectedIntake.context.answers);
        expect(context.incidents).toEqual(expectedIntake.context.incidents);
        expect((await store.findConversation(died.key))!.unsent).toBeNull();
      } finally {
        await store.close();
      }
      expect(fake.to(from)).toHaveLength(expected.length);
    }, 120_000);

    it('is sent once when two instances look at the same time, and not again', async () => {
      const place = backend.place('once');
      const from = nextPhone();
      const before = await started(place);
      const died = await diedAfterCommit(before, from, YEAR + 1);
      await before.close();
      // Two instances on the same data (on MongoDB each with its own spool folder).
      const a = await started(place);
      const b = await started(place, { dataDir: backend.name === 'MongoDB' ? mkdtempSync(join(tmpdir(), 'redelivery-')) : place.dataDir });
      try {
        const now = new Date();
        // Not while a live request could still be answering it.
        const since = (await a.parts.store.findConversation(died.key))!.unsent!.since;
        expect(await a.parts.redelivery.tick(new Date(Date.parse(since) + REDELIVER_AFTER_MS - 1))).toBe(0);
        expect(fake.to(from)).toEqual([]);
        const sent = await Promise.all([a.parts.redelivery.tick(now), b.parts.redelivery.tick(now)]);
        expect(sent.sort()).toEqual([0, 1]);
        const expected = toSms(died.last.replies);
        expect(fake.to(from).map((m) => m.body)).toEqual(expected);
        expect(await a.parts.redelivery.tick(new Date(now.getTime() + 10 * 60_000))).toBe(0);
        expect(await b.parts.redelivery.tick(new Date(now.getTime() + 10 * 60_000))).toBe(0);
        expect(fake.to(from).map((m) => m.body)).toEqual(expected);
        expect((await a.parts.store.findConversation(died.key))!.unsent).toBeNull();
      } finally {
        await a.close();
        await b.close();
      }
    });

    it("takes the family's re-sent answer under a new MessageSid for what it is: it gets the lost reply, and the next answer goes where it belongs", async () => {
      const place = backend.place('resent');
      const from = nextPhone();
      const before = await started(place);
      const died = await diedAfterCommit(before, from, YEAR + 1);
      await before.close();
      const after = await started(place);
      try {
        // A minute after the turn that was lost, the family writes "2004" again.
        const again = nextSid();
        const r = await sms(after.url, after.env.PUBLIC_BASE_URL, { MessageSid: again, From: from, Body: ' 2004 ' });
        expect(r.status).toBe(200);
        expect(twimlTexts(r.body)).toEqual(toSms(died.last.replies));
        // Its response out, nothing is left unsent: the redelivery sends nothing.
        await until('the re-sent reply marked sent', async () => (await after.parts.store.findConversation(died.key))!.unsent === null);
        expect(await after.parts.redelivery.tick(new Date(Date.now() + 2 * 60_000))).toBe(0);
        expect(fake.to(from)).toEqual([]);
        // Twilio retrying that webhook gets the same.
        expect(twimlTexts((await sms(after.url, after.env.PUBLIC_BASE_URL, { MessageSid: again, From: from, Body: ' 2004 ' })).body)).toEqual(
          toSms(died.last.replies),
        );

        // The place, then: recorded as the place, the intake exactly as without the crash.
        const next = await sms(after.url, after.env.PUBLIC_BASE_URL, { MessageSid: nextSid(), From: from, Body: PLACE });
        const expectedIntake = converse(REFERENCE.en.slice(0, YEAR + 2), { start: died.start, knownPhone: from });
        expect(twimlTexts(next.body)).toEqual(expectedIntake.turns[YEAR + 1].sms);
        const { context } = await contextOf(after.parts.store, died.key);
        expect(context.answers).toEqual(expectedIntake.context.answers);
        expect(context.incidents).toEqual(expectedIntake.context.incidents);
        // The transcript keeps both messages, each followed by the same replies.
        const record = await after.parts.store.findConversation(died.key);
        const transcript = await after.parts.store.transcript(record!.id);
        expect(transcript.filter((e) => e.direction === 'in').map((e) => e.text)).toEqual([...REFERENCE.en.slice(0, YEAR + 1), ' 2004 ', PLACE]);
        const keysOf = (id: string) => transcript.filter((e) => e.replyTo === id).map((e) => e.rendered?.key);
        expect(keysOf(again)).toEqual(keysOf(died.lastId));
        expect(keysOf(again).length).toBeGreaterThan(0);
      } finally {
        await after.close();
      }
    });

    it('takes the same text as an answer once the reply was sent, or when it comes later than the window', async () => {
      const place = backend.place('onpurpose');
      const app = await started(place);
      try {
        // The whole intake, a minute apart, every response out: its many "no" in a row are answers.
        const from = nextPhone();
        const key: ConversationKey = { channel: 'sms', address: from };
        const start = new Date(Date.now() - (REFERENCE.en.length + 1) * 60_000);
        for (const [i, text] of REFERENCE.en.entries()) {
          const handled = await app.parts.service.receive({
            ...key,
            id: nextSid(),
            at: new Date(start.getTime() + (i + 1) * 60_000).toISOString(),
            text,
            media: [],
            confirmsDelivery: true,
          });
          if (handled.delivery) await app.parts.service.repliesSent(handled.delivery);
        }
        const expectedIntake = converse(REFERENCE.en, { start, knownPhone: from });
        const { context } = await contextOf(app.parts.store, key);
        expect(context.answers).toEqual(expectedIntake.context.answers);
        expect(context.incidents).toEqual(expectedIntake.context.incidents);
        expect(context.status).toBe('complete');

        // Unsent, but the same text later than the window, or sooner than anyone re-sends for want
        // of an answer: an answer all the same.
        const lines = REFERENCE.en.slice(0, REFERENCE.en.indexOf('no', 30) + 2);
        expect(lines.slice(-2)).toEqual(['no', 'no']);
        const [later, sooner] = [6 * 60_000, 3_000];
        expect([later > REPEAT_WINDOW_MS, sooner < REPEAT_NOT_BEFORE_MS]).toEqual([true, true]);
        for (const gap of [later, sooner]) {
          const other: ConversationKey = { channel: 'sms', address: nextPhone() };
          const t0 = Date.now() - 60 * 60_000;
          let at = t0;
          let handled: HandledTurn | null = null;
          for (const [i, text] of lines.entries()) {
            at += i === lines.length - 1 ? gap : 60_000;
            handled = await app.parts.service.receive({ ...other, id: nextSid(), at: new Date(at).toISOString(), text, media: [], confirmsDelivery: true });
            // The second to last "no": its reply never marked sent.
            if (handled.delivery && i !== lines.length - 2) await app.parts.service.repliesSent(handled.delivery);
          }
          const expected = converse(lines, { start: new Date(t0), knownPhone: other.address });
          // The last "no" answered the next question: its reply is the question after it.
          expect(handled!.replies.map((m) => m.key)).toEqual(expected.turns.at(-1)!.keys);
          expect(expected.turns.at(-1)!.keys).not.toEqual(expected.turns.at(-2)!.keys);
          expect((await contextOf(app.parts.store, other)).context.answers).toEqual(expected.context.answers);
        }
      } finally {
        await app.close();
      }
    });

    it('takes a re-sent message as such when the first was received but never processed (the process died in between)', async () => {
      const place = backend.place('unprocessed');
      const from = nextPhone();
      const key: ConversationKey = { channel: 'sms', address: from };
      const before = await started(place);
      const died = await diedAfterCommit(before, from, YEAR);
      await before.parts.service.repliesSent(died.last.delivery!);
      // "2004" written, and nothing more: not processed, never answered.
      const lost = nextSid();
      await before.parts.store.receive({ ...key, id: lost, at: new Date(Date.now() - 30 * 60_000).toISOString(), text: '2004', media: [] });
      await before.close();
      const after = await started(place);
      try {
        // Long after, the family writes it again: processed once, the reply it should have had.
        const expectedIntake = converse(REFERENCE.en.slice(0, YEAR + 2), { start: died.start, knownPhone: from });
        const r = await sms(after.url, after.env.PUBLIC_BASE_URL, { MessageSid: nextSid(), From: from, Body: '2004' });
        expect(twimlTexts(r.body)).toEqual(expectedIntake.turns[YEAR].sms);
        const next = await sms(after.url, after.env.PUBLIC_BASE_URL, { MessageSid: nextSid(), From: from, Body: PLACE });
        expect(twimlTexts(next.body)).toEqual(expectedIntake.turns[YEAR + 1].sms);
        const { context } = await contextOf(after.parts.store, key);
        expect(context.answers).toEqual(expectedIntake.context.answers);
        expect(context.incidents).toEqual(expectedIntake.context.incidents);
      } finally {
        await after.close();
      }
    });

    it('marks a webhook turn sent once its response is out', async () => {
      const place = backend.place('marked');
      const app = await started(place);
      try {
        const from = nextPhone();
        const key: ConversationKey = { channel: 'sms', address: from };
        for (const body of REFERENCE.en.slice(0, 3)) {
          const r = await sms(app.url, app.env.PUBLIC_BASE_URL, { MessageSid: nextSid(), From: from, Body: body });
          expect(twimlTexts(r.body).length).toBeGreaterThan(0);
          await until('the reply marked sent', async () => (await app.parts.store.findConversation(key))!.unsent === null);
        }
        expect(await app.parts.redelivery.tick(new Date(Date.now() + 2 * 60_000))).toBe(0);
        expect(fake.to(from)).toEqual([]);
        // A caller that does not send the replies itself (web chat's client reads the transcript;
        // botbuilder posts Bot Framework replies) leaves nothing unsent.
        const handled = await app.parts.service.receive({ ...key, id: nextSid(), at: new Date().toISOString(), text: 'no', media: [] });
        expect(handled.replies.length).toBeGreaterThan(0);
        expect(handled.delivery).toBeNull();
        expect((await app.parts.store.findConversation(key))!.unsent).toBeNull();
      } finally {
        await app.close();
      }
    });
  });
}
