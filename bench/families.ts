/**
 * Simulated families: each completes a whole intake (the reference script, in English, French or
 * Spanish), most by SMS through the signed Twilio webhook, a share through Direct Line. N families
 * in all, C at a time. Every turn is timed from the request sent to the reply received (Direct
 * Line: from the post to the reply visible in a poll).
 */
import { performance } from 'node:perf_hooks';
import twilio from 'twilio';
import { REFERENCE } from '../test/scripts.reference';
import { inboundSmsParams } from '../test/support/twilio-params';
import { HttpClient } from './http';

export type Lang = keyof typeof REFERENCE;
const LANGS: Lang[] = ['en', 'fr', 'es'];

export interface LoadOptions {
  /** Where the requests go, and the public URL the webhook is signed for. */
  baseUrl: string;
  publicBaseUrl: string;
  authToken: string;
  accountSid: string;
  firmNumber: string;
  families: number;
  concurrency: number;
  /** Share of the families that use Direct Line (0..1). */
  webShare: number;
  /** The end of the intake must carry the reference code (false for the floor server, which only echoes). */
  expectIntake: boolean;
  /** Makes this run's phone numbers and ids differ from another run's on the same store. */
  runTag: number;
  /**
   * A family's pause between a reply and its next message, in ms (each pause drawn between half
   * and one and a half times this): 0 sends at once (the server's capacity), more is a person's pace.
   */
  thinkMs?: number;
  /**
   * Replies that come later through Twilio's REST API: an SMS the server could not answer within
   * Twilio's time gets the "received, we will answer shortly" notice, and its real reply is sent
   * once its turn is done (src/spool). The family waits for it, as a person would.
   */
  late?: LateReplies;
  /** Called after each family (progress). */
  onFamily?: (done: number) => void;
}

export interface LateReplies {
  /** The notice, in any language. */
  isNotice(text: string): boolean;
  /** The bodies sent to this number through the (fake) REST API so far, in order. */
  sentTo(to: string): string[];
}

export interface LoadResult {
  turns: number;
  smsTurns: number;
  webTurns: number;
  families: number;
  completed: number;
  errors: number;
  /** The first few errors: status and a short reason, never a reply's text. */
  errorSamples: string[];
  latenciesMs: number[];
  /** SMS turns answered with the notice, whose real reply came later through the REST API (timed until it came). */
  lateTurns: number;
  /** The same, for each family's first message only (the conversation is created). */
  firstLatenciesMs: number[];
  elapsedMs: number;
}

const REFERENCE_CODE = /HP-[2-9A-HJ-NP-Z]{6}/;

class TurnError extends Error {}

const XML_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };

function messagesOf(twiml: string): string[] {
  return [...twiml.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) => m[1].replace(/&(amp|lt|gt|quot|apos);/g, (e) => XML_ENTITIES[e]));
}

const LATE_REPLY_WAIT_MS = 120_000;

/** The REST messages to `to` after the first `seen`, once they stop coming for a moment (a turn's replies go one by one). */
async function lateReplies(late: LateReplies, to: string, seen: number): Promise<string[]> {
  const waitUntil = Date.now() + LATE_REPLY_WAIT_MS;
  let count = seen;
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const now = late.sentTo(to).length;
    if (now > seen && now === count) return late.sentTo(to).slice(seen);
    count = now;
    if (Date.now() > waitUntil) throw new TurnError('sms: the late reply never came');
  }
}

/** A family's number: unique per run tag and family index. */
export function familyNumber(runTag: number, i: number): string {
  return `+1${String(200 + (runTag % 700)).padStart(3, '0')}${String(2_000_000 + i).slice(-7)}`;
}

export function isWebFamily(i: number, share: number): boolean {
  return Math.floor((i + 1) * share) > Math.floor(i * share);
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const http = new HttpClient(o.baseUrl, o.concurrency * 2);
  const smsUrl = `${o.publicBaseUrl}/api/sms`;
  const result: LoadResult = {
    turns: 0,
    smsTurns: 0,
    webTurns: 0,
    families: o.families,
    completed: 0,
    errors: 0,
    errorSamples: [],
    latenciesMs: [],
    firstLatenciesMs: [],
    elapsedMs: 0,
    lateTurns: 0,
  };
  const fail = (why: string) => {
    result.errors++;
    if (result.errorSamples.length < 10) result.errorSamples.push(why);
  };
  let sid = 0;
  const think = () => (o.thinkMs ? new Promise<void>((r) => setTimeout(r, o.thinkMs! * (0.5 + Math.random()))) : Promise.resolve());

  async function smsFamily(i: number, lang: Lang): Promise<void> {
    const from = familyNumber(o.runTag, i);
    const lines = REFERENCE[lang];
    let restSeen = 0;
    for (let t = 0; t < lines.length; t++) {
      if (t > 0) await think();
      const messageSid = 'SM' + o.runTag.toString(16).padStart(4, '0') + (++sid).toString(16).padStart(28, '0');
      const params = inboundSmsParams({ from, to: o.firmNumber, sid: messageSid, body: lines[t], accountSid: o.accountSid });
      const headers = {
        'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
        'user-agent': 'TwilioProxy/1.1',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(o.authToken, smsUrl, params),
      };
      const body = new URLSearchParams(params).toString();
      const started = performance.now();
      const r = await http.request('POST', '/api/sms', headers, body);
      let ms = performance.now() - started;
      if (process.env.BENCH_TRACE && ms > 2000) process.stderr.write(`slow sms turn ${t} of family ${i}: ${Math.round(ms)} ms\n`);
      if (r.status !== 200) throw new TurnError(`sms ${r.status}`);
      let texts = messagesOf(r.body);
      if (texts.length === 0) throw new TurnError('sms: empty reply');
      if (o.late && texts.length === 1 && o.late.isNotice(texts[0])) {
        result.lateTurns++;
        texts = await lateReplies(o.late, from, restSeen);
        restSeen += texts.length;
        ms = performance.now() - started;
      }
      result.latenciesMs.push(ms);
      if (t === 0) result.firstLatenciesMs.push(ms);
      result.turns++;
      result.smsTurns++;
      if (o.expectIntake && t === lines.length - 1 && !REFERENCE_CODE.test(texts.join(' '))) throw new TurnError('sms: the last reply has no reference code');
    }
  }

  async function webFamily(i: number, lang: Lang): Promise<void> {
    const user = `bench_${o.runTag}_${i}`;
    const json = { 'content-type': 'application/json' };
    const g = await http.request('POST', '/v3/directline/tokens/generate', json, JSON.stringify({ user: { id: user } }));
    if (g.status !== 200) throw new TurnError(`directline generate ${g.status}`);
    const { token, conversationId } = JSON.parse(g.body) as { token: string; conversationId: string };
    const auth = { ...json, authorization: `Bearer ${token}` };
    const s = await http.request('POST', '/v3/directline/conversations', auth, JSON.stringify({ user: { id: user }, locale: lang }));
    if (s.status !== 201) throw new TurnError(`directline start ${s.status}`);
    const path = `/v3/directline/conversations/${encodeURIComponent(conversationId)}/activities`;
    let watermark = '';
    const poll = async (): Promise<Array<{ from?: { role?: string }; text?: string; replyToId?: string }>> => {
      const r = await http.request('GET', watermark ? `${path}?watermark=${watermark}` : path, { authorization: `Bearer ${token}` });
      if (r.status !== 200) throw new TurnError(`directline poll ${r.status}`);
      const b = JSON.parse(r.body) as { activities: Array<{ from?: { role?: string }; text?: string; replyToId?: string }>; watermark: string | null };
      if (b.watermark) watermark = b.watermark;
      return b.activities;
    };
    await poll(); // the greeting
    // The web chat opens with the greeting: the first line of the SMS script ("Hello") is not
    // typed. Web chat knows no phone number: it is asked after the documents (as in test/directline.test.ts).
    const lines = REFERENCE[lang].slice(1);
    lines.splice(lines.length - 3, 0, '716 555 0199');
    for (let t = 0; t < lines.length; t++) {
      if (t > 0) await think();
      const clientActivityID = `c${t}`;
      const started = performance.now();
      const p = await http.request(
        'POST',
        path,
        auth,
        JSON.stringify({ type: 'message', text: lines[t], from: { id: user, role: 'user' }, locale: lang, channelData: { clientActivityID } }),
      );
      if (p.status !== 200) throw new TurnError(`directline post ${p.status}`);
      const { id } = JSON.parse(p.body) as { id: string };
      // The reply is stored before the post returns; a client sees it at its next poll.
      let replies: string[] = [];
      for (let k = 0; k < 50 && replies.length === 0; k++) {
        replies = (await poll()).filter((a) => a.from?.role === 'bot' && a.replyToId === id).map((a) => a.text ?? '');
      }
      const ms = performance.now() - started;
      if (replies.length === 0) throw new TurnError('directline: no reply');
      result.latenciesMs.push(ms);
      if (t === 0) result.firstLatenciesMs.push(ms);
      result.turns++;
      result.webTurns++;
      if (o.expectIntake && t === lines.length - 1 && !REFERENCE_CODE.test(replies.join(' ')))
        throw new TurnError('directline: the last reply has no reference code');
    }
  }

  let next = 0;
  let done = 0;
  async function worker(): Promise<void> {
    // At a person's pace, families do not all write in the same instant either: each worker
    // starts within the first pause.
    if (o.thinkMs) await new Promise((r) => setTimeout(r, Math.random() * o.thinkMs!));
    for (;;) {
      const i = next++;
      if (i >= o.families) return;
      const lang = LANGS[i % LANGS.length];
      try {
        await (isWebFamily(i, o.webShare) ? webFamily(i, lang) : smsFamily(i, lang));
        result.completed++;
      } catch (err) {
        fail(err instanceof TurnError ? err.message : `transport: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      o.onFamily?.(++done);
    }
  }

  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(o.concurrency, o.families) }, () => worker()));
  result.elapsedMs = performance.now() - started;
  http.close();
  return result;
}
