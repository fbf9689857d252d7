/**
 * A poisoned conversation never stops the server (issue 12, item 3). The real server in its own
 * process, on the embedded store and on MongoDB, with two families writing at the same time:
 *
 * - a stored conversation that cannot be loaded (written by a release whose state is gone, its ids
 *   lost): the family's message is set aside at once with the conversation as a whole, the family
 *   told once in French (the language the record still shows) that a person will follow up, staff
 *   alerted (the outbox, and the on-call page at a local fake Twilio), /readyz counting it; what
 *   the family writes next is kept and not answered;
 * - a chart whose action throws on one answer (poisoned-chart.ts): that message is tried three
 *   times, then set aside the same way, and the family's next message goes on from where the
 *   conversation was.
 *
 * In both, the other family's intake goes on exactly as without it, the process never exits
 * (an uncaught exception or an unhandled rejection would end it), a restart replays nothing and
 * alerts nobody again, nothing the family wrote is lost, and no log line holds what they wrote.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IntakeContext } from '../dialogs/context';
import { MAX_TURN_ATTEMPTS } from '../src/conversation/quarantine';
import { Catalog } from '../src/i18n/catalog';
import { openStores, type Stores } from '../src/store/open';
import type { ConversationKey, ConversationRecord } from '../src/store/store';
import { converse } from './support/converse';
import { startFakeTwilio, type FakeTwilio } from './support/fake-twilio';
import { scratchDatabases } from './support/mongo-server';
import { POISON } from './support/poisoned-chart';
import { POISONED_SERVER } from './support/poisoned-server';
import { sms as postSms, spawnServer, twimlTexts, type ServerProcess } from './support/processes';
import { TEST_TWILIO } from './support/server';
import { REFERENCE } from './scripts.reference';

const KEY = randomBytes(32).toString('base64');
const KEYS = [{ id: 'k1', key: Buffer.from(KEY, 'base64') }];
const PUBLIC = 'https://intake.example.org';
const ONCALL = '+17165550188';
const FIRM = { name: 'Test Law', phone: '+1 716 555 0100' };
const databases = scratchDatabases('quarantine');

const FRENCH = REFERENCE.fr;
const ENGLISH = REFERENCE.en;
const HOSPITAL = FRENCH.indexOf(POISON);
const SECRET = 'mon fils a une leucémie';

interface Place {
  env: Record<string, string>;
  open(): Promise<Stores>;
}

const BACKENDS: Array<{ name: string; place(label: string): Place }> = [
  {
    name: 'the embedded store',
    place: () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'quarantine-'));
      return { env: { DATA_DIR: dataDir }, open: () => openStores({ mongodbUri: null, dataDir, keys: KEYS }) };
    },
  },
  {
    name: 'MongoDB',
    place: (label) => {
      const uri = databases.fresh(label);
      const dataDir = mkdtempSync(join(tmpdir(), 'quarantine-'));
      return { env: { DATA_DIR: dataDir, MONGODB_URI: uri }, open: () => openStores({ mongodbUri: uri, dataDir, keys: KEYS }) };
    },
  },
];

let fake: FakeTwilio;
beforeAll(async () => {
  fake = await startFakeTwilio();
});
afterAll(() => fake?.close());

const envOf = (place: Place) => ({
  ...place.env,
  PUBLIC_BASE_URL: PUBLIC,
  LOG_LEVEL: 'debug',
  ENCRYPTION_KEY: KEY,
  FIRM_NAME: FIRM.name,
  FIRM_PHONE: FIRM.phone,
  FIRM_TIMEZONE: 'America/New_York',
  TWILIO_ACCOUNT_SID: TEST_TWILIO.accountSid,
  TWILIO_AUTH_TOKEN: TEST_TWILIO.authToken,
  TWILIO_PHONE_NUMBER: '+17165550100',
  TWILIO_API_URL: fake.url,
  ONCALL_PHONE: ONCALL,
});

let sidSeq = 0;
const nextSid = () => 'SM' + randomBytes(4).toString('hex') + (++sidSeq).toString(16).padStart(24, '0');
let phoneSeq = 0;
const nextPhone = () => `+1716555${String(6000 + ++phoneSeq)}`;

async function sms(server: ServerProcess, from: string, body: string, sid = nextSid()): Promise<{ status: number; texts: string[] }> {
  const r = await postSms(server.url, PUBLIC, { From: from, Body: body, MessageSid: sid, AccountSid: TEST_TWILIO.accountSid });
  return { status: r.status, texts: twimlTexts(r.body) };
}

async function readyz(server: ServerProcess): Promise<{ status: number; body: Record<string, unknown> }> {
  let r: Response;
  try {
    r = await fetch(`${server.url}/readyz`);
  } catch (err) {
    // A kept-alive connection the server closed as the request left (its KEEP_ALIVE_TIMEOUT after a
    // long wait, on a loaded machine): a GET, so asked again once, on a new connection.
    if ((err as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw err;
    r = await fetch(`${server.url}/readyz`);
  }
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

/** Waits for `ready` (polled), failing with `what` after a generous bound. */
async function until(what: string, ready: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The family's notice, as the catalog words it for this firm. */
const catalog = new Catalog();
const notice = (lang: 'en' | 'fr' | 'es') => catalog.t(lang, 'say.quarantined', { firmName: FIRM.name, firmPhone: FIRM.phone });

/** Writes each line in turn, as the family would; returns the texts each got. */
async function write(server: ServerProcess, from: string, lines: string[]): Promise<string[][]> {
  const out: string[][] = [];
  for (const line of lines) {
    const r = await sms(server, from, line);
    expect(r.status).toBe(200);
    out.push(r.texts);
  }
  return out;
}

/** Still running: neither an uncaught exception nor an unhandled rejection ended it. */
function alive(server: ServerProcess): void {
  expect({ exitCode: server.proc.exitCode, signal: server.proc.signalCode }).toEqual({ exitCode: null, signal: null });
}

/** Stops the server as an operator would, after checking it never died on its own. */
async function stop(server: ServerProcess): Promise<string> {
  alive(server);
  const output = server.output();
  await server.kill('SIGTERM');
  return output;
}

/** No number, nothing written (the words long enough to be told apart from a log's own), no crash report. */
function expectNothingPersonalIn(output: string, families: ConversationKey[], lines: string[]): void {
  for (const f of families) expect(output).not.toContain(f.address);
  for (const line of [...lines.filter((l) => l.length >= 9), SECRET, 'cannot record']) expect(output).not.toContain(line);
  expect(output).not.toMatch(/uncaught|unhandled/i);
}

/** The log lines of attempts that failed. */
const failedTries = (output: string) => output.split('\n').filter((l) => l.includes('"msg":"turn failed"')).length;

const quarantineItems = async (stores: Stores) => (await stores.handoff.outboxItems()).filter((i) => i.kind === 'quarantined');
const withoutUnsent = ({ unsent: _unsent, ...record }: ConversationRecord): ConversationRecord => record;

for (const backend of BACKENDS) {
  describe(`a poisoned conversation, on ${backend.name}`, () => {
    it('that cannot be loaded is set aside as a whole: the family told once, staff alerted, what they write kept, the server up, the others going on', async () => {
      const place = backend.place('restore');
      const env = envOf(place);
      const a: ConversationKey = { channel: 'sms', address: nextPhone() };
      const b: ConversationKey = { channel: 'sms', address: nextPhone() };
      const start = new Date();
      let server = await spawnServer(env);
      let stores: Stores | null = null;
      const outputs: string[] = [];
      try {
        await write(server, a.address, FRENCH.slice(0, HOSPITAL));
        await write(server, b.address, ENGLISH.slice(0, 8));

        // A's stored conversation is damaged: written by a release whose state is gone, with its ids lost.
        stores = await place.open();
        const before = (await stores.store.findConversation(a))!;
        const reference = (await stores.store.getIntake(before.intakeId!))!.reference;
        const corrupt = {
          status: 'active',
          value: { intake: 'dangerNow' },
          context: { language: 'fr', answers: {}, narrative: SECRET },
          children: {},
          historyValue: {},
          interviewVersion: 1,
        };
        const damaged = { ...withoutUnsent(before), snapshot: corrupt as never, version: before.version + 1 };
        expect(await stores.store.commitTurn({ conversation: damaged, expectedVersion: before.version, inboundId: null, replies: [], summary: null })).toBe(
          true,
        );

        // A writes while B goes on, at the same time.
        const poisoned = nextSid();
        const [first, others] = await Promise.all([sms(server, a.address, FRENCH[HOSPITAL], poisoned), write(server, b.address, ENGLISH.slice(8, 16))]);
        expect(first).toEqual({ status: 200, texts: [notice('fr')] });
        const expectedB = converse(ENGLISH.slice(0, 17), { start, knownPhone: b.address });
        expect(others).toEqual(expectedB.turns.slice(8, 16).map((t) => t.sms));

        // Set aside once, as a whole, at the first failure (no attempt can load it).
        const record = (await stores.store.findConversation(a))!;
        expect(record).toMatchObject({
          version: damaged.version + 1,
          remindAt: null,
          abandonAt: null,
          quarantine: { stage: 'restore', detail: expect.stringContaining('cannot be rebuilt') },
        });
        const id = record.quarantine!.id;
        expect(id).toMatch(/^Q-[2-9A-HJKMNP-Z]{8}$/);
        expect(await stores.store.inboundMessage(a, poisoned)).toMatchObject({
          text: FRENCH[HOSPITAL],
          attempts: 1,
          quarantine: { id, at: record.quarantine!.at },
        });
        expect(await stores.store.isProcessed(a, poisoned)).toBe(true);
        // The snapshot is kept as it was found, for whoever repairs it.
        expect(record.snapshot).toEqual(corrupt);
        const transcript = await stores.store.transcript(record.id);
        expect(transcript.slice(-2).map((e) => [e.direction, e.text])).toEqual([
          ['in', FRENCH[HOSPITAL]],
          ['out', notice('fr')],
        ]);

        // Staff: one outbox item with the reference, the channel and the quarantine id, nothing else; the on-call page.
        const items = await quarantineItems(stores);
        expect(items.map((i) => [i.id, i.payload])).toEqual([
          [`quarantined:${id}`, { quarantineId: id, channel: 'sms', reference, scope: 'conversation', at: record.quarantine!.at }],
        ]);
        await until('the on-call page', () => fake.to(ONCALL).some((m) => m.body.includes(id)));
        const page = fake.to(ONCALL).find((m) => m.body.includes(id))!.body;
        expect(page).toContain(reference);
        for (const line of [FRENCH[HOSPITAL], a.address, SECRET]) expect(page).not.toContain(line);

        const ready = { status: 200, body: { status: 'ready', store: 'ok', quarantined: { messages: 1, conversations: 1, latest: record.quarantine!.at } } };
        expect(await readyz(server)).toEqual(ready);

        // A writes something else: kept (in the transcript, processed), not answered, nobody alerted again.
        const later = nextSid();
        expect(await sms(server, a.address, FRENCH[HOSPITAL + 1], later)).toEqual({ status: 200, texts: [] });
        expect(await stores.store.inboundMessage(a, later)).toMatchObject({ text: FRENCH[HOSPITAL + 1], attempts: 0, quarantine: null });
        expect(await stores.store.isProcessed(a, later)).toBe(true);
        // Twilio retrying the first message gets its notice again (its stored reply), and no more.
        expect(await sms(server, a.address, FRENCH[HOSPITAL], poisoned)).toEqual({ status: 200, texts: [notice('fr')] });
        expect(await quarantineItems(stores)).toHaveLength(1);
        expect(await readyz(server)).toEqual(ready);
        const kept = await stores.store.transcript(record.id);
        expect(kept.filter((e) => e.direction === 'in').map((e) => e.text)).toEqual([...FRENCH.slice(0, HOSPITAL + 2)]);

        // A restart replays nothing and alerts nobody again; A stays set aside, B goes on.
        outputs.push(await stop(server));
        server = await spawnServer(env);
        expect(await readyz(server)).toEqual(ready);
        expect(await sms(server, a.address, FRENCH[HOSPITAL + 2])).toEqual({ status: 200, texts: [] });
        expect(await write(server, b.address, [ENGLISH[16]])).toEqual([expectedB.turns[16].sms]);
        expect(await quarantineItems(stores)).toHaveLength(1);
        expect((await stores.store.transcript(record.id)).filter((e) => e.direction === 'in').map((e) => e.text)).toEqual(FRENCH.slice(0, HOSPITAL + 3));
        expect(fake.to(ONCALL).filter((m) => m.body.includes(id))).toHaveLength(1);
        expect(await readyz(server)).toEqual(ready);
        outputs.push(await stop(server));
      } finally {
        await server.kill('SIGTERM');
        await stores?.close();
      }
      for (const output of outputs) expectNothingPersonalIn(output, [a, b], FRENCH.slice(0, HOSPITAL + 3));
      // The failure was logged (and nothing of what was written: above); once.
      expect(outputs[0]).toContain('conversation set aside: a person must follow up');
      expect(outputs.map(failedTries)).toEqual([1, 0]);
    }, 180_000);

    it('whose turn throws on one message sets that message aside after three attempts: the family told once, the conversation going on, the server up, the others going on', async () => {
      const place = backend.place('action');
      const env = envOf(place);
      const a: ConversationKey = { channel: 'sms', address: nextPhone() };
      const b: ConversationKey = { channel: 'sms', address: nextPhone() };
      const start = new Date();
      let server = await spawnServer(env, { entry: POISONED_SERVER });
      let stores: Stores | null = null;
      const outputs: string[] = [];
      try {
        const expectedA = converse(FRENCH.slice(0, HOSPITAL), { start, knownPhone: a.address });
        expect(await write(server, a.address, FRENCH.slice(0, HOSPITAL))).toEqual(expectedA.turns.map((t) => t.sms));
        await write(server, b.address, ENGLISH.slice(0, 8));
        stores = await place.open();
        const before = (await stores.store.findConversation(a))!;

        // A's answer makes the chart throw; B's intake goes on at the same time (its hospital answer is another).
        const poisoned = nextSid();
        const [first, others] = await Promise.all([sms(server, a.address, FRENCH[HOSPITAL], poisoned), write(server, b.address, ENGLISH.slice(8, 16))]);
        expect(first).toEqual({ status: 200, texts: [notice('fr')] });
        const expectedB = converse(ENGLISH.slice(0, 17), { start, knownPhone: b.address });
        expect(others).toEqual(expectedB.turns.slice(8, 16).map((t) => t.sms));

        // Tried three times, then set aside: the message only.
        const inbound = (await stores.store.inboundMessage(a, poisoned))!;
        expect(inbound).toMatchObject({ text: FRENCH[HOSPITAL], attempts: MAX_TURN_ATTEMPTS, quarantine: { id: expect.stringMatching(/^Q-/) } });
        const id = inbound.quarantine!.id;
        const record = (await stores.store.findConversation(a))!;
        expect(record).toMatchObject({ version: before.version + 1, quarantine: null, status: 'in_progress' });
        // It changed nothing in the intake: the answers are those before it.
        expect((record.snapshot as unknown as { context: IntakeContext }).context.answers).toEqual(expectedA.context.answers);
        const items = await quarantineItems(stores);
        const reference = (before.snapshot as unknown as { context: IntakeContext }).context.reference;
        expect(items.map((i) => [i.id, i.payload])).toEqual([
          [`quarantined:${id}`, { quarantineId: id, channel: 'sms', reference, scope: 'message', at: inbound.quarantine!.at }],
        ]);
        await until('the on-call page', () => fake.to(ONCALL).some((m) => m.body.includes(id)));
        const ready = { status: 200, body: { status: 'ready', store: 'ok', quarantined: { messages: 1, conversations: 0, latest: inbound.quarantine!.at } } };
        expect(await readyz(server)).toEqual(ready);

        // A goes on from where the conversation was: the next answer is taken for the question still open.
        const goesOn = [...FRENCH.slice(0, HOSPITAL), FRENCH[HOSPITAL + 1], FRENCH[HOSPITAL + 2]];
        const expectedOn = converse(goesOn, { start, knownPhone: a.address });
        expect(await write(server, a.address, [FRENCH[HOSPITAL + 1]])).toEqual([expectedOn.turns[HOSPITAL].sms]);

        // A restart: the message is not tried again (its count stays), nobody is alerted again.
        outputs.push(await stop(server));
        server = await spawnServer(env, { entry: POISONED_SERVER });
        expect(await readyz(server)).toEqual(ready);
        expect(await sms(server, a.address, FRENCH[HOSPITAL], poisoned)).toEqual({ status: 200, texts: [notice('fr')] });
        expect(await write(server, a.address, [FRENCH[HOSPITAL + 2]])).toEqual([expectedOn.turns[HOSPITAL + 1].sms]);
        expect(await write(server, b.address, [ENGLISH[16]])).toEqual([expectedB.turns[16].sms]);
        expect(await stores.store.inboundMessage(a, poisoned)).toMatchObject({ attempts: MAX_TURN_ATTEMPTS, quarantine: { id } });
        expect(await quarantineItems(stores)).toHaveLength(1);
        expect(fake.to(ONCALL).filter((m) => m.body.includes(id))).toHaveLength(1);

        // Nothing is lost: every message A wrote is in the transcript, the one set aside followed by its notice.
        const transcript = await stores.store.transcript(record.id);
        expect(transcript.filter((e) => e.direction === 'in').map((e) => e.text)).toEqual([...FRENCH.slice(0, HOSPITAL + 3)]);
        const at = transcript.findIndex((e) => e.messageId === poisoned);
        expect(transcript.slice(at, at + 2).map((e) => [e.direction, e.text])).toEqual([
          ['in', FRENCH[HOSPITAL]],
          ['out', notice('fr')],
        ]);
        outputs.push(await stop(server));
      } finally {
        await server.kill('SIGTERM');
        await stores?.close();
      }
      for (const output of outputs) expectNothingPersonalIn(output, [a, b], FRENCH.slice(0, HOSPITAL + 3));
      // Tried exactly three times, all by the first server; the second tried nothing.
      expect(outputs.map(failedTries)).toEqual([MAX_TURN_ATTEMPTS, 0]);
      expect(outputs[0]).toContain('message set aside: a person must follow up');
    }, 180_000);
  });
}
