/**
 * A family's intake by SMS through the real webhook (signed as Twilio signs it), for the tests of
 * what comes after it: the upload link, documents. Returns the intake's id and the replies.
 */
import type { IntakeContext } from '../../dialogs/context';
import type { TestServer } from './server';
import { TEST_TWILIO } from './server';
import { inboundSmsParams, postSignedToTwilioRoute } from './twilio-params';

let seq = 0;
export const nextSmsNumber = () => `+1416556${String(1000 + ++seq).slice(-4)}`;

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
}

export function twimlMessages(twiml: string): string[] {
  return [...twiml.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) => unescapeXml(m[1]));
}

let sid = 0;
/** One SMS (or MMS, with media) from `from`; the TwiML's messages. */
export async function sendSms(
  app: TestServer,
  from: string,
  body: string,
  media: ReadonlyArray<{ url: string; type: string }> = [],
  messageSid?: string,
): Promise<{ status: number; messages: string[] }> {
  const params = inboundSmsParams({
    from,
    to: '+17165550100',
    sid: messageSid ?? `SM${String(++sid).padStart(32, '0')}`,
    body,
    accountSid: TEST_TWILIO.accountSid,
    media,
  });
  const res = await postSignedToTwilioRoute(app, '/api/sms', params, TEST_TWILIO.authToken);
  const text = await res.text();
  return { status: res.status, messages: twimlMessages(text) };
}

export async function smsContext(app: TestServer, from: string): Promise<IntakeContext> {
  const record = await app.parts.store.findConversation({ channel: from.startsWith('whatsapp:') ? 'whatsapp' : 'sms', address: from });
  if (!record) throw new Error('no conversation');
  return app.parts.engine.contextOf(record.snapshot);
}

/** Sends every line; returns the intake id and each turn's messages. */
export async function smsIntake(app: TestServer, from: string, lines: readonly string[]): Promise<{ intakeId: string; replies: string[][] }> {
  const replies: string[][] = [];
  for (const line of lines) {
    const r = await sendSms(app, from, line);
    if (r.status !== 200) throw new Error(`the webhook answered ${r.status}`);
    replies.push(r.messages);
  }
  return { intakeId: (await smsContext(app, from)).intakeId, replies };
}
