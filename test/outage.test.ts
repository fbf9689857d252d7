/**
 * A database outage loses nothing. The real server on a FerretDB of this test's own: part of an
 * SMS intake (in French) and of a web chat (in Spanish), then the database is killed. Messages
 * keep coming: each is answered "received, we will answer shortly" in the family's language and
 * kept in the local spool; /readyz says degraded. The database comes back on the same port and
 * data: the spool is replayed, and the conversations go on exactly as without the outage, every
 * message once, in order, the SMS replies sent through Twilio's REST API (a local fake). Then the
 * same with the server itself restarted while messages wait: the spool is on disk.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { IntakeContext } from '../dialogs/context';
import type { ReplayOutcome } from '../src/spool/replayer';
import { SPOOL_FILE } from '../src/spool/spool-file';
import { toSms } from '../src/i18n/render';
import type { ConversationKey, TranscriptEntry } from '../src/store/store';
import { converse, type Conversation } from './support/converse';
import { startFakeTwilio, type FakeTwilio } from './support/fake-twilio';
import { readiness, replayAll } from './support/spool';
import { startOwnFerretDb, type OwnFerretDb } from './support/ferretdb-process';
import { withDatabase } from './support/mongo-server';
import { sms as postSms, twimlTexts } from './support/processes';
import { REFERENCE } from './scripts.reference';
import { startTestServer, type TestServer } from './support/server';
import { openStream } from './support/dl-stream';

const KEY = randomBytes(32).toString('base64');
const FRENCH = REFERENCE.fr.slice(0, 18);
const SPANISH = REFERENCE.es.slice(0, 8);
const DL = '/v3/directline';

let sidSeq = 0;
const nextSid = () => 'SM' + randomBytes(4).toString('hex') + (++sidSeq).toString(16).padStart(24, '0');

interface SmsReply {
  status: number;
  texts: string[];
}

async function sms(app: TestServer, from: string, body: string, sid = nextSid()): Promise<SmsReply> {
  const r = await postSms(app.url, app.env.PUBLIC_BASE_URL, { From: from, Body: body, MessageSid: sid, AccountSid: 'AC' + '0123456789abcdef'.repeat(2) });
  return { status: r.status, texts: twimlTexts(r.body) };
}

async function dl(app: TestServer, method: 'GET' | 'POST', path: string, token?: string, json?: unknown) {
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${app.url}${DL}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  return { status: res.status, body: (await res.json()) as any };
}

const webMessage = (text: string, clientActivityID: string) => ({
  type: 'message',
  from: { id: 'visitor-es' },
  text,
  locale: 'es',
  channelData: { clientActivityID },
});

/**
 * Twilio's REST API as the server reaches it: the local fake, behind a switch that makes it
 * answer 503 (a Twilio incident) while `open` is false.
 */
interface TwilioGate {
  url: string;
  open: boolean;
  /** Requests answered 503. */
  refused: number;
  close(): Promise<void>;
}

async function startTwilioGate(target: FakeTwilio): Promise<TwilioGate> {
  const gate = { open: true, refused: 0 } as TwilioGate;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (!gate.open) {
        gate.refused++;
        res.writeHead(503, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ code: 20503, message: 'Service unavailable', status: 503 }));
        return;
      }
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k))) as Record<
        string,
        string
      >;
      const r = await fetch(`${target.url}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
      res.writeHead(r.status, { 'Content-Type': r.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await r.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gate.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  gate.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return gate;
}

async function transcriptOf(app: TestServer, key: ConversationKey): Promise<TranscriptEntry[]> {
  const record = await app.parts.store.findConversation(key);
  return record ? app.parts.store.transcript(record.id) : [];
}

async function contextOf(app: TestServer, key: ConversationKey): Promise<IntakeContext> {
  const record = await app.parts.store.findConversation(key);
  if (!record) throw new Error('no conversation');
  return (record.snapshot as unknown as { context: IntakeContext }).context;
}

/**
 * The transcript is the expected conversation: each message once, in order, followed by exactly
 * the replies the same conversation gets without an outage.
 */
function expectSameConversation(transcript: TranscriptEntry[], expected: Conversation, lines: string[], o: { greeted?: boolean } = {}) {
  const turns = o.greeted ? expected.turns.slice(1) : expected.turns;
  const inbound = transcript.filter((e) => e.direction === 'in');
  expect(inbound.map((e) => e.text)).toEqual(lines);
  expect(new Set(inbound.map((e) => e.messageId)).size).toBe(lines.length);
  for (const [i, message] of inbound.entries()) {
    const replies = transcript.filter((e) => e.direction === 'out' && e.replyTo === message.messageId);
    expect(replies.map((e) => e.rendered?.key)).toEqual(turns[i].keys);
    // Right after their message, before the next one.
    const at = transcript.indexOf(message);
    expect(transcript.slice(at + 1, at + 1 + replies.length)).toEqual(replies);
  }
  expect(transcript.map((e) => e.seq)).toEqual(transcript.map((_, i) => i + 1));
}

describe('a database outage', () => {
  let db: OwnFerretDb;
  let fake: FakeTwilio;
  let gate: TwilioGate;
  let app: TestServer;
  let env: Record<string, string>;
  const french = { channel: 'sms', address: '+14165550701' } as const;

  beforeAll(async () => {
    db = await startOwnFerretDb();
    fake = await startFakeTwilio();
    gate = await startTwilioGate(fake);
    env = { MONGODB_URI: withDatabase(db.uri, 'outage'), ENCRYPTION_KEY: KEY, TWILIO_API_URL: gate.url };
    app = await startTestServer(env);
  });

  afterAll(async () => {
    await app?.close();
    await db?.dispose();
    await gate?.close();
    await fake?.close();
  });

  it('keeps answering, spools every message durably and sealed, and replays them in order when the database is back', async () => {
    const notice = (lang: 'en' | 'fr' | 'es') => app.parts.engine.catalog.t(lang, 'say.spooled', { firmName: 'Test Law', firmPhone: '+1 716 555 0100' });
    /** The notice as SMS sends it (laid out by segments). */
    const noticeSms = (lang: 'en' | 'fr' | 'es') => toSms([{ key: 'say.spooled', text: notice(lang), choices: [], progress: null }]);
    expect(notice('fr')).not.toEqual(notice('en'));
    expect(notice('es')).not.toEqual(notice('en'));

    // Before: eight French messages over SMS, a web chat in Spanish with four.
    for (const body of FRENCH.slice(0, 8)) {
      const r = await sms(app, french.address, body);
      expect(r.status).toBe(200);
      expect(r.texts.length).toBeGreaterThan(0);
      expect(r.texts).not.toEqual(noticeSms('fr'));
    }
    const generated = await dl(app, 'POST', '/tokens/generate', undefined, { user: { id: 'visitor-es' } });
    expect(generated.status).toBe(200);
    const web: { conversationId: string; token: string } = { conversationId: generated.body.conversationId, token: generated.body.token };
    const started = await dl(app, 'POST', '/conversations', web.token, { locale: 'es' });
    expect(started.status).toBe(201);
    // Web Chat's default: the WebSocket at the streamUrl, open through the outage.
    const stream = await openStream(started.body.streamUrl);
    for (const [i, text] of SPANISH.slice(0, 4).entries()) {
      expect((await dl(app, 'POST', `/conversations/${web.conversationId}/activities`, web.token, webMessage(text, `es-${i}`))).status).toBe(200);
    }
    const before = await dl(app, 'GET', `/conversations/${web.conversationId}/activities`, web.token);
    const watermark: string = before.body.watermark;
    expect(watermark).toMatch(/^\d+$/);
    expect(await readiness(app)).toEqual({ status: 200, body: { status: 'ready', store: 'ok' } });

    // The database goes away.
    await db.kill();

    // SMS: every message answered 200 with the notice in French. The first has no French word in
    // it: the language is the conversation's, remembered from its last answered turn.
    expect(FRENCH[8]).toBe('Roswell Park, Buffalo');
    const spooledSids = FRENCH.slice(8, 12).map(() => nextSid());
    for (const [i, body] of FRENCH.slice(8, 12).entries()) {
      const r = await sms(app, french.address, body, spooledSids[i]);
      expect(r).toEqual({ status: 200, texts: noticeSms('fr') });
    }
    // Twilio retries one: the same answer, and it is not kept twice.
    expect(await sms(app, french.address, FRENCH[9], spooledSids[1])).toEqual({ status: 200, texts: noticeSms('fr') });

    // A family that had never written: the notice in the language of their words, then (for a
    // message whose words tell nothing) in the language the spool gave them.
    const newcomer = { channel: 'sms', address: '+14165550702' } as const;
    const newcomerLines = ['Hola, necesito ayuda', 'OK'];
    for (const body of newcomerLines) expect(await sms(app, newcomer.address, body)).toEqual({ status: 200, texts: noticeSms('es') });

    // Web chat: accepted, and listed with the notice (Spanish) while the database is away; the watermark stays.
    for (const [i, text] of SPANISH.slice(4, 8).entries()) {
      const r = await dl(app, 'POST', `/conversations/${web.conversationId}/activities`, web.token, webMessage(text, `es-${i + 4}`));
      expect(r).toEqual({ status: 200, body: { id: `${web.conversationId}:es-${i + 4}` } });
    }
    const during = await dl(app, 'GET', `/conversations/${web.conversationId}/activities?watermark=${watermark}`, web.token);
    expect(during.status).toBe(200);
    expect(during.body.watermark).toBe(watermark);
    expect(during.body.activities.map((a: any) => [a.from.role, a.text])).toEqual(
      SPANISH.slice(4, 8).flatMap((text) => [
        ['user', text],
        ['bot', notice('es')],
      ]),
    );
    expect(during.body.activities.filter((a: any) => a.from.role === 'user').map((a: any) => a.id)).toEqual(
      [4, 5, 6, 7].map((i) => `${web.conversationId}:es-${i}`),
    );
    // The stream pushed the same, each once, its watermark staying where it was.
    await stream.until('the spooled messages', () => stream.activities().length === before.body.activities.length + during.body.activities.length);
    expect(stream.activities().slice(0, before.body.activities.length)).toEqual(before.body.activities);
    expect(stream.activities().slice(before.body.activities.length)).toEqual(during.body.activities);
    expect(stream.sets.at(-1)!.watermark).toBe(watermark);

    // A new web chat cannot start meanwhile: the widget is told at once to try again.
    const fresh = await dl(app, 'POST', '/tokens/generate', undefined, { user: { id: 'visitor-new' } });
    const start = await fetch(`${app.url}${DL}/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fresh.body.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(start.status).toBe(503);
    expect(start.headers.get('retry-after')).toBe('30');

    // Degraded, still in the load balancer, with how many messages wait.
    expect(await readiness(app)).toEqual({ status: 200, body: { status: 'degraded', store: 'unreachable', spooled: 4 + 2 + 4 } });

    // Sealed at rest: neither what they wrote nor a phone number is readable in the spool's files.
    const files = readdirSync(app.dataDir).filter((f) => f.startsWith(SPOOL_FILE));
    expect(files).toContain(SPOOL_FILE);
    const raw = files.map((f) => readFileSync(join(app.dataDir, f)).toString('latin1')).join('');
    expect(raw).toContain(spooledSids[0]);
    for (const secret of ['Roswell Park', 'RAMQ', 'décembre', 'necesito', 'médula', french.address, newcomer.address]) expect(raw).not.toContain(secret);

    // Nothing is replayed while the database is away.
    expect(await app.parts.spooling.tick()).toEqual({ reachable: false, replayed: 0, left: 4 + 2 + 4 });
    expect(fake.messages).toEqual([]);

    // Back, on the same port and data.
    await db.restart();
    const outcome = await replayAll(app);
    expect(outcome.left).toBe(0);
    expect(await readiness(app)).toEqual({ status: 200, body: { status: 'ready', store: 'ok' } });

    // The SMS conversation is the one it would have been without the outage.
    const expectedFrench = converse(FRENCH.slice(0, 12), { start: new Date(), knownPhone: french.address });
    expectSameConversation(await transcriptOf(app, french), expectedFrench, FRENCH.slice(0, 12));
    expect((await contextOf(app, french)).answers).toEqual(expectedFrench.context.answers);
    expect((await contextOf(app, french)).language).toBe('fr');
    // The replies to the spooled messages went out through Twilio's REST API, each once, in order.
    const sent = fake.to(french.address).map((m) => m.body);
    expect(sent).toEqual(expectedFrench.turns.slice(8, 12).flatMap((t) => t.sms));
    expect(fake.to(french.address).every((m) => m.from === '+17165550100')).toBe(true);
    // The newcomer's first message started their intake, answered in Spanish.
    const newcomerExpected = converse(newcomerLines, { start: new Date(), knownPhone: newcomer.address });
    expectSameConversation(await transcriptOf(app, newcomer), newcomerExpected, newcomerLines);
    expect(newcomerExpected.context.language).toBe('es');
    expect(fake.to(newcomer.address).map((m) => m.body)).toEqual(newcomerExpected.turns.flatMap((t) => t.sms));

    // Web chat: the replayed messages and their replies are in the transcript its client polls, from the same watermark.
    const expectedSpanish = converse(SPANISH, { channel: 'webchat', greet: true, lang: 'es', start: new Date() });
    expectSameConversation(await transcriptOf(app, { channel: 'webchat', address: web.conversationId }), expectedSpanish, SPANISH, { greeted: true });
    const after = await dl(app, 'GET', `/conversations/${web.conversationId}/activities?watermark=${watermark}`, web.token);
    expect(after.body.activities.filter((a: any) => a.from.role === 'user').map((a: any) => a.text)).toEqual(SPANISH.slice(4, 8));
    expect(after.body.activities.filter((a: any) => a.from.role === 'bot').map((a: any) => a.channelData.key)).toEqual(
      expectedSpanish.turns.slice(5).flatMap((t) => t.keys),
    );
    expect(Number(after.body.watermark)).toBeGreaterThan(Number(watermark));
    // And pushed on the stream once replayed: what was stored, after the watermark it had.
    await stream.until('the replayed turns', () => stream.sets.at(-1)!.watermark === after.body.watermark);
    const pushed = stream.sets.slice(stream.sets.findIndex((set) => set.activities.some((a: any) => a.id.endsWith(':spooled'))));
    expect(pushed.filter((set) => set.watermark !== watermark).flatMap((set) => set.activities)).toEqual(after.body.activities);
    stream.ws.close();

    // The spool is empty on disk too, and a new message is answered at once again.
    const next = await sms(app, french.address, FRENCH[12]);
    expect(next).toEqual({ status: 200, texts: converse(FRENCH.slice(0, 13), { start: new Date(), knownPhone: french.address }).turns[12].sms });
    expect(app.parts.spooling.spool?.size).toBe(0);
  });

  it('keeps spooled messages through a restart of the server, and replays them after it', async () => {
    const notice = toSms([
      {
        key: 'say.spooled',
        text: app.parts.engine.catalog.t('fr', 'say.spooled', { firmName: 'Test Law', firmPhone: '+1 716 555 0100' }),
        choices: [],
        progress: null,
      },
    ]);
    const sentBefore = fake.to(french.address).length;
    await db.kill();
    for (const body of FRENCH.slice(13, 15)) expect(await sms(app, french.address, body)).toEqual({ status: 200, texts: notice });
    expect(app.parts.spooling.spooled).toBe(2);

    // The server stops while they wait; the database comes back; the server starts again on the same data folder.
    const dataDir = app.dataDir;
    await app.close();
    await db.restart();
    app = await startTestServer(env, { dataDir });
    expect(app.parts.spooling.spooled).toBe(2);
    expect(await readiness(app)).toEqual({ status: 200, body: { status: 'degraded', store: 'ok', spooled: 2 } });
    // The database answers, but a message that comes before the replay waits behind the spooled ones.
    expect(await sms(app, french.address, FRENCH[15])).toEqual({ status: 200, texts: notice });
    expect(await readiness(app)).toEqual({ status: 200, body: { status: 'degraded', store: 'ok', spooled: 3 } });

    await replayAll(app);
    const expected = converse(FRENCH.slice(0, 17), { start: new Date(), knownPhone: french.address });
    expectSameConversation(
      await transcriptOf(app, french),
      converse(FRENCH.slice(0, 16), { start: new Date(), knownPhone: french.address }),
      FRENCH.slice(0, 16),
    );
    expect(
      fake
        .to(french.address)
        .slice(sentBefore)
        .map((m) => m.body),
    ).toEqual(expected.turns.slice(13, 16).flatMap((t) => t.sms));

    // And the conversation goes on as usual.
    expect(await sms(app, french.address, FRENCH[16])).toEqual({ status: 200, texts: expected.turns[16].sms });
    expect((await contextOf(app, french)).answers).toEqual(expected.context.answers);
    expect(await readiness(app)).toEqual({ status: 200, body: { status: 'ready', store: 'ok' } });
  });

  it('sends a replayed reply again later when Twilio refuses it, without processing the message twice', async () => {
    await db.kill();
    const sid = nextSid();
    const notice = app.parts.engine.catalog.t('fr', 'say.spooled', { firmName: 'Test Law', firmPhone: '+1 716 555 0100' });
    expect((await sms(app, french.address, FRENCH[17], sid)).texts).toEqual(toSms([{ key: 'say.spooled', text: notice, choices: [], progress: null }]));
    const sentBefore = fake.to(french.address).length;
    gate.open = false;
    await db.restart();

    // The message is processed; its reply cannot be sent: it stays in the spool, for later.
    const now = new Date();
    let outcome: ReplayOutcome | null = null;
    for (let pass = 0; pass < 150 && !outcome?.reachable; pass++) {
      outcome = await app.parts.spooling.tick(now);
      if (!outcome?.reachable) await new Promise((r) => setTimeout(r, 200));
    }
    expect(outcome).toEqual({ reachable: true, replayed: 0, left: 1 });
    expect(gate.refused).toBe(1);
    const expected = converse(FRENCH, { start: new Date(), knownPhone: french.address });
    expectSameConversation(await transcriptOf(app, french), expected, FRENCH);
    expect(await readiness(app)).toEqual({ status: 200, body: { status: 'degraded', store: 'ok', spooled: 1 } });

    // Not before its retry is due.
    expect(await app.parts.spooling.tick(now)).toEqual({ reachable: true, replayed: 0, left: 1 });
    expect(gate.refused).toBe(1);

    // Twilio is back and the retry due: the replies go out once; the conversation is unchanged.
    gate.open = true;
    expect(await app.parts.spooling.tick(new Date(now.getTime() + 60_000))).toEqual({ reachable: true, replayed: 1, left: 0 });
    expect(
      fake
        .to(french.address)
        .slice(sentBefore)
        .map((m) => m.body),
    ).toEqual(expected.turns[17].sms);
    expectSameConversation(await transcriptOf(app, french), expected, FRENCH);
    expect(await readiness(app)).toEqual({ status: 200, body: { status: 'ready', store: 'ok' } });
  });
});
