/**
 * A slow database is not an outage. First the health check alone: a ping answered late still
 * means "up" when the database answers other operations meanwhile. Then the real server on a FerretDB of this test's own, reached
 * through a relay (support/wire-gate.ts) that holds a turn's command on the wire for as long as
 * the test wants, and with `maxPoolSize=1` in the connection string: while that command is held,
 * the store's only pooled connection is busy and every other operation of the store waits.
 * - A turn slower than the answer deadline: the health ping still gets its answer (on a
 *   connection of its own), so the database counts as up, the turn is waited for, and the family
 *   gets the real reply, not "received, we will answer shortly".
 * - A turn slower than Twilio waits for a webhook: the family gets the notice in time, and the
 *   real reply goes out through Twilio's REST API (a local fake) once the turn is done, once.
 * - A frozen database (nothing answered, as after SIGSTOP) is still taken for an outage: the
 *   message is spooled, and replayed when it answers again.
 */
import { randomBytes } from 'node:crypto';
import { StoreHealth } from '../src/spool/store-health';
import { converse } from './support/converse';
import { startFakeTwilio, type FakeTwilio } from './support/fake-twilio';
import { readiness, replayAll } from './support/spool';
import { startOwnFerretDb, type OwnFerretDb } from './support/ferretdb-process';
import { withDatabase } from './support/mongo-server';
import { sms as postSms, twimlTexts } from './support/processes';
import { startTestServer, type TestServer } from './support/server';
import { startWireGate, type WireGate } from './support/wire-gate';
import { REFERENCE } from './scripts.reference';

// A test waits for the SMS limit (20 s) and then for a replay, on a machine that may be loaded.
jest.setTimeout(120_000);

const KEY = randomBytes(32).toString('base64');
const LINES = REFERENCE.en;
const PHONE = '+14165550801';
const KEY_OF = { channel: 'sms', address: PHONE } as const;
/**
 * The spool's waits in this server: the turn is waited for 1 s before the database is checked,
 * and Twilio's answer is due after 20 s. Far apart, so that on a loaded machine a turn released
 * after the check still ends well within the SMS limit, and a frozen database is found away
 * (the check's own ping timeout) before that limit; the tests wait for events, never for these.
 */
const DEADLINES = { answerMs: 1_000, channelMs: { sms: 20_000 } };
/** How long to wait for a condition before the test fails saying which (never a measured duration). */
const BOUND_MS = 50_000;

let sidSeq = 0;
const nextSid = () => 'SM' + randomBytes(4).toString('hex') + (++sidSeq).toString(16).padStart(24, '0');

async function sms(app: TestServer, body: string): Promise<{ status: number; texts: string[] }> {
  const r = await postSms(app.url, app.env.PUBLIC_BASE_URL, {
    From: PHONE,
    Body: body,
    MessageSid: nextSid(),
    AccountSid: 'AC' + '0123456789abcdef'.repeat(2),
  });
  return { status: r.status, texts: twimlTexts(r.body) };
}

/** `p`, or a failure naming what did not happen within BOUND_MS. */
function within<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not within ${BOUND_MS / 1000} s: ${what}`)), BOUND_MS);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

describe('the health check', () => {
  const never = () => new Promise<boolean>(() => undefined);

  it('counts the database as up when another operation is answered while the ping is out', async () => {
    const health = new StoreHealth(never, 60_000);
    const checked = health.check();
    health.answered();
    expect(await checked).toBe(true);
    expect(health.up).toBe(true);
  });

  it('still waits for an answer after a failed ping, until its deadline', async () => {
    const health = new StoreHealth(async () => false, 60_000);
    const checked = health.check();
    // The failed ping has been seen (a tick later), and the check is still open to an answer.
    await new Promise((r) => setImmediate(r));
    health.answered();
    expect(await checked).toBe(true);
  });

  it('counts the database as unreachable when neither the ping nor anything else is answered in time', async () => {
    const health = new StoreHealth(never, 50);
    health.answered(); // before the check: not evidence for it
    expect(await health.check()).toBe(false);
    expect(health.up).toBe(false);
    const failing = new StoreHealth(async () => {
      throw new Error('connection refused');
    }, 50);
    expect(await failing.check()).toBe(false);
  });
});

describe('a slow database is not an outage', () => {
  let db: OwnFerretDb;
  let gate: WireGate;
  let fake: FakeTwilio;
  let app: TestServer;
  /** Releases whatever a failed test left held, so the teardown can close. */
  const releases: Array<() => void> = [];
  let sent = 0;
  const expected = () => converse(LINES.slice(0, sent + 1), { start: new Date(), knownPhone: PHONE });
  const notice = () => app.parts.engine.catalog.t('en', 'say.spooled', { firmName: 'Test Law', firmPhone: '+1 716 555 0100' });

  /** The transcript holds each message sent so far once, each followed by the replies it would get without any delay. */
  async function expectWholeConversation() {
    const record = await app.parts.store.findConversation(KEY_OF);
    const transcript = record ? await app.parts.store.transcript(record.id) : [];
    const inbound = transcript.filter((e) => e.direction === 'in');
    expect(inbound.map((e) => e.text)).toEqual(LINES.slice(0, sent));
    const turns = converse(LINES.slice(0, sent), { start: new Date(), knownPhone: PHONE }).turns;
    for (const [i, message] of inbound.entries()) {
      expect(transcript.filter((e) => e.direction === 'out' && e.replyTo === message.messageId).map((e) => e.rendered?.key)).toEqual(turns[i].keys);
    }
  }

  beforeAll(async () => {
    db = await startOwnFerretDb();
    gate = await startWireGate(db.uri);
    fake = await startFakeTwilio();
    app = await startTestServer(
      { MONGODB_URI: `${withDatabase(gate.uri, 'slow')}?maxPoolSize=1`, ENCRYPTION_KEY: KEY, TWILIO_API_URL: fake.url },
      { start: { spoolDeadlines: DEADLINES } },
    );
    // The conversation starts as usual.
    for (; sent < 3; sent++) expect((await sms(app, LINES[sent])).texts).toEqual(expected().turns[sent].sms);
  });

  afterEach(() => {
    gate?.thaw();
    for (const release of releases.splice(0)) release();
  });

  afterAll(async () => {
    await app?.close();
    await gate?.close();
    await db?.dispose();
    await fake?.close();
  });

  it('answers the health ping while the store’s only connection is busy, and waits for a turn slower than the answer deadline', async () => {
    const turn = gate.holdNext();
    releases.push(turn.release);
    const pinged = gate.answered('ping');
    const reply = sms(app, LINES[sent]);
    // The turn is on the wire and held: the store's one pooled connection waits for it.
    const held = await within(turn.held, 'the turn reached the database');
    // After the answer deadline the intake asks whether the database is there: it answers, on
    // another connection, while the turn is still held.
    const ping = await within(pinged, 'the health ping was answered while the turn was held');
    expect(ping.connection).not.toBe(held.connection);
    expect(app.parts.spooling.health.up).toBe(true);
    turn.release();

    const r = await within(reply, 'the webhook was answered');
    expect(r.status).toBe(200);
    expect(r.texts).not.toContain(notice());
    expect(r.texts).toEqual(expected().turns[sent].sms);
    sent++;
    expect(app.parts.spooling.spooled).toBe(0);
    expect(await readiness(app)).toEqual({ status: 200, body: { status: 'ready', store: 'ok' } });
    expect(fake.to(PHONE)).toEqual([]);
    await expectWholeConversation();
  });

  it('answers an SMS whose turn outlasts the webhook’s limit with the notice, then sends its real reply through Twilio once the turn is done', async () => {
    const turn = gate.holdNext();
    releases.push(turn.release);
    const reply = sms(app, LINES[sent]);
    await within(turn.held, 'the turn reached the database');
    // The turn stays held until the webhook has its answer: the notice, in time for Twilio.
    const r = await within(reply, 'the webhook was answered while the turn was held');
    expect(r).toEqual({ status: 200, texts: [notice()] });
    // The database was not taken for away: it answered the pings.
    expect(app.parts.spooling.health.up).toBe(true);
    expect(await readiness(app)).toEqual({ status: 200, body: { status: 'degraded', store: 'ok', spooled: 1 } });
    expect(fake.to(PHONE)).toEqual([]);

    turn.release();
    const outcome = await replayAll(app);
    expect(outcome.reachable).toBe(true);
    const turns = expected().turns;
    // The real reply, once, through the REST API.
    expect(fake.to(PHONE).map((m) => m.body)).toEqual(turns[sent].sms);
    sent++;
    await expectWholeConversation();
    expect(await readiness(app)).toEqual({ status: 200, body: { status: 'ready', store: 'ok' } });

    // And the conversation goes on as usual: answered in the webhook, nothing more sent.
    const sentThrough = fake.to(PHONE).length;
    expect((await sms(app, LINES[sent])).texts).toEqual(expected().turns[sent].sms);
    sent++;
    await expectWholeConversation();
    expect(fake.to(PHONE)).toHaveLength(sentThrough);
  });

  it('still takes a frozen database (connections open, nothing answered) for an outage, and replays when it answers again', async () => {
    const before = fake.to(PHONE).length;
    gate.freeze();
    const r = await within(sms(app, LINES[sent]), 'the webhook was answered while the database was frozen');
    expect(r).toEqual({ status: 200, texts: [notice()] });
    expect(app.parts.spooling.health.up).toBe(false);
    expect(await readiness(app)).toEqual({ status: 200, body: { status: 'degraded', store: 'unreachable', spooled: 1 } });

    gate.thaw();
    await replayAll(app);
    expect(
      fake
        .to(PHONE)
        .slice(before)
        .map((m) => m.body),
    ).toEqual(expected().turns[sent].sms);
    sent++;
    await expectWholeConversation();
    expect(await readiness(app)).toEqual({ status: 200, body: { status: 'ready', store: 'ok' } });
  });
});
