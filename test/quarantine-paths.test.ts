/**
 * A turn that fails, on every path a turn is taken (issue 12, item 3), beside the webhook of
 * test/quarantine.test.ts: the replay of a message a process left unprocessed, at the family's
 * next message; the inactivity scheduler; the outage spool's replay; web chat (Direct Line); and
 * Bot Framework. On each, nothing is thrown where nobody catches it (this process records any
 * uncaught exception or unhandled rejection), the message is set aside after its attempts, the
 * family told once, and what comes after goes on.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { assign, emit } from 'xstate';
import type { IntakeContext } from '../dialogs/context';
import { intakeMachine } from '../dialogs/intake.machine';
import { MAX_TURN_ATTEMPTS } from '../src/conversation/quarantine';
import { CURRENT_INTERVIEW, type Interview } from '../src/engine/restore';
import { Catalog } from '../src/i18n/catalog';
import type { ConversationKey, ConversationRecord } from '../src/store/store';
import { converse } from './support/converse';
import { startFakeTwilio, type FakeTwilio } from './support/fake-twilio';
import { scratchDatabases } from './support/mongo-server';
import { POISON, poisonedInterview } from './support/poisoned-chart';
import { sms as postSms, twimlTexts } from './support/processes';
import { replayAll } from './support/spool';
import { startTestServer, type TestServer } from './support/server';
import { startSmtp } from './support/smtp';
import { REFERENCE } from './scripts.reference';
import { collectEscapedErrors } from './support/escaped-errors';

const KEY = randomBytes(32).toString('base64');
const databases = scratchDatabases('qpaths');
const FRENCH = REFERENCE.fr;
const SPANISH = REFERENCE.es;
const HOSPITAL = FRENCH.indexOf(POISON);
const catalog = new Catalog();
/** The family's notice where a set-aside message is told to somebody at the firm: "a person will follow up". */
const notice = (lang: 'en' | 'fr' | 'es') => catalog.t(lang, 'say.quarantined', { firmName: 'Test Law', firmPhone: '+1 716 555 0100' });
/**
 * Where nobody can be told (no inbox, no on-call email or phone: these servers configure none), no
 * promise: the firm's number, and its hours (not configured here: said to be unknown).
 */
const unreached = (lang: 'en' | 'fr' | 'es') =>
  catalog.t(lang, 'say.quarantined_unreached', { firmName: 'Test Law', firmPhone: '+1 716 555 0100', firmHours: catalog.t(lang, 'say.hours.unknown') });
/** The words of SMS messages, in order: a turn's texts may be joined or cut between words to save segments. */
const words = (texts: readonly string[]) => texts.join(' ').split(/\s+/).filter(Boolean);

/** Errors thrown where nobody catches them. */
const escaped = collectEscapedErrors();
afterEach(async () => {
  // XState reported unobserved errors from a setTimeout(0): let any such timer run first.
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
  expect(escaped).toEqual([]);
});

let fake: FakeTwilio;
beforeAll(async () => {
  fake = await startFakeTwilio();
});
afterAll(() => fake?.close());

/** A logger whose lines the test reads (what failed, how often). */
function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return {
    logger: pino({ level: 'info', base: undefined }, stream),
    lines,
    count: (msg: string) => lines.filter((l) => (JSON.parse(l) as { msg: string }).msg === msg).length,
  };
}

const BACKENDS: Array<{ name: string; env(label: string): Record<string, string> }> = [
  { name: 'the embedded store', env: () => ({}) },
  { name: 'MongoDB', env: (label) => ({ MONGODB_URI: databases.fresh(label) }) },
];

let sidSeq = 0;
const nextSid = () => 'SM' + randomBytes(4).toString('hex') + (++sidSeq).toString(16).padStart(24, '0');
let phoneSeq = 0;
const nextPhone = () => `+1716555${String(7000 + ++phoneSeq)}`;

async function sms(app: TestServer, from: string, body: string, sid = nextSid()) {
  const r = await postSms(app.url, app.env.PUBLIC_BASE_URL, { From: from, Body: body, MessageSid: sid, AccountSid: 'AC' + '0123456789abcdef'.repeat(2) });
  return { status: r.status, texts: twimlTexts(r.body) };
}

async function write(app: TestServer, from: string, lines: string[]) {
  for (const line of lines) expect((await sms(app, from, line)).status).toBe(200);
}

const withoutUnsent = ({ unsent: _unsent, ...r }: ConversationRecord): ConversationRecord => r;
/** Written by a release whose state is gone, with its ids lost: it can be neither restored nor rebuilt. */
const CORRUPT = {
  status: 'active',
  value: { intake: 'dangerNow' },
  context: { language: 'fr', answers: {} },
  children: {},
  historyValue: {},
  interviewVersion: 1,
};

/** A chart whose reminder fails (its `say` throws for that one key): the chart's fault, on a timer. */
const reminderFails: Interview = {
  ...CURRENT_INTERVIEW,
  machine: intakeMachine.provide({
    actions: {
      say: emit((_: unknown, { key }: { key: string }) => {
        if (key === 'reminder') throw new Error('reminder');
        return { type: 'say' as const, key };
      }) as never,
    },
  }),
};

for (const backend of BACKENDS) {
  describe(`a turn that fails, on ${backend.name}`, () => {
    it('left unprocessed by a process that died in it, is tried again at the next message, that attempt counted, and set aside: the next message goes on', async () => {
      const log = capturedLogger();
      const app = await startTestServer(
        { ENCRYPTION_KEY: KEY, TWILIO_API_URL: fake.url, ...backend.env('unprocessed') },
        { logger: log.logger, start: { interview: poisonedInterview } },
      );
      try {
        const from = nextPhone();
        const key: ConversationKey = { channel: 'sms', address: from };
        const start = new Date();
        await write(app, from, FRENCH.slice(0, HOSPITAL));
        // The poisoned answer was received by a process that died during its turn: nothing counted it.
        const lost = nextSid();
        await app.parts.store.receive({ ...key, id: lost, at: new Date().toISOString(), text: FRENCH[HOSPITAL], media: [] });

        // The family's next message: the attempt that never ended is counted, the one before is
        // tried for the rest of its attempts, set aside, and this message goes on; its response
        // carries the notice of the one set aside.
        const expected = converse([...FRENCH.slice(0, HOSPITAL), FRENCH[HOSPITAL + 1]], { start, knownPhone: from });
        const r = await sms(app, from, FRENCH[HOSPITAL + 1]);
        expect({ status: r.status, words: words(r.texts) }).toEqual({ status: 200, words: words([unreached('fr'), ...expected.turns[HOSPITAL].sms]) });
        expect(log.count('turn failed')).toBe(MAX_TURN_ATTEMPTS - 1);
        expect(await app.parts.store.inboundMessage(key, lost)).toMatchObject({
          attempts: MAX_TURN_ATTEMPTS,
          quarantine: { id: expect.stringMatching(/^Q-/) },
        });
        expect(await app.parts.store.unprocessed(key)).toEqual([]);
        const stored = (await app.parts.store.findConversation(key))!;
        expect((stored.snapshot as unknown as { context: IntakeContext }).context.answers).toEqual(expected.context.answers);
        // In the transcript in the order received, each with its replies.
        const transcript = await app.parts.store.transcript(stored.id);
        expect(transcript.filter((e) => e.direction === 'in').map((e) => e.text)).toEqual([...FRENCH.slice(0, HOSPITAL + 2)]);
        expect(transcript.filter((e) => e.replyTo === lost).map((e) => e.text)).toEqual([unreached('fr')]);
      } finally {
        await app.close();
      }
    });

    it('left unprocessed after as many attempts as allowed, none of which ended (each ended the process), is set aside without being tried again: the next message goes on', async () => {
      const log = capturedLogger();
      // The chart is sound: were the message tried, it would be answered. It must not be tried.
      const app = await startTestServer({ ENCRYPTION_KEY: KEY, TWILIO_API_URL: fake.url, ...backend.env('unfinished') }, { logger: log.logger });
      try {
        const from = nextPhone();
        const key: ConversationKey = { channel: 'sms', address: from };
        const start = new Date();
        await write(app, from, FRENCH.slice(0, HOSPITAL));
        const before = (await app.parts.store.findConversation(key))!;
        // Received, then replayed at two later messages, each replay ending the process (each
        // counted by the replay after it); the last one counted its predecessor.
        const lost = nextSid();
        await app.parts.store.receive({ ...key, id: lost, at: new Date().toISOString(), text: FRENCH[HOSPITAL], media: [] });
        for (let i = 0; i < MAX_TURN_ATTEMPTS - 1; i++) await app.parts.store.failedAttempt(key, lost);

        const expected = converse([...FRENCH.slice(0, HOSPITAL), FRENCH[HOSPITAL + 1]], { start, knownPhone: from });
        const r = await sms(app, from, FRENCH[HOSPITAL + 1]);
        expect({ status: r.status, words: words(r.texts) }).toEqual({ status: 200, words: words([unreached('fr'), ...expected.turns[HOSPITAL].sms]) });
        expect(log.count('turn failed')).toBe(0);
        expect(log.count('message set aside: a person must follow up')).toBe(1);
        expect(await app.parts.store.inboundMessage(key, lost)).toMatchObject({
          text: FRENCH[HOSPITAL],
          attempts: MAX_TURN_ATTEMPTS,
          quarantine: { id: expect.stringMatching(/^Q-/) },
        });
        // Not run: its answer is not in the intake.
        const stored = (await app.parts.store.findConversation(key))!;
        expect(stored.version).toBe(before.version + 2);
        expect((stored.snapshot as unknown as { context: IntakeContext }).context.answers).toEqual(expected.context.answers);
      } finally {
        await app.close();
      }
    });

    it('in the scheduler: a conversation due for its reminder that cannot be loaded is set aside, the family told instead, once; a chart that fails on the reminder only loses the due times', async () => {
      const app = await startTestServer({ ENCRYPTION_KEY: KEY, TWILIO_API_URL: fake.url, ...backend.env('scheduler') });
      const other = await startTestServer(
        { ENCRYPTION_KEY: KEY, TWILIO_API_URL: fake.url, ...backend.env('scheduler-chart') },
        { start: { interview: reminderFails } },
      );
      try {
        const from = nextPhone();
        const key: ConversationKey = { channel: 'sms', address: from };
        await write(app, from, FRENCH.slice(0, 4));
        const before = (await app.parts.store.findConversation(key))!;
        expect(before.remindAt).not.toBeNull();
        expect(
          await app.parts.store.commitTurn({
            conversation: { ...withoutUnsent(before), snapshot: CORRUPT as never, version: before.version + 1 },
            expectedVersion: before.version,
            inboundId: null,
            replies: [],
            summary: null,
          }),
        ).toBe(true);
        const due = new Date(Date.parse(before.remindAt!) + 1_000);

        expect(await app.parts.scheduler.tick(due)).toBe(1);
        expect(fake.to(from).map((m) => m.body)).toEqual([unreached('fr')]);
        const stored = (await app.parts.store.findConversation(key))!;
        expect(stored).toMatchObject({ remindAt: null, abandonAt: null, quarantine: { stage: 'restore' } });
        const items = (await app.parts.handoffStore.outboxItems()).filter((i) => i.kind === 'quarantined');
        expect(items.map((i) => i.payload)).toEqual([expect.objectContaining({ quarantineId: stored.quarantine!.id, scope: 'conversation', channel: 'sms' })]);
        // Later ticks leave it alone: nothing sent again.
        expect(await app.parts.scheduler.tick(new Date(due.getTime() + 48 * 3_600_000))).toBe(0);
        expect(fake.to(from)).toHaveLength(1);

        // A chart whose reminder fails: no notice, no alert, the due times cleared (not tried at
        // every tick); the family's next message goes on and gives it new ones.
        const other1 = nextPhone();
        const otherKey: ConversationKey = { channel: 'sms', address: other1 };
        await write(other, other1, FRENCH.slice(0, 4));
        const waiting = (await other.parts.store.findConversation(otherKey))!;
        const remindAt = new Date(Date.parse(waiting.remindAt!) + 1_000);
        expect(await other.parts.scheduler.tick(remindAt)).toBe(0);
        expect(fake.to(other1)).toEqual([]);
        expect(await other.parts.store.findConversation(otherKey)).toMatchObject({
          version: waiting.version,
          remindAt: null,
          abandonAt: null,
          quarantine: null,
        });
        expect(await other.parts.store.dueForInactivity(new Date(remindAt.getTime() + 48 * 3_600_000).toISOString())).toEqual([]);
        expect((await other.parts.handoffStore.outboxItems()).filter((i) => i.kind === 'quarantined')).toEqual([]);
        expect((await sms(other, other1, FRENCH[4])).texts).toEqual(converse(FRENCH.slice(0, 5), { knownPhone: other1 }).turns[4].sms);
        expect((await other.parts.store.findConversation(otherKey))!.remindAt).not.toBeNull();
      } finally {
        await app.close();
        await other.close();
      }
    });
  });
}

describe("a turn that fails in the outage spool's replay (MongoDB)", () => {
  it('sets the spooled message aside after its attempts, sends the family the notice through the REST API, and empties the spool', async () => {
    const app = await startTestServer(
      { ENCRYPTION_KEY: KEY, TWILIO_API_URL: fake.url, MONGODB_URI: databases.fresh('spool') },
      { start: { interview: poisonedInterview } },
    );
    try {
      const from = nextPhone();
      const key: ConversationKey = { channel: 'sms', address: from };
      await write(app, from, FRENCH.slice(0, HOSPITAL));
      // Spooled while the database was away (as SpoolingIntake does), then replayed.
      const spooled = nextSid();
      expect(app.parts.spooling.spool!.add({ ...key, id: spooled, at: new Date().toISOString(), text: FRENCH[HOSPITAL], media: [] }, 'fr', new Date())).toBe(
        'new',
      );
      expect(await replayAll(app)).toEqual({ reachable: true, replayed: 1, left: 0 });
      expect(fake.to(from).map((m) => m.body)).toEqual([unreached('fr')]);
      expect(await app.parts.store.inboundMessage(key, spooled)).toMatchObject({
        attempts: MAX_TURN_ATTEMPTS,
        quarantine: { id: expect.stringMatching(/^Q-/) },
      });
      // Replayed again (a second replay after a lost send): its stored notice, nothing tried, nothing sent twice.
      expect(app.parts.spooling.spool!.add({ ...key, id: spooled, at: new Date().toISOString(), text: FRENCH[HOSPITAL], media: [] }, 'fr', new Date())).toBe(
        'new',
      );
      expect(await replayAll(app)).toEqual({ reachable: true, replayed: 1, left: 0 });
      expect(fake.to(from)).toHaveLength(1);
      expect(await app.parts.store.inboundMessage(key, spooled)).toMatchObject({ attempts: MAX_TURN_ATTEMPTS });
    } finally {
      await app.close();
    }
  });
});

describe('the staff alert', () => {
  it("emails the firm's inbox and the on-call attorney, and pages the on-call phone within the pages per hour: the reference, the channel and the quarantine id, nothing the family wrote", async () => {
    const smtp = await startSmtp();
    const oncall = '+17165550177';
    const app = await startTestServer(
      {
        ENCRYPTION_KEY: KEY,
        TWILIO_API_URL: fake.url,
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Intake <intake-bot@firm.test>',
        NOTIFY_EMAILS: 'intake@firm.test, paralegal@firm.test',
        ONCALL_EMAIL: 'oncall@firm.test',
        ONCALL_PHONE: oncall,
        PAGES_PER_HOUR_PER_TIER: '1',
      },
      { start: { interview: poisonedInterview } },
    );
    try {
      // Two families whose hospital answer the chart cannot take, in the same hour.
      const families = [nextPhone(), nextPhone()];
      for (const from of families) {
        await write(app, from, FRENCH.slice(0, HOSPITAL));
        expect((await sms(app, from, FRENCH[HOSPITAL])).texts).toEqual([notice('fr')]);
      }
      // One tick: the alerts, then (its next round) the emails and the page they make.
      await app.parts.handoff.tick(new Date());
      const ids = await Promise.all(
        families.map(async (from) => {
          const record = await app.parts.store.findConversation({ channel: 'sms', address: from });
          const inbound = (await app.parts.store.transcript(record!.id)).find((e) => e.text === POISON)!;
          return {
            id: (await app.parts.store.inboundMessage({ channel: 'sms', address: from }, inbound.messageId))!.quarantine!.id,
            reference: (record!.snapshot as unknown as { context: IntakeContext }).context.reference,
          };
        }),
      );
      // Every quarantine is emailed, to the inbox and the on-call attorney at once.
      for (const { id, reference } of ids) {
        const mail = smtp.messages.filter((m) => m.subject.includes(id));
        expect(mail).toHaveLength(1);
        expect(mail[0].to.sort()).toEqual(['intake@firm.test', 'oncall@firm.test', 'paralegal@firm.test']);
        expect(mail[0].subject).toContain(reference);
        expect(mail[0].text).toContain(`Quarantine: ${id}`);
        expect(mail[0].text).toContain('goes on with the family');
      }
      // The phone is paged once in the hour (the cap is 1): the first only.
      const pages = fake.to(oncall);
      expect(pages.map((m) => ids.findIndex(({ id }) => m.body.includes(id)))).toEqual([0]);
      const everything = JSON.stringify([smtp.messages.map((m) => [m.subject, m.text]), pages.map((m) => m.body)]);
      for (const secret of [POISON, ...families, 'leucémie']) expect(everything).not.toContain(secret);
    } finally {
      await app.close();
      await smtp.close();
    }
  });
});

describe('an opt-out', () => {
  it('whose turn fails is recorded and not answered; a number that opted out gets no notice from the scheduler', async () => {
    const app = await startTestServer({ ENCRYPTION_KEY: KEY, TWILIO_API_URL: fake.url });
    try {
      const corrupt = async (key: ConversationKey) => {
        const before = (await app.parts.store.findConversation(key))!;
        expect(
          await app.parts.store.commitTurn({
            conversation: { ...withoutUnsent(before), snapshot: CORRUPT as never, version: before.version + 1 },
            expectedVersion: before.version,
            inboundId: null,
            replies: [],
            summary: null,
          }),
        ).toBe(true);
        return before;
      };
      const stopping: ConversationKey = { channel: 'sms', address: nextPhone() };
      await write(app, stopping.address, FRENCH.slice(0, 3));
      await corrupt(stopping);
      expect(await sms(app, stopping.address, 'STOP')).toEqual({ status: 200, texts: [] });
      expect(await app.parts.store.isOptedOut(stopping.address)).toBe(true);
      expect(await app.parts.store.findConversation(stopping)).toMatchObject({ quarantine: { stage: 'restore' } });

      // Opted out with the carrier (recorded earlier), then found unloadable when its reminder is due.
      const silent: ConversationKey = { channel: 'sms', address: nextPhone() };
      await write(app, silent.address, FRENCH.slice(0, 3));
      await app.parts.store.setOptOut(silent.address, true, new Date().toISOString());
      const before = await corrupt(silent);
      expect(await app.parts.scheduler.tick(new Date(Date.parse(before.remindAt!) + 1_000))).toBe(1);
      expect(await app.parts.store.findConversation(silent)).toMatchObject({ quarantine: { stage: 'restore' } });
      expect([...fake.to(stopping.address), ...fake.to(silent.address)]).toEqual([]);
      // Staff still hear of both.
      expect((await app.parts.handoffStore.outboxItems()).filter((i) => i.kind === 'quarantined')).toHaveLength(2);
    } finally {
      await app.close();
    }
  });
});

describe('a conversation whose language cannot be known', () => {
  it('gets the notice in English, French and Spanish, one after the other', async () => {
    const app = await startTestServer({ ENCRYPTION_KEY: KEY });
    try {
      const from = nextPhone();
      const key: ConversationKey = { channel: 'sms', address: from };
      await write(app, from, FRENCH.slice(0, 3));
      const before = (await app.parts.store.findConversation(key))!;
      const speechless = { ...CORRUPT, context: { answers: {} } };
      expect(
        await app.parts.store.commitTurn({
          conversation: { ...withoutUnsent(before), snapshot: speechless as never, version: before.version + 1 },
          expectedVersion: before.version,
          inboundId: null,
          replies: [],
          summary: null,
        }),
      ).toBe(true);
      // "2004" tells no language either. One message, in as many SMS parts as its length needs.
      const r = await sms(app, from, '2004');
      expect(r.status).toBe(200);
      expect(words(r.texts)).toEqual(words([unreached('en'), unreached('fr'), unreached('es')]));
    } finally {
      await app.close();
    }
  });
});

describe('a turn that fails in web chat and Bot Framework', () => {
  let app: TestServer;
  beforeAll(async () => {
    app = await startTestServer({ ENCRYPTION_KEY: KEY }, { start: { interview: poisonedInterview } });
  });
  afterAll(() => app?.close());

  it('web chat: the message is accepted, the notice is in the activity list in Spanish, and the conversation goes on', async () => {
    const dl = async (method: string, path: string, token?: string, json?: unknown) => {
      const res = await fetch(`${app.url}/v3/directline${path}`, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: json === undefined ? undefined : JSON.stringify(json),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const { body: grant } = await dl('POST', '/tokens/generate', undefined, { user: { id: 'visitor' } });
    expect((await dl('POST', '/conversations', grant.token, { locale: 'es' })).status).toBe(201);
    const post = (text: string, i: number) =>
      dl('POST', `/conversations/${grant.conversationId}/activities`, grant.token, {
        type: 'message',
        from: { id: 'visitor' },
        text,
        locale: 'es',
        channelData: { clientActivityID: `c${i}` },
      });
    for (const [i, text] of SPANISH.slice(0, HOSPITAL + 2).entries()) expect((await post(text, i)).status).toBe(200);
    const list = await dl('GET', `/conversations/${grant.conversationId}/activities`, grant.token);
    const activities: Array<{ from: { role: string }; text: string; channelData?: { key?: string } }> = list.body.activities;
    const poisoned = activities.findIndex((a) => a.from.role === 'user' && a.text === POISON);
    expect(activities[poisoned + 1]).toMatchObject({ from: { role: 'bot' }, text: unreached('es') });
    // The next answer was taken for the question still open: the conversation went on.
    const expected = converse([...SPANISH.slice(0, HOSPITAL), SPANISH[HOSPITAL + 1]], { channel: 'webchat', greet: true, lang: 'es' });
    const after = activities.slice(poisoned + 2);
    expect(after[0]).toMatchObject({ from: { role: 'user' }, text: SPANISH[HOSPITAL + 1] });
    expect(after.slice(1).map((a) => a.channelData?.key)).toEqual(expected.turns.at(-1)!.keys);
    const record = await app.parts.store.findConversation({ channel: 'webchat', address: grant.conversationId });
    expect((record!.snapshot as unknown as { context: IntakeContext }).context.answers).toEqual(expected.context.answers);
  });

  it('web chat: a conversation that cannot be loaded no longer holds a place under the open conversations cap', async () => {
    const capped = await startTestServer({ ENCRYPTION_KEY: KEY, MAX_OPEN_WEB_CONVERSATIONS_PER_IP: '1' });
    try {
      const start = async () => {
        const grant = (await (
          await fetch(`${capped.url}/v3/directline/tokens/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
        ).json()) as { token: string; conversationId: string };
        const r = await fetch(`${capped.url}/v3/directline/conversations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${grant.token}`, 'content-type': 'application/json' },
          body: '{}',
        });
        return { status: r.status, conversationId: grant.conversationId };
      };
      const first = await start();
      expect(first.status).toBe(201);
      // In progress: the cap holds.
      expect((await start()).status).toBe(429);
      const key: ConversationKey = { channel: 'webchat', address: first.conversationId };
      const before = (await capped.parts.store.findConversation(key))!;
      expect(
        await capped.parts.store.commitTurn({
          conversation: { ...withoutUnsent(before), snapshot: CORRUPT as never, version: before.version + 1 },
          expectedVersion: before.version,
          inboundId: null,
          replies: [],
          summary: null,
        }),
      ).toBe(true);
      // It cannot go on: it is not counted as open (it was a 500 for every new conversation from this address).
      expect((await start()).status).toBe(201);
    } finally {
      await capped.close();
    }
  });

  it("web chat: a chart that cannot even greet starts nothing, and the family's first message is set aside with the notice in their language", async () => {
    const openFails: Interview = {
      ...CURRENT_INTERVIEW,
      machine: intakeMachine.provide({
        actions: {
          open: assign(() => {
            throw new Error('open');
          }) as never,
        },
      }),
    };
    const broken = await startTestServer({ ENCRYPTION_KEY: KEY }, { start: { interview: openFails } });
    try {
      const grant = (await (
        await fetch(`${broken.url}/v3/directline/tokens/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
      ).json()) as { token: string; conversationId: string };
      const headers = { authorization: `Bearer ${grant.token}`, 'content-type': 'application/json' };
      expect((await fetch(`${broken.url}/v3/directline/conversations`, { method: 'POST', headers, body: JSON.stringify({ locale: 'es' }) })).status).toBe(201);
      const key: ConversationKey = { channel: 'webchat', address: grant.conversationId };
      expect(await broken.parts.store.findConversation(key)).toBeNull();
      const posted = await fetch(`${broken.url}/v3/directline/conversations/${grant.conversationId}/activities`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ type: 'message', from: { id: 'visitor' }, text: 'Hola', locale: 'es', channelData: { clientActivityID: 'c0' } }),
      });
      expect(posted.status).toBe(200);
      const list = (await (await fetch(`${broken.url}/v3/directline/conversations/${grant.conversationId}/activities`, { headers })).json()) as {
        activities: Array<{ from: { role: string }; text: string }>;
      };
      expect(list.activities.map((a) => [a.from.role, a.text])).toEqual([
        ['user', 'Hola'],
        ['bot', unreached('es')],
      ]);
      expect(await broken.parts.store.inboundMessage(key, `${grant.conversationId}:c0`)).toMatchObject({
        attempts: MAX_TURN_ATTEMPTS,
        quarantine: { id: expect.stringMatching(/^Q-/) },
      });
    } finally {
      await broken.close();
    }
  });

  it('Bot Framework: the message is answered 200 with the notice at the connector', async () => {
    const received: Array<{ text?: string }> = [];
    const connector: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(JSON.parse(body || '{}'));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `r${received.length}` }));
      });
    });
    await new Promise<void>((r) => connector.listen(0, '127.0.0.1', r));
    const serviceUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}`;
    try {
      const activity = (id: string, text: string) => ({
        type: 'message',
        id,
        timestamp: new Date().toISOString(),
        channelId: 'emulator',
        serviceUrl,
        conversation: { id: 'emulator-poisoned' },
        from: { id: 'user-1', name: 'User', role: 'user' },
        recipient: { id: 'bot', name: 'Bot', role: 'bot' },
        text,
        locale: 'fr-CA',
      });
      for (const [i, text] of FRENCH.slice(0, HOSPITAL + 1).entries()) {
        const r = await fetch(`${app.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(activity(`m${i}`, text)),
        });
        expect(r.status).toBe(200);
      }
      expect(received.at(-1)!.text).toBe(unreached('fr'));
      const key: ConversationKey = { channel: 'botframework', address: 'emulator:emulator-poisoned' };
      expect(await app.parts.store.inboundMessage(key, `m${HOSPITAL}`)).toMatchObject({
        attempts: MAX_TURN_ATTEMPTS,
        quarantine: { id: expect.stringMatching(/^Q-/) },
      });
    } finally {
      await new Promise((r) => connector.close(r));
    }
  });
});
